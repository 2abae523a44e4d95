// Every step on a melding is a Temporal update on workflow melding-<id>. The API checks who may ask
// (401/403, from the domain's transition tables) and whether the melding is theirs to see (404, no existence
// leak); the workflow decides whether the step fits the case right now (409 with its reason). An
// Idempotency-Key becomes the update id, so a retried step is applied once.
import type { Request } from 'express';
import type { z } from 'zod';
import { meldingBestaat, meldingZichtbaar } from '../../db/repositories/meldingen-lezen';
import type { Medewerker } from '../../db/repositories/types';
import type { Rol } from '../../db/schema';
import { MELDING_TRANSITIES, TRAJECT_TRANSITIES, type MeldingActie, type TrajectActie } from '../../domain/melding';
import {
  doorsturenNaarWspUpdate,
  herToewijzenUpdate,
  inBehandelingNemenUpdate,
  intakeVastleggenUpdate,
  intrekkenUpdate,
  regioBevestigenUpdate,
  statusMeldenUpdate,
  terugmeldenUpdate,
  vervolgBesluitenUpdate,
  wspContactGemeldUpdate,
  type Actor,
  type StapAntwoord,
} from '../../workflows/melding.messages';
import type { UpdateDefinition } from '@temporalio/common';
import { HttpProblem } from '../errors';
import { ID_PARAMS } from '../schemas/common';
import {
  DoorsturenBody,
  IntakeBody,
  IntrekkenStaffBody,
  LegeBody,
  MeldingLive,
  REGIO_STAP_PARAMS,
  StatusBody,
  TerugmeldingBody,
  ToewijzenBody,
  VervolgBody,
  WspContactBody,
} from '../schemas/meldingen';
import { defineRoute, type RouteKit } from './define';
import { liveZicht } from './zicht';

const STAFF: readonly Rol[] = ['team', 'regio-contact', 'wsp', 'manager', 'beheerder'];
const isStaff = (r: string): r is Rol => (STAFF as readonly string[]).includes(r);

/** Roles the domain allows for an action; the API refuses the others with 403 before asking the workflow. */
function rollenVoor(actie: MeldingActie | TrajectActie, tabel: 'melding' | 'traject'): Rol[] {
  const rijen = tabel === 'melding' ? MELDING_TRANSITIES.filter((t) => t.actie === actie) : TRAJECT_TRANSITIES.filter((t) => t.actie === actie);
  return [...new Set(rijen.flatMap((t) => t.rollen).filter(isStaff))];
}

function actorVan(m: Medewerker): Actor {
  return { soort: 'medewerker', medewerkerId: String(m.id), rol: m.rol, regioCodes: m.regioCodes };
}

const UPDATE_ID = /^[\x21-\x7e]{1,200}$/;
function updateId(req: Request, meldingId: string, stap: string): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!UPDATE_ID.test(key)) throw new HttpProblem('validation-failed', 'Ongeldige Idempotency-Key', [{ path: 'Idempotency-Key', message: 'moet 1 tot 200 zichtbare ASCII-tekens zijn' }]);
  return `${stap}:${meldingId}:${key}`;
}

/** 404 unless the medewerker may see the melding (the regio in the path must be theirs too). */
async function eisZicht(kit: RouteKit, m: Medewerker, meldingId: string, regio?: string): Promise<void> {
  const scoped = m.rol === 'regio-contact' || m.rol === 'wsp';
  if (!scoped) {
    if (!(await meldingBestaat(kit.deps.db, meldingId))) throw new HttpProblem('not-found', 'Melding niet gevonden');
    return;
  }
  const codes = regio ? m.regioCodes.filter((c) => c === regio) : m.regioCodes;
  if (codes.length === 0) throw new HttpProblem('not-found', 'Melding niet gevonden');
  if (await meldingZichtbaar(kit.deps.db, meldingId, { alles: false, regioCodes: codes })) return;
  if (!(await liveZicht(kit.deps, meldingId, codes))) throw new HttpProblem('not-found', 'Melding niet gevonden');
}

interface StapDef<S extends z.ZodType, I> {
  pad: string;
  operationId: string;
  summary: string;
  actie: MeldingActie | TrajectActie;
  tabel: 'melding' | 'traject';
  update: UpdateDefinition<StapAntwoord, [I]>;
  body: S;
  input(actor: Actor, body: z.output<S>, regio: string | undefined): I;
}

function stap<S extends z.ZodType, I>(d: StapDef<S, I>): StapDef<S, I> {
  return d;
}

