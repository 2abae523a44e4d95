// Geslaagde cases: list, detail and export of every terugmelding's outcome, the regio's shareable story,
// and the public Voorbeelden. Regio-contacts see and edit only cases of their own regio's.
import { z } from 'zod';
import { caseDetail, casesExport, casesLijst, namenBijCase, verhaalOpslaan, voorbeelden, type CaseRij } from '../../db/repositories/cases';
import { zichtVan } from '../../db/repositories/types';
import { naamVan, OPLOSSING_NAAM, UITKOMST_NAAM } from '../../domain/rapportage/namen';
import { verhaalBezwaren } from '../../domain/rapportage/verhaal';
import { HttpProblem } from '../errors';
import { CASE_PARAMS, CaseItem, CasesExportQuery, CasesQuery, VerhaalBody, Voorbeeld, VoorbeeldenQuery } from '../schemas/cases';
import { Pagina } from '../schemas/meldingen';
import { blad, stuurXlsx, XLSX_MEDIA, type XlsxKolom } from '../xlsx';
import { defineRoute, type RouteKit } from './define';
import { regioNamen } from './regio-namen';

const LEZERS = ['team', 'manager', 'regio-contact'] as const;

const json = (c: CaseRij) => ({ ...c, ontvangenOp: c.ontvangenOp.toISOString(), teruggemeldOp: c.teruggemeldOp.toISOString() });

function caseKolommen(regio: (code: string) => string): XlsxKolom<CaseRij>[] {
  return [
    { kop: 'Melding', soort: 'getal', waarde: (c) => c.nummer },
    { kop: 'Regio', breedte: 28, waarde: (c) => regio(c.regioCode) },
    { kop: 'Ronde', soort: 'getal', waarde: (c) => c.ronde },
    { kop: 'Soort', waarde: (c) => c.soort },
    { kop: 'Sector', waarde: (c) => c.sector },
    { kop: 'Werkgever', breedte: 28, waarde: (c) => c.werkgever },
    { kop: 'Functies', breedte: 32, waarde: (c) => c.functies.map((f) => `${f.omschrijving} (${f.aantal})`) },
    { kop: 'Resultaat', waarde: (c) => naamVan(UITKOMST_NAAM, c.resultaat) },
    { kop: 'Aantal geplaatst', soort: 'getal', waarde: (c) => c.aantalGeplaatst },
    { kop: 'Oplossing', breedte: 26, waarde: (c) => naamVan(OPLOSSING_NAAM, c.oplossing) },
    { kop: 'Ontvangen op', soort: 'datumtijd', breedte: 17, waarde: (c) => c.ontvangenOp },
    { kop: 'Teruggemeld op', soort: 'datumtijd', breedte: 17, waarde: (c) => c.teruggemeldOp },
    { kop: 'Werkdagen', soort: 'getal', waarde: (c) => c.werkdagen },
    { kop: 'Toelichting regio', breedte: 50, waarde: (c) => c.toelichting },
    { kop: 'Deelbaar', waarde: (c) => c.deelbaar },
    { kop: 'Verhaal', breedte: 50, waarde: (c) => c.verhaal },
  ];
}

export function registerCaseRoutes(kit: RouteKit): void {
  const { deps } = kit;

  defineRoute(kit, {
    method: 'get',
    path: '/api/cases',
    operationId: 'casesLijst',
    summary: 'Geslaagde cases zoeken: elke uitkomst van een terugmelding, nieuwste eerst',
    description: 'Regio-contactpersonen zien alleen cases van hun eigen regio\'s.',
    tags: ['Cases'],
    rollen: LEZERS,
    query: CasesQuery,
    responses: { 200: { description: 'Een pagina cases', schema: Pagina(CaseItem) } },
    async handler({ res, query, wie }) {
      const r = await casesLijst(deps.db, query, zichtVan(wie.medewerker));
      res.json({ items: r.items.map(json), totaal: r.totaal, limit: query.limit, offset: query.offset });
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/cases/export.xlsx',
    operationId: 'casesExport',
    summary: 'Cases als Excel-bestand (zelfde filters als de lijst, zonder paginering; hoogstens 50.000)',
    tags: ['Cases'],
    rollen: LEZERS,
    query: CasesExportQuery,
    responses: { 200: { description: 'Excel-werkmap (.xlsx), één rij per case', contentType: XLSX_MEDIA } },
    async handler({ res, query, wie }) {
      const rijen = await casesExport(deps.db, query, zichtVan(wie.medewerker));
      const namen = await regioNamen(deps.db);
      await stuurXlsx(res, 'geslaagde-cases.xlsx', [blad({ naam: 'Cases', kolommen: caseKolommen((c) => namen.get(c) ?? c), rijen })]);
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/cases/:id',
    operationId: 'caseDetail',
    summary: 'Eén case',
    description: 'Een case buiten de eigen regio\'s geeft 404.',
    tags: ['Cases'],
    rollen: LEZERS,
    params: CASE_PARAMS,
    responses: { 200: { description: 'De case', schema: CaseItem } },
    async handler({ res, params, wie }) {
      const c = await caseDetail(deps.db, params.id, zichtVan(wie.medewerker));
      if (!c) throw new HttpProblem('not-found', 'Case niet gevonden');
      res.json(json(c));
    },
  });

  defineRoute(kit, {
    method: 'put',
    path: '/api/cases/:id/verhaal',
    operationId: 'caseVerhaal',
    summary: 'Een case deelbaar maken met een kort, geanonimiseerd verhaal (of weer niet deelbaar)',
    description:
      'Los van de werkroute: raakt de workflow niet. Het verhaal mag geen e-mailadres, telefoonnummer, webadres of de naam van de werkgever of contactpersoon bevatten (400). Een case buiten de eigen regio\'s geeft 404.',
    tags: ['Cases'],
    rollen: ['team', 'regio-contact'],
    params: CASE_PARAMS,
    body: VerhaalBody,
    responses: { 200: { description: 'De bijgewerkte case', schema: CaseItem } },
    async handler({ res, params, body, wie }) {
      const zicht = zichtVan(wie.medewerker);
      if (!(await caseDetail(deps.db, params.id, zicht))) throw new HttpProblem('not-found', 'Case niet gevonden');
      const verhaal = body.verhaal && body.verhaal.length > 0 ? body.verhaal : null;
      if (verhaal) {
        const bezwaren = verhaalBezwaren(verhaal, await namenBijCase(deps.db, params.id));
        if (bezwaren.length > 0) throw new HttpProblem('validation-failed', 'Het verhaal is niet anoniem genoeg', bezwaren.map((message) => ({ path: 'verhaal', message })));
      }
      await verhaalOpslaan(deps.db, params.id, { deelbaar: body.deelbaar, verhaal }, wie.medewerker.id);
      res.json(json((await caseDetail(deps.db, params.id, zicht))!));
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/voorbeelden',
    operationId: 'voorbeelden',
    summary: 'Openbare voorbeelden: deelbare cases, zonder namen van mensen of contactgegevens',
    description: 'De naam van de organisatie staat er alleen bij als de werkgever daar toestemming voor gaf (op de volgpagina).',
    tags: ['Openbaar'],
    rollen: 'publiek',
    query: VoorbeeldenQuery,
    responses: { 200: { description: 'Een pagina voorbeelden', schema: z.object({ items: z.array(Voorbeeld), totaal: z.number().int(), limit: z.number().int(), offset: z.number().int() }) } },
    async handler({ res, query }) {
      const r = await voorbeelden(deps.db, query);
      res.set('Cache-Control', 'no-store').json({ ...r, limit: query.limit, offset: query.offset });
    },
  });
}
