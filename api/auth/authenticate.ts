// Who is calling: a session (bearer token or HttpOnly cookie) or an API token (bearer). Missing or bad
// credentials → 401; a role that may not use the route → 403. Cookie-authenticated writes must come from
// our own origin (SameSite=Strict does most of the work; the Origin check covers older browsers).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../../db/client';
import { apiTokenMedewerker, sessieMedewerker } from '../../db/repositories/toegang';
import type { Medewerker } from '../../db/repositories/types';
import type { Rol } from '../../db/schema';
import { HttpProblem } from '../errors';
import { API_TOKEN_PREFIX, isTokenVorm, SESSIE_PREFIX, sessieUitCookie } from './tokens';

export interface Aanroeper {
  medewerker: Medewerker;
  via: 'sessie' | 'cookie' | 'api-token';
  /** The raw session token (to end it on sign-out); never logged. */
  sessieToken?: string;
}

export function aanroeper(res: Response): Aanroeper {
  const a = res.locals.aanroeper as Aanroeper | undefined;
  if (!a) throw new Error('route without authenticate middleware');
  return a;
}

const VEILIG = new Set(['GET', 'HEAD', 'OPTIONS']);

function zelfdeOorsprong(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

async function vindAanroeper(db: Db, req: Request): Promise<Aanroeper | undefined> {
  const auth = req.get('authorization');
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const token = m?.[1];
    if (!token || !isTokenVorm(token)) return undefined;
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const r = await apiTokenMedewerker(db, token);
      return r ? { medewerker: r.medewerker, via: 'api-token' } : undefined;
    }
    const medewerker = await sessieMedewerker(db, token);
    return medewerker ? { medewerker, via: 'sessie', sessieToken: token } : undefined;
  }
  const cookie = sessieUitCookie(req.get('cookie'));
  if (cookie === undefined || !isTokenVorm(cookie) || !cookie.startsWith(SESSIE_PREFIX)) return undefined;
  const medewerker = await sessieMedewerker(db, cookie);
  return medewerker ? { medewerker, via: 'cookie', sessieToken: cookie } : undefined;
}

/** `rollen`: who may use the route; checked after authentication so a stranger always gets 401 first. */
export function authenticate(db: Db, rollen: readonly Rol[]): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const a = await vindAanroeper(db, req);
    if (!a) {
      res.set('WWW-Authenticate', 'Bearer realm="werkroute"');
      throw new HttpProblem('unauthorized', 'Log in of stuur een geldig token mee (Authorization: Bearer …)');
    }
    if (a.via === 'cookie' && !VEILIG.has(req.method) && !zelfdeOorsprong(req)) {
      throw new HttpProblem('forbidden', 'Verzoek van een andere oorsprong');
    }
    if (!rollen.includes(a.medewerker.rol)) {
      throw new HttpProblem('forbidden', `Rol '${a.medewerker.rol}' mag dit niet`);
    }
    res.locals.aanroeper = a;
    res.locals.medewerkerId = a.medewerker.id;
    next();
  };
}