const zonderLeeg = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const MELDING_STAPPEN = [
  stap({
    pad: 'in-behandeling',
    operationId: 'inBehandelingNemen',
    summary: 'Team: melding in behandeling nemen',
    actie: 'inBehandelingNemen',
    tabel: 'melding',
    update: inBehandelingNemenUpdate,
    body: LegeBody,
    input: (actor) => ({ actor }),
  }),
  stap({
    pad: 'intake',
    operationId: 'intakeVastleggen',
    summary: 'Team: intakebesluit vastleggen (routeren met informatie per regio, koppelen, of sluiten)',
    actie: 'intakeVastleggen',
    tabel: 'melding',
    update: intakeVastleggenUpdate,
    body: IntakeBody,
    input: (actor, b) => zonderLeeg({ actor, notities: b.notities, vraagAchterDeVraag: b.vraagAchterDeVraag, besluit: zonderLeeg({ routeer: b.besluit.routeer?.map((r) => zonderLeeg({ ...r })), koppel: b.besluit.koppel, sluit: b.besluit.sluit }) }),
  }),
  stap({
    pad: 'vervolg',
    operationId: 'vervolgBesluiten',
    summary: 'Team: vervolg besluiten na een terugmelding',
    actie: 'vervolgBesluiten',
    tabel: 'melding',
    update: vervolgBesluitenUpdate,
    body: VervolgBody,
    input: (actor, b) => ({ actor, regioCode: b.regioCode, besluit: b.besluit.soort === 'andere_regios' ? { soort: 'andere_regios' as const, regios: b.besluit.regios.map((r) => zonderLeeg({ ...r })) } : b.besluit }),
  }),
  stap({
    pad: 'toewijzen',
    operationId: 'herToewijzen',
    summary: 'Melding of regiotraject opnieuw toewijzen',
    actie: 'herToewijzen',
    tabel: 'melding',
    update: herToewijzenUpdate,
    body: ToewijzenBody,
    input: (actor, b) => zonderLeeg({ actor, naarMedewerkerId: String(b.naarMedewerkerId), regioCode: b.regioCode, reden: b.reden }),
  }),
  stap({
    pad: 'intrekken',
    operationId: 'intrekken',
    summary: 'Melding intrekken namens de werkgever',
    actie: 'intrekken',
    tabel: 'melding',
    update: intrekkenUpdate,
    body: IntrekkenStaffBody,
    input: (actor, b) => zonderLeeg({ actor, reden: b.reden }),
  }),
];

const REGIO_STAPPEN = [
  stap({
    pad: 'bevestigen',
    operationId: 'regioBevestigen',
    summary: 'Regio-contact: ontvangst bevestigen',
    actie: 'bevestigen',
    tabel: 'traject',
    update: regioBevestigenUpdate,
    body: LegeBody,
    input: (actor, _b, regio) => ({ actor, regioCode: regio! }),
  }),
  stap({
    pad: 'wsp',
    operationId: 'doorsturenNaarWsp',
    summary: 'Regio-contact: doorsturen naar het WSP, met optionele kopieën',
    actie: 'doorsturenNaarWsp',
    tabel: 'traject',
    update: doorsturenNaarWspUpdate,
    body: DoorsturenBody,
    input: (actor, b, regio) => zonderLeeg({ actor, regioCode: regio!, wspId: b.wspId === undefined ? undefined : String(b.wspId), cc: b.cc, toelichting: b.toelichting }),
  }),
  stap({
    pad: 'wsp-contact',
    operationId: 'wspContactGemeld',
    summary: 'Regio-contact of WSP: contact van het WSP met de werkgever vastleggen',
    actie: 'wspContactGemeld',
    tabel: 'traject',
    update: wspContactGemeldUpdate,
    body: WspContactBody,
    input: (actor, b, regio) => zonderLeeg({ actor, regioCode: regio!, toelichting: b.toelichting }),
  }),
  stap({
    pad: 'status',
    operationId: 'statusMelden',
    summary: 'Regio-contact: stand van zaken melden (uiterlijk 14 dagen na routering)',
    actie: 'statusMelden',
    tabel: 'traject',
    update: statusMeldenUpdate,
    body: StatusBody,
    input: (actor, b, regio) => ({ actor, regioCode: regio!, stand: b.stand }),
  }),
  stap({
    pad: 'terugmelding',
    operationId: 'terugmelden',
    summary: 'Regio-contact: terugmelding met uitkomst',
    actie: 'terugmelden',
    tabel: 'traject',
    update: terugmeldenUpdate,
    body: TerugmeldingBody,
    input: (actor, b, regio) => ({ actor, regioCode: regio!, uitkomst: zonderLeeg({ ...b.uitkomst }) }),
  }),
];

export function registerStapRoutes(kit: RouteKit): void {
  const responses = {
    200: { description: 'Stap verwerkt; de nieuwe live toestand', schema: MeldingLive },
    409: { description: 'De workflow weigert de stap; de reden staat in detail' },
    503: { description: 'Workflowdienst niet bereikbaar' },
  };
  const headers = [{ name: 'Idempotency-Key', description: 'Maakt een herhaalde stap veilig: dezelfde sleutel wordt één keer toegepast' }];

  for (const s of MELDING_STAPPEN as StapDef<z.ZodType, unknown>[]) {
    defineRoute(kit, {
      method: 'post',
      path: `/api/meldingen/:id/${s.pad}`,
      operationId: s.operationId,
      summary: s.summary,
      tags: ['Stappen'],
      rollen: rollenVoor(s.actie, s.tabel),
      params: ID_PARAMS,
      body: s.body,
      headers,
      responses,
      async handler({ req, res, params, body, wie }) {
        await eisZicht(kit, wie.medewerker, params.id);
        const live = await kit.deps.temporal.stap(params.id, s.update, s.input(actorVan(wie.medewerker), body, undefined), updateId(req, params.id, s.operationId));
        res.json(live);
      },
    });
  }

  for (const s of REGIO_STAPPEN as StapDef<z.ZodType, unknown>[]) {
    defineRoute(kit, {
      method: 'post',
      path: `/api/meldingen/:id/regios/:regio/${s.pad}`,
      operationId: s.operationId,
      summary: s.summary,
      description: 'Alleen voor de eigen regio\'s (ook als achtervang); een andere regio geeft 404.',
      tags: ['Stappen'],
      rollen: rollenVoor(s.actie, s.tabel),
      params: REGIO_STAP_PARAMS,
      body: s.body,
      headers,
      responses,
      async handler({ req, res, params, body, wie }) {
        await eisZicht(kit, wie.medewerker, params.id, params.regio);
        const live = await kit.deps.temporal.stap(params.id, s.update, s.input(actorVan(wie.medewerker), body, params.regio), updateId(req, params.id, `${s.operationId}:${params.regio}`));
        res.json(live);
      },
    });
  }
}
