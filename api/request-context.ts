// Request id (X-Request-Id, taken from the caller when well-formed) and one structured log line per
// request. Logged: method, route pattern (or, when no route matched, the path with every segment that is
// not a plain lowercase word replaced by `:param`), status, duration. Not logged: ids, tokens (the follow
// link carries one in its path), query strings, bodies, headers, IP addresses.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../app/logger';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path as string | undefined;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level]('request', {
        requestId,
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : undefined,
        path: route ? undefined : maskPath(req.path),
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}

const PLAIN_SEGMENT = /^[a-z][a-z-]{0,31}$/;

/** `/api/volg/<token>/onbekend` → `/api/volg/:param/onbekend`. */
export function maskPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '' || PLAIN_SEGMENT.test(segment) ? segment : ':param'))
    .join('/');
}
