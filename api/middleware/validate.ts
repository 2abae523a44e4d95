// zod issues → the `errors: [{ path, message }]` list of a 400 problem. Every issue is reported (not just the
// first), and an unknown field is named by its own path so a form can point at it.
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpProblem, type FieldError } from '../errors';
import { ongeldigTeken } from '../schemas/common';

export function issuesToErrors(issues: readonly z.core.$ZodIssue[], prefix: string[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const i of issues) {
    const base = [...prefix, ...i.path.map(String)];
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ path: [...base, k].join('.'), message: 'onbekend veld' });
      continue;
    }
    const message = i.code === 'invalid_type' && /received undefined$/.test(i.message) ? 'is verplicht' : i.message;
    out.push({ path: base.join('.') || '(root)', message });
  }
  return out;
}

/** Parses with `schema` or throws a 400 validation problem listing every issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, wat: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const detail = wat === 'body' ? 'De body voldoet niet aan het schema' : wat === 'query' ? 'De queryparameters kloppen niet' : 'De padparameters kloppen niet';
  throw new HttpProblem('validation-failed', detail, issuesToErrors(r.error.issues, wat === 'body' ? [] : [wat]));
}

const MAX_TEKENFOUTEN = 50;

/** A key as it appears in a path, with characters that cannot be shown written as \uXXXX. */
const toonbaar = (k: string) => {
  let uit = '';
  for (let i = 0; i < k.length; i++) uit += ongeldigTeken(k[i]!, 'regel') ? `\\u${k.charCodeAt(i).toString(16).padStart(4, '0')}` : k[i];
  return uit;
};

/**
 * The character rule of api/schemas/common.ts (`ongeldigTeken`, multi-line floor) over everything a route
 * reads: path parameters, the query string and the JSON body, values and object keys, at any depth
 * (iteratively: a 100 kB body may nest deeper than the call stack). Paths are named as in the schema
 * errors: body fields bare, `query.x`, `params.x`. Runs in defineRoute before the schemas, so no route and no
 * field can skip it; the single-line part is per field (`regel`).
 */
export function tekenFouten(delen: { wat: 'body' | 'query' | 'params'; waarde: unknown }[]): FieldError[] {
  // A path is a chain of parent links, spelled out only for a field in error: depth costs O(1) per level.
  interface Pad {
    ouder: Pad | undefined;
    naam: string;
  }
  const spel = (p: Pad | undefined): string => {
    const delen: string[] = [];
    for (let q = p; q; q = q.ouder) delen.push(q.naam);
    return delen.reverse().join('.') || '(root)';
  };
  const fouten: FieldError[] = [];
  for (const { wat, waarde } of delen) {
    const stapel: [unknown, Pad | undefined][] = [[waarde, wat === 'body' ? undefined : { ouder: undefined, naam: wat }]];
    while (stapel.length > 0 && fouten.length < MAX_TEKENFOUTEN) {
      const [v, pad] = stapel.pop()!;
      if (typeof v === 'string') {
        const fout = ongeldigTeken(v, 'meerdere-regels');
        if (fout) fouten.push({ path: spel(pad), message: fout });
      } else if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stapel.push([v[i], { ouder: pad, naam: String(i) }]);
      } else if (v !== null && typeof v === 'object') {
        for (const [k, kind] of Object.entries(v).reverse()) {
          const fout = ongeldigTeken(k, 'regel');
          if (fout) fouten.push({ path: spel({ ouder: pad, naam: toonbaar(k) }), message: `veldnaam ${fout}` });
          else stapel.push([kind, { ouder: pad, naam: k }]);
        }
      }
    }
  }
  return fouten;
}

/** 400 naming every field that breaks the character rule (see tekenFouten). */
export function eisGeldigeTekens(req: Request): void {
  const fouten = tekenFouten([
    { wat: 'params', waarde: req.params },
    { wat: 'query', waarde: req.query },
    { wat: 'body', waarde: req.body },
  ]);
  if (fouten.length > 0) throw new HttpProblem('validation-failed', 'Het verzoek bevat tekens die niet opgeslagen of verstuurd kunnen worden', fouten);
}

/** True when the request carries a body at all (a POST without one may still be fine for some steps). */
export function heeftBody(req: Request): boolean {
  const len = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (len !== undefined && len !== '0');
}

/** 415 for a body that is not JSON; express.json() has already parsed JSON bodies into req.body. */
export function eisJson(req: Request): void {
  if (heeftBody(req) && !req.is('application/json')) {
    throw new HttpProblem('unsupported-media-type', 'Stuur de body als application/json');
  }
}
