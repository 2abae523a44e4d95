// The employer's private follow link: status with steps, and withdrawing the melding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
});
afterAll(() => h?.stop());

async function indienen() {
  const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
  expect(r.status, expectMsg(r)).toBe(201);
  await waitFor(() => h.temporal.status(r.body.id), { what: 'workflow started' });
  return { id: r.body.id as string, pad: `/api/volg/${(r.body.volgLink as string).split('/volg/')[1]}` };
}

describe('GET /api/volg/{token}', () => {
  it('shows the status and the steps so far', async () => {
    const { id, pad } = await indienen();
    const team = await h.login(ACCOUNTS.team);
    await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });

    const r = await h.req('GET', pad);
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toMatchObject({ soort: 'vraag', werkgever: 'Snijder BV', status: 'in_behandeling', regios: [{ regioCode: 'AM01', status: 'open' }], mogelijk: { intrekken: true } });
    expect(r.body.stappen.map((s: { actie: string }) => s.actie)).toEqual(expect.arrayContaining(['ontvangen', 'gerouteerd']));
  });
});

describe('POST /api/volg/{token}/intrekken', () => {
  it('withdraws the melding', async () => {
    const { id, pad } = await indienen();
    const r = await h.req('POST', `${pad}/intrekken`, { body: { reden: 'al iemand gevonden' } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body).toMatchObject({ status: 'ingetrokken', mogelijk: { intrekken: false } });
    expect((await h.temporal.status(id))!.status).toBe('ingetrokken');
  });
});

describe('POST /api/volg/{token}/wsp-contact', () => {
  it('the employer confirms the WSP contacted them', async () => {
    const { id, pad } = await indienen();
    const team = await h.login(ACCOUNTS.team);
    const regio = await h.login(ACCOUNTS.regioAM01);
    await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });
    await h.req('POST', `/api/meldingen/${id}/regios/AM01/wsp`, { token: regio, body: {} });
    expect((await h.req('GET', pad)).body.mogelijk.wspContactBevestigen).toEqual(['AM01']);
    const r = await h.req('POST', `${pad}/wsp-contact`, { body: { regioCode: 'AM01' } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.regios[0].wspContactGemeld).toBe(true);
  });
});
