// Inputs of the steps of the werkroute. The workflow's updates carry exactly these; the API builds them from
// its zod-validated requests. Free-text fields are short working notes and must not hold contact details
// (names, e-mail addresses, phone numbers stay in PostgreSQL, see docs/conventions.md "Personal data").
import type { Actor, CcOntvanger, Uitkomst } from './types';

export interface RegioRoute {
  regioCode: string;
  /** Extra information from the intake conversation for this regio. */
  toelichting?: string;
}

export interface InBehandelingNemenInput {
  actor: Actor;
}

export interface IntakeBesluit {
  routeer?: RegioRoute[];
  /** Connect this melding with one of the other side (vraag ↔ aanbod). */
  koppel?: { meldingId: string };
  sluit?: { reden: string };
}

export interface IntakeVastleggenInput {
  actor: Actor;
  notities?: string;
  vraagAchterDeVraag?: string;
  besluit: IntakeBesluit;
}

export interface RegioBevestigenInput {
  actor: Actor;
  regioCode: string;
}

export interface DoorsturenNaarWspInput {
  actor: Actor;
  regioCode: string;
  wspId?: string;
  cc?: CcOntvanger[];
  toelichting?: string;
}

export interface WspContactGemeldInput {
  actor: Actor;
  regioCode: string;
  toelichting?: string;
}

export interface StatusMeldenInput {
  actor: Actor;
  regioCode: string;
  stand: string;
}

export interface TerugmeldenInput {
  actor: Actor;
  regioCode: string;
  uitkomst: Uitkomst;
}

export type VervolgBesluit =
  | { soort: 'andere_regios'; regios: RegioRoute[] }
  | { soort: 'koppelen'; meldingId: string }
  | { soort: 'verlengen'; reden: string; nieuweDeadlineDatum: string }
  | { soort: 'stoppen'; reden: string };

export interface VervolgBesluitenInput {
  actor: Actor;
  /** The track whose terugmelding this decision follows. */
  regioCode: string;
  besluit: VervolgBesluit;
}

export interface IntrekkenInput {
  actor: Actor;
  reden?: string;
}

export interface HerToewijzenInput {
  actor: Actor;
  /** Track to reassign; absent = the melding itself (team member). */
  regioCode?: string;
  naarMedewerkerId: string;
  reden?: string;
}

/** Sent by the workflow of the other melding when the team connects the two. */
export interface KoppelingInput {
  meldingId: string;
  doorMedewerkerId?: string;
}

/** A beheerder has a failed change (an incident) processed again, after its cause was fixed. */
export interface IncidentOpnieuwInput {
  actor: Actor;
  incidentId: string;
}
