// Steps on a melding are Temporal updates whose input names the acting person (`actor`). Whoever can reach
// Temporal could otherwise send any step as anyone: the workflow would believe the payload. So the API signs
// every step it sends, and the worker checks the signature before the step has any effect
// (workflows/melding.ts, local activity `verifieerStap`; README "Security").
//
// The signature is an HMAC-SHA256, under a key derived from the app secret (WERKROUTE_SECRET or
// DATA_DIR/werkroute-secret, see ./geheim.ts), over the workflow id, the update's name and id, the moment of
// signing and the whole input (canonical JSON, so the actor *and* what the step decides are covered).
// Binding the update id means a captured signed step cannot be applied a second time: the server dedupes
// updates by id. The moment bounds how long a signed step stays usable.
import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import type { WorkflowClientInterceptor, WorkflowStartUpdateInput } from '@temporalio/client';

/** Travels as the field `handtekening` of a step's input (args[0]); the workflow strips it before the domain sees the input. */
export interface StapHandtekening {
  /** Format version. */
  v: 1;
  /** Moment of signing (epoch ms, the API's clock). */
  op: number;
  /** HMAC-SHA256, base64url. */
  mac: string;
}

export interface StapGegevens {
  workflowId: string;
  updateName: string;
  updateId: string;
  /** The step's input without `handtekening`. */
  input: unknown;
}

export type StapControle = { geldig: true } | { geldig: false; reden: string };

/** A signed step is accepted this long after it was signed (the API gives up on a step after 10 s). */
export const MAX_LEEFTIJD_MS = 10 * 60_000;
/** Clock difference tolerated between the API and the worker when they run on different machines. */
export const MAX_VOORSPRONG_MS = 60_000;

/** The step-signing key: derived from the app secret (HKDF), so the secret itself can serve other purposes later. */
export function stapSleutel(geheim: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', geheim, Buffer.alloc(0), 'werkroute/stap-handtekening/v1', 32));
}

/** JSON with object keys sorted at every level, undefined members left out: the same text on both sides of a payload round trip. */
export function canoniekeJson(waarde: unknown): string {
  return JSON.stringify(sorteer(waarde));
}

function sorteer(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sorteer(x)));
  // Plain objects (from any realm: the workflow sandbox has its own Object); Dates, Buffers etc. keep their toJSON.
  if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    const uit: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) uit[k] = sorteer(x);
    }
    return uit;
  }
  return v;
}

function mac(sleutel: Buffer, g: StapGegevens, op: number): Buffer {
  const tekst = ['werkroute-stap', 'v1', g.workflowId, g.updateName, g.updateId, String(op), canoniekeJson(g.input)].join('\n');
  return createHmac('sha256', sleutel).update(tekst, 'utf8').digest();
}

export function ondertekenStap(sleutel: Buffer, g: StapGegevens, op = Date.now()): StapHandtekening {
  return { v: 1, op, mac: mac(sleutel, g, op).toString('base64url') };
}

/** Constant-time check of a step's signature and age. Never throws: anything malformed is simply invalid. */
export function controleerStap(sleutel: Buffer | undefined, g: StapGegevens & { handtekening?: unknown }, nu = Date.now()): StapControle {
  if (!sleutel) return { geldig: false, reden: 'de worker heeft geen sleutel om stappen te controleren' };
  const h = g.handtekening as Partial<StapHandtekening> | undefined;
  if (!h || typeof h !== 'object' || h.v !== 1 || typeof h.op !== 'number' || !Number.isFinite(h.op) || typeof h.mac !== 'string') {
    return { geldig: false, reden: 'stap zonder geldige handtekening' };
  }
  const verwacht = mac(sleutel, g, h.op);
  const gekregen = Buffer.from(h.mac, 'base64url');
  if (gekregen.length !== verwacht.length || !timingSafeEqual(gekregen, verwacht)) return { geldig: false, reden: 'handtekening klopt niet bij deze stap' };
  if (h.op > nu + MAX_VOORSPRONG_MS || nu - h.op > MAX_LEEFTIJD_MS) return { geldig: false, reden: 'handtekening is verlopen' };
  return { geldig: true };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Client interceptor: signs every update this client sends (and gives it an update id if the caller did
 * not, since the signature binds one). Installed on the API's client only (app/temporal.ts); a client
 * without it sends unsigned steps, which the workflow refuses.
 */
export function stapOndertekenaar(sleutel: Buffer): WorkflowClientInterceptor {
  return {
    async startUpdate(input: WorkflowStartUpdateInput, next) {
      const [eerste, ...rest] = input.args;
      if (!isObject(eerste)) return next(input);
      const updateId = input.options.updateId ?? randomUUID();
      const { handtekening: _oud, ...stap } = eerste;
      const handtekening = ondertekenStap(sleutel, { workflowId: input.workflowExecution.workflowId, updateName: input.updateName, updateId, input: stap });
      return next({ ...input, args: [{ ...stap, handtekening }, ...rest], options: { ...input.options, updateId } });
    },
  };
}
