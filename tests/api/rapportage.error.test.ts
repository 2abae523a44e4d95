import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('GET /api/rapportage/reactietijden errors', () => {
  it.each(['?van=2026-02-30', '?van=2026-05-01&tot=2026-01-01', '?regio=AM1', '?groep=regio', '?van[]=x'])('%s → 400', async (q) => {
    const r = await h.req('GET', `/api/rapportage/reactietijden${q}`, { token: await h.login(ACCOUNTS.manager) });
    expect(r.status, expectMsg(r)).toBe(400);
  });

  it('no data → an empty list, not an error', async () => {
    const r = await h.req('GET', '/api/rapportage/reactietijden', { token: await h.login(ACCOUNTS.manager) });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.items).toEqual([]);
  });
});
