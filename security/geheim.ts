// The app secret: the key the API signs steps with and the worker checks them with (./stap-handtekening.ts).
// Both must read the same value, also once API and worker run as separate processes:
//  - WERKROUTE_SECRET, when set (required when they run on different machines, or several instances share
//    one database: every process gets the same value);
//  - otherwise DATA_DIR/werkroute-secret: 32 random bytes written once (mode 0600, published atomically so
//    processes starting at the same moment agree) and read at every later start. Not a database migration,
//    and no value in Temporal's history.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const GEHEIM_BESTAND = 'werkroute-secret';
/** Shortest accepted secret (WERKROUTE_SECRET or file), in characters. */
export const MIN_GEHEIM_LENGTE = 32;

export class GeheimFout extends Error {
  override name = 'GeheimFout';
}

export interface GeladenGeheim {
  geheim: string;
  bron: 'WERKROUTE_SECRET' | 'bestand' | 'nieuw bestand';
  /** The file, when it came from one. */
  bestand?: string;
}

export function laadGeheim(opts: { secret?: string; dataDir: string }): GeladenGeheim {
  if (opts.secret !== undefined && opts.secret !== '') {
    if (opts.secret.trim().length < MIN_GEHEIM_LENGTE) throw new GeheimFout(`WERKROUTE_SECRET must be at least ${MIN_GEHEIM_LENGTE} characters`);
    return { geheim: opts.secret.trim(), bron: 'WERKROUTE_SECRET' };
  }
  const bestand = path.join(opts.dataDir, GEHEIM_BESTAND);
  const bestaand = lees(bestand);
  if (bestaand !== undefined) return { geheim: bestaand, bron: 'bestand', bestand };
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${bestand}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // link() fails when the name exists: of two processes starting at once, one publishes and both read it.
    fs.linkSync(tmp, bestand);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const geheim = lees(bestand);
  if (geheim === undefined) throw new GeheimFout(`cannot read ${bestand}`);
  return { geheim, bron: 'nieuw bestand', bestand };
}

/**
 * WERKROUTE_SECRET_VORIGE: the secret used before a rotation (or several, one per line), kept only so that
 * payloads Temporal stored under it stay readable (./payload-codec.ts). Never used to sign or encrypt.
 */
export function vorigeGeheimen(waarde: string | undefined): string[] {
  const lijst = (waarde ?? '').split('\n').map((s) => s.trim()).filter((s) => s !== '');
  if (lijst.some((s) => s.length < MIN_GEHEIM_LENGTE)) throw new GeheimFout(`WERKROUTE_SECRET_VORIGE: every secret must be at least ${MIN_GEHEIM_LENGTE} characters`);
  return lijst;
}

function lees(bestand: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(bestand);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // Like ssh with a private key: a secret others may read is no secret.
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new GeheimFout(`${bestand} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it`);
  }
  const geheim = fs.readFileSync(bestand, 'utf8').trim();
  if (geheim.length < MIN_GEHEIM_LENGTE) throw new GeheimFout(`${bestand} holds no usable secret (at least ${MIN_GEHEIM_LENGTE} characters); delete it to have a new one made`);
  return geheim;
}
