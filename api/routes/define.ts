// One declaration per operation: it mounts the express handler (auth → 415 → the character rule → zod validation → handler) and
// records the same schemas in the OpenAPI registry, so the documentation is generated from what runs.
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Rol } from '../../db/schema';
import { aanroeper, authenticate, type Aanroeper } from '../auth/authenticate';
import { eisGeldigeTekens, eisJson, parseOrThrow } from '../middleware/validate';
import type { OpenApiRegistry, ResponseDoc, RouteDoc } from '../openapi';
import type { ApiDeps } from './deps';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerCtx<B, Q, P> {
  req: Request;
  res: Response;
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  /** Set on authenticated routes. */
  wie: Aanroeper;
}

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined>
  extends Omit<RouteDoc, 'body' | 'query' | 'params' | 'responses'> {
  body?: B;
  query?: Q;
  params?: P;
  responses: Record<number, ResponseDoc>;
  /** Middleware before authentication (rate limits). */
  voor?: RequestHandler[];
  handler(ctx: HandlerCtx<B, Q, P>): Promise<void> | void;
}

export interface RouteKit {
  router: Router;
  registry: OpenApiRegistry;
  deps: ApiDeps;
}

export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(kit: RouteKit, spec: RouteSpec<B, Q, P>): void {
  const { handler, voor, ...doc } = spec;
  kit.registry.add(doc as RouteDoc);
  const chain: RequestHandler[] = [...(voor ?? [])];
  if (spec.rollen !== 'publiek') chain.push(authenticate(kit.deps.db, spec.rollen as readonly Rol[]));
  chain.push(async (req, res) => {
    if (spec.body) eisJson(req);
    eisGeldigeTekens(req);
    const params = (spec.params ? parseOrThrow(spec.params, req.params, 'params') : undefined) as Out<P>;
    const query = (spec.query ? parseOrThrow(spec.query, req.query, 'query') : undefined) as Out<Q>;
    const body = (spec.body ? parseOrThrow(spec.body, req.body, 'body') : undefined) as Out<B>;
    const wie = (spec.rollen === 'publiek' ? undefined : aanroeper(res)) as Aanroeper;
    await handler({ req, res, body, query, params, wie });
  });
  kit.router[spec.method](spec.path, ...chain);
}
