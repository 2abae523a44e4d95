// The werkroute as a reducer: each step changes the melding state in place and returns the side effects
// (notifications, tasks, audit, outcomes, connections) the workflow must run through activities. Keeping this
// pure lets the unit tests walk every path without Temporal, and keeps the workflow a thin, deterministic shell.
import type { WerkdagKalender } from '../werkdagen';
import { HUIDIGE_REGELS, type RegelVersie } from './transities';
import {
  escalatieMoment,
  klokWeergave,
  laatKlokVervallen,
  nieuweKlok,
  stopKlok,
  termijnOpDatum,
  volgendKlokMoment,
  type KlokRegelVersie,
} from './klokken';
import type {
  DoorsturenNaarWspInput,
  HerToewijzenInput,
  IncidentOpnieuwInput,
  InBehandelingNemenInput,
  IntakeVastleggenInput,
  IntrekkenInput,
  KoppelingInput,
  RegioBevestigenInput,
  RegioRoute,
  StatusMeldenInput,
  TerugmeldenInput,
  VervolgBesluitenInput,
  WspContactGemeldInput,
} from './stappen';
import type {
  Actor,
  ActorRef,
  CcOntvanger,
  Incident,
  Klok,
  KlokWeergave,
  MeldingSoort,
  MeldingStap,
  MeldingState,
  OpenTaak,
  RegioContacten,
  Rol,
  TermijnSoort,
  Traject,
  Uitkomst,
} from './types';

export type Ontvanger =
  | { soort: 'medewerker'; medewerkerId: string }
  /** Everyone with the role: 'team' is the team pool, 'manager' the team coordinators. */
  | { soort: 'rol'; rol: 'team' | 'manager' }
  | { soort: 'werkgever' }
  | { soort: 'wsp'; regioCode: string; wspId?: string }
  | { soort: 'cc'; regioCode: string; wie: CcOntvanger };

export type Sjabloon =
  | 'nieuwe_melding'
  | 'ontvangstbevestiging'
  | 'herinnering'
  | 'escalatie'
  | 'achtervang_neemt_over'
  | 'nieuw_traject'
  | 'doorgestuurd_wsp'
  | 'wsp_cc'
  | 'status_gemeld'
  | 'terugmelding_ontvangen'
  | 'vervolg_nodig'
  | 'vervolg_andere_regios'
  | 'gekoppeld'
  | 'verlengd'
  | 'bemiddeling_gestopt'
  | 'afgesloten'
  | 'ingetrokken'
  | 'toegewezen'
  | 'incident';

export type Gegevens = Record<string, string | number | boolean | null>;

export type Effect =
  | { soort: 'notificeer'; sleutel: string; sjabloon: Sjabloon; ontvangers: Ontvanger[]; regioCode?: string; gegevens: Gegevens }
  | { soort: 'taak'; sleutel: string; taakSoort: OpenTaak['soort']; rol: Rol; toegewezenAan: string | null; regioCode?: string; deadline?: number }
  | { soort: 'taak_sluiten'; sleutel: string; status: 'gedaan' | 'vervallen' }
  | { soort: 'audit'; sleutel: string; actie: string; door: ActorRef; regioCode?: string; details: Gegevens }
  | { soort: 'uitkomst'; sleutel: string; regioCode: string; ronde: number; uitkomst: Uitkomst; doorgezetOp: number; teruggemeldOp: number; doorMedewerkerId?: string }
  | { soort: 'koppel'; sleutel: string; andereMeldingId: string; doorMedewerkerId?: string };

export interface Ctx {
  nu: number;
  kalender: WerkdagKalender;
  /** The clock rules for clocks created now (the workflow's patch markers say which); default today's. */
  klokRegels?: KlokRegelVersie;
}

const SYSTEEM: ActorRef = { soort: 'systeem' };
const COORDINATOR: Ontvanger = { soort: 'rol', rol: 'manager' };

