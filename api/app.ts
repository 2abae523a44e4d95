// Builds the express app from its dependencies; no listen (see app/start.ts), so tests can mount it.
import express, { type Express } from 'express';
import type { Logger } from '../app/logger';
import { errorHandler, notFoundHandler } from './errors';
import { requestContext } from './request-context';
import { healthRouter, type HealthRegistry } from './routes/health';
import { mountApiRoutes, type ApiDeps } from './routes';
import { mountWebApp } from '../web/serve';
import { isHttpsUrl, securityHeaders } from './security-headers';

export interface AppDeps {
  logger: Logger;
  health: HealthRegistry;
  /** The API of issue #5 (api/routes); absent = health and web app only. */
  api?: ApiDeps;
  /** Reverse proxies to trust for the client address (config TRUST_PROXY); absent = none. */
  trustProxy?: number | string[] | undefined;
  /**
   * Public base URL of the web app (config PUBLIC_URL). https turns on HSTS and `Secure` session cookies,
   * and it is the base of the follow link unless `api.publiekeUrl` says otherwise. Absent = plain http.
   */
  publicUrl?: string | undefined;
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestContext(deps.logger));
  app.use(securityHeaders({ https: isHttpsUrl(deps.publicUrl) }));
  app.use(express.json({ limit: '100kb' }));

  app.use(healthRouter(deps.health));
  if (deps.api) mountApiRoutes(app, { ...(deps.publicUrl ? { publiekeUrl: deps.publicUrl } : {}), ...deps.api });

  mountWebApp(app); // the web app (issue #6): assets and index.html for every non-/api GET

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
