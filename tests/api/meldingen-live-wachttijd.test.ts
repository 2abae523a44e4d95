// GET /api/meldingen/{id} waits a bounded time for the workflow's live state: when nothing answers the
// query in time (here: the worker is gone), the stored data comes back with live: null and a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, type ApiHarness } from './harness';

const WACHTTIJD_MS = 400;
let h: ApiHarness;
let team: string;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true, api: { liveWachttijdMs: WACHTTIJD_MS } });
  team = await h.login(ACCOUNTS.team);
});
afterAll(() => h?.stop());

describe('GET /api/meldingen/{id} with a live-state budget', () => {
  it('answers with the live state while the worker answers, and with the stored data alone once it does not', async () => {
    const ingediend = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    expect(ingediend.status, expectMsg(ingediend)).toBe(201);
    const id = (ingediend.body as { id: string }).id;

    await expect
      .poll(async () => (await h.req('GET', `/api/meldingen/${id}`, { token: team })).body?.live?.meldingId, { timeout: 15_000, interval: 100 })
      .toBe(id);
    const metLive = await h.req('GET', `/api/meldingen/${id}`, { token: team });
    expect(metLive.body).toMatchObject({ id, liveMelding: null, live: { meldingId: id, status: 'ontvangen' } });

    await h.stopWorker();
    const t0 = performance.now();
    const zonder = await h.req('GET', `/api/meldingen/${id}`, { token: team });
    const ms = performance.now() - t0;
    expect(zonder.status, expectMsg(zonder)).toBe(200);
    expect(zonder.body).toMatchObject({ id, soort: 'vraag', live: null });
    expect(zonder.body.liveMelding).toMatch(/niet op tijd/);
    // Without the budget this request would wait for the facade's 10 s timeout.
    expect(ms).toBeGreaterThanOrEqual(WACHTTIJD_MS - 50);
    expect(ms).toBeLessThan(5_000);
  });
});
