// Staff reads: lists with filters and paging (+ CSV), the live state of one melding, the team inbox, task
// and track lists, response-time reports. Regio-scoped roles see only meldingen routed to their regio's.
import type { Response } from 'express';
import { z } from 'zod';
import { meldingDetail, meldingenExport, meldingenLijst, openTaken, teamInbox, trajectenLijst } from '../../db/repositories/meldingen-lezen';
import { reactietijden } from '../../db/repositories/rapportage';
import { zichtVan } from '../../db/repositories/types';
import { liveLezen } from '../../db/repositories/melding-live';
import { ROLLEN } from '../../db/schema';
import { weergaveOp } from '../../domain/melding';
import type { MeldingStatusView } from '../../workflows/melding.messages';
import { HttpProblem } from '../errors';
import { ID_PARAMS } from '../schemas/common';
import { LijstQuery, MeldingDetail, MeldingLijstItem, Pagina, PagingQuery, RapportageQuery, ReactietijdRij, TrajectenQuery } from '../schemas/meldingen';
import { defineRoute, type RouteKit } from './define';
import { liveZicht } from './zicht';

const LEZERS = ROLLEN;
const CSV_KOLOMMEN = ['nummer', 'id', 'soort', 'status', 'stap', 'sector', 'werkgever', 'regioCodes', 'ontvangenOp', 'volgendeDeadline', 'teLaat', 'geslotenOp'] as const;

/** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
function csvCel(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(' ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function schrijf(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

export function registerStaffLeesRoutes(kit: RouteKit): void {
  const { deps } = kit;

  defineRoute(kit, {
    method: 'get',
    path: '/api/meldingen',
    operationId: 'meldingenLijst',
    summary: 'Meldingen zoeken (filters en paginering)',
    description: 'Regio-contactpersonen en WSP\'s zien alleen meldingen die naar hun regio\'s zijn gerouteerd.',
    tags: ['Overzicht'],
    rollen: LEZERS,
    query: LijstQuery,
    responses: { 200: { description: 'Een pagina meldingen', schema: Pagina(MeldingLijstItem) } },
    async handler({ res, query, wie }) {
      const r = await meldingenLijst(deps.db, query, zichtVan(wie.medewerker), deps.now?.() ?? new Date());
      res.json({ ...r, limit: query.limit, offset: query.offset });
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/meldingen/export.csv',
    operationId: 'meldingenExport',
    summary: 'Meldingen als CSV (zelfde filters als de lijst, zonder paginering)',
    tags: ['Overzicht'],
    rollen: LEZERS,
    query: LijstQuery,
    responses: { 200: { description: 'CSV (UTF-8, komma-gescheiden, met kopregel)', contentType: 'text/csv' } },
    async handler({ res, query, wie }) {
      const { limit: _l, offset: _o, ...filter } = query;
      const rijen = meldingenExport(deps.db, filter, zichtVan(wie.medewerker), deps.now?.() ?? new Date());
      // Read the first page before committing to a 200, so a database error still becomes a problem response.
      const eerste = await rijen.next();
      res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="meldingen.csv"');
      await schrijf(res, CSV_KOLOMMEN.join(',') + '\r\n');
      if (!eerste.done) {
        await schrijf(res, CSV_KOLOMMEN.map((k) => csvCel(eerste.value[k])).join(',') + '\r\n');
        for await (const r of rijen) await schrijf(res, CSV_KOLOMMEN.map((k) => csvCel(r[k])).join(',') + '\r\n');
      }
      res.end();
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/meldingen/:id',
    operationId: 'meldingDetail',
    summary: 'Live toestand van één melding: stappen, klokken met deadlines en uitleg, tijdlijn, plus de opgeslagen gegevens',
    description: 'Contactgegevens van de werkgever alleen voor team, regio-contact en WSP. Een melding buiten de eigen regio\'s geeft 404.',
    tags: ['Overzicht'],
    rollen: LEZERS,
    params: ID_PARAMS,
    responses: { 200: { description: 'De melding', schema: MeldingDetail } },
    async handler({ res, params, wie }) {
      const zicht = zichtVan(wie.medewerker);
      const metContactgegevens = ['team', 'regio-contact', 'wsp'].includes(wie.medewerker.rol);
      let detail = await meldingDetail(deps.db, params.id, zicht, { metContactgegevens });
      let live: MeldingStatusView | null | undefined;
      if (!detail && !zicht.alles) {
        // The stored projection may lag a routing step by a moment; the workflow's own state decides then.
        live = await liveZicht(deps, params.id, zicht.regioCodes);
        if (live) detail = await meldingDetail(deps.db, params.id, { alles: true }, { metContactgegevens });
      }
      if (!detail) throw new HttpProblem('not-found', 'Melding niet gevonden');
      let liveMelding: string | null = null;
      let liveBron: 'workflow' | 'leesmodel' | null = live ? 'workflow' : null;
      if (live === undefined) {
        // The workflow's last answer, kept at its last state change, is current when no newer state has
        // been projected since; then no workflow (and no replay) is needed.
        const bewaard = await liveLezen<MeldingStatusView>(deps.db, params.id);
        const nu = (deps.now?.() ?? new Date()).getTime();
        if (bewaard && bewaard.versie >= detail.projectieVersie) {
          live = weergaveOp(bewaard.weergave, nu);
          liveBron = 'leesmodel';
        } else {
          try {
            live = await deps.temporal.status(params.id, { timeoutMs: deps.liveWachttijdMs ?? 2_000 });
            liveBron = live ? 'workflow' : null;
          } catch (err) {
            if (!(err instanceof HttpProblem) || (err.status < 500 && err.status !== 404)) throw err;
            // 404 here: the melding is stored but its workflow has not started yet (the sweep starts it).
            live = bewaard ? weergaveOp(bewaard.weergave, nu) : null;
            liveBron = bewaard ? 'leesmodel' : null;
            liveMelding = bewaard
              ? 'De workflowdienst antwoordde niet op tijd; dit is de toestand bij de vorige stap.'
              : err.status === 404
                ? 'De werkroute van deze melding is nog niet gestart; dit zijn de opgeslagen gegevens.'
                : 'De live toestand is nu niet beschikbaar (de workflowdienst antwoordde niet op tijd); dit zijn de opgeslagen gegevens. Probeer het zo opnieuw.';
          }
        }
      }
      const { projectieVersie: _versie, ...gegevens } = detail;
      res.json({ ...gegevens, live, liveBron, liveMelding });
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/inbox',
    operationId: 'teamInbox',
    summary: 'Team-inbox: meldingen die op intake wachten, vroegste deadline eerst',
    tags: ['Team'],
    rollen: ['team', 'manager'],
    query: PagingQuery,
    responses: {
      200: {
        description: 'Inbox',
        schema: Pagina(
          MeldingLijstItem.extend({
            deadline: z.string().nullable(),
            deadlineUitleg: z.string().nullable(),
            toegewezenNaam: z.string().nullable(),
            klok: z.enum(['op_tijd', 'bijna', 'te_laat', 'geen']).describe('bijna: binnen 4 uur'),
          }),
        ),
      },
    },
    async handler({ res, query }) {
      const nu = (deps.now?.() ?? new Date()).getTime();
      const r = await teamInbox(deps.db, query.limit, query.offset);
      const items = r.items.map((i) => {
        const d = i.deadline ? new Date(i.deadline).getTime() : null;
        const klok = d === null ? 'geen' : d <= nu ? 'te_laat' : d - nu <= 4 * 3_600_000 ? 'bijna' : 'op_tijd';
        return { ...i, deadline: d === null ? null : new Date(d).toISOString(), klok };
      });
      res.json({ items, totaal: r.totaal, limit: query.limit, offset: query.offset });
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/taken',
    operationId: 'mijnTaken',
    summary: 'Mijn open taken (persoonlijk, en voor mijn rol in mijn regio\'s), vroegste deadline eerst',
    tags: ['Taken'],
    rollen: ['team', 'regio-contact', 'wsp', 'manager'],
    query: PagingQuery,
    responses: {
      200: {
        description: 'Taken',
        schema: z.object({
          items: z.array(z.object({ id: z.string(), meldingId: z.string(), nummer: z.number(), soort: z.string(), rol: z.string(), regioCode: z.string().nullable(), due: z.string().nullable(), aangemaaktOp: z.string(), voorMij: z.boolean() })),
        }),
      },
    },
    async handler({ res, query, wie }) {
      const items = await openTaken(deps.db, wie.medewerker, zichtVan(wie.medewerker), query.limit, query.offset);
      res.json({ items });
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/trajecten',
    operationId: 'trajecten',
    summary: 'Regiotrajecten binnen mijn regio\'s (regio-contact, WSP) of alle (team, manager)',
    tags: ['Regio'],
    rollen: ['team', 'regio-contact', 'wsp', 'manager'],
    query: TrajectenQuery,
    responses: {
      200: {
        description: 'Trajecten',
        schema: z.object({
          items: z.array(z.object({ meldingId: z.string(), nummer: z.number(), soort: z.string(), werkgever: z.string(), regioCode: z.string(), ronde: z.number(), status: z.string(), stap: z.string(), doorgezetOp: z.string(), wspId: z.number().nullable() })),
        }),
      },
    },
    async handler({ res, query, wie }) {
      const items = await trajectenLijst(deps.db, zichtVan(wie.medewerker), query);
      res.json({ items });
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/rapportage/reactietijden',
    operationId: 'reactietijden',
    summary: 'Reactietijden per regio en klok: mediaan, 90e percentiel, percentage overschreden',
    description: 'Over klokken gestart in de periode. Een lopende klok voorbij de deadline telt als overschreden.',
    tags: ['Rapportage'],
    rollen: ['manager', 'team', 'beheerder'],
    query: RapportageQuery,
    responses: { 200: { description: 'Per regio en klok', schema: z.object({ items: z.array(ReactietijdRij) }) } },
    async handler({ res, query }) {
      res.json({ items: await reactietijden(deps.db, query, deps.now?.() ?? new Date()) });
    },
  });
}
