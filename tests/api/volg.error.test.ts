// Follow link errors: unknown or malformed links, steps that no longer fit, bad bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
let pad: string;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
  const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
  await waitFor(() => h.temporal.status(r.body.id), { what: 'workflow started' });
  pad = `/api/volg/${(r.body.volgLink as string).split('/volg/')[1]}`;
});
afterAll(() => h?.stop());

describe('follow link errors', () => {
  it('an unknown token → 404, a malformed one → 400', async () => {
    const r = await h.req('GET', `/api/volg/${'A'.repeat(43)}`);
    expect(r.status, expectMsg(r)).toBe(404);
    expect((await h.req('GET', `/api/volg/kort`)).status).toBe(400);
    expect((await h.req('GET', `/api/volg/${encodeURIComponent("' or 1=1 --")}`)).status).toBe(400);
  });

  it('withdrawing twice → 409 with the reason', async () => {
    expect((await h.req('POST', `${pad}/intrekken`, { body: {} })).status).toBe(200);
    const r = await h.req('POST', `${pad}/intrekken`, { body: {} });
    expect(r.status, expectMsg(r)).toBe(409);
    expect(r.body.detail).toMatch(/intrekken kan niet|al afgesloten/);
  });

  it('confirming WSP contact for a regio without a track → 409', async () => {
    const r = await h.req('POST', `${pad}/wsp-contact`, { body: { regioCode: 'AM05' } });
    expect(r.status, expectMsg(r)).toBe(409);
  });

  it.each([
    { name: 'unknown field', body: { reden: 'x', extra: true } },
    { name: 'reden as number', body: { reden: 5 } },
    { name: 'array body', body: [1] },
  ])('intrekken with $name → 400', async ({ body }) => {
    const r = await h.req('POST', `${pad}/intrekken`, { body });
    expect(r.status, expectMsg(r)).toBe(400);
  });

  it('wsp-contact with a bad regio code → 400', async () => {
    const r = await h.req('POST', `${pad}/wsp-contact`, { body: { regioCode: 'Hoorn' } });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'regioCode', message: expect.any(String) }]);
  });
});
