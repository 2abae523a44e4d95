import type { Type } from 'protobufjs';
import { lookupType } from './root';
import type { Payload } from './wire';

/** Longs as numbers (event ids stay far below 2^53), enums as names, bytes as Buffers, no defaults. */
export const DECODE_OPTIONS = { longs: Number, enums: String, bytes: Buffer, defaults: false } as const;

/**
 * Fields already encoded elsewhere (history bytes) that the serializer appends verbatim after the
 * message, so a history is never re-encoded per poll. Protobuf readers accept fields in any order.
 */
export const RAW_FIELDS = Symbol('rawFields');
export interface RawField { fieldNo: number; bytes: Uint8Array }

/** `M` is the message `type` describes, in its wire form (proto/wire.ts); protobufjs cannot know it. */
export function decode<M = unknown>(type: Type, buf: Uint8Array): M {
  return type.toObject(type.decode(buf), DECODE_OPTIONS) as M;
}

export function encode(type: Type, obj: object & { [RAW_FIELDS]?: RawField[] }): Buffer {
  const body = type.encode(type.fromObject(obj)).finish();
  const raw = obj?.[RAW_FIELDS];
  if (!raw || raw.length === 0) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: Uint8Array[] = [body];
  for (const f of raw) {
    parts.push(varint((f.fieldNo << 3) | 2), varint(f.bytes.length), f.bytes);
  }
  return Buffer.concat(parts);
}

export function encodeByName(typeName: string, obj: object): Buffer {
  return encode(lookupType(typeName), obj);
}

export function decodeByName<M = unknown>(typeName: string, buf: Uint8Array): M {
  return decode<M>(lookupType(typeName), buf);
}

export function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

export interface Timestamp { seconds?: number; nanos?: number }

export function msToTs(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Duration/Timestamp → ms; undefined when absent. */
export function tsToMs(ts: Timestamp | null | undefined): number | undefined {
  if (!ts) return undefined;
  return (Number(ts.seconds ?? 0) * 1000) + Math.floor(Number(ts.nanos ?? 0) / 1e6);
}

export const msToDuration = msToTs;
export const durationToMs = tsToMs;

/** A JSON payload (json/plain), as the SDK's default converter writes it. */
export function jsonPayload(value: unknown, type?: string): Payload {
  const metadata: Record<string, Buffer> = { encoding: Buffer.from('json/plain') };
  if (type) metadata.type = Buffer.from(type);
  return { metadata, data: Buffer.from(JSON.stringify(value)) };
}
