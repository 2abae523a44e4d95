// Mounts every API route of issue #5 on the app built by api/app.ts, and builds the OpenAPI document from
// the same declarations.
import { Router, type Express } from 'express';
import { OpenApiRegistry } from '../openapi';
import { registerAuthRoutes } from './auth';
import { registerBeheerRoutes } from './beheer';
import { registerCaseRoutes } from './cases';
import type { ApiDeps } from './deps';
import { metLeesmodel } from '../leesmodel';
import { registerMailRoutes } from './mail';
import { registerDocsRoutes } from './docs';
import { registerPubliekeRoutes } from './meldingen-publiek';
import { registerPrivacyRoutes } from './privacy';
import { registerStaffLeesRoutes } from './meldingen-staff';
import { registerStapRoutes } from './stappen';
import { registerWegwijzerRoutes } from './wegwijzer';

export type { ApiDeps } from './deps';

export function mountApiRoutes(app: Express, apiDeps: ApiDeps): OpenApiRegistry {
  const router = Router();
  const registry = new OpenApiRegistry();
  const deps: ApiDeps = { ...apiDeps, temporal: metLeesmodel(apiDeps.temporal, apiDeps.db, apiDeps.logger) };
  const kit = { router, registry, deps };
  registerPubliekeRoutes(kit);
  registerAuthRoutes(kit);
  // Fixed paths (export.csv) before /api/meldingen/:id.
  registerStaffLeesRoutes(kit);
  registerStapRoutes(kit);
  registerCaseRoutes(kit);
  registerBeheerRoutes(kit);
  registerMailRoutes(kit);
  registerPrivacyRoutes(kit);
  registerWegwijzerRoutes(kit);
  registerDocsRoutes(kit);
  app.use(router);
  return registry;
}
