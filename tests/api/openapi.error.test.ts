import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('documentation routes', () => {
  it('unknown API paths and methods are problem+json 404s', async () => {
    for (const [m, p] of [['GET', '/api/openapi.yaml'], ['POST', '/api/openapi.json'], ['DELETE', '/api/docs']] as const) {
      const r = await h.req(m, p);
      expect(r.status, `${m} ${p}`).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});
