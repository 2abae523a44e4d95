// In-process token bucket per client address. One process serves the API, so no shared store is needed;
// the table is bounded so a flood of distinct addresses cannot grow memory without limit.
import type { RequestHandler } from 'express';
import { HttpProblem } from '../errors';

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  capaciteit: number;
  /** Tokens added per second. */
  perSeconde: number;
  /** Most addresses tracked at once (oldest dropped first). */
  maxSleutels?: number;
  now?: () => number;
}

interface Emmer {
  tokens: number;
  bijgewerkt: number;
}

export function rateLimit(naam: string, opts: RateLimitOptions): RequestHandler {
  const emmers = new Map<string, Emmer>();
  const max = opts.maxSleutels ?? 50_000;
  const now = opts.now ?? Date.now;
  return (req, res, next) => {
    const sleutel = req.ip ?? req.socket.remoteAddress ?? 'onbekend';
    const t = now();
    let e = emmers.get(sleutel);
    if (e) {
      e.tokens = Math.min(opts.capaciteit, e.tokens + ((t - e.bijgewerkt) / 1000) * opts.perSeconde);
      e.bijgewerkt = t;
      // Re-insert so Map order is least-recently-used first.
      emmers.delete(sleutel);
    } else {
      e = { tokens: opts.capaciteit, bijgewerkt: t };
      if (emmers.size >= max) {
        const oudste = emmers.keys().next().value;
        if (oudste !== undefined) emmers.delete(oudste);
      }
    }
    emmers.set(sleutel, e);
    if (e.tokens < 1) {
      const wacht = Math.max(1, Math.ceil(((1 - e.tokens) / opts.perSeconde)));
      res.set('Retry-After', String(wacht));
      throw new HttpProblem('too-many-requests', `Te veel verzoeken (${naam}); probeer het over ${wacht} s opnieuw`);
    }
    e.tokens -= 1;
    next();
  };
}
