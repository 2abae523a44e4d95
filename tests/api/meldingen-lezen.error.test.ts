// Bad query parameters on the staff reads → 400 with every problem, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
let manager: string;
beforeAll(async () => {
  h = await startApiHarness();
  manager = await h.login(ACCOUNTS.manager);
});
afterAll(() => h?.stop());

describe('list query validation', () => {
  it.each([
    { q: '?limit=0', pad: 'query.limit' },
    { q: '?limit=100000', pad: 'query.limit' },
    { q: '?offset=-1', pad: 'query.offset' },
    { q: '?limit=abc', pad: 'query.limit' },
    { q: '?regio=Hoorn', pad: 'query.regio' },
    { q: '?status=kwijt', pad: 'query.status' },
    { q: '?teLaat=ja', pad: 'query.teLaat' },
    { q: '?van=2026-13-01', pad: 'query.van' },
    { q: '?van=2026-05-01&tot=2026-04-01', pad: 'query.tot' },
    { q: '?onbekend=1', pad: 'query.onbekend' },
    { q: '?regio=AM01&regio=AM02', pad: 'query.regio' },
    { q: "?sector=C'%20or%201=1", pad: 'query.sector' },
  ])('$q → 400 at $pad', async ({ q, pad }) => {
    for (const pad_ of ['/api/meldingen', '/api/meldingen/export.csv']) {
      const r = await h.req('GET', pad_ + q, { token: manager });
      expect(r.status, expectMsg(r)).toBe(400);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(pad);
    }
  });

  it('several problems at once are all listed', async () => {
    const r = await h.req('GET', '/api/meldingen?limit=0&soort=x&regio=y', { token: manager });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.limit', 'query.regio', 'query.soort']);
  });

  it('report and roster queries are validated too', async () => {
    expect((await h.req('GET', '/api/rapportage/reactietijden?van=gisteren', { token: manager })).status).toBe(400);
    expect((await h.req('GET', '/api/beheer/rooster?van=2026-01-01&tot=2030-01-01', { token: manager })).status).toBe(400);
    expect((await h.req('GET', '/api/inbox?limit=-5', { token: manager })).status).toBe(400);
  });

  it('an unknown API path → 404 problem', async () => {
    const r = await h.req('GET', '/api/bestaat-niet', { token: manager });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
