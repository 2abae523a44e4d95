// Message API of meldingWorkflow: the API imports this module (never melding.ts) to start the workflow,
// send steps and read the live state. Wire names = const name without suffix; never rename a shipped one.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  DoorsturenNaarWspInput,
  HerToewijzenInput,
  IncidentOpnieuwInput,
  InBehandelingNemenInput,
  IntakeVastleggenInput,
  IntrekkenInput,
  KoppelingInput,
  MeldingSoort,
  MeldingStatus,
  MeldingStatusView,
  RegioBevestigenInput,
  StatusMeldenInput,
  TerugmeldenInput,
  VervolgBesluitenInput,
  WeigeringCode,
  WspContactGemeldInput,
} from '../domain/melding';
import type { Sluitingsdag } from '../domain/werkdagen';

export type {
  Actor,
  DoorsturenNaarWspInput,
  HerToewijzenInput,
  IncidentOpnieuwInput,
  InBehandelingNemenInput,
  IntakeVastleggenInput,
  IntrekkenInput,
  KlokView,
  KoppelingInput,
  MeldingStatusView,
  RegioBevestigenInput,
  StatusMeldenInput,
  TerugmeldenInput,
  VervolgBesluit,
  VervolgBesluitenInput,
  WeigeringCode,
  WspContactGemeldInput,
} from '../domain/melding';

export const MELDING_TASK_QUEUE = 'werkroute';
/** Workflow type name, for `client.workflow.start(MELDING_WORKFLOW_TYPE, …)` without importing the implementation. */
export const MELDING_WORKFLOW_TYPE = 'meldingWorkflow';

/** Business key → workflow id, so a melding can never be started twice. */
export function meldingWorkflowId(meldingId: string): string {
  return `melding-${meldingId}`;
}

export interface MeldingWorkflowInput {
  meldingId: string;
  soort: MeldingSoort;
  /** Moment of receipt (epoch ms); the intake clock runs from here. Defaults to the workflow start. */
  ontvangenOp?: number;
  /** Organisation-specific closing days; recorded in every deadline's calendar version. */
  kalender?: { extraSluitingsdagen?: Sluitingsdag[]; lustrumBevrijdingsdag?: boolean };
}

export interface MeldingWorkflowResultaat {
  meldingId: string;
  status: MeldingStatus;
  afsluitReden: string | null;
  versie: number;
}

/**
 * Every update is validated before it reaches history. A refused step fails with an ApplicationFailure
 * whose `type` is one of these codes and whose message is the reason in Dutch; suggested HTTP mapping:
 * VERKEERDE_STAP 409, VERKEERDE_PERSOON 403, VERKEERDE_REGIO 403, ONGELDIGE_INVOER 422, NOG_NIET_GESTART 503.
 * ONGELDIGE_HANDTEKENING: the step was not signed by the API (security/stap-handtekening.ts), or the worker
 * could not check it; from the API's own client that means misconfiguration (503).
 */
export type UpdateWeigeringType = WeigeringCode | 'NOG_NIET_GESTART' | 'ONGELDIGE_HANDTEKENING';

/**
 * What a step answers. Meldingen started before one-transaction-per-step answer with the whole status view;
 * later ones only confirm: the view is in the read model `melding_live`, written in the step's own
 * transaction before this answer (api/leesmodel.ts reads it).
 */
export interface StapBevestiging {
  bevestiging: true;
  versie: number;
  /** Set when the step is recorded but PostgreSQL refused its effects: an incident, see the view. */
  incident?: string;
}
export type StapAntwoord = MeldingStatusView | StapBevestiging;

export function isBevestiging(a: StapAntwoord): a is StapBevestiging {
  return (a as Partial<StapBevestiging>).bevestiging === true;
}

export const inBehandelingNemenUpdate = defineUpdate<StapAntwoord, [InBehandelingNemenInput]>('inBehandelingNemen');
export const intakeVastleggenUpdate = defineUpdate<StapAntwoord, [IntakeVastleggenInput]>('intakeVastleggen');
export const regioBevestigenUpdate = defineUpdate<StapAntwoord, [RegioBevestigenInput]>('regioBevestigen');
export const doorsturenNaarWspUpdate = defineUpdate<StapAntwoord, [DoorsturenNaarWspInput]>('doorsturenNaarWsp');
export const wspContactGemeldUpdate = defineUpdate<StapAntwoord, [WspContactGemeldInput]>('wspContactGemeld');
export const statusMeldenUpdate = defineUpdate<StapAntwoord, [StatusMeldenInput]>('statusMelden');
export const terugmeldenUpdate = defineUpdate<StapAntwoord, [TerugmeldenInput]>('terugmelden');
export const vervolgBesluitenUpdate = defineUpdate<StapAntwoord, [VervolgBesluitenInput]>('vervolgBesluiten');
export const intrekkenUpdate = defineUpdate<StapAntwoord, [IntrekkenInput]>('intrekken');
export const herToewijzenUpdate = defineUpdate<StapAntwoord, [HerToewijzenInput]>('herToewijzen');
/** Beheerder only: process a failed change again once its cause is fixed (meldingen of one-transaction-per-step). */
export const incidentOpnieuwUpdate = defineUpdate<StapAntwoord, [IncidentOpnieuwInput]>('incidentOpnieuw');

/** Sent workflow-to-workflow when the team connects a vraag with an aanbod. */
export const koppelingSignal = defineSignal<[KoppelingInput]>('koppeling');

/** Live state; null only in the first moments while the intake assignee is looked up. */
export const meldingStatusQuery = defineQuery<MeldingStatusView | null>('meldingStatus');