/** Collects the effects of one state change; every idempotency key includes the new state version. */
class Wijziging {
  readonly effecten: Effect[] = [];
  private teller = 0;
  constructor(
    readonly state: MeldingState,
    readonly ctx: Ctx,
  ) {
    state.versie += 1;
  }
  sleutel(deel: string): string {
    this.teller += 1;
    return `${this.state.meldingId}:v${this.state.versie}:${this.teller}:${deel}`;
  }
  tijdlijn(actie: string, door: ActorRef, regioCode?: string, detail?: string): void {
    const item: MeldingState['tijdlijn'][number] = { op: this.ctx.nu, actie, door };
    if (regioCode !== undefined) item.regioCode = regioCode;
    if (detail !== undefined) item.detail = detail;
    this.state.tijdlijn.push(item);
  }
  audit(actie: string, door: ActorRef, details: Gegevens = {}, regioCode?: string): void {
    const e: Effect = { soort: 'audit', sleutel: this.sleutel(`audit:${actie}`), actie, door, details };
    if (regioCode !== undefined) e.regioCode = regioCode;
    this.effecten.push(e);
  }
  /** Timeline entry plus audit record: every step is both visible live and kept in PostgreSQL. */
  stap(actie: string, door: ActorRef, opties: { regioCode?: string; detail?: string; details?: Gegevens } = {}): void {
    this.tijdlijn(actie, door, opties.regioCode, opties.detail);
    this.audit(actie, door, opties.details ?? (opties.detail !== undefined ? { detail: opties.detail } : {}), opties.regioCode);
  }
  notificeer(sjabloon: Sjabloon, ontvangers: Ontvanger[], gegevens: Gegevens = {}, regioCode?: string): void {
    if (ontvangers.length === 0) return;
    const e: Effect = { soort: 'notificeer', sleutel: this.sleutel(`mail:${sjabloon}`), sjabloon, ontvangers, gegevens: { meldingId: this.state.meldingId, ...gegevens } };
    if (regioCode !== undefined) e.regioCode = regioCode;
    this.effecten.push(e);
  }
  openTaak(taak: OpenTaak): void {
    const bestaand = this.state.openTaken.findIndex((t) => t.sleutel === taak.sleutel);
    if (bestaand >= 0) this.state.openTaken.splice(bestaand, 1);
    this.state.openTaken.push(taak);
    const e: Effect = { soort: 'taak', sleutel: taak.sleutel, taakSoort: taak.soort, rol: taak.rol, toegewezenAan: taak.toegewezenAan };
    if (taak.regioCode !== undefined) e.regioCode = taak.regioCode;
    if (taak.deadline !== undefined) e.deadline = taak.deadline;
    this.effecten.push(e);
  }
  sluitTaken(filter: (t: OpenTaak) => boolean, status: 'gedaan' | 'vervallen'): void {
    const dicht = this.state.openTaken.filter(filter);
    this.state.openTaken = this.state.openTaken.filter((t) => !filter(t));
    for (const t of dicht) this.effecten.push({ soort: 'taak_sluiten', sleutel: t.sleutel, status });
  }
  herwijsTaken(filter: (t: OpenTaak) => boolean, naar: string | null): void {
    for (const t of this.state.openTaken.filter(filter)) {
      t.toegewezenAan = naar;
      const e: Effect = { soort: 'taak', sleutel: t.sleutel, taakSoort: t.soort, rol: t.rol, toegewezenAan: naar };
      if (t.regioCode !== undefined) e.regioCode = t.regioCode;
      if (t.deadline !== undefined) e.deadline = t.deadline;
      this.effecten.push(e);
    }
  }
}

export function taakSleutel(meldingId: string, soort: OpenTaak['soort'], regioCode?: string, volgnummer = 1): string {
  const basis = regioCode === undefined ? `${meldingId}:taak:${soort}` : `${meldingId}:taak:${regioCode}:${soort}`;
  return volgnummer > 1 ? `${basis}#${volgnummer}` : basis;
}

export function actorRef(actor: Actor, traject?: Traject): ActorRef {
  if (actor.soort === 'werkgever') return { soort: 'werkgever' };
  const ref: ActorRef = { soort: 'medewerker', medewerkerId: actor.medewerkerId, rol: actor.rol };
  const primair = traject?.contacten.primairId;
  if (traject && primair && actor.medewerkerId === traject.contacten.achtervangId && actor.medewerkerId !== primair) {
    ref.namensMedewerkerId = primair;
  }
  return ref;
}

function teamOntvanger(state: MeldingState): Ontvanger {
  return state.toegewezenAan ? { soort: 'medewerker', medewerkerId: state.toegewezenAan } : { soort: 'rol', rol: 'team' };
}

function trajectOntvangers(t: Traject): Ontvanger[] {
  return t.toegewezenAan ? [{ soort: 'medewerker', medewerkerId: t.toegewezenAan }] : [COORDINATOR];
}

function klokVan(state: MeldingState, soort: TermijnSoort, regioCode?: string): Klok | undefined {
  // The last one: an extension adds a new terugmelding clock next to the stopped one.
  return [...state.klokken].reverse().find((k) => k.soort === soort && k.regioCode === regioCode);
}

function traject(state: MeldingState, regioCode: string): Traject {
  const t = state.trajecten.find((x) => x.regioCode === regioCode);
  if (!t) throw new Error(`Geen traject ${regioCode} in melding ${state.meldingId}`);
  return t;
}

// ---------------------------------------------------------------------------------------------------------
// Start

export interface NieuweMeldingInput {
  meldingId: string;
  soort: MeldingSoort;
  ontvangenOp: number;
  intakeMedewerkerId: string | null;
  /** Default: today's rules. The workflow passes what its patch marker says. */
  regels?: RegelVersie;
}

export function nieuweMelding(input: NieuweMeldingInput, ctx: Ctx): { state: MeldingState; effecten: Effect[] } {
  const state: MeldingState = {
    meldingId: input.meldingId,
    soort: input.soort,
    ontvangenOp: input.ontvangenOp,
    status: 'ontvangen',
    fase: 'intake',
    toegewezenAan: input.intakeMedewerkerId,
    klokken: [],
    trajecten: [],
    koppelingen: [],
    openTaken: [],
    tijdlijn: [],
    versie: 0,
    regels: input.regels ?? HUIDIGE_REGELS,
  };
  const w = new Wijziging(state, ctx);
  const klok = nieuweKlok(ctx.kalender, 'intake', 'intake', input.ontvangenOp, { regelVersie: ctx.klokRegels });
  state.klokken.push(klok);
  w.stap('ontvangen', { soort: 'werkgever' }, { details: { soort: input.soort } });
  w.stap('toegewezen', SYSTEEM, {
    detail: input.intakeMedewerkerId ? `rooster: ${input.intakeMedewerkerId}` : 'teampool (niemand ingeroosterd)',
    details: { naarMedewerkerId: input.intakeMedewerkerId, bron: 'rooster' },
  });
  w.openTaak({ sleutel: taakSleutel(state.meldingId, 'intake'), soort: 'intake', rol: 'team', toegewezenAan: input.intakeMedewerkerId, deadline: klok.deadline });
  w.notificeer('nieuwe_melding', [teamOntvanger(state)], { soort: input.soort, deadline: klok.deadlineIso });
  w.notificeer('ontvangstbevestiging', [{ soort: 'werkgever' }], { soort: input.soort, deadline: klok.deadlineIso });
  return { state, effecten: w.effecten };
}

