// Steps that cannot happen: the workflow's refusal comes back as 409 with its reason; unknown meldingen are
// 404; malformed step bodies are 400 before Temporal is asked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
let team: string;
let regio: string;
let id: string;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
  team = await h.login(ACCOUNTS.team);
  regio = await h.login(ACCOUNTS.regioAM01);
  const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
  id = r.body.id;
  await waitFor(() => h.temporal.status(id), { what: 'workflow started' });
});
afterAll(() => h?.stop());

describe('refused steps → 409 with the workflow reason', () => {
  it('taking a melding into treatment twice', async () => {
    expect((await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { token: team })).status).toBe(200);
    const r = await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { token: team });
    expect(r.status, expectMsg(r)).toBe(409);
    expect(r.body).toMatchObject({ type: 'urn:werkroute:problem:conflict', detail: expect.stringContaining('inBehandelingNemen') });
  });

  it('a terugmelding before the regio acknowledged and forwarded', async () => {
    const i = await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });
    expect(i.status, expectMsg(i)).toBe(200);
    const r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/status`, { token: regio, body: { stand: 'nog niets' } });
    expect(r.status, expectMsg(r)).toBe(409);
    expect(r.body.detail).toMatch(/statusMelden kan niet/);
  });

  it('routing to a regio that already has a track', async () => {
    const r = await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });
    expect(r.status, expectMsg(r)).toBe(409);
  });

  it('an inconsistent outcome (vervuld with nobody placed)', async () => {
    await h.req('POST', `/api/meldingen/${id}/regios/AM01/bevestigen`, { token: regio });
    const r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/terugmelding`, {
      token: regio,
      body: { uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 0, oplossing: 'anders' } },
    });
    expect(r.status, expectMsg(r)).toBe(409);
    expect(r.body.detail).toMatch(/zonder geplaatste mensen/);
  });
});

describe('unknown meldingen and bad input', () => {
  it.each(['in-behandeling', 'intrekken'])('POST /api/meldingen/<unknown>/%s → 404', async (stap) => {
    const r = await h.req('POST', `/api/meldingen/${randomUUID()}/${stap}`, { token: team, body: {} });
    expect(r.status, expectMsg(r)).toBe(404);
  });

  it('GET /api/meldingen/<unknown> → 404, not-a-uuid → 400', async () => {
    expect((await h.req('GET', `/api/meldingen/${randomUUID()}`, { token: team })).status).toBe(404);
    const r = await h.req('GET', `/api/meldingen/1' or '1'='1`, { token: team });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'params.id', message: 'moet een uuid zijn' }]);
  });

  it.each([
    { name: 'intake without a decision', pad: 'intake', body: { besluit: {} } },
    { name: 'intake with unknown field', pad: 'intake', body: { besluit: { sluit: { reden: 'x' } }, geheim: 1 } },
    { name: 'routing to a non-regio', pad: 'intake', body: { besluit: { routeer: [{ regioCode: 'AM99X' }] } } },
    { name: 'vervolg with unknown kind', pad: 'vervolg', body: { regioCode: 'AM01', besluit: { soort: 'wachten' } } },
    { name: 'reassign to a string id', pad: 'toewijzen', body: { naarMedewerkerId: '12' } },
    { name: 'body on a bodiless step', pad: 'in-behandeling', body: { x: 1 } },
  ])('$name → 400', async ({ pad, body }) => {
    const r = await h.req('POST', `/api/meldingen/${id}/${pad}`, { token: team, body });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors.length).toBeGreaterThan(0);
  });

  it('routing to a regio code that does not exist (CBS codes have gaps) → 400 naming the field', async () => {
    const intake = await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, body: { besluit: { routeer: [{ regioCode: 'AM01' }, { regioCode: 'AM04' }] } } });
    expect(intake.status, expectMsg(intake)).toBe(400);
    expect(intake.body.errors).toEqual([{ path: 'besluit.routeer.1.regioCode', message: expect.stringMatching(/bestaande arbeidsmarktregio/) }]);
    const vervolg = await h.req('POST', `/api/meldingen/${id}/vervolg`, { token: team, body: { regioCode: 'AM16', besluit: { soort: 'andere_regios', regios: [{ regioCode: 'AM31' }] } } });
    expect(vervolg.status, expectMsg(vervolg)).toBe(400);
    expect(vervolg.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['besluit.regios.0.regioCode', 'regioCode']);
    const pad = await h.req('POST', `/api/meldingen/${id}/regios/AM04/bevestigen`, { token: regio, body: {} });
    expect(pad.status, expectMsg(pad)).toBe(400);
    expect(pad.body.errors).toEqual([{ path: 'params.regio', message: expect.any(String) }]);
  });

  it('regio step with a bad outcome → 400 listing each field', async () => {
    const r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/terugmelding`, {
      token: regio,
      body: { uitkomst: { resultaat: 'prima', aantalGeplaatst: -1, oplossing: 'toverij' } },
    });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['uitkomst.aantalGeplaatst', 'uitkomst.oplossing', 'uitkomst.resultaat']);
  });

  it('malformed JSON and other media types on a step', async () => {
    const bad = await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, raw: '{"besluit":', headers: { 'content-type': 'application/json' } });
    expect(bad.status, expectMsg(bad)).toBe(400);
    const form = await h.req('POST', `/api/meldingen/${id}/intake`, { token: team, raw: 'besluit=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status, expectMsg(form)).toBe(415);
  });
});
