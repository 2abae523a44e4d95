import { invalidArgument } from '../rpc/grpc-error';
import { formatRfc3339, parseRfc3339 } from './datetime';
import type { SAType, SearchAttributeRegistry } from './registry';

import type { Payload } from '../proto/wire';

export type { Payload };

export type SearchAttributeValue = string | number | boolean | string[] | number[] | boolean[] | null;

const JSON_PLAIN = 'json/plain';
const BINARY_NULL = 'binary/null';

const text = (b: Buffer | Uint8Array | null | undefined) => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8') : '');

/**
 * JSON `null` (the untyped client API's "unset", usually without a type), an empty list (the TS
 * SDK's documented way to remove a value) or `binary/null` removes the attribute on upsert.
 */
export function isDeletion(payload: Payload): boolean {
  const encoding = text(payload.metadata?.encoding);
  if (encoding === BINARY_NULL) return true;
  if (encoding !== JSON_PLAIN) return false;
  const raw = text(payload.data).trim();
  return raw === 'null' || /^\[\s*\]$/.test(raw);
}

class ValueMismatch extends Error {}

function scalar(v: unknown, type: SAType): string | number | boolean {
  switch (type) {
    case 'Keyword':
    case 'Text':
    case 'KeywordList':
      if (typeof v === 'string') return v;
      break;
    case 'Int':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
      break;
    case 'Double':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      break;
    case 'Bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'Datetime': {
      const ms = typeof v === 'string' ? parseRfc3339(v) : undefined;
      if (ms !== undefined) return ms;
      break;
    }
  }
  throw new ValueMismatch();
}

/**
 * JSON payload → the value queries compare: strings, numbers, booleans, Datetime as epoch ms.
 * The untyped client API wraps single values in arrays, so a one-element array is unwrapped
 * (except for KeywordList, which is always a list); longer arrays stay arrays and a query matches
 * if any element does, as the real server treats multi-valued keywords.
 */
export function decodeSearchAttributeValue(payload: Payload, type: SAType): SearchAttributeValue {
  try {
    return decode(payload, type);
  } catch (error) {
    if (!(error instanceof ValueMismatch)) throw error;
    throw invalidArgument(`invalid search attribute value of type ${type}: ${text(payload.data)}`);
  }
}

function decode(payload: Payload, type: SAType): SearchAttributeValue {
  const encoding = text(payload.metadata?.encoding);
  if (encoding === BINARY_NULL) return null;
  if (encoding !== JSON_PLAIN) throw new ValueMismatch(`unsupported encoding '${encoding}'`);
  let json: unknown;
  try {
    json = JSON.parse(text(payload.data));
  } catch {
    throw new ValueMismatch('not JSON');
  }
  if (json === null) return null;
  if (Array.isArray(json)) {
    const values = json.map((v) => scalar(v, type));
    if (type === 'KeywordList') return values as string[];
    if (values.length === 0) return null;
    return values.length === 1 ? values[0]! : (values as string[] | number[] | boolean[]);
  }
  const v = scalar(json, type);
  return type === 'KeywordList' ? [v as string] : v;
}

/** A typed `json/plain` payload; Datetime values are epoch ms and go out as RFC 3339. */
export function encodeSearchAttributeValue(value: Exclude<SearchAttributeValue, null>, type: SAType): Payload {
  const json = type === 'Datetime' ? (Array.isArray(value) ? value.map((v) => formatRfc3339(v as number)) : formatRfc3339(value as number)) : value;
  return {
    metadata: { encoding: Buffer.from(JSON_PLAIN), type: Buffer.from(type) },
    data: Buffer.from(JSON.stringify(json)),
  };
}

/**
 * Validates `indexedFields` against the registry and adds the `type` metadata the server is
 * expected to add (the SDK then decodes Datetime values as Dates). Data bytes are untouched;
 * deletions pass through as they are for the caller's merge.
 */
export function annotateSearchAttributes(
  indexedFields: Record<string, Payload> | null | undefined,
  registry: SearchAttributeRegistry,
): Record<string, Payload> {
  const out: Record<string, Payload> = {};
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const type = registry.typeOf(name);
    if (!type) throw invalidArgument(`search attribute ${name} is not defined`);
    if (registry.isReadOnly(name)) throw invalidArgument(`search attribute ${name} is reserved by system`);
    if (isDeletion(payload)) {
      out[name] = payload;
      continue;
    }
    try {
      decode(payload, type);
    } catch (error) {
      if (!(error instanceof ValueMismatch)) throw error;
      throw invalidArgument(`invalid value for search attribute ${name} of type ${type}: ${text(payload.data)}`);
    }
    out[name] = payload.metadata?.type
      ? payload
      : { ...payload, metadata: { ...payload.metadata, type: Buffer.from(type) } };
  }
  return out;
}
