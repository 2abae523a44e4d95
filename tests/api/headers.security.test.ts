// Security headers (api/security-headers.ts, helmet) on every kind of response: a page of the web app, an
// API JSON answer, problem+json answers; HSTS and Secure session cookies only when PUBLIC_URL is https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD, expectMsg, startApiHarness, type ApiHarness, type Resp } from './harness';

let http: ApiHarness;
let https: ApiHarness;
beforeAll(async () => {
  [http, https] = await Promise.all([startApiHarness(), startApiHarness({ publicUrl: 'https://werkroute.example.nl' })]);
});
afterAll(() => Promise.all([http?.stop(), https?.stop()]));

function expectBasisHeaders(r: Resp) {
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  expect(r.headers.get('x-frame-options')).toBe('DENY');
  expect(r.headers.get('x-powered-by')).toBeNull();
  const csp = r.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("script-src-attr 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
}

describe('security headers', () => {
  it('on a page of the web app, whose HTML has no inline script or style', async () => {
    const r = await http.req('GET', '/volg/abc');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expectBasisHeaders(r);
    expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(r.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const js = await http.req('GET', '/assets/main.js');
    expect(js.status).toBe(200);
    expectBasisHeaders(js);
  });

  it('on an API JSON answer', async () => {
    const r = await http.req('GET', '/api/wegwijzer');
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expectBasisHeaders(r);
  });

  it('on problem answers: 404, 400 and malformed JSON', async () => {
    for (const r of [
      await http.req('GET', '/api/bestaat-niet'),
      await http.req('GET', '/api/wegwijzer?regio=xx'),
      await http.req('POST', '/api/meldingen', { raw: '{', headers: { 'content-type': 'application/json' } }),
    ]) {
      expect([400, 404]).toContain(r.status);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expectBasisHeaders(r);
    }
  });

  it('the docs page keeps its own nonce policy, also refusing frames', async () => {
    const r = await http.req('GET', '/api/docs');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
  });
});

describe('HSTS and the session cookie follow PUBLIC_URL', () => {
  it('plain http: no HSTS, no upgrade-insecure-requests, cookie not Secure', async () => {
    const page = await http.req('GET', '/');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const r = await http.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team, wachtwoord: DEMO_PASSWORD } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/werkroute_sessie=.*HttpOnly/i);
    expect(r.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });

  it('https: HSTS on pages and API answers, and a Secure cookie although the request itself came over http', async () => {
    for (const r of [await https.req('GET', '/'), await https.req('GET', '/api/wegwijzer'), await https.req('GET', '/api/bestaat-niet')]) {
      expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(r.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const r = await https.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team, wachtwoord: DEMO_PASSWORD } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

});
