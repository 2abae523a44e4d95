import { notFound } from '../rpc/grpc-error';

export interface WftToken { k: 'w'; ns: string; r: string; s: number; t: number; a: number }
export interface ActToken { k: 'a'; ns: string; r: string; s: number; a: number }
export interface QueryToken { k: 'q'; ns: string; q: string }
export type Token = WftToken | ActToken | QueryToken;

export function encodeToken(t: Token): Buffer {
  return Buffer.from(JSON.stringify(t));
}

export function decodeToken<K extends Token['k']>(buf: unknown, kind: K): Extract<Token, { k: K }> {
  if (!buf || !(buf instanceof Uint8Array) || buf.length === 0) throw new TypeError('Task token not set on request.');
  let t: unknown;
  try {
    t = JSON.parse(Buffer.from(buf).toString('utf8'));
  } catch {
    throw notFound('Task token is invalid or the task no longer exists.');
  }
  if (!t || (t as { k?: unknown }).k !== kind) throw notFound('Task token is invalid or the task no longer exists.');
  // We wrote the token (encodeToken); its kind says which one it is.
  return t as Extract<Token, { k: K }>;
}
