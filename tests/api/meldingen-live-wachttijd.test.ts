// GET /api/meldingen/{id}: the live state comes from the read model the worker keeps at every state change
// (the workflow's own status view), from the workflow itself when the read model is behind, and within a
// bounded wait: with nothing to answer in time the stored data comes back with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, meldingInDb, startApiHarness, type ApiHarness } from './harness';

const WACHTTIJD_MS = 400;
let h: ApiHarness;
let team: string;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true, api: { liveWachttijdMs: WACHTTIJD_MS } });
  team = await h.login(ACCOUNTS.team);
});
afterAll(() => h?.stop());

const leesmodelVersie = async (id: string) => ((await h.db.sql<{ v: number }[]>`select versie as v from melding_live where melding_id = ${id}`)[0]?.v ?? 0);

describe('GET /api/meldingen/{id}: read model, workflow, bounded wait', () => {
  let id: string;

  it('the worker stores the workflow\'s status view at its first state change; reads use it', async () => {
    const ingediend = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    expect(ingediend.status, expectMsg(ingediend)).toBe(201);
    id = (ingediend.body as { id: string }).id;
    await expect.poll(() => leesmodelVersie(id), { timeout: 15_000 }).toBeGreaterThan(0);
    const r = await h.req('GET', `/api/meldingen/${id}`, { token: team });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body).toMatchObject({ id, liveBron: 'leesmodel', liveMelding: null, live: { meldingId: id, status: 'ontvangen' } });
    expect(r.body.live.klokken.map((k: { soort: string }) => k.soort)).toContain('intake');
    expect(r.body).not.toHaveProperty('projectieVersie');
  });

  it('a step\'s result refreshes the read model at once', async () => {
    const voor = await leesmodelVersie(id);
    const stap = await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { token: team, body: {} });
    expect(stap.status, expectMsg(stap)).toBe(200);
    expect(await leesmodelVersie(id)).toBeGreaterThan(voor);
    const r = await h.req('GET', `/api/meldingen/${id}`, { token: team });
    expect(r.body.live.status).toBe('in_behandeling');
  });

  it('a read model behind the projection is not trusted: the workflow answers', async () => {
    // A projection newer than the read model (pushed far ahead, so no late write of the worker's can
    // catch up with it during the test).
    await h.db.sql`update meldingen set projectie_versie = projectie_versie + 1000 where id = ${id}`;
    const r = await h.req('GET', `/api/meldingen/${id}`, { token: team });
    expect(r.body).toMatchObject({ liveBron: 'workflow', live: { status: 'in_behandeling' } });
    await h.db.sql`update meldingen set projectie_versie = projectie_versie - 1000 where id = ${id}`;
  });

  it('with the worker gone: the read model still answers at once; a melding without one gets the stored data and a reason within the wait', async () => {
    const zonderLeesmodel = await meldingInDb(h);
    await h.stopWorker();
    const metLeesmodel = await h.req('GET', `/api/meldingen/${id}`, { token: team });
    expect(metLeesmodel.body).toMatchObject({ liveBron: 'leesmodel', live: { status: 'in_behandeling' } });

    const t0 = performance.now();
    const zonder = await h.req('GET', `/api/meldingen/${zonderLeesmodel}`, { token: team });
    const ms = performance.now() - t0;
    expect(zonder.status, expectMsg(zonder)).toBe(200);
    expect(zonder.body).toMatchObject({ id: zonderLeesmodel, live: null, liveBron: null });
    expect(zonder.body.liveMelding).toMatch(/opgeslagen gegevens/);
    expect(ms).toBeLessThan(5_000);
  });
});
