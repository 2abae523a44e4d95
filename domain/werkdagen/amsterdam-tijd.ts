import { type Datum, dagnummer, dagnummerNaarDatum, parseDatum, uitDagnummer, weekdagVanDagnummer } from './datum';

const MINUUT = 60_000;
const UUR = 60 * MINUUT;
const DAG = 24 * UUR;

export const CET_OFFSET_MINUTEN = 60;
export const CEST_OFFSET_MINUTEN = 120;

// Workflow code runs in the Temporal sandbox, where the host's tz database is not something we want a
// deadline to depend on; the EU summer-time rule (Directive 2000/84/EC, in force in this form since 1996)
// is simple enough to implement exactly.
function laatsteZondag(jaar: number, maand: number): number {
  const laatsteDag = dagnummer(jaar, maand + 1, 1) - 1;
  return laatsteDag - weekdagVanDagnummer(laatsteDag);
}

/** Summer time starts/ends at 01:00 UTC on the last Sunday of March/October. */
export function zomertijdGrenzen(jaar: number): { begin: number; einde: number } {
  return {
    begin: laatsteZondag(jaar, 3) * DAG + UUR,
    einde: laatsteZondag(jaar, 10) * DAG + UUR,
  };
}

export function offsetMinutenOp(ms: number): number {
  const jaar = uitDagnummer(Math.floor(ms / DAG)).jaar;
  const { begin, einde } = zomertijdGrenzen(jaar);
  return ms >= begin && ms < einde ? CEST_OFFSET_MINUTEN : CET_OFFSET_MINUTEN;
}

export interface AmsterdamTijd {
  datum: Datum;
  uur: number;
  minuut: number;
  offsetMinuten: number;
}

export function toAmsterdam(ms: number): AmsterdamTijd {
  if (!Number.isFinite(ms)) throw new RangeError(`Ongeldig tijdstip: ${ms}`);
  const offsetMinuten = offsetMinutenOp(ms);
  const lokaal = ms + offsetMinuten * MINUUT;
  const dagnr = Math.floor(lokaal / DAG);
  const binnenDag = lokaal - dagnr * DAG;
  return {
    datum: dagnummerNaarDatum(dagnr),
    uur: Math.floor(binnenDag / UUR),
    minuut: Math.floor((binnenDag % UUR) / MINUUT),
    offsetMinuten,
  };
}

/**
 * Local wall time in Europe/Amsterdam → epoch ms.
 *
 * Disambiguation follows the "compatible" choice of RFC 9557/Temporal: a wall time in the spring-forward
 * gap (02:00–02:59 on the last Sunday of March) is read with the winter offset, so it lands one hour later
 * (02:30 → 03:30 CEST); a wall time in the repeated autumn hour (02:00–02:59 on the last Sunday of October)
 * takes the earlier instant (CEST). Deadlines are at 17:00, so neither case occurs in practice.
 */
export function fromAmsterdam(datum: Datum, uur: number, minuut: number): number {
  if (!Number.isInteger(uur) || uur < 0 || uur > 23 || !Number.isInteger(minuut) || minuut < 0 || minuut > 59) {
    throw new RangeError(`Ongeldige tijd ${uur}:${minuut}`);
  }
  const { jaar, maand, dag } = parseDatum(datum);
  const alsUtc = dagnummer(jaar, maand, dag) * DAG + uur * UUR + minuut * MINUUT;
  const zomer = alsUtc - CEST_OFFSET_MINUTEN * MINUUT;
  if (offsetMinutenOp(zomer) === CEST_OFFSET_MINUTEN) return zomer;
  // Either plain winter time or the spring gap: both use the winter offset.
  return alsUtc - CET_OFFSET_MINUTEN * MINUUT;
}

/** ISO 8601 with the Amsterdam offset, e.g. '2026-04-28T17:00:00+02:00'. */
export function isoAmsterdam(ms: number): string {
  const t = toAmsterdam(ms);
  const lokaal = ms + t.offsetMinuten * MINUUT;
  const seconden = Math.floor((lokaal % MINUUT + MINUUT) % MINUUT / 1000);
  const ms3 = ((lokaal % 1000) + 1000) % 1000;
  const uu = String(t.uur).padStart(2, '0');
  const mm = String(t.minuut).padStart(2, '0');
  const ss = String(seconden).padStart(2, '0');
  const frac = ms3 === 0 ? '' : `.${String(ms3).padStart(3, '0')}`;
  const off = `+${String(t.offsetMinuten / 60).padStart(2, '0')}:00`;
  return `${t.datum}T${uu}:${mm}:${ss}${frac}${off}`;
}
