// zod issues → the `errors: [{ path, message }]` list of a 400 problem. Every issue is reported (not just the
// first), and an unknown field is named by its own path so a form can point at it.
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpProblem, type FieldError } from '../errors';

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
