import { fromAmsterdam, isoAmsterdam, toAmsterdam } from './amsterdam-tijd';
import { type Datum, isWeekend, kortLabel, plusDagen, tijdLabel } from './datum';
import type { WerkdagKalender } from './kalender';

/** Working days end at 17:00 local time; every deadline falls at this moment. */
export const EINDE_WERKDAG = { uur: 17, minuut: 0 } as const;

export interface Termijn {
  /** Epoch ms (UTC instant). */
  deadline: number;
  /** ISO 8601 with the Amsterdam offset, e.g. '2026-04-28T17:00:00+02:00'. */
  deadlineIso: string;
  kalenderVersie: string;
  regel: { soort: 'werkdagen' | 'kalenderdagen'; aantal: number };
  /** The derivation in one line, steps joined by ' → '. */
  uitleg: string;
  stappen: string[];
}

function eindeVan(datum: Datum): number {
  return fromAmsterdam(datum, EINDE_WERKDAG.uur, EINDE_WERKDAG.minuut);
}

/**
 * Describes a run of skipped days. Named days (holidays, closing days) are listed one by one so the reader
 * sees why a weekday did not count; consecutive unnamed weekend days collapse into one 'weekend' step.
 */
function overslagStappen(kalender: WerkdagKalender, dagen: Datum[]): string[] {
  const stappen: string[] = [];
  let weekend: Datum[] = [];
  const sluitWeekend = () => {
    if (weekend.length === 0) return;
    const eerste = weekend[0] as Datum;
    const laatste = weekend[weekend.length - 1] as Datum;
    const bereik = eerste === laatste ? kortLabel(eerste) : `${kortLabel(eerste)}–${kortLabel(laatste)}`;
    stappen.push(`${bereik} weekend overgeslagen`);
    weekend = [];
  };
  for (const dag of dagen) {
    const naam = kalender.feestdag(dag);
    if (naam === undefined && isWeekend(dag)) {
      weekend.push(dag);
    } else {
      sluitWeekend();
      stappen.push(`${kortLabel(dag)} ${naam ?? 'gesloten'} overgeslagen`);
    }
  }
  sluitWeekend();
  return stappen;
}

function maakTermijn(
  kalender: WerkdagKalender,
  regel: Termijn['regel'],
  deadlineDatum: Datum,
  stappen: string[],
): Termijn {
  const deadline = eindeVan(deadlineDatum);
  return {
    deadline,
    deadlineIso: isoAmsterdam(deadline),
    kalenderVersie: kalender.versie,
    regel,
    uitleg: stappen.join(' → '),
    stappen,
  };
}

function controleerAantal(n: number, wat: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${wat} moet een geheel getal ≥ 1 zijn, kreeg ${n}`);
}

/**
 * "Binnen N werkdagen": 17:00 Europe/Amsterdam on the N-th working day after the day of receipt.
 * The day of receipt never counts, whatever the hour and whether or not it is itself a working day
 * (docs werkroute.md, "Clocks (decisions)").
 */
export function binnenWerkdagen(kalender: WerkdagKalender, vanaf: number, n: number): Termijn {
  controleerAantal(n, 'Aantal werkdagen');
  const start = toAmsterdam(vanaf);
  const stappen = [`${kortLabel(start.datum)} ${tijdLabel(start.uur, start.minuut)} ontvangen`];
  let dag = start.datum;
  let geteld = 0;
  let overgeslagen: Datum[] = [];
  while (geteld < n) {
    dag = plusDagen(dag, 1);
    if (!kalender.isWerkdag(dag)) {
      overgeslagen.push(dag);
      continue;
    }
    stappen.push(...overslagStappen(kalender, overgeslagen));
    overgeslagen = [];
    geteld++;
    if (geteld < n) stappen.push(`${kortLabel(dag)} werkdag ${geteld} van ${n}`);
  }
  stappen.push(`${kortLabel(dag)} ${tijdLabel(EINDE_WERKDAG.uur, EINDE_WERKDAG.minuut)}`);
  return maakTermijn(kalender, { soort: 'werkdagen', aantal: n }, dag, stappen);
}

/**
 * "Na N dagen" / "na 4 weken": N calendar days after the local start date. The deadline is always 17:00
 * (end of the working day) — on that day when it is a working day, otherwise on the next working day —
 * rather than the start's time of day, so that every clock ends at the same moment of a working day and a
 * start late in the evening does not produce a deadline outside working hours.
 */
export function naKalenderdagen(kalender: WerkdagKalender, vanaf: number, dagen: number): Termijn {
  controleerAantal(dagen, 'Aantal kalenderdagen');
  const start = toAmsterdam(vanaf);
  const doel = plusDagen(start.datum, dagen);
  const stappen = [
    `${kortLabel(start.datum)} ${tijdLabel(start.uur, start.minuut)} start`,
    `+${dagen} kalenderdagen: ${kortLabel(doel)}`,
  ];
  const dag = kalender.isWerkdag(doel) ? doel : kalender.volgendeWerkdag(doel);
  stappen.push(...overslagStappen(kalender, dagenVanTot(doel, dag)));
  stappen.push(`${kortLabel(dag)} ${tijdLabel(EINDE_WERKDAG.uur, EINDE_WERKDAG.minuut)}`);
  return maakTermijn(kalender, { soort: 'kalenderdagen', aantal: dagen }, dag, stappen);
}

/** Dates from `van` up to but not including `tot`. */
function dagenVanTot(van: Datum, tot: Datum): Datum[] {
  const dagen: Datum[] = [];
  for (let d = van; d < tot; d = plusDagen(d, 1)) dagen.push(d);
  return dagen;
}

/** First working day `n` working days after `datum` (the day itself not counted). */
export function werkdagenNa(kalender: WerkdagKalender, datum: Datum, n: number): Datum {
  let dag = datum;
  for (let i = 0; i < n; i++) dag = kalender.volgendeWerkdag(dag);
  return dag;
}

/**
 * Whole working days by which `tot` is past `van` (typically: the deadline and the moment the action
 * finally happened), for breach reporting. Counts the working days after van's local date whose end
 * (17:00) lies strictly before `tot` — i.e. the largest k such that a deadline k working days later would
 * still have been missed. 0 when `tot` is not later than that (including when it is before `van`).
 */
export function werkdagenTussen(kalender: WerkdagKalender, van: number, tot: number): number {
  if (!(tot > van)) return 0;
  const eind = toAmsterdam(tot).datum;
  let dag = toAmsterdam(van).datum;
  let aantal = 0;
  for (;;) {
    dag = kalender.volgendeWerkdag(dag);
    if (dag > eind || eindeVan(dag) >= tot) return aantal;
    aantal++;
  }
}
