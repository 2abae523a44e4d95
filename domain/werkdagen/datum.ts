/** A local calendar date in Europe/Amsterdam, 'YYYY-MM-DD'. */
export type Datum = string;

const DATUM_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const WEEKDAG_AFKORTING = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'] as const;

// Day numbers (days since 1970-01-01) keep date arithmetic exact and independent of any host time zone;
// algorithm after H. Hinnant, "chrono-compatible low-level date algorithms".
export function dagnummer(jaar: number, maand: number, dag: number): number {
  const y = maand <= 2 ? jaar - 1 : jaar;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (maand + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dag - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function uitDagnummer(n: number): { jaar: number; maand: number; dag: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dag = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const maand = mp < 10 ? mp + 3 : mp - 9;
  return { jaar: yoe + era * 400 + (maand <= 2 ? 1 : 0), maand, dag };
}

function pad(n: number, len = 2): string {
  return String(n).padStart(len, '0');
}

export function maakDatum(jaar: number, maand: number, dag: number): Datum {
  return `${pad(jaar, 4)}-${pad(maand)}-${pad(dag)}`;
}

export function parseDatum(datum: Datum): { jaar: number; maand: number; dag: number } {
  const m = DATUM_RE.exec(datum);
  if (!m) throw new RangeError(`Ongeldige datum '${datum}': verwacht YYYY-MM-DD`);
  const jaar = Number(m[1]);
  const maand = Number(m[2]);
  const dag = Number(m[3]);
  // Round-tripping rejects impossible dates such as 2026-02-30 instead of silently rolling them over.
  const terug = uitDagnummer(dagnummer(jaar, maand, dag));
  if (terug.jaar !== jaar || terug.maand !== maand || terug.dag !== dag) {
    throw new RangeError(`Ongeldige datum '${datum}'`);
  }
  return { jaar, maand, dag };
}

export function datumNaarDagnummer(datum: Datum): number {
  const { jaar, maand, dag } = parseDatum(datum);
  return dagnummer(jaar, maand, dag);
}

export function dagnummerNaarDatum(n: number): Datum {
  const { jaar, maand, dag } = uitDagnummer(n);
  return maakDatum(jaar, maand, dag);
}

export function plusDagen(datum: Datum, dagen: number): Datum {
  return dagnummerNaarDatum(datumNaarDagnummer(datum) + dagen);
}

/** 0 = Sunday … 6 = Saturday, like Date#getUTCDay. */
export function weekdagVanDagnummer(n: number): number {
  // 1970-01-01 was a Thursday.
  return (((n + 4) % 7) + 7) % 7;
}

export function weekdag(datum: Datum): number {
  return weekdagVanDagnummer(datumNaarDagnummer(datum));
}

export function isWeekend(datum: Datum): boolean {
  const w = weekdag(datum);
  return w === 0 || w === 6;
}

/** 'vr 24-04' — the notation used in deadline explanations. */
export function kortLabel(datum: Datum): string {
  const { maand, dag } = parseDatum(datum);
  return `${WEEKDAG_AFKORTING[weekdag(datum)]} ${pad(dag)}-${pad(maand)}`;
}

export function tijdLabel(uur: number, minuut: number): string {
  return `${pad(uur)}:${pad(minuut)}`;
}