// ---------------------------------------------------------------------------------------------------------
// Intake

function neemInBehandeling(w: Wijziging, actor: Actor): void {
  const { state, ctx } = w;
  state.fase = 'beoordeling';
  state.status = 'in_behandeling';
  if (actor.soort !== 'werkgever') state.toegewezenAan = actor.medewerkerId;
  const klok = klokVan(state, 'intake');
  if (klok) stopKlok(ctx.kalender, klok, ctx.nu);
  w.sluitTaken((t) => t.soort === 'intake', 'gedaan');
  w.stap('in_behandeling_genomen', actorRef(actor), {
    details: { teLaatMs: klok?.overschrijding?.teLaatMs ?? null },
  });
}

export function inBehandelingNemen(state: MeldingState, input: InBehandelingNemenInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  neemInBehandeling(w, input.actor);
  return w.effecten;
}

export function intakeVastleggen(
  state: MeldingState,
  input: IntakeVastleggenInput,
  contacten: Record<string, RegioContacten>,
  ctx: Ctx,
): Effect[] {
  const w = new Wijziging(state, ctx);
  if (state.fase === 'intake') neemInBehandeling(w, input.actor);
  const door = actorRef(input.actor);
  const b = input.besluit;
  w.tijdlijn('intake_vastgelegd', door, undefined, [
    b.routeer ? `routeer ${b.routeer.map((r) => r.regioCode).join(',')}` : undefined,
    b.koppel ? `koppel ${b.koppel.meldingId}` : undefined,
    b.sluit ? 'sluit' : undefined,
  ].filter(Boolean).join('; '));
  w.audit('intake_vastgelegd', door, {
    notities: input.notities ?? null,
    vraagAchterDeVraag: input.vraagAchterDeVraag ?? null,
    routeer: b.routeer ? b.routeer.map((r) => r.regioCode).join(',') : null,
    koppel: b.koppel?.meldingId ?? null,
    sluitReden: b.sluit?.reden ?? null,
  });
  if (b.sluit) {
    sluitMelding(w, b.sluit.reden, door);
    return w.effecten;
  }
  if (b.koppel) koppel(w, b.koppel.meldingId, input.actor);
  for (const route of b.routeer ?? []) openTraject(w, route, contacten[route.regioCode] ?? { primairId: null, achtervangId: null }, door);
  if (state.trajecten.length > 0) {
    state.fase = 'trajecten';
  } else {
    // Connected only: the two employers arrange lending or job-to-job between themselves.
    sluitMelding(w, 'gekoppeld', door);
  }
  return w.effecten;
}

function koppel(w: Wijziging, andereMeldingId: string, actor: Actor): void {
  const door = actorRef(actor);
  w.state.koppelingen.push(andereMeldingId);
  w.stap('gekoppeld', door, { detail: andereMeldingId, details: { andereMeldingId } });
  const e: Effect = { soort: 'koppel', sleutel: w.sleutel('koppel'), andereMeldingId };
  if (actor.soort !== 'werkgever') e.doorMedewerkerId = actor.medewerkerId;
  w.effecten.push(e);
  w.notificeer('gekoppeld', [{ soort: 'werkgever' }], { andereMeldingId });
}

function openTraject(w: Wijziging, route: RegioRoute, contacten: RegioContacten, door: ActorRef): void {
  const { state, ctx } = w;
  const houder = contacten.primairId ?? contacten.achtervangId;
  const t: Traject = {
    regioCode: route.regioCode,
    status: 'open',
    stap: 'doorgezet',
    contacten,
    toegewezenAan: houder,
    achtervangActief: contacten.primairId === null && contacten.achtervangId !== null,
    doorgezetOp: ctx.nu,
    vervolgNodig: false,
  };
  if (route.toelichting !== undefined) t.toelichting = route.toelichting;
  state.trajecten.push(t);
  const regio = route.regioCode;
  const bevestiging = nieuweKlok(ctx.kalender, `${regio}:regio_bevestiging`, 'regio_bevestiging', ctx.nu, { regioCode: regio, regelVersie: ctx.klokRegels });
  const status = nieuweKlok(ctx.kalender, `${regio}:statusrapport`, 'statusrapport', ctx.nu, { regioCode: regio, regelVersie: ctx.klokRegels });
  const terug = nieuweKlok(ctx.kalender, `${regio}:terugmelding`, 'terugmelding', ctx.nu, { regioCode: regio, regelVersie: ctx.klokRegels });
  state.klokken.push(bevestiging, status, terug);
  w.stap('gerouteerd', door, { regioCode: regio, detail: houder ? `naar ${houder}` : 'geen contactpersoon bekend', details: { toelichting: route.toelichting ?? null, naarMedewerkerId: houder } });
  w.openTaak({ sleutel: taakSleutel(state.meldingId, 'bevestigen', regio), soort: 'bevestigen', rol: 'regio-contact', regioCode: regio, toegewezenAan: houder, deadline: bevestiging.deadline });
  w.openTaak({ sleutel: taakSleutel(state.meldingId, 'statusrapport', regio), soort: 'statusrapport', rol: 'regio-contact', regioCode: regio, toegewezenAan: houder, deadline: status.deadline });
  w.openTaak({ sleutel: taakSleutel(state.meldingId, 'terugmelding', regio), soort: 'terugmelding', rol: 'regio-contact', regioCode: regio, toegewezenAan: houder, deadline: terug.deadline });
  const ontvangers: Ontvanger[] = houder ? [{ soort: 'medewerker', medewerkerId: houder }] : [COORDINATOR];
  w.notificeer('nieuw_traject', ontvangers, { deadline: bevestiging.deadlineIso }, regio);
}

