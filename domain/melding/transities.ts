// Transition tables as data (from × action → to). The reducer in werkroute.ts and the validators consult
// these tables; tests/unit/melding-transities.test.ts checks them directly.
import type { MeldingFase, Rol, TrajectStap, TrajectStatus } from './types';

export type MeldingActie =
  | 'inBehandelingNemen'
  | 'intakeVastleggen'
  | 'terugmeldingOntvangen'
  | 'vervolgBesluiten'
  | 'allesAfgesloten'
  | 'intrekken'
  | 'herToewijzen'
  | 'koppelingOntvangen';

export type ActorRol = Rol | 'werkgever' | 'systeem';

export interface MeldingTransitie {
  actie: MeldingActie;
  van: readonly MeldingFase[];
  /** Possible target phases; which one follows from the decision in the input. */
  naar: readonly MeldingFase[];
  rollen: readonly ActorRol[];
}

const OPEN_FASEN: readonly MeldingFase[] = ['intake', 'beoordeling', 'trajecten', 'vervolg'];
/** The team does the case work; managers coordinate (read everything, reassign on escalation). */
const TEAM: readonly ActorRol[] = ['team'];

export const MELDING_TRANSITIES: readonly MeldingTransitie[] = [
  { actie: 'inBehandelingNemen', van: ['intake'], naar: ['beoordeling'], rollen: TEAM },
  // Recording the intake straight from 'intake' also takes the melding into treatment.
  { actie: 'intakeVastleggen', van: ['intake', 'beoordeling'], naar: ['trajecten', 'afgesloten'], rollen: TEAM },
  { actie: 'terugmeldingOntvangen', van: ['trajecten', 'vervolg'], naar: ['trajecten', 'vervolg', 'afgesloten'], rollen: ['regio-contact'] },
  { actie: 'vervolgBesluiten', van: ['vervolg'], naar: ['trajecten', 'vervolg', 'afgesloten'], rollen: TEAM },
  { actie: 'allesAfgesloten', van: ['trajecten', 'vervolg'], naar: ['afgesloten'], rollen: ['systeem'] },
  { actie: 'intrekken', van: OPEN_FASEN, naar: ['ingetrokken'], rollen: ['werkgever', 'team'] },
  { actie: 'herToewijzen', van: OPEN_FASEN, naar: OPEN_FASEN, rollen: ['team', 'manager'] },
  // A connection made by the other melding's team member is recorded in every phase, even a closed one.
  { actie: 'koppelingOntvangen', van: [...OPEN_FASEN, 'afgesloten'], naar: [...OPEN_FASEN, 'afgesloten'], rollen: ['systeem'] },
];

export type TrajectActie =
  | 'bevestigen'
  | 'doorsturenNaarWsp'
  | 'wspContactGemeld'
  | 'statusMelden'
  | 'terugmelden'
  | 'vervolgBesluiten'
  | 'intrekken';

export interface TrajectTransitie {
  actie: TrajectActie;
  van: { status: TrajectStatus; stappen: readonly TrajectStap[] };
  naar: { status: readonly TrajectStatus[]; stap: TrajectStap | 'ongewijzigd' };
  rollen: readonly ActorRol[];
}

const ALLE_STAPPEN: readonly TrajectStap[] = ['doorgezet', 'beoordeling', 'bij_wsp', 'status_gemeld', 'teruggemeld'];

export const TRAJECT_TRANSITIES: readonly TrajectTransitie[] = [
  { actie: 'bevestigen', van: { status: 'open', stappen: ['doorgezet'] }, naar: { status: ['open'], stap: 'beoordeling' }, rollen: ['regio-contact'] },
  // Forwarding without a separate acknowledgement is an acknowledgement too.
  { actie: 'doorsturenNaarWsp', van: { status: 'open', stappen: ['doorgezet', 'beoordeling'] }, naar: { status: ['open'], stap: 'bij_wsp' }, rollen: ['regio-contact'] },
  { actie: 'wspContactGemeld', van: { status: 'open', stappen: ['bij_wsp', 'status_gemeld'] }, naar: { status: ['open'], stap: 'ongewijzigd' }, rollen: ['regio-contact', 'wsp', 'werkgever'] },
  { actie: 'statusMelden', van: { status: 'open', stappen: ['beoordeling', 'bij_wsp', 'status_gemeld'] }, naar: { status: ['open'], stap: 'status_gemeld' }, rollen: ['regio-contact'] },
  { actie: 'terugmelden', van: { status: 'open', stappen: ['beoordeling', 'bij_wsp', 'status_gemeld'] }, naar: { status: ['afgesloten', 'teruggemeld'], stap: 'teruggemeld' }, rollen: ['regio-contact'] },
  { actie: 'vervolgBesluiten', van: { status: 'teruggemeld', stappen: ['teruggemeld'] }, naar: { status: ['afgesloten', 'open'], stap: 'ongewijzigd' }, rollen: TEAM },
  { actie: 'intrekken', van: { status: 'open', stappen: ALLE_STAPPEN }, naar: { status: ['ingetrokken'], stap: 'ongewijzigd' }, rollen: ['werkgever', 'team'] },
  { actie: 'intrekken', van: { status: 'teruggemeld', stappen: ALLE_STAPPEN }, naar: { status: ['ingetrokken'], stap: 'ongewijzigd' }, rollen: ['werkgever', 'team'] },
];

/**
 * The rules a melding runs under, fixed when its workflow starts (a workflow patch records it). Version 1
 * (before December 2026) let managers do every team step and beheerders withdraw and reassign. It still
 * governs meldingen started under it, so that their histories replay the way they ran.
 */
export type RegelVersie = 1 | 2;
export const HUIDIGE_REGELS: RegelVersie = 2;

const VERSIE_1_OOK: Partial<Record<ActorRol, readonly (MeldingActie | TrajectActie)[]>> = {
  manager: ['inBehandelingNemen', 'intakeVastleggen', 'vervolgBesluiten', 'intrekken', 'herToewijzen'],
  beheerder: ['intrekken', 'herToewijzen'],
};

/** Whether `rol` may do `actie`, given the roles the table lists for it, under the melding's rules. */
export function magRol(rollen: readonly ActorRol[], actie: MeldingActie | TrajectActie, rol: ActorRol, regels: RegelVersie): boolean {
  return rollen.includes(rol) || (regels === 1 && (VERSIE_1_OOK[rol] ?? []).includes(actie));
}

export function meldingTransitie(actie: MeldingActie): MeldingTransitie {
  const t = MELDING_TRANSITIES.find((x) => x.actie === actie);
  if (!t) throw new Error(`Geen transitie voor ${actie}`);
  return t;
}

export function magMelding(actie: MeldingActie, fase: MeldingFase): boolean {
  return meldingTransitie(actie).van.includes(fase);
}

export function trajectTransitie(actie: TrajectActie, status: TrajectStatus, stap: TrajectStap): TrajectTransitie | undefined {
  return TRAJECT_TRANSITIES.find((t) => t.actie === actie && t.van.status === status && t.van.stappen.includes(stap));
}
