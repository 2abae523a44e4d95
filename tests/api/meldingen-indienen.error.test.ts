// POST /api/meldingen, error paths: every validation problem is listed, unknown fields are refused, and no
// input (malformed, huge, deeply nested, wrongly typed) produces a 500. No workflow is needed: nothing here
// gets past validation, except the workflow-outage case, which must answer 503 and store nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMsg, geldigeMelding, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

const paden = (r: { body: { errors?: { path: string }[] } }) => (r.body.errors ?? []).map((e) => e.path).sort();

describe('POST /api/meldingen: validation', () => {
  it('lists every problem with its path as problem+json', async () => {
    const r = await h.req('POST', '/api/meldingen', {
      body: {
        soort: 'misschien',
        werkgever: { naam: '', kvkNummer: '1234', vestigingen: [{ postcode: '0123 AB', huisnummer: 'x', plaats: 'Hoorn' }] },
        contactpersoon: { naam: 'Iet', email: 'geen-adres' },
        sector: 'Z',
        functies: [{ omschrijving: 'monteur', aantal: 0 }],
        periode: { van: '2027-03-01', tot: '2027-02-28' },
      },
    });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ type: 'urn:werkroute:problem:validation-failed', status: 400, instance: '/api/meldingen', requestId: expect.any(String) });
    expect(paden(r)).toEqual(
      [
        'contactpersoon.email',
        'functies.0.aantal',
        'periode.tot',
        'sector',
        'soort',
        'werkgever.kvkNummer',
        'werkgever.naam',
        'werkgever.vestigingen.0.huisnummer',
        'werkgever.vestigingen.0.postcode',
      ].sort(),
    );
  });

  it('rejects unknown fields, naming each', async () => {
    const body = { ...geldigeMelding(), extra: 1, werkgever: { ...geldigeMelding().werkgever, website: 'x' } };
    const r = await h.req('POST', '/api/meldingen', { body });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(paden(r)).toEqual(['extra', 'werkgever.website']);
  });

  it.each([
    { name: 'no functies', patch: { functies: [] }, pad: 'functies' },
    { name: 'missing soort', patch: { soort: undefined }, pad: 'soort' },
    { name: 'aantal as string', patch: { functies: [{ omschrijving: 'x', aantal: '2' }] }, pad: 'functies.0.aantal' },
    { name: 'aantal fractional', patch: { functies: [{ omschrijving: 'x', aantal: 1.5 }] }, pad: 'functies.0.aantal' },
    { name: 'non-existent date', patch: { periode: { van: '2026-02-30', tot: '2026-03-01' } }, pad: 'periode.van' },
    { name: 'toelichting as object', patch: { toelichting: { a: 1 } }, pad: 'toelichting' },
    { name: 'very long toelichting', patch: { toelichting: 'x'.repeat(6000) }, pad: 'toelichting' },
    { name: 'control characters', patch: { toelichting: 'a\u0000b' }, pad: 'toelichting' },
    { name: 'sector lowercase', patch: { sector: 'c' }, pad: 'sector' },
  ])('$name → 400 at $pad', async ({ patch, pad }) => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding(patch) });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(paden(r)).toContain(pad);
  });

  it.each([
    { name: 'postcode with SA', postcode: '1234 SA' },
    { name: 'postcode too short', postcode: '123 AB' },
    { name: 'postcode with leading zero', postcode: '0123 AB' },
  ])('$name → 400', async ({ postcode }) => {
    const body = geldigeMelding();
    body.werkgever.vestigingen[0]!.postcode = postcode;
    const r = await h.req('POST', '/api/meldingen', { body });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(paden(r)).toEqual(['werkgever.vestigingen.0.postcode']);
  });
});

describe('POST /api/meldingen: hostile input never gives 500', () => {
  const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  it.each([
    { name: 'malformed JSON', raw: '{"soort": "vraag",', status: 400 },
    { name: 'JSON array', raw: '[1,2,3]', status: 400 },
    { name: 'JSON null', raw: 'null', status: 400 },
    { name: 'deeply nested object (10k levels)', raw: nested(10_000), status: 400 },
    { name: 'deeply nested array in a known field', raw: `{"toelichting":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, status: 400 },
    { name: 'empty body with JSON content type', raw: '', status: 400 },
    { name: 'prototype pollution attempt', raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', status: 400 },
  ])('$name → $status', async ({ raw, status }) => {
    const r = await h.req('POST', '/api/meldingen', { raw, headers: { 'content-type': 'application/json' } });
    expect(r.status, expectMsg(r)).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('a body over the limit → 413', async () => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding({ toelichting: 'x'.repeat(200_000) }) });
    expect(r.status, expectMsg(r)).toBe(413);
  });

  it.each([
    { name: 'form encoded', ct: 'application/x-www-form-urlencoded', raw: 'soort=vraag' },
    { name: 'plain text', ct: 'text/plain', raw: '{"soort":"vraag"}' },
    { name: 'xml', ct: 'application/xml', raw: '<melding/>' },
  ])('$name → 415', async ({ ct, raw }) => {
    const r = await h.req('POST', '/api/meldingen', { raw, headers: { 'content-type': ct } });
    expect(r.status, expectMsg(r)).toBe(415);
  });

  it('an unsupported charset → 415', async () => {
    const r = await h.req('POST', '/api/meldingen', { raw: '{}', headers: { 'content-type': 'application/json; charset=klingon' } });
    expect(r.status, expectMsg(r)).toBe(415);
  });

  it('a malformed Idempotency-Key → 400', async () => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding(), headers: { 'idempotency-key': 'x'.repeat(300) } });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(paden(r)).toEqual(['Idempotency-Key']);
  });

  it('random garbage bodies never give 500', async () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const waarden = [null, true, 0, -1, 1e308, '', 'x', '🙂', [], {}, [[]], { a: {} }, "'; drop table x; --", '\u202e', 'NaN'];
    for (let i = 0; i < 60; i++) {
      const body: Record<string, unknown> = geldigeMelding();
      for (const k of Object.keys(body)) if (rnd() < 0.3) body[k] = waarden[Math.floor(rnd() * waarden.length)];
      const r = await h.req('POST', '/api/meldingen', { body });
      // Valid bodies reach the (absent) workflow service and get 503; nothing may crash.
      expect([400, 503], expectMsg(r)).toContain(r.status);
    }
  });
});

describe('POST /api/meldingen: workflow service down', () => {
  it('answers 503 and a retry with the same key can still complete', async () => {
    const body = geldigeMelding();
    const r = await h.req('POST', '/api/meldingen', { body, headers: { 'idempotency-key': 'storing-1' } });
    expect(r.status, expectMsg(r)).toBe(503);
    const [row] = await h.db.sql`select status_code, response from idempotency_keys where key = 'storing-1'`;
    // The melding is kept and the key remembers it, so the retry starts the same melding's workflow.
    expect(row!.status_code).toBeNull();
    expect(row!.response).toMatchObject({ id: expect.any(String) });
  });

  it('the same key with another body → 422', async () => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding(), headers: { 'idempotency-key': 'storing-1' } });
    expect(r.status, expectMsg(r)).toBe(422);
  });
});
