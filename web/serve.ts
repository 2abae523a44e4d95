// Serves the web app from the express app: built assets under /assets/ and index.html for every other
// non-API GET (the app routes in the browser). Mount it after the API routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, NextFunction, Request, Response } from 'express';
import { buildWebAssets, type WebAsset } from './build';

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');

/** Newest modification time under web/src, so a long-running dev server picks up edits. */
function newestSource(dir = srcDir): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function mountWebApp(app: Express): void {
  // Built on first request, so start-up stays fast and tests need no build step; outside production a
  // page load after an edit under web/src rebuilds (a few dozen stat calls per page load, not per asset).
  let assets: Promise<Map<string, WebAsset>> | undefined;
  let builtFrom = 0;
  const watch = process.env.NODE_ENV !== 'production';
  const getAssets = (isPageLoad: boolean) => {
    if (watch && isPageLoad && assets) {
      const newest = newestSource();
      if (newest > builtFrom) assets = undefined;
    }
    if (!assets) {
      builtFrom = watch ? newestSource() : 0;
      assets = buildWebAssets().catch((err: unknown) => {
        assets = undefined;
        throw err;
      });
    }
    return assets;
  };

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    try {
      const files = await getAssets(!req.path.startsWith('/assets/'));
      const asset = req.path.startsWith('/assets/') ? files.get(req.path) : undefined;
      if (req.path.startsWith('/assets/') && !asset) return next();
      const file = asset ?? files.get('/index.html')!;
      res.setHeader('Content-Type', file.contentType);
      // CSP, nosniff, Referrer-Policy and the rest come from api/security-headers.ts (helmet), for every response.
      // index.html must be revalidated so a new bundle is picked up; assets are small, a short cache will do.
      res.setHeader('Cache-Control', asset ? 'public, max-age=300' : 'no-cache');
      res.end(req.method === 'HEAD' ? undefined : file.body);
    } catch (err) {
      next(err);
    }
  });
}
