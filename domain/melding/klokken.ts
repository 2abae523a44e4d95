// Clocks (termijnen) of the werkroute: deadline, reminder and escalation moments, all derived from the
// working-day calendar. Every moment is a pure function of the clock record, so the workflow can recompute
// its next timer from state after a restart or a reassignment without ever resetting a clock.
import {
  binnenWerkdagen,
  EINDE_WERKDAG,
  fromAmsterdam,
  isoAmsterdam,
  naKalenderdagen,
  plusDagen,
  type Termijn,
  toAmsterdam,
  werkdagenNa,
  werkdagenTussen,
  type WerkdagKalender,
} from '../werkdagen';
import type { Klok, KlokWeergave, Rol, TermijnSoort } from './types';

export interface KlokRegel {
  eigenaarRol: Rol;
  termijn: { soort: 'werkdagen' | 'kalenderdagen'; aantal: number };
}

/**
 * The clock rules, by version (docs/werkroute.md "Clocks (decisions)"). A rule is never changed in place: a
 * change is a new version, and the workflow asks a patch per version (workflows/melding.ts
 * KLOKREGEL_PATCHES), so a clock keeps the rule of the moment it was created, also on replay. Each clock
 * records its version; texts that state a term read the current one.
 */
export type KlokRegelVersie = 1;
export const KLOK_REGELSETS: Readonly<Record<KlokRegelVersie, Readonly<Record<TermijnSoort, KlokRegel>>>> = {
  1: {
    intake: { eigenaarRol: 'team', termijn: { soort: 'werkdagen', aantal: 1 } },
    regio_bevestiging: { eigenaarRol: 'regio-contact', termijn: { soort: 'werkdagen', aantal: 1 } },
    wsp_reactie: { eigenaarRol: 'wsp', termijn: { soort: 'werkdagen', aantal: 2 } },
    statusrapport: { eigenaarRol: 'regio-contact', termijn: { soort: 'kalenderdagen', aantal: 14 } },
    terugmelding: { eigenaarRol: 'regio-contact', termijn: { soort: 'kalenderdagen', aantal: 28 } },
  },
};
export const HUIDIGE_KLOKREGELS: KlokRegelVersie = 1;
/** Today's rules. */
export const KLOK_REGELS = KLOK_REGELSETS[HUIDIGE_KLOKREGELS];

/** Reminder for a one-day clock: the morning of the deadline day, so the owner still has the day. */
export const HERINNERING_OCHTEND = { uur: 9, minuut: 0 } as const;
/** Escalations repeat every working day this many times, then once a week, so a forgotten case keeps nagging without flooding history. */
export const MAX_DAGELIJKSE_ESCALATIES = 10;
export const WEKELIJKSE_ESCALATIE_WERKDAGEN = 5;

export function berekenTermijn(kalender: WerkdagKalender, soort: TermijnSoort, start: number, versie: KlokRegelVersie = HUIDIGE_KLOKREGELS): Termijn {
  const { termijn } = KLOK_REGELSETS[versie][soort];
  return termijn.soort === 'werkdagen'
    ? binnenWerkdagen(kalender, start, termijn.aantal)
    : naKalenderdagen(kalender, start, termijn.aantal);
}

function vorigeWerkdag(kalender: WerkdagKalender, datum: string): string {
  let d = datum;
  for (let i = 0; i < 366; i++) {
    d = plusDagen(d, -1);
    if (kalender.isWerkdag(d)) return d;
  }
  throw new RangeError(`Geen werkdag binnen een jaar vóór ${datum}`);
}

/**
 * Reminder moment: "within N working days" with N > 1 reminds at the end of working day N-1 (the WSP's
 * "reminder after 1"); N = 1 reminds in the morning of the deadline day; calendar-day clocks remind at the
 * end of the working day two working days before the deadline. Undefined when that moment is not after the start.
 */
export function herinneringsMoment(
  kalender: WerkdagKalender,
  soort: TermijnSoort,
  start: number,
  deadline: number,
  versie: KlokRegelVersie = HUIDIGE_KLOKREGELS,
): number | undefined {
  const { termijn } = KLOK_REGELSETS[versie][soort];
  let op: number;
  if (termijn.soort === 'werkdagen' && termijn.aantal > 1) {
    op = binnenWerkdagen(kalender, start, termijn.aantal - 1).deadline;
  } else if (termijn.soort === 'werkdagen') {
    op = fromAmsterdam(toAmsterdam(deadline).datum, HERINNERING_OCHTEND.uur, HERINNERING_OCHTEND.minuut);
  } else {
    const dag = vorigeWerkdag(kalender, vorigeWerkdag(kalender, toAmsterdam(deadline).datum));
    op = fromAmsterdam(dag, EINDE_WERKDAG.uur, EINDE_WERKDAG.minuut);
  }
  return op > start && op < deadline ? op : undefined;
}

