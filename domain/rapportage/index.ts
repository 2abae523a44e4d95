// Pure figures for reports and the weekly mail: working days between two moments, weeks, percentiles.
// No I/O, so the weekly-report workflow may import it too.
import { fromAmsterdam, parseDatum, plusDagen, standaardKalender, toAmsterdam, weekdag, type Datum, type WerkdagKalender } from '../werkdagen';

/**
 * Working days from `van` to `tot`, counted as "binnen N werkdagen" counts: the day of `van` never counts,
 * every working day after it up to and including the day of `tot` does. Same day: 0; next working day: 1.
 */
export function werkdagenDuur(van: number, tot: number, kalender: WerkdagKalender = standaardKalender): number {
  if (!(tot > van)) return 0;
  const eind = toAmsterdam(tot).datum;
  let dag = toAmsterdam(van).datum;
  let n = 0;
  // Bounded: a case is closed within months, never decades.
  for (let i = 0; i < 3_700; i++) {
    dag = kalender.volgendeWerkdag(dag);
    if (dag > eind) return n;
    n++;
  }
  return n;
}

/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
export function percentiel(waarden: readonly number[], p: number): number | null {
  if (waarden.length === 0) return null;
  const s = [...waarden].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Monday of the (ISO) week that holds this Amsterdam date. */
export function maandagVan(datum: Datum): Datum {
  return plusDagen(datum, -((weekdag(datum) + 6) % 7));
}

/** ISO 8601 week key, '2026-W49': the week's Thursday decides the year. */
export function weekSleutel(datum: Datum): string {
  const donderdag = plusDagen(maandagVan(datum), 3);
  const { jaar } = parseDatum(donderdag);
  const eersteDonderdag = plusDagen(maandagVan(`${jaar}-01-04`), 3);
  const week = 1 + Math.round((Date.parse(`${donderdag}T00:00:00Z`) - Date.parse(`${eersteDonderdag}T00:00:00Z`)) / (7 * 86_400_000));
  return `${jaar}-W${String(week).padStart(2, '0')}`;
}

/** The next Monday 08:00 Europe/Amsterdam strictly after `nu` (epoch ms). */
export function volgendeMaandagOchtend(nu: number): number {
  const vandaag = toAmsterdam(nu).datum;
  let maandag = maandagVan(vandaag);
  for (;;) {
    const t = fromAmsterdam(maandag, 8, 0);
    if (t > nu) return t;
    maandag = plusDagen(maandag, 7);
  }
}

/** Rounded to one decimal, for figures people read. */
export const eenDecimaal = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
