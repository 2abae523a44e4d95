// OpenAPI 3.1 built from the same zod schemas the routes validate with, so the document cannot drift from
// the code. zod 4 emits JSON Schema 2020-12, which is OpenAPI 3.1's schema dialect; named schemas (`.meta({
// id })`) are hoisted into components.
import { z } from 'zod';
import { PROBLEMS } from './errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: HttpMethod;
  /** Express path, e.g. /api/meldingen/:id. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** 'publiek' or the roles that may call it. */
  rollen: 'publiek' | readonly string[];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  headers?: { name: string; description: string; required?: boolean }[];
  responses: Record<number, ResponseDoc>;
}

type Json = Record<string, unknown>;

export class OpenApiRegistry {
  readonly routes: RouteDoc[] = [];
  private cached: Json | undefined;

  add(doc: RouteDoc): void {
    this.routes.push(doc);
    this.cached = undefined;
  }

  document(): Json {
    this.cached ??= buildDocument(this.routes);
    return this.cached;
  }
}

const ProblemSchema = z
  .object({
    type: z.string().describe('urn:werkroute:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const js = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', reused: 'inline' }) as Json;
  const defs = (js.$defs ?? {}) as Record<string, Json>;
  delete js.$defs;
  delete js.$schema;
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === 'object') {
      const o: Json = {};
      for (const [k, x] of Object.entries(v)) o[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/$defs/', '#/components/schemas/') : rewrite(x);
      return o;
    }
    return v;
  };
  for (const [name, def] of Object.entries(defs)) components[name] = rewrite(def);
  return rewrite(js) as Json;
}

function parameters(schema: z.ZodType | undefined, plaats: 'query' | 'path', components: Json): Json[] {
  if (!schema) return [];
  const js = toSchema(schema, 'input', components);
  const props = (js.properties ?? {}) as Record<string, Json>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: plaats, required: plaats === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function buildDocument(routes: RouteDoc[]): Json {
  const components: Json = {};
  const problemRef = { $ref: '#/components/schemas/Problem' };
  toSchema(ProblemSchema, 'output', components);
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Json = {};
    for (const [status, resp] of Object.entries(r.responses)) {
      const ct = resp.contentType ?? 'application/json';
      responses[status] = {
        description: resp.description,
        ...(resp.headers ? { headers: Object.fromEntries(Object.entries(resp.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) } : {}),
        ...(resp.schema ? { content: { [ct]: { schema: toSchema(resp.schema, 'output', components) } } } : resp.contentType ? { content: { [ct]: {} } } : {}),
      };
    }
    const foutcodes = new Set<number>([400, 500]);
    if (r.rollen !== 'publiek') [401, 403].forEach((s) => foutcodes.add(s));
    if (r.params) foutcodes.add(404);
    if (r.body) [413, 415].forEach((s) => foutcodes.add(s));
    for (const s of foutcodes) {
      if (responses[s]) continue;
      const entry = Object.values(PROBLEMS).find((p) => p.status === s);
      responses[s] = { description: entry?.title ?? 'Error', content: { 'application/problem+json': { schema: problemRef } } };
    }
    for (const [s, v] of Object.entries(responses)) {
      if (Number(s) >= 400 && !(v as Json).content) (v as Json).content = { 'application/problem+json': { schema: problemRef } };
    }
    const rollen = r.rollen === 'publiek' ? 'Publiek (geen inlog).' : `Rollen: ${r.rollen.join(', ')}.`;
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      description: [r.description, rollen].filter(Boolean).join('\n\n'),
      tags: r.tags,
      ...(r.rollen === 'publiek' ? { security: [] } : { 'x-rollen': [...r.rollen] }),
      parameters: [
        ...parameters(r.params, 'path', components),
        ...parameters(r.query, 'query', components),
        ...(r.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } })),
      ],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input', components) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Werkroute API',
      version: '1.0.0',
      description:
        'Case management for NLWerktDoor. Every melding is a durable workflow; every step is a Temporal update. ' +
        'Errors are RFC 9457 problem+json. Staff authenticate with a session (bearer token or HttpOnly cookie) or an API token.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Session token (wrs_…) from POST /api/auth/login, or an API token (wrt_…)' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'werkroute_sessie' },
      },
    },
  };
}