// ---------------------------------------------------------------------------------------------------------
// Per regio

/** A contact acting moves the track to them: a backup who acknowledges holds the track from then on. */
function neemTrajectOver(w: Wijziging, t: Traject, actor: Actor): void {
  if (actor.soort === 'werkgever' || actor.rol !== 'regio-contact' || t.toegewezenAan === actor.medewerkerId) return;
  t.toegewezenAan = actor.medewerkerId;
  t.achtervangActief = actor.medewerkerId === t.contacten.achtervangId && actor.medewerkerId !== t.contacten.primairId;
  w.herwijsTaken((x) => x.regioCode === t.regioCode, actor.medewerkerId);
}

function bevestig(w: Wijziging, t: Traject, actor: Actor): void {
  const klok = klokVan(w.state, 'regio_bevestiging', t.regioCode);
  if (klok) stopKlok(w.ctx.kalender, klok, w.ctx.nu);
  t.stap = 'beoordeling';
  neemTrajectOver(w, t, actor);
  w.sluitTaken((x) => x.regioCode === t.regioCode && x.soort === 'bevestigen', 'gedaan');
  w.stap('regio_bevestigd', actorRef(actor, t), { regioCode: t.regioCode, details: { teLaatMs: klok?.overschrijding?.teLaatMs ?? null } });
}

export function regioBevestigen(state: MeldingState, input: RegioBevestigenInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  bevestig(w, traject(state, input.regioCode), input.actor);
  return w.effecten;
}

export function doorsturenNaarWsp(state: MeldingState, input: DoorsturenNaarWspInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const t = traject(state, input.regioCode);
  if (t.stap === 'doorgezet') bevestig(w, t, input.actor);
  t.stap = 'bij_wsp';
  if (input.wspId !== undefined) t.wspId = input.wspId;
  t.cc = [...(input.cc ?? [])];
  const klok = nieuweKlok(ctx.kalender, `${t.regioCode}:wsp_reactie`, 'wsp_reactie', ctx.nu, { regioCode: t.regioCode, regelVersie: ctx.klokRegels });
  state.klokken.push(klok);
  w.stap('doorgestuurd_naar_wsp', actorRef(input.actor, t), {
    regioCode: t.regioCode,
    detail: t.cc.length > 0 ? `cc ${t.cc.join(',')}` : undefined,
    details: { wspId: input.wspId ?? null, cc: t.cc.join(','), toelichting: input.toelichting ?? null },
  });
  const wsp: Ontvanger = input.wspId !== undefined ? { soort: 'wsp', regioCode: t.regioCode, wspId: input.wspId } : { soort: 'wsp', regioCode: t.regioCode };
  w.notificeer('doorgestuurd_wsp', [wsp], { deadline: klok.deadlineIso }, t.regioCode);
  if (t.cc.length > 0) w.notificeer('wsp_cc', t.cc.map((wie) => ({ soort: 'cc', regioCode: t.regioCode, wie }) as Ontvanger), {}, t.regioCode);
  return w.effecten;
}

export function wspContactGemeld(state: MeldingState, input: WspContactGemeldInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const t = traject(state, input.regioCode);
  const klok = klokVan(state, 'wsp_reactie', t.regioCode);
  if (klok) stopKlok(ctx.kalender, klok, ctx.nu);
  w.stap('wsp_contact_gemeld', actorRef(input.actor, t), { regioCode: t.regioCode, details: { toelichting: input.toelichting ?? null, teLaatMs: klok?.overschrijding?.teLaatMs ?? null } });
  return w.effecten;
}

export function statusMelden(state: MeldingState, input: StatusMeldenInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const t = traject(state, input.regioCode);
  const klok = klokVan(state, 'statusrapport', t.regioCode);
  if (klok) stopKlok(ctx.kalender, klok, ctx.nu);
  t.stap = 'status_gemeld';
  neemTrajectOver(w, t, input.actor);
  w.sluitTaken((x) => x.regioCode === t.regioCode && x.soort === 'statusrapport', 'gedaan');
  w.stap('status_gemeld', actorRef(input.actor, t), { regioCode: t.regioCode, details: { stand: input.stand } });
  w.notificeer('status_gemeld', [{ soort: 'werkgever' }, teamOntvanger(state)], {}, t.regioCode);
  return w.effecten;
}

