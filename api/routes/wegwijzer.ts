// The wegwijzer: public search over initiatives; the beheerder adds and edits them.
import { z } from 'zod';
import { initiatiefAanmaken, initiatiefWijzigen, initiatievenZoeken } from '../../db/repositories/wegwijzer';
import { HttpProblem } from '../errors';
import { regel, REGIO_CODE, SBI_2025_LETTERS, verplichteRegel, verplichteTekst } from '../schemas/common';
import { defineRoute, type RouteKit } from './define';

const leegIsNiets = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
const URL_ = regel(500).refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'moet een http(s)-adres zijn');

const Initiatief = z
  .object({
    id: z.number(),
    titel: z.string(),
    omschrijving: z.string(),
    regioCode: z.string().nullable().describe('null: landelijk'),
    sectorLetter: z.string().nullable().describe('null: alle sectoren (SBI 2025)'),
    url: z.string().nullable(),
    actief: z.boolean(),
  })
  .meta({ id: 'Initiatief' });

const Velden = {
  titel: verplichteRegel(200),
  omschrijving: verplichteTekst(5000),
  regioCode: REGIO_CODE.nullable().optional(),
  sectorLetter: z.enum(SBI_2025_LETTERS).nullable().optional(),
  url: URL_.nullable().optional(),
  actief: z.boolean().optional(),
};

export function registerWegwijzerRoutes(kit: RouteKit): void {
  const { deps } = kit;

  defineRoute(kit, {
    method: 'get',
    path: '/api/wegwijzer',
    operationId: 'wegwijzer',
    summary: 'Wegwijzer: regionale en sectorale initiatieven zoeken',
    description: 'Een regio- of sectorfilter toont ook landelijke initiatieven en initiatieven voor alle sectoren.',
    tags: ['Wegwijzer'],
    rollen: 'publiek',
    query: z.strictObject({ q: leegIsNiets(regel(100)), regio: leegIsNiets(REGIO_CODE), sector: leegIsNiets(z.enum(SBI_2025_LETTERS)) }),
    responses: { 200: { description: 'Initiatieven', schema: z.object({ items: z.array(Initiatief) }) } },
    async handler({ res, query }) {
      res.json({ items: await initiatievenZoeken(deps.db, query as { q?: string; regio?: string; sector?: string }) });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/wegwijzer',
    operationId: 'initiatiefAanmaken',
    summary: 'Een initiatief toevoegen',
    tags: ['Wegwijzer'],
    rollen: ['beheerder'],
    body: z.strictObject(Velden),
    responses: { 201: { description: 'Toegevoegd', schema: Initiatief }, 422: { description: 'Onbekende regio' } },
    async handler({ res, body, wie }) {
      const r = await initiatiefAanmaken(deps.db, wie.medewerker.id, body);
      if ('fout' in r) throw new HttpProblem('unprocessable', 'Onbekende regio');
      res.status(201).json(r.initiatief);
    },
  });

  defineRoute(kit, {
    method: 'patch',
    path: '/api/wegwijzer/:id',
    operationId: 'initiatiefWijzigen',
    summary: 'Een initiatief wijzigen of (de)activeren',
    tags: ['Wegwijzer'],
    rollen: ['beheerder'],
    params: z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
    body: z.strictObject({ ...Velden, titel: Velden.titel.optional(), omschrijving: Velden.omschrijving.optional() }),
    responses: { 200: { description: 'Gewijzigd', schema: Initiatief } },
    async handler({ res, params, body, wie }) {
      const r = await initiatiefWijzigen(deps.db, wie.medewerker.id, params.id, body);
      if (r.fout === 'onbekende-regio') throw new HttpProblem('unprocessable', 'Onbekende regio');
      if (r.fout !== undefined) throw new HttpProblem('not-found', 'Initiatief niet gevonden');
      res.json(r.initiatief);
    },
  });
}