export function nieuweKlok(
  kalender: WerkdagKalender,
  id: string,
  soort: TermijnSoort,
  start: number,
  opties: { regioCode?: string; termijn?: Termijn; verlengingReden?: string; regelVersie?: KlokRegelVersie } = {},
): Klok {
  const versie = opties.regelVersie ?? HUIDIGE_KLOKREGELS;
  const t = opties.termijn ?? berekenTermijn(kalender, soort, start, versie);
  const klok: Klok = {
    id,
    soort,
    regelVersie: versie,
    eigenaarRol: KLOK_REGELSETS[versie][soort].eigenaarRol,
    start,
    deadline: t.deadline,
    deadlineIso: t.deadlineIso,
    kalenderVersie: t.kalenderVersie,
    uitleg: t.uitleg,
    stappen: t.stappen,
    herinneringVerstuurd: false,
    escalaties: 0,
    status: 'lopend',
  };
  const herinnering = herinneringsMoment(kalender, soort, start, t.deadline, versie);
  if (herinnering !== undefined) klok.herinneringOp = herinnering;
  if (opties.regioCode !== undefined) klok.regioCode = opties.regioCode;
  if (opties.verlengingReden !== undefined) klok.verlengingReden = opties.verlengingReden;
  return klok;
}

/** A deadline chosen by the team (follow-up 'verlengen'): 17:00 on the given working day. */
export function termijnOpDatum(kalender: WerkdagKalender, start: number, datum: string, reden: string): Termijn {
  const deadline = fromAmsterdam(datum, EINDE_WERKDAG.uur, EINDE_WERKDAG.minuut);
  const stappen = [`verlengd: ${reden}`, `${datum} 17:00 (nieuwe termijn)`];
  return {
    deadline,
    deadlineIso: isoAmsterdam(deadline),
    kalenderVersie: kalender.versie,
    regel: { soort: 'kalenderdagen', aantal: Math.max(1, Math.ceil((deadline - start) / 86_400_000)) },
    uitleg: stappen.join(' → '),
    stappen,
  };
}

/** Moment of escalation number `n` (0 = at the deadline, then each working day at 17:00, later weekly). */
export function escalatieMoment(kalender: WerkdagKalender, klok: Pick<Klok, 'deadline'>, n: number): number {
  if (n === 0) return klok.deadline;
  const dagelijks = Math.min(n, MAX_DAGELIJKSE_ESCALATIES);
  const wekelijks = Math.max(0, n - MAX_DAGELIJKSE_ESCALATIES) * WEKELIJKSE_ESCALATIE_WERKDAGEN;
  const dag = werkdagenNa(kalender, toAmsterdam(klok.deadline).datum, dagelijks + wekelijks);
  return fromAmsterdam(dag, EINDE_WERKDAG.uur, EINDE_WERKDAG.minuut);
}

export type KlokMoment = { soort: 'herinnering'; op: number } | { soort: 'escalatie'; op: number; nummer: number };

export function volgendKlokMoment(kalender: WerkdagKalender, klok: Klok): KlokMoment | undefined {
  if (klok.status !== 'lopend') return undefined;
  if (!klok.herinneringVerstuurd && klok.herinneringOp !== undefined) return { soort: 'herinnering', op: klok.herinneringOp };
  return { soort: 'escalatie', op: escalatieMoment(kalender, klok, klok.escalaties), nummer: klok.escalaties };
}

/** Stops a clock because the awaited action happened; records how late it was when the deadline had passed. */
export function stopKlok(kalender: WerkdagKalender, klok: Klok, op: number): void {
  if (klok.status !== 'lopend') return;
  klok.status = 'gestopt';
  klok.gestoptOp = op;
  if (op > klok.deadline) {
    klok.overschrijding = {
      vanaf: klok.overschrijding?.vanaf ?? klok.deadline,
      teLaatMs: op - klok.deadline,
      teLaatWerkdagen: werkdagenTussen(kalender, klok.deadline, op),
    };
  }
}

/** Voids a clock whose work ended another way (withdrawal, track closed); a breach already recorded stays. */
export function laatKlokVervallen(klok: Klok, op: number): void {
  if (klok.status !== 'lopend') return;
  klok.status = 'vervallen';
  klok.gestoptOp = op;
}

export function klokWeergave(klok: Klok, nu: number): KlokWeergave {
  if (klok.status === 'vervallen') return 'gestopt';
  if (klok.status === 'gestopt') return (klok.gestoptOp ?? 0) <= klok.deadline ? 'op_tijd' : 'te_laat';
  return nu >= klok.deadline ? 'te_laat' : 'open';
}