export function terugmelden(state: MeldingState, input: TerugmeldenInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const t = traject(state, input.regioCode);
  const terug = klokVan(state, 'terugmelding', t.regioCode);
  if (terug) stopKlok(ctx.kalender, terug, ctx.nu);
  // A terugmelding also answers a status report still due; the earlier clocks lose their point.
  const status = klokVan(state, 'statusrapport', t.regioCode);
  if (status) stopKlok(ctx.kalender, status, ctx.nu);
  for (const k of state.klokken) if (k.regioCode === t.regioCode && k.status === 'lopend') laatKlokVervallen(k, ctx.nu);
  t.stap = 'teruggemeld';
  t.uitkomst = { ...input.uitkomst };
  neemTrajectOver(w, t, input.actor);
  w.sluitTaken((x) => x.regioCode === t.regioCode, 'gedaan');
  const u = input.uitkomst;
  w.stap('teruggemeld', actorRef(input.actor, t), {
    regioCode: t.regioCode,
    detail: `${u.resultaat}, ${u.aantalGeplaatst} geplaatst, ${u.oplossing}`,
    details: { resultaat: u.resultaat, aantalGeplaatst: u.aantalGeplaatst, oplossing: u.oplossing, toelichting: u.toelichting ?? null },
  });
  const ronde = state.tijdlijn.filter((i) => i.regioCode === t.regioCode && i.actie === 'teruggemeld').length;
  const uitkomst: Effect = { soort: 'uitkomst', sleutel: w.sleutel(`uitkomst:${t.regioCode}`), regioCode: t.regioCode, ronde, uitkomst: { ...u }, doorgezetOp: t.doorgezetOp, teruggemeldOp: ctx.nu };
  if (input.actor.soort !== 'werkgever') uitkomst.doorMedewerkerId = input.actor.medewerkerId;
  w.effecten.push(uitkomst);
  if (u.resultaat === 'vervuld') {
    t.status = 'afgesloten';
    w.notificeer('terugmelding_ontvangen', [teamOntvanger(state), { soort: 'werkgever' }], { resultaat: u.resultaat }, t.regioCode);
  } else {
    t.status = 'teruggemeld';
    t.vervolgNodig = true;
    w.openTaak({ sleutel: taakSleutel(state.meldingId, 'vervolg', t.regioCode, aantalVervolgTaken(state, t.regioCode) + 1), soort: 'vervolg', rol: 'team', regioCode: t.regioCode, toegewezenAan: state.toegewezenAan });
    w.notificeer('vervolg_nodig', [teamOntvanger(state)], { resultaat: u.resultaat }, t.regioCode);
  }
  herberekenFase(w);
  return w.effecten;
}

function aantalVervolgTaken(state: MeldingState, regioCode: string): number {
  return state.tijdlijn.filter((i) => i.regioCode === regioCode && i.actie === 'teruggemeld').length - 1;
}

// ---------------------------------------------------------------------------------------------------------
// Follow-up

export function vervolgBesluiten(
  state: MeldingState,
  input: VervolgBesluitenInput,
  contacten: Record<string, RegioContacten>,
  ctx: Ctx,
): Effect[] {
  const w = new Wijziging(state, ctx);
  const t = traject(state, input.regioCode);
  const door = actorRef(input.actor);
  const b = input.besluit;
  t.vervolgNodig = false;
  w.sluitTaken((x) => x.regioCode === t.regioCode && x.soort === 'vervolg', 'gedaan');
  switch (b.soort) {
    case 'andere_regios':
      t.status = 'afgesloten';
      w.stap('vervolg_andere_regios', door, { regioCode: t.regioCode, detail: b.regios.map((r) => r.regioCode).join(','), details: { regios: b.regios.map((r) => r.regioCode).join(',') } });
      for (const r of b.regios) openTraject(w, r, contacten[r.regioCode] ?? { primairId: null, achtervangId: null }, door);
      w.notificeer('vervolg_andere_regios', [{ soort: 'werkgever' }], { regios: b.regios.map((r) => r.regioCode).join(',') });
      break;
    case 'koppelen':
      t.status = 'afgesloten';
      w.stap('vervolg_koppelen', door, { regioCode: t.regioCode, detail: b.meldingId });
      koppel(w, b.meldingId, input.actor);
      break;
    case 'verlengen': {
      t.status = 'open';
      t.stap = 'status_gemeld';
      const nummer = state.klokken.filter((k) => k.soort === 'terugmelding' && k.regioCode === t.regioCode).length + 1;
      const termijn = termijnOpDatum(ctx.kalender, ctx.nu, b.nieuweDeadlineDatum, b.reden);
      const klok = nieuweKlok(ctx.kalender, `${t.regioCode}:terugmelding#${nummer}`, 'terugmelding', ctx.nu, { regioCode: t.regioCode, termijn, verlengingReden: b.reden, regelVersie: ctx.klokRegels });
      state.klokken.push(klok);
      w.openTaak({ sleutel: taakSleutel(state.meldingId, 'terugmelding', t.regioCode, nummer), soort: 'terugmelding', rol: 'regio-contact', regioCode: t.regioCode, toegewezenAan: t.toegewezenAan, deadline: klok.deadline });
      w.stap('vervolg_verlengd', door, { regioCode: t.regioCode, detail: `tot ${klok.deadlineIso}: ${b.reden}`, details: { reden: b.reden, nieuweDeadline: klok.deadlineIso } });
      w.notificeer('verlengd', [{ soort: 'werkgever' }, ...trajectOntvangers(t)], { deadline: klok.deadlineIso, reden: b.reden }, t.regioCode);
      break;
    }
    case 'stoppen':
      t.status = 'afgesloten';
      w.stap('vervolg_gestopt', door, { regioCode: t.regioCode, detail: b.reden, details: { reden: b.reden } });
      w.notificeer('bemiddeling_gestopt', [{ soort: 'werkgever' }], { reden: b.reden }, t.regioCode);
      break;
  }
  herberekenFase(w, b.soort === 'stoppen' ? `gestopt: ${b.reden}` : b.soort === 'koppelen' ? 'gekoppeld' : undefined);
  return w.effecten;
}

function herberekenFase(w: Wijziging, reden?: string): void {
  const { state } = w;
  if (state.fase === 'afgesloten' || state.fase === 'ingetrokken' || state.trajecten.length === 0) return;
  if (state.trajecten.every((t) => t.status === 'afgesloten' || t.status === 'ingetrokken')) {
    sluitMelding(w, reden ?? 'alle trajecten afgesloten', SYSTEEM);
    return;
  }
  state.fase = state.trajecten.some((t) => t.vervolgNodig) ? 'vervolg' : 'trajecten';
}

function sluitMelding(w: Wijziging, reden: string, door: ActorRef): void {
  const { state, ctx } = w;
  state.status = 'afgesloten';
  state.fase = 'afgesloten';
  state.afsluitReden = reden;
  for (const k of state.klokken) laatKlokVervallen(k, ctx.nu);
  w.sluitTaken(() => true, 'vervallen');
  w.stap('afgesloten', door, { detail: reden, details: { reden } });
  w.notificeer('afgesloten', [{ soort: 'werkgever' }], { reden });
}

