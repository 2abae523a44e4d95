// POST /api/meldingen, security: per-address rate limit with Retry-After, no personal data or follow tokens
// in logs, no internals in error bodies, and the Idempotency-Key cannot be used to read another submission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMsg, geldigeMelding, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
const logLines: string[] = [];
beforeAll(async () => {
  h = await startApiHarness({ logLines, api: { indienLimiet: { capaciteit: 3, perSeconde: 0.01 } } });
});
afterAll(() => h?.stop());

describe('Idempotency-Key scope', () => {
  it('a known key with a different body → 422, revealing nothing of the first submission', async () => {
    const eerste = JSON.stringify({ id: 'x', nummer: 1, volgLink: 'http://x/volg/geheim' });
    await h.db.sql`insert into idempotency_keys (scope, key, request_hash, status_code, response)
                   values ('POST /api/meldingen', 'van-een-ander', 'abc', 201, ${eerste}::jsonb)`;
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding(), headers: { 'idempotency-key': 'van-een-ander' } });
    expect(r.status, expectMsg(r)).toBe(422);
    expect(r.text).not.toContain('geheim');
  });
});

describe('POST /api/meldingen: security', () => {
  it('keeps personal data out of the logs and internals out of error bodies', async () => {
    const body = geldigeMelding();
    body.contactpersoon = { naam: 'Geheime Naam', email: 'geheim@example.nl', telefoon: '0699999999' };
    const r = await h.req('POST', '/api/meldingen/', { body: { ...body, sector: 'Ω' } });
    expect(r.text).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
    const alles = logLines.join('\n');
    expect(alles).toContain('"requestId"');
    expect(alles).not.toContain('Geheime Naam');
    expect(alles).not.toContain('geheim@example.nl');
    expect(alles).not.toContain('0699999999');
  });

  it('does not echo submitted values back in validation messages', async () => {
    const r = await h.req('POST', '/api/meldingen', { body: { ...geldigeMelding(), contactpersoon: { naam: 'X', email: '<script>alert(1)</script>' } } });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.text).not.toContain('<script>');
  });
  it('ignores X-Forwarded-For without TRUST_PROXY: a client cannot pick a fresh address per request', async () => {
    const ander = await startApiHarness({ api: { indienLimiet: { capaciteit: 2, perSeconde: 0.01 } } });
    try {
      const statussen: number[] = [];
      for (let i = 0; i < 3; i++) statussen.push((await ander.req('POST', '/api/meldingen', { body: {}, headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
      expect(statussen).toEqual([400, 400, 429]);
    } finally {
      await ander.stop();
    }
  });

  it('behind a trusted proxy, limits each forwarded client on its own', async () => {
    const achterProxy = await startApiHarness({ trustProxy: ['loopback'], api: { indienLimiet: { capaciteit: 2, perSeconde: 0.01 } } });
    try {
      const stuur = (client: string) => achterProxy.req('POST', '/api/meldingen', { body: {}, headers: { 'x-forwarded-for': client } });
      const a = [await stuur('203.0.113.7'), await stuur('203.0.113.7'), await stuur('203.0.113.7')].map((r) => r.status);
      const b = (await stuur('198.51.100.9')).status;
      expect(a).toEqual([400, 400, 429]);
      expect(b).toBe(400);
    } finally {
      await achterProxy.stop();
    }
  });

  // Runs last in this file: it spends the address's whole budget.
  it('limits submissions per client address: 429 with Retry-After', async () => {
    const statussen: number[] = [];
    let laatste;
    for (let i = 0; i < 5; i++) {
      laatste = await h.req('POST', '/api/meldingen', { body: { soort: 'vraag' } });
      statussen.push(laatste.status);
    }
    expect(statussen.slice(-2)).toEqual([429, 429]);
    expect(statussen.filter((s) => s === 400).length).toBeLessThanOrEqual(3);
    expect(Number(laatste!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(laatste!.body).toMatchObject({ type: 'urn:werkroute:problem:too-many-requests', status: 429 });
  });
});
