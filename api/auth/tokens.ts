// Secrets handed to clients. The prefix tells a session from an API token at a glance (and lets secret
// scanners recognise a leaked one); the rest is 256 random bits.
import { randomFillSync } from 'node:crypto';

export const SESSIE_PREFIX = 'wrs_';
export const API_TOKEN_PREFIX = 'wrt_';
export const SESSIE_COOKIE = 'werkroute_sessie';
export const SESSIE_DUUR_MS = 12 * 60 * 60 * 1000;

// randomBytes(32) costs a getrandom(2) call per token, and every public submission mints a follow token.
// Tokens are cut from a pooled buffer of kernel randomness instead (as crypto.randomUUID does); each byte is
// handed out once and wiped from the pool.
const POOL = Buffer.alloc(4096);
let gebruikt = POOL.length;
function willekeurig256(): string {
  if (gebruikt + 32 > POOL.length) {
    randomFillSync(POOL);
    gebruikt = 0;
  }
  const deel = POOL.subarray(gebruikt, gebruikt + 32);
  gebruikt += 32;
  const token = deel.toString('base64url');
  deel.fill(0);
  return token;
}

export const nieuwSessieToken = () => SESSIE_PREFIX + willekeurig256();
export const nieuwApiToken = () => API_TOKEN_PREFIX + willekeurig256();
export const nieuwVolgToken = () => willekeurig256();

const TOKEN_VORM = /^wr[st]_[A-Za-z0-9_-]{43}$/;
export const isTokenVorm = (t: string) => TOKEN_VORM.test(t);

/** The session cookie from a Cookie header, without a cookie-parser dependency. */
export function sessieUitCookie(header: string | undefined): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const deel of header.split(';')) {
    const i = deel.indexOf('=');
    if (i < 0) continue;
    if (deel.slice(0, i).trim() === SESSIE_COOKIE) return deel.slice(i + 1).trim();
  }
  return undefined;
}
