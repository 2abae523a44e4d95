// Serves the web app from the express app: built assets under /assets/ and index.html for every other
// non-API GET (the app routes in the browser). Mount it after the API routes.
import type { Express, NextFunction, Request, Response } from 'express';
import { buildWebAssets, type WebAsset } from './build';

// No inline scripts or styles and nothing from other origins: the bundle and the stylesheet are all there is.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export function mountWebApp(app: Express): void {
  // Built once per process, on first request, so start-up stays fast and tests need no build step.
  let assets: Promise<Map<string, WebAsset>> | undefined;
  const getAssets = () => {
    assets ??= buildWebAssets().catch((err: unknown) => {
      assets = undefined;
      throw err;
    });
    return assets;
  };

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    try {
      const files = await getAssets();
      const asset = req.path.startsWith('/assets/') ? files.get(req.path) : undefined;
      if (req.path.startsWith('/assets/') && !asset) return next();
      const file = asset ?? files.get('/index.html')!;
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      // index.html must be revalidated so a new bundle is picked up; assets are small, a short cache will do.
      res.setHeader('Cache-Control', asset ? 'public, max-age=300' : 'no-cache');
      res.end(req.method === 'HEAD' ? undefined : file.body);
    } catch (err) {
      next(err);
    }
  });
}