// ---------------------------------------------------------------------------------------------------------
// At any time

export function intrekken(state: MeldingState, input: IntrekkenInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const betrokkenen: Ontvanger[] = [{ soort: 'werkgever' }, teamOntvanger(state)];
  for (const t of state.trajecten) {
    if (t.status !== 'open' && t.status !== 'teruggemeld') continue;
    t.status = 'ingetrokken';
    t.vervolgNodig = false;
    if (t.toegewezenAan) betrokkenen.push({ soort: 'medewerker', medewerkerId: t.toegewezenAan });
    if (t.stap === 'bij_wsp' || t.stap === 'status_gemeld') betrokkenen.push(t.wspId !== undefined ? { soort: 'wsp', regioCode: t.regioCode, wspId: t.wspId } : { soort: 'wsp', regioCode: t.regioCode });
  }
  for (const k of state.klokken) laatKlokVervallen(k, ctx.nu);
  w.sluitTaken(() => true, 'vervallen');
  state.status = 'ingetrokken';
  state.fase = 'ingetrokken';
  state.afsluitReden = input.reden ?? 'ingetrokken';
  w.stap('ingetrokken', actorRef(input.actor), { detail: input.reden, details: { reden: input.reden ?? null } });
  w.notificeer('ingetrokken', uniekeOntvangers(betrokkenen), {});
  return w.effecten;
}

function uniekeOntvangers(lijst: Ontvanger[]): Ontvanger[] {
  const gezien = new Set<string>();
  return lijst.filter((o) => {
    const k = JSON.stringify(o);
    if (gezien.has(k)) return false;
    gezien.add(k);
    return true;
  });
}

export function herToewijzen(state: MeldingState, input: HerToewijzenInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const door = actorRef(input.actor);
  const naar = input.naarMedewerkerId;
  if (input.regioCode === undefined) {
    const van = state.toegewezenAan;
    state.toegewezenAan = naar;
    w.herwijsTaken((t) => t.rol === 'team', naar);
    w.stap('toegewezen', door, { detail: `${van ?? 'teampool'} → ${naar}`, details: { vanMedewerkerId: van, naarMedewerkerId: naar, reden: input.reden ?? null } });
  } else {
    const t = traject(state, input.regioCode);
    const van = t.toegewezenAan;
    t.toegewezenAan = naar;
    t.achtervangActief = naar === t.contacten.achtervangId && naar !== t.contacten.primairId;
    w.herwijsTaken((x) => x.regioCode === t.regioCode && x.rol !== 'team', naar);
    w.stap('toegewezen', door, { regioCode: t.regioCode, detail: `${van ?? '-'} → ${naar}`, details: { vanMedewerkerId: van, naarMedewerkerId: naar, reden: input.reden ?? null } });
  }
  // Clocks are untouched on purpose: a reassignment never buys extra time.
  w.notificeer('toegewezen', [{ soort: 'medewerker', medewerkerId: naar }], {}, input.regioCode);
  return w.effecten;
}

export function koppelingOntvangen(state: MeldingState, input: KoppelingInput, ctx: Ctx): Effect[] {
  if (state.koppelingen.includes(input.meldingId)) return [];
  const w = new Wijziging(state, ctx);
  state.koppelingen.push(input.meldingId);
  const door: ActorRef = input.doorMedewerkerId ? { soort: 'medewerker', medewerkerId: input.doorMedewerkerId, rol: 'team' } : SYSTEEM;
  w.stap('gekoppeld', door, { detail: input.meldingId, details: { andereMeldingId: input.meldingId } });
  w.notificeer('gekoppeld', [{ soort: 'werkgever' }], { andereMeldingId: input.meldingId });
  return w.effecten;
}

// ---------------------------------------------------------------------------------------------------------
// Incidents

/** Records a failed change on the state (no new version: it belongs to the failed one) and tells the coordinators. */
export function incidentVastleggen(state: MeldingState, incident: Omit<Incident, 'status' | 'pogingen'>): { incident: Incident; effecten: Effect[] } {
  const i: Incident = { ...incident, status: 'open', pogingen: 1 };
  state.incidenten = [...(state.incidenten ?? []), i];
  state.tijdlijn.push({ op: i.op, actie: 'incident', door: SYSTEEM, detail: `${i.wat} (${i.code})` });
  const sleutel = (deel: string) => `${state.meldingId}:incident:${i.id}:${deel}`;
  return {
    incident: i,
    effecten: [
      { soort: 'audit', sleutel: sleutel('audit'), actie: 'incident', door: SYSTEEM, details: { incident: i.id, versie: i.versie, wat: i.wat, code: i.code } },
      { soort: 'notificeer', sleutel: sleutel('mail'), sjabloon: 'incident', ontvangers: [COORDINATOR], gegevens: { meldingId: state.meldingId, wat: i.wat } },
    ],
  };
}

/** A beheerder had the failed change processed again and it went through now. */
export function incidentOpgelost(state: MeldingState, input: IncidentOpnieuwInput, ctx: Ctx): Effect[] {
  const w = new Wijziging(state, ctx);
  const i = (state.incidenten ?? []).find((x) => x.id === input.incidentId)!;
  i.status = 'opgelost';
  i.opgelostOp = ctx.nu;
  i.pogingen += 1;
  w.stap('incident_opgelost', actorRef(input.actor), { detail: i.wat, details: { incident: i.id, versie: i.versie } });
  return w.effecten;
}

