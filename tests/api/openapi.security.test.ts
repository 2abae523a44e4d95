import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('documentation security', () => {
  it('the docs page runs only its own nonce-bearing script', async () => {
    const r = await h.req('GET', '/api/docs');
    const csp = r.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toMatch(/default-src 'none'/);
    expect(r.text).toContain(`<script nonce="${nonce}">`);
    expect((await h.req('GET', '/api/docs')).headers.get('content-security-policy')).not.toContain(nonce!);
  });

  it('every staff operation declares its roles and needs credentials', async () => {
    const doc = (await h.req('GET', '/api/openapi.json')).body;
    for (const [pad, ops] of Object.entries(doc.paths as Record<string, Record<string, { description: string; security?: unknown[]; responses: Record<string, unknown> }>>)) {
      for (const [m, op] of Object.entries(ops)) {
        if (op.security && op.security.length === 0) {
          expect(pad, `${m} ${pad} is public`).toMatch(/^\/api\/(meldingen|volg\/\{token\}.*|auth\/login|wegwijzer|voorbeelden)$/);
        } else {
          expect(op.description, `${m} ${pad}`).toMatch(/Rollen: /);
          expect(op.responses['401'], `${m} ${pad}`).toBeDefined();
        }
      }
    }
  });
});
