/**
 * Security headers on every response (helmet): a Content-Security-Policy that lets the web UI
 * (a Vite build: scripts from this origin only; Mantine sets inline styles) and the /docs Swagger
 * UI (its scripts, styles and data: icons, all served from here) work, and nothing else load or
 * frame them; nosniff; no framing at all (clickjacking); referrers only to this origin (URLs carry
 * ids and filters). HSTS only when the request came over TLS: over plain http it means nothing,
 * and a browser that saw it for a host name would then refuse that host's plain-http services.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const HSTS = 'max-age=31536000; includeSubDomains';

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // Explicit, without helmet's defaults: its upgrade-insecure-requests would send a UI served
    // over plain http (127.0.0.1:8080) to https for its own scripts.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    // Not no-referrer: with it, browsers send `Origin: null` on the UI's own POSTs, which the
    // cross-site check must refuse.
    referrerPolicy: { policy: 'same-origin' },
    hsts: false,
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
