// One error table and one response shape for every HTTP error: RFC 9457 problem+json
// { type, title, status, detail, instance, requestId, errors?: [{ path, message }] }.
// Stack traces and internal messages never reach the client; 5xx are logged with the request id.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../app/logger';

export const PROBLEMS = {
  'bad-request': { status: 400, title: 'Bad request' },
  'malformed-json': { status: 400, title: 'Malformed JSON body' },
  'validation-failed': { status: 400, title: 'Validation failed' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

export const problemType = (code: ProblemCode) => `urn:werkroute:problem:${code}`;

/** Throw from handlers (or pass to next()) for an expected error. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? PROBLEMS[code].title);
  }
  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

export function sendProblem(req: Request, res: Response, code: ProblemCode, detail?: string, errors?: FieldError[]): void {
  const { status, title } = PROBLEMS[code];
  const body: ProblemBody = {
    type: problemType(code),
    title,
    status,
    detail: detail ?? title,
    instance: req.originalUrl.split('?')[0] ?? req.path,
    requestId: res.locals.requestId ?? '',
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(req, res, 'not-found', `No route for ${req.method} ${req.path}`);
};

/** Maps body-parser errors by their `type` (express.json()). */
const BODY_PARSER_ERRORS: Record<string, ProblemCode> = {
  'entity.parse.failed': 'malformed-json',
  'entity.too.large': 'payload-too-large',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
  'request.aborted': 'bad-request',
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpProblem) return sendProblem(req, res, err.code, err.detail, err.errors);
    if (err instanceof ZodError) return sendProblem(req, res, 'validation-failed', 'The request does not match the schema', zodFieldErrors(err));
    // The router decodes path parameters with decodeURIComponent: %ED%A0%80 (a lone surrogate) or %FF is no UTF-8.
    if (err instanceof URIError) return sendProblem(req, res, 'validation-failed', 'Het pad bevat een ongeldige procentcodering', [{ path: 'params', message: 'bevat een ongeldige procentcodering (geen UTF-8)' }]);
    const bodyType = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
    if (typeof bodyType === 'string' && BODY_PARSER_ERRORS[bodyType]) {
      const code = BODY_PARSER_ERRORS[bodyType];
      return sendProblem(req, res, code, code === 'malformed-json' ? 'The request body is not valid JSON' : undefined);
    }
    // The error as app/logger.ts writes errors: name, code, first line of the message, frames; never the
    // request body or the query parameters a database error carries.
    logger.error('unhandled error', { requestId: res.locals.requestId, err });
    sendProblem(req, res, 'internal', 'An unexpected error occurred; quote the requestId when reporting it');
  };
}
