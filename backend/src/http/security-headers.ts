import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every answer: scripts, styles, fonts and fetches from the
 * dashboard's own origin only; inline styles allowed because Svelte writes `style` attributes;
 * no plugins, no framing by any page, forms and `<base>` only to the same origin.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * helmet's headers on every answer, the dashboard's and the API's: the policy above,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` for browsers that predate
 * frame-ancestors, `Referrer-Policy: no-referrer`, HSTS (browsers heed it only over HTTPS), and no
 * `X-Powered-By`.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * `Cache-Control: no-store` on every API answer (tokens, people, scores: nothing the API says may
 * stay in a shared or a browser cache), set before the handler runs so that a route with a cache
 * policy of its own (the report: `private, no-cache` with its ETag) replaces it.
 */
export function noStoreForApi(prefix: string): RequestHandler {
  const start = `/${prefix}/`;
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path === `/${prefix}` || request.path.startsWith(start)) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
