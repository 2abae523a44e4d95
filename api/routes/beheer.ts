// Beheer: regio contacts and backups, the duty roster, WSPs and medewerkers. Beheerder only (reads also for
// the team, who need to know who is on duty and whom to route to).
import { z } from 'zod';
import { hashPassword } from '../../db/password';
import { writeAudit } from '../../db/repositories/audit';
import { blokkadeOpheffen } from '../../db/repositories/inlog-blokkade';
import { medewerkerOpId, sessiesBeeindigen, wachtwoordZetten } from '../../db/repositories/toegang';
import { NIEUW_WACHTWOORD } from '../schemas/auth';
import {
  medewerkerActiefZetten,
  medewerkerAanmaken,
  medewerkersLijst,
  regioContactZetten,
  regioPartnersLijst,
  regioPartnerZetten,
  regiosMetContacten,
  roosterLijst,
  roosterToevoegen,
  roosterVerwijderen,
  wspAanmaken,
  wspLijst,
  wspWijzigen,
  type BeheerFout,
} from '../../db/repositories/beheer';
import { REGIO_PARTNER_SOORTEN, ROLLEN } from '../../db/schema';
import { HttpProblem } from '../errors';
import { ISO_DATE, REGIO_CODE, regel, tekst, verplichteRegel } from '../schemas/common';
import { defineRoute, type RouteKit } from './define';

const INT_ID = z.coerce.number().int().min(1).max(2_147_483_647);
const ID = z.strictObject({ id: INT_ID });
const EMAIL = regel(254).refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'moet een e-mailadres zijn');

const FOUTEN: Record<BeheerFout, [status: 'not-found' | 'conflict' | 'unprocessable', detail: string]> = {
  'onbekende-regio': ['not-found', 'Regio niet gevonden'],
  'onbekende-medewerker': ['not-found', 'Medewerker niet gevonden'],
  'onbekende-wsp': ['unprocessable', 'WSP niet gevonden'],
  'geen-regio-contact': ['unprocessable', 'Contactpersoon en achtervang moeten actieve medewerkers met rol regio-contact zijn'],
  'zelfde-persoon': ['unprocessable', 'Achtervang moet iemand anders zijn dan de contactpersoon'],
  'bestaat-al': ['conflict', 'Bestaat al'],
  'geen-team': ['unprocessable', 'Op het rooster staan alleen actieve teamleden'],
};
const fout = (f: BeheerFout) => new HttpProblem(FOUTEN[f][0], FOUTEN[f][1]);

