// Security headers on every response (pages, assets, API JSON, problem+json), set by helmet. One policy for
// the whole app: the web app is one bundle (/assets/main.js) and one stylesheet, with no inline script, no
// inline style attribute and nothing from other origins, so the CSP allows 'self' only. /api/docs replaces
// the CSP with its own nonce policy (api/routes/docs.ts). HSTS (and upgrade-insecure-requests) only when the
// public URL is https: on plain http a browser ignores HSTS, and a wrong one locks users out for a year.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** PUBLIC_URL starts with https:// (see isHttpsUrl). */
  https: boolean;
}

export const isHttpsUrl = (url: string | undefined): boolean => url !== undefined && /^https:\/\//i.test(url);

/** One year, as helmet's default and the HSTS preload list ask. */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

export function securityHeaders(opts: SecurityHeaderOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // The app sets no style attributes (Preact components use classes only), so no 'unsafe-inline'.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // The follow page carries its secret token in the URL: never send it on as a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.https ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  });
}
