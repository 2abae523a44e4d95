// OpenAPI 3.1 generated from the zod schemas, and the self-contained documentation page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('GET /api/openapi.json', () => {
  it('documents every route with its schemas', async () => {
    const r = await h.req('GET', '/api/openapi.json');
    expect(r.status, expectMsg(r)).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/meldingen', '/api/meldingen/{id}', '/api/volg/{token}', '/api/auth/login', '/api/meldingen/{id}/regios/{regio}/terugmelding', '/api/beheer/rooster', '/api/rapportage/reactietijden']),
    );
    const indienen = doc.paths['/api/meldingen'].post;
    expect(indienen.security).toEqual([]);
    const schema = doc.components.schemas.MeldingIndienen;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['soort', 'werkgever', 'contactpersoon', 'sector', 'functies']));
    expect(schema.properties.werkgever.properties.kvkNummer.pattern).toBe('^[0-9]{8}$');
    expect(indienen.responses['400'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    expect(indienen.responses['201'].headers.Location).toBeDefined();
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops as Record<string, { operationId: string }>).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    // Every $ref resolves.
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[ref[1]!], ref[1]).toBeDefined();
  });
});

describe('GET /api/docs', () => {
  it('serves a self-contained page that loads the spec from this server', async () => {
    const r = await h.req('GET', '/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.text).toContain("fetch('/api/openapi.json')");
    expect(r.text).not.toMatch(/https?:\/\/(?!json-schema)/);
  });
});