/** Another try failed as well: counted, still open. */
export function incidentPogingMislukt(state: MeldingState, incidentId: string, fout: { code: string; fout: string }): void {
  const i = (state.incidenten ?? []).find((x) => x.id === incidentId);
  if (!i) return;
  i.pogingen += 1;
  i.code = fout.code;
  i.fout = fout.fout;
}

// ---------------------------------------------------------------------------------------------------------
// Clocks

/** Earliest moment a clock needs attention (reminder or escalation); undefined when no clock runs. */
export function volgendWekmoment(state: MeldingState, kalender: WerkdagKalender): number | undefined {
  let min: number | undefined;
  for (const k of state.klokken) {
    const m = volgendKlokMoment(kalender, k);
    if (m && (min === undefined || m.op < min)) min = m.op;
  }
  return min;
}

/**
 * Fires every reminder and escalation that is due at `ctx.nu`. After downtime only the first escalation
 * (the breach) and the latest due repetition are sent; the skipped repetitions are counted, not mailed.
 */
export function klokkenBijwerken(state: MeldingState, ctx: Ctx): Effect[] {
  let w: Wijziging | undefined;
  const wijziging = () => (w ??= new Wijziging(state, ctx));
  for (const klok of state.klokken) {
    for (let m = volgendKlokMoment(ctx.kalender, klok); m && m.op <= ctx.nu; m = volgendKlokMoment(ctx.kalender, klok)) {
      if (m.soort === 'herinnering') {
        klok.herinneringVerstuurd = true;
        if (ctx.nu < klok.deadline) herinner(wijziging(), klok);
        continue;
      }
      klok.escalaties += 1;
      const volgende = escalatieMoment(ctx.kalender, klok, klok.escalaties);
      if (m.nummer === 0 || volgende > ctx.nu) escaleer(wijziging(), klok, m.nummer);
    }
  }
  return w?.effecten ?? [];
}

function klokOntvangers(state: MeldingState, klok: Klok): Ontvanger[] {
  if (klok.regioCode === undefined) return [teamOntvanger(state)];
  const t = traject(state, klok.regioCode);
  if (klok.soort === 'wsp_reactie') return [t.wspId !== undefined ? { soort: 'wsp', regioCode: t.regioCode, wspId: t.wspId } : { soort: 'wsp', regioCode: t.regioCode }, ...trajectOntvangers(t)];
  return trajectOntvangers(t);
}

function herinner(w: Wijziging, klok: Klok): void {
  w.tijdlijn('herinnering', SYSTEEM, klok.regioCode, klok.soort);
  w.audit('herinnering', SYSTEEM, { klok: klok.id, deadline: klok.deadlineIso }, klok.regioCode);
  w.notificeer('herinnering', klokOntvangers(w.state, klok), { klok: klok.soort, deadline: klok.deadlineIso }, klok.regioCode);
}

function escaleer(w: Wijziging, klok: Klok, nummer: number): void {
  const { state } = w;
  if (nummer === 0) {
    klok.overschrijding = { vanaf: klok.deadline };
    w.stap('termijn_overschreden', SYSTEEM, { regioCode: klok.regioCode, detail: klok.soort, details: { klok: klok.id, deadline: klok.deadlineIso, eigenaarRol: klok.eigenaarRol } });
  } else {
    w.tijdlijn('escalatie', SYSTEEM, klok.regioCode, `${klok.soort} #${nummer}`);
    w.audit('escalatie', SYSTEEM, { klok: klok.id, nummer, deadline: klok.deadlineIso }, klok.regioCode);
  }
  const gegevens = { klok: klok.soort, deadline: klok.deadlineIso, nummer };
  if (klok.soort === 'regio_bevestiging' && klok.regioCode !== undefined && nummer === 0) {
    const t = traject(state, klok.regioCode);
    const { primairId, achtervangId } = t.contacten;
    if (achtervangId && !t.achtervangActief && t.toegewezenAan !== achtervangId) {
      // The clock keeps running: the backup inherits the primary's deadline, not a fresh one.
      t.toegewezenAan = achtervangId;
      t.achtervangActief = true;
      w.herwijsTaken((x) => x.regioCode === t.regioCode, achtervangId);
      w.stap('achtervang_neemt_over', { soort: 'systeem', namensMedewerkerId: primairId ?? undefined }, {
        regioCode: t.regioCode,
        detail: `${primairId ?? '-'} → ${achtervangId}`,
        details: { vanMedewerkerId: primairId, naarMedewerkerId: achtervangId, handeltNamens: primairId },
      });
      w.notificeer('achtervang_neemt_over', [{ soort: 'medewerker', medewerkerId: achtervangId }, ...(primairId ? [{ soort: 'medewerker', medewerkerId: primairId } as Ontvanger] : [])], gegevens, t.regioCode);
      return;
    }
  }
  const ontvangers = klokOntvangers(state, klok);
  // Intake, status report and terugmelding escalate to the coordinator at once; the regio and WSP clocks
  // first go to the regio's own people and reach the coordinator from the second escalation on.
  const naarCoordinator = nummer > 0 || klok.soort === 'intake' || klok.soort === 'statusrapport' || klok.soort === 'terugmelding' || klok.soort === 'regio_bevestiging';
  w.notificeer('escalatie', naarCoordinator ? uniekeOntvangers([...ontvangers, COORDINATOR]) : ontvangers, gegevens, klok.regioCode);
}

// ---------------------------------------------------------------------------------------------------------
// Views