export function registerBeheerRoutes(kit: RouteKit): void {
  const { deps } = kit;
  const tags = ['Beheer'];

  defineRoute(kit, {
    method: 'get',
    path: '/api/beheer/regios',
    operationId: 'regios',
    summary: 'Regio\'s met contactpersoon en achtervang',
    tags,
    rollen: ['beheerder', 'team', 'manager'],
    responses: { 200: { description: 'Regio\'s', schema: z.object({ items: z.array(z.object({ code: z.string(), naam: z.string(), contactId: z.number().nullable(), contactNaam: z.string().nullable(), achtervangId: z.number().nullable(), achtervangNaam: z.string().nullable() })) }) } },
    async handler({ res }) {
      res.json({ items: await regiosMetContacten(deps.db) });
    },
  });

  defineRoute(kit, {
    method: 'put',
    path: '/api/beheer/regios/:code/contacten',
    operationId: 'regioContactenZetten',
    summary: 'Contactpersoon en achtervang van een regio vastleggen',
    description: 'Geldt voor nieuwe routeringen; lopende trajecten houden hun contacten tot ze opnieuw worden toegewezen.',
    tags,
    rollen: ['beheerder'],
    params: z.strictObject({ code: REGIO_CODE }),
    body: z.strictObject({ medewerkerId: z.number().int().min(1).max(2_147_483_647), achtervangId: z.number().int().min(1).max(2_147_483_647).nullable() }),
    responses: { 204: { description: 'Vastgelegd' }, 422: { description: 'Geen geschikte medewerker' } },
    async handler({ res, params, body, wie }) {
      const f = await regioContactZetten(deps.db, wie.medewerker.id, params.code, body.medewerkerId, body.achtervangId);
      if (f) throw fout(f);
      res.status(204).end();
    },
  });

  const PARTNER_PARAMS = z.strictObject({ code: REGIO_CODE, soort: z.enum(REGIO_PARTNER_SOORTEN) });
  type PartnerParams = z.infer<typeof PARTNER_PARAMS>;
  /** PUT sets, DELETE removes (partner null): one write, one audit entry. */
  async function partnerZetten(actorId: number, params: PartnerParams, partner: { naam: string; email: string } | null): Promise<void> {
    const f = await regioPartnerZetten(deps.db, actorId, params.code, params.soort, partner);
    if (f) throw fout(f);
  }

  defineRoute(kit, {
    method: 'get',
    path: '/api/beheer/regio-partners',
    operationId: 'regioPartners',
    summary: 'Regionale partners per regio (VNO-NCW/MKB-Nederland, regio-regisseur Perspectief op Werk)',
    description: 'Zij krijgen een kopie als het regio-contact een melding met hen als cc naar het WSP doorzet.',
    tags,
    rollen: ['beheerder'],
    responses: {
      200: {
        description: 'Partners',
        schema: z.object({ items: z.array(z.object({ regioCode: z.string(), soort: z.enum(REGIO_PARTNER_SOORTEN), naam: z.string(), email: z.string() })) }),
      },
    },
    async handler({ res }) {
      res.json({ items: await regioPartnersLijst(deps.db) });
    },
  });

  defineRoute(kit, {
    method: 'put',
    path: '/api/beheer/regios/:code/partners/:soort',
    operationId: 'regioPartnerZetten',
    summary: 'De regionale partner van één soort voor een regio vastleggen',
    tags,
    rollen: ['beheerder'],
    params: PARTNER_PARAMS,
    body: z.strictObject({ naam: verplichteRegel(200), email: EMAIL }),
    responses: { 204: { description: 'Vastgelegd' } },
    async handler({ res, params, body, wie }) {
      await partnerZetten(wie.medewerker.id, params, body);
      res.status(204).end();
    },
  });

  defineRoute(kit, {
    method: 'delete',
    path: '/api/beheer/regios/:code/partners/:soort',
    operationId: 'regioPartnerVerwijderen',
    summary: 'De regionale partner van één soort voor een regio verwijderen',
    tags,
    rollen: ['beheerder'],
    params: PARTNER_PARAMS,
    responses: { 204: { description: 'Verwijderd (ook als er geen was)' } },
    async handler({ res, params, wie }) {
      await partnerZetten(wie.medewerker.id, params, null);
      res.status(204).end();
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/beheer/rooster',
    operationId: 'rooster',
    summary: 'Rooster van het team tussen twee datums (hoogstens een jaar)',
    tags,
    rollen: ['beheerder', 'team', 'manager'],
    query: z
      .strictObject({ van: ISO_DATE, tot: ISO_DATE })
      .refine((q) => q.van <= q.tot, { message: 'van moet op of voor tot liggen', path: ['tot'] })
      .refine((q) => Date.parse(q.tot) - Date.parse(q.van) <= 366 * 86_400_000, { message: 'hoogstens een jaar', path: ['tot'] }),
    responses: { 200: { description: 'Roosterregels', schema: z.object({ items: z.array(z.object({ id: z.number(), datum: z.string(), medewerkerId: z.number(), naam: z.string() })) }) } },
    async handler({ res, query }) {
      res.json({ items: await roosterLijst(deps.db, query.van, query.tot) });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/beheer/rooster',
    operationId: 'roosterToevoegen',
    summary: 'Een teamlid inroosteren op een datum',
    tags,
    rollen: ['beheerder'],
    body: z.strictObject({ datum: ISO_DATE, medewerkerId: z.number().int().min(1).max(2_147_483_647) }),
    responses: { 201: { description: 'Ingeroosterd', schema: z.object({ id: z.number() }) }, 409: { description: 'Staat al op het rooster' } },
    async handler({ res, body, wie }) {
      const r = await roosterToevoegen(deps.db, wie.medewerker.id, body.datum, body.medewerkerId);
      if (r.fout !== undefined) throw fout(r.fout);
      res.status(201).json(r);
    },
  });

  defineRoute(kit, {
    method: 'delete',
    path: '/api/beheer/rooster/:id',
    operationId: 'roosterVerwijderen',
    summary: 'Een roosterregel verwijderen',
    tags,
    rollen: ['beheerder'],
    params: ID,
    responses: { 204: { description: 'Verwijderd' } },
    async handler({ res, params, wie }) {
      if (!(await roosterVerwijderen(deps.db, wie.medewerker.id, params.id))) throw new HttpProblem('not-found', 'Roosterregel niet gevonden');
      res.status(204).end();
    },
  });

  const Wsp = z.object({ id: z.number(), regioCode: z.string(), naam: z.string(), email: z.string().nullable(), actief: z.boolean() }).meta({ id: 'Wsp' });

  defineRoute(kit, {
    method: 'get',
    path: '/api/beheer/wsps',
    operationId: 'wsps',
    summary: 'Werkgeversservicepunten',
    tags,
    rollen: ['beheerder', 'team', 'regio-contact', 'manager'],
    query: z.strictObject({ regio: REGIO_CODE.optional() }),
    responses: { 200: { description: 'WSP\'s', schema: z.object({ items: z.array(Wsp) }) } },
    async handler({ res, query }) {
      res.json({ items: await wspLijst(deps.db, query.regio) });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/beheer/wsps',
    operationId: 'wspAanmaken',
    summary: 'Een WSP toevoegen',
    tags,
    rollen: ['beheerder'],
    body: z.strictObject({ regioCode: REGIO_CODE, naam: verplichteRegel(200), email: EMAIL.optional() }),
    responses: { 201: { description: 'Aangemaakt', schema: Wsp }, 409: { description: 'Bestaat al in deze regio' } },
    async handler({ res, body, wie }) {
      const r = await wspAanmaken(deps.db, wie.medewerker.id, body);
      if (r.fout !== undefined) throw fout(r.fout);
      res.status(201).json(r.wsp!);
    },
  });

  defineRoute(kit, {
    method: 'patch',
    path: '/api/beheer/wsps/:id',
    operationId: 'wspWijzigen',
    summary: 'Een WSP wijzigen of (de)activeren',
    tags,
    rollen: ['beheerder'],
    params: ID,
    body: z.strictObject({ naam: verplichteRegel(200).optional(), email: EMAIL.nullable().optional(), actief: z.boolean().optional() }),
    responses: { 200: { description: 'Gewijzigd', schema: Wsp } },
    async handler({ res, params, body, wie }) {
      const r = await wspWijzigen(deps.db, wie.medewerker.id, params.id, body);
      if (r.fout !== undefined) throw r.fout === 'onbekende-wsp' ? new HttpProblem('not-found', 'WSP niet gevonden') : fout(r.fout);
      res.json(r.wsp!);
    },
  });

  const MedewerkerBeheer = z.object({ id: z.number(), naam: z.string(), email: z.string(), rol: z.string(), wspId: z.number().nullable(), actief: z.boolean() }).meta({ id: 'MedewerkerBeheer' });

  defineRoute(kit, {
    method: 'get',
    path: '/api/beheer/medewerkers',
    operationId: 'medewerkers',
    summary: 'Medewerkers',
    tags,
    rollen: ['beheerder', 'team', 'manager'],
    query: z.strictObject({ rol: z.enum(ROLLEN).optional() }),
    responses: { 200: { description: 'Medewerkers', schema: z.object({ items: z.array(MedewerkerBeheer) }) } },
    async handler({ res, query }) {
      res.json({ items: await medewerkersLijst(deps.db, query.rol) });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/beheer/medewerkers',
    operationId: 'medewerkerAanmaken',
    summary: 'Een medewerker aanmaken',
    tags,
    rollen: ['beheerder'],
    body: z.strictObject({
      naam: verplichteRegel(200),
      email: EMAIL,
      rol: z.enum(ROLLEN),
      wspId: z.number().int().min(1).max(2_147_483_647).optional().describe('verplicht voor rol wsp'),
      wachtwoord: NIEUW_WACHTWOORD.optional().describe('zonder: kan (nog) niet inloggen'),
    }),
    responses: { 201: { description: 'Aangemaakt', schema: MedewerkerBeheer }, 409: { description: 'E-mailadres bestaat al' } },
    async handler({ res, body, wie }) {
      const r = await medewerkerAanmaken(deps.db, wie.medewerker.id, {
        naam: body.naam,
        email: body.email,
        rol: body.rol,
        wspId: body.wspId,
        passwordHash: body.wachtwoord ? await hashPassword(body.wachtwoord) : null,
      });
      if (r.fout !== undefined) throw fout(r.fout);
      res.status(201).json(r.medewerker!);
    },
  });

  defineRoute(kit, {
    method: 'patch',
    path: '/api/beheer/medewerkers/:id',
    operationId: 'medewerkerWijzigen',
    summary: 'Een medewerker (de)activeren',
    tags,
    rollen: ['beheerder'],
    params: ID,
    body: z.strictObject({ actief: z.boolean(), reden: tekst(500).optional() }),
    responses: { 200: { description: 'Gewijzigd', schema: MedewerkerBeheer } },
    async handler({ res, params, body, wie }) {
      if (params.id === wie.medewerker.id && !body.actief) throw new HttpProblem('conflict', 'Je kunt jezelf niet deactiveren');
      const r = await medewerkerActiefZetten(deps.db, wie.medewerker.id, params.id, body.actief);
      if (r.fout !== undefined) throw fout(r.fout);
      if (!body.actief) await sessiesBeeindigen(deps.db, params.id);
      res.json(r.medewerker!);
    },
  });

  defineRoute(kit, {
    method: 'put',
    path: '/api/beheer/medewerkers/:id/wachtwoord',
    operationId: 'medewerkerWachtwoordZetten',
    summary: 'Een nieuw wachtwoord voor een medewerker instellen',
    description: 'Beëindigt alle sessies van die medewerker en heft een inlogblokkade op.',
    tags,
    rollen: ['beheerder'],
    params: ID,
    body: z.strictObject({ wachtwoord: NIEUW_WACHTWOORD }),
    responses: { 204: { description: 'Ingesteld' } },
    async handler({ res, params, body, wie }) {
      const m = await medewerkerOpId(deps.db, params.id);
      if (!m) throw fout('onbekende-medewerker');
      await wachtwoordZetten(deps.db, m.id, await hashPassword(body.wachtwoord));
      const sessies = await sessiesBeeindigen(deps.db, m.id);
      await blokkadeOpheffen(deps.db, m.email);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'beheer.wachtwoord_ingesteld', na: { medewerkerId: m.id, sessiesBeeindigd: sessies } });
      res.status(204).end();
    },
  });

  defineRoute(kit, {
    method: 'delete',
    path: '/api/beheer/medewerkers/:id/inlogblokkade',
    operationId: 'inlogblokkadeOpheffen',
    summary: 'De inlogblokkade van een medewerker opheffen',
    tags,
    rollen: ['beheerder'],
    params: ID,
    responses: { 204: { description: 'Opgeheven (of er was geen)' } },
    async handler({ res, params, wie }) {
      const m = await medewerkerOpId(deps.db, params.id);
      if (!m) throw fout('onbekende-medewerker');
      const was = await blokkadeOpheffen(deps.db, m.email);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'beheer.inlogblokkade_opgeheven', na: { medewerkerId: m.id, wasGeblokkeerd: was } });
      res.status(204).end();
    },
  });
}
