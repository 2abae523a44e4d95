// State of one melding as the workflow keeps it. Everything here is plain data (JSON-serialisable) so it can
// be returned by the status query, projected into PostgreSQL and rebuilt on replay; ids only, no personal data.
import type { RegelVersie } from './transities';

export type MeldingSoort = 'vraag' | 'aanbod';
export type Rol = 'team' | 'regio-contact' | 'wsp' | 'manager' | 'beheerder';

/** Lifecycle of the melding as a whole (mirrors db/schema enums MELDING_STATUSSEN). */
export type MeldingStatus = 'ontvangen' | 'in_behandeling' | 'afgesloten' | 'ingetrokken';
/** Step of the werkroute (Bijlage 1, steps 1-6). */
export type MeldingStap = 'ontvangen' | 'intake' | 'regio' | 'status' | 'terugmelding' | 'afsluiting';

/**
 * Finer-grained phase the transition table works on. `intake`: received, waiting for a team member to take
 * it; `beoordeling`: taken into treatment, intake decision pending; `trajecten`: routed, tracks running;
 * `vervolg`: at least one track reported back not fully filled and awaits the team's follow-up decision.
 */
export type MeldingFase = 'intake' | 'beoordeling' | 'trajecten' | 'vervolg' | 'afgesloten' | 'ingetrokken';

export type TrajectStatus = 'open' | 'teruggemeld' | 'afgesloten' | 'ingetrokken';
/** doorgezet → beoordeling (acknowledged) → bij_wsp → status_gemeld → teruggemeld (mirrors TRAJECT_STAPPEN). */
export type TrajectStap = 'doorgezet' | 'beoordeling' | 'bij_wsp' | 'status_gemeld' | 'teruggemeld';

export type TermijnSoort = 'intake' | 'regio_bevestiging' | 'wsp_reactie' | 'statusrapport' | 'terugmelding';
/** Stored status (mirrors TERMIJN_STATUSSEN): running, stopped by the awaited action, void because the work ended otherwise. */
export type KlokOpslagStatus = 'lopend' | 'gestopt' | 'vervallen';
/** What the query shows: open (running, not yet due), op_tijd (stopped before the deadline), te_laat, gestopt (voided). */
export type KlokWeergave = 'open' | 'op_tijd' | 'te_laat' | 'gestopt';

export type UitkomstResultaat = 'vervuld' | 'deels_vervuld' | 'niet_vervuld';
export type Oplossing = 'collegiale_uitleen' | 'werk_naar_werk' | 'wsp_bemiddeling' | 'uitzendbureau' | 'scholing' | 'anders';
export const OPLOSSINGEN: readonly Oplossing[] = ['collegiale_uitleen', 'werk_naar_werk', 'wsp_bemiddeling', 'uitzendbureau', 'scholing', 'anders'];
export const UITKOMST_RESULTATEN: readonly UitkomstResultaat[] = ['vervuld', 'deels_vervuld', 'niet_vervuld'];

/** Who sends a step. Staff carry their id, role and regions; the employer acts through the private follow link. */
export type Actor =
  | { soort?: 'medewerker'; medewerkerId: string; rol: Rol; regioCodes: string[] }
  | { soort: 'werkgever'; werkgeverId?: string };

export interface ActorRef {
  soort: 'medewerker' | 'werkgever' | 'systeem';
  medewerkerId?: string;
  rol?: Rol;
  /** Set when a backup acts for the primary contact. */
  namensMedewerkerId?: string;
}

export interface Overschrijding {
  /** Moment the deadline passed with the clock still open. */
  vanaf: number;
  /** Set when the clock finally stopped: how late, in ms and in whole working days. */
  teLaatMs?: number;
  teLaatWerkdagen?: number;
}