export function meldingStap(state: MeldingState): MeldingStap {
  switch (state.fase) {
    case 'intake':
      return 'ontvangen';
    case 'beoordeling':
      return 'intake';
    case 'vervolg':
      return 'terugmelding';
    case 'afgesloten':
    case 'ingetrokken':
      return 'afsluiting';
    case 'trajecten': {
      const open = state.trajecten.filter((t) => t.status === 'open');
      if (open.some((t) => t.stap === 'doorgezet' || t.stap === 'beoordeling' || t.stap === 'bij_wsp')) return 'regio';
      if (open.some((t) => t.stap === 'status_gemeld')) return 'status';
      return 'terugmelding';
    }
  }
}

export interface KlokView extends Klok {
  weergave: KlokWeergave;
}

export interface MeldingStatusView {
  meldingId: string;
  soort: MeldingSoort;
  status: MeldingState['status'];
  stap: MeldingStap;
  fase: MeldingState['fase'];
  ontvangenOp: number;
  toegewezenAan: string | null;
  trajecten: Traject[];
  klokken: KlokView[];
  koppelingen: string[];
  openTaken: OpenTaak[];
  tijdlijn: MeldingState['tijdlijn'];
  /** Earliest deadline of a running clock (epoch ms). */
  volgendeDeadline: number | null;
  /** True when a running clock is past its deadline. */
  teLaat: boolean;
  afsluitReden: string | null;
  versie: number;
  /** Workflow time the view was computed at. */
  peilmoment: number;
  /** Side effects (mails, tasks, audit, projection) queued or running; > 0 for long = an outage delays them. */
  openEffecten: number;
  /** Changes whose effects PostgreSQL refused for good; open ones wait for a beheerder (incidentOpnieuw). */
  incidenten: Incident[];
}

export function statusWeergave(state: MeldingState, nu: number): MeldingStatusView {
  const lopend = state.klokken.filter((k) => k.status === 'lopend');
  const deadlines = lopend.map((k) => k.deadline);
  return {
    meldingId: state.meldingId,
    soort: state.soort,
    status: state.status,
    stap: meldingStap(state),
    fase: state.fase,
    ontvangenOp: state.ontvangenOp,
    toegewezenAan: state.toegewezenAan,
    trajecten: state.trajecten.map((t) => ({ ...t, contacten: { ...t.contacten } })),
    klokken: state.klokken.map((k) => ({ ...k, weergave: klokWeergave(k, nu) })),
    koppelingen: [...state.koppelingen],
    openTaken: state.openTaken.map((t) => ({ ...t })),
    tijdlijn: [...state.tijdlijn],
    volgendeDeadline: deadlines.length > 0 ? Math.min(...deadlines) : null,
    teLaat: lopend.some((k) => nu >= k.deadline),
    afsluitReden: state.afsluitReden ?? null,
    versie: state.versie,
    peilmoment: nu,
    openEffecten: 0,
    incidenten: (state.incidenten ?? []).map((i) => ({ ...i })),
  };
}

/**
 * A stored view brought to `nu`: what depends on the clock (each clock's on-time/late mark, `teLaat`) is
 * derived again; everything else is the workflow's state as it answered.
 */
export function weergaveOp(view: MeldingStatusView, nu: number): MeldingStatusView {
  return {
    ...view,
    klokken: view.klokken.map((k) => ({ ...k, weergave: klokWeergave(k, nu) })),
    teLaat: view.klokken.some((k) => k.status === 'lopend' && nu >= k.deadline),
  };
}

/** What the projection activity needs: the live state without the timeline, explanations' steps or tasks. */
export interface MeldingProjectie {
  meldingId: string;
  versie: number;
  peilmoment: number;
  status: MeldingState['status'];
  stap: MeldingStap;
  toegewezenAan: string | null;
  volgendeDeadline: number | null;
  teLaat: boolean;
  trajecten: {
    regioCode: string;
    status: Traject['status'];
    stap: Traject['stap'];
    toegewezenAan: string | null;
    wspId: string | null;
    toelichting: string | null;
    doorgezetOp: number;
    bevestigdOp: number | null;
    wspDoorgestuurdOp: number | null;
    statusGemeldOp: number | null;
    teruggemeldOp: number | null;
  }[];
  klokken: Omit<Klok, 'stappen' | 'herinneringOp' | 'herinneringVerstuurd' | 'deadlineIso'>[];
}

export function projectieVan(state: MeldingState, nu: number): MeldingProjectie {
  const v = statusWeergave(state, nu);
  const moment = (actie: string, regio: string, laatste = false) => {
    const items = state.tijdlijn.filter((i) => i.actie === actie && i.regioCode === regio);
    const item = laatste ? items.at(-1) : items[0];
    return item ? item.op : null;
  };
  return {
    meldingId: v.meldingId,
    versie: v.versie,
    peilmoment: nu,
    status: v.status,
    stap: v.stap,
    toegewezenAan: v.toegewezenAan,
    volgendeDeadline: v.volgendeDeadline,
    teLaat: v.teLaat,
    trajecten: state.trajecten.map((t) => ({
      regioCode: t.regioCode,
      status: t.status,
      stap: t.stap,
      toegewezenAan: t.toegewezenAan,
      wspId: t.wspId ?? null,
      toelichting: t.toelichting ?? null,
      doorgezetOp: t.doorgezetOp,
      bevestigdOp: moment('regio_bevestigd', t.regioCode),
      wspDoorgestuurdOp: moment('doorgestuurd_naar_wsp', t.regioCode),
      statusGemeldOp: moment('status_gemeld', t.regioCode, true),
      teruggemeldOp: moment('teruggemeld', t.regioCode, true),
    })),
    klokken: state.klokken.map(({ stappen: _s, herinneringOp: _h, herinneringVerstuurd: _v, deadlineIso: _d, ...k }) => k),
  };
}
