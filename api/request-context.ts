// Request id (X-Request-Id, taken from the caller when well-formed) and one structured log line per
// request. Logged: method, route pattern (or the path without query string when no route matched),
// status, duration. Not logged: query strings, bodies, headers, IP addresses (personal data, tokens).
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
        path: route ? undefined : req.path,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
