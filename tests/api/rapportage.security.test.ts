import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('GET /api/rapportage/reactietijden access', () => {
  it('managers, team and beheerder may; regio roles and strangers may not', async () => {
    expect((await h.req('GET', '/api/rapportage/reactietijden')).status).toBe(401);
    for (const [wie, status] of [[ACCOUNTS.manager, 200], [ACCOUNTS.team, 200], [ACCOUNTS.beheerder, 200], [ACCOUNTS.regioAM01, 403], [ACCOUNTS.wspAM01, 403]] as const) {
      expect((await h.req('GET', '/api/rapportage/reactietijden', { token: await h.login(wie) })).status, wie).toBe(status);
    }
  });
});