export interface Klok {
  /** Stable id within the melding, e.g. 'intake', 'AM01:wsp_reactie', 'AM01:terugmelding#2'. */
  id: string;
  soort: TermijnSoort;
  /** The clock rules it was created under (klokken.ts KLOK_REGELSETS); absent in clocks of older states: 1. */
  regelVersie?: number;
  regioCode?: string;
  eigenaarRol: Rol;
  start: number;
  deadline: number;
  deadlineIso: string;
  kalenderVersie: string;
  uitleg: string;
  stappen: string[];
  herinneringOp?: number;
  herinneringVerstuurd: boolean;
  /** Number of escalations sent so far: at the deadline, then one per following working day. */
  escalaties: number;
  status: KlokOpslagStatus;
  gestoptOp?: number;
  overschrijding?: Overschrijding;
  /** Extension reason when this clock replaced an earlier one (follow-up decision 'verlengen'). */
  verlengingReden?: string;
}

export interface RegioContacten {
  primairId: string | null;
  achtervangId: string | null;
}

export interface Traject {
  regioCode: string;
  status: TrajectStatus;
  stap: TrajectStap;
  toelichting?: string;
  contacten: RegioContacten;
  /** Who holds the track now; changes on backup takeover or reassignment, never resets a clock. */
  toegewezenAan: string | null;
  achtervangActief: boolean;
  doorgezetOp: number;
  wspId?: string;
  cc?: CcOntvanger[];
  uitkomst?: Uitkomst;
  /** Set while the team must decide what follows a not fully successful terugmelding. */
  vervolgNodig: boolean;
}

export type CcOntvanger = 'wsp_managers' | 'vno_ncw_mkb' | 'pow_regisseur';
export const CC_ONTVANGERS: readonly CcOntvanger[] = ['wsp_managers', 'vno_ncw_mkb', 'pow_regisseur'];

export interface Uitkomst {
  resultaat: UitkomstResultaat;
  aantalGeplaatst: number;
  oplossing: Oplossing;
  toelichting?: string;
}

export interface TijdlijnItem {
  op: number;
  actie: string;
  door: ActorRef;
  regioCode?: string;
  /** Short non-personal detail (reason codes, region codes, numbers); free text stays in PostgreSQL. */
  detail?: string;
}

/** A task the workflow opened in the `taken` table and has not closed yet. */
export interface OpenTaak {
  sleutel: string;
  soort: 'intake' | 'bevestigen' | 'statusrapport' | 'terugmelding' | 'vervolg';
  rol: Rol;
  regioCode?: string;
  toegewezenAan: string | null;
  deadline?: number;
}

export interface MeldingState {
  meldingId: string;
  soort: MeldingSoort;
  ontvangenOp: number;
  status: MeldingStatus;
  fase: MeldingFase;
  /** Team member holding the melding (intake and follow-up); null = team pool. */
  toegewezenAan: string | null;
  klokken: Klok[];
  trajecten: Traject[];
  koppelingen: string[];
  openTaken: OpenTaak[];
  tijdlijn: TijdlijnItem[];
  afsluitReden?: string;
  /** Incremented on every change; the projection ignores writes older than what it has. */
  versie: number;
  /** The rules version the melding started under (transities.ts). */
  regels: RegelVersie;
  /** Changes whose effects could not be stored (a permanent error); absent in states of older code. */
  incidenten?: Incident[];
}

/**
 * A change of the melding that the workflow made but PostgreSQL refused for good (bad data, a violated
 * constraint): its mails, tasks and audit rows wait until a beheerder has it processed again. Ids and the
 * database's error code only; the error text names tables and constraints, never values.
 */
export interface Incident {
  id: string;
  /** State version of the failed change; its effects' keys carry it, so a retry writes nothing twice. */
  versie: number;
  op: number;
  /** What changed, for people: the step's name, 'klokken', 'koppeling' or 'start'. */
  wat: string;
  code: string;
  fout: string;
  status: 'open' | 'opgelost';
  pogingen: number;
  opgelostOp?: number;
}
