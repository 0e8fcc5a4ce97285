/**
 * Cross-site request forgery. A browser attaches the session cookie to requests that another site
 * makes it send (a form post, a `text/plain` fetch), so every state-changing request (POST, PUT,
 * PATCH, DELETE) that carries the cookie must come from a page of this server: its Origin — or,
 * where a browser leaves that out, its Referer — must be this server's origin (the scheme and Host
 * it was reached at, or GATEHOUSE_PUBLIC_URL). One naming another origin, or neither header, is
 * refused with 403 before anything else runs. A request with a Bearer token comes from a script
 * (no browser adds that header by itself) and passes. A cookie-less one passes too unless it names
 * a foreign origin: a page elsewhere must not sign a visitor in to the attacker's account.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { SESSION_COOKIE } from '../modules/auth/principal.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin of a URL, or undefined when it is none (`null`, garbage). */
function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** Where this server is: as this request reached it (through a trusted proxy, its forwarded scheme and host), and its public URL. */
function ownOrigins(req: FastifyRequest, publicUrl: string | undefined): Set<string> {
  const origins = new Set<string>();
  const reached = req.host ? originOf(`${req.protocol}://${req.host}`) : undefined;
  if (reached) origins.add(reached);
  const configured = publicUrl ? originOf(publicUrl) : undefined;
  if (configured) origins.add(configured);
  return origins;
}

/** Why a request must be refused as cross-site, or undefined when it may go on. */
export function crossSiteRefusal(req: FastifyRequest, publicUrl: string | undefined): string | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  if (req.headers.authorization?.startsWith('Bearer ')) return undefined;
  const hasSession = Boolean(req.cookies?.[SESSION_COOKIE]);
  const claimed = req.headers.origin ?? req.headers.referer;
  if (claimed === undefined) return hasSession ? 'a request with the session cookie must send Origin (or Referer): browsers do; scripts should use an API token' : undefined;
  const origin = originOf(claimed);
  const own = ownOrigins(req, publicUrl);
  if (origin && own.has(origin)) return undefined;
  return `cross-site request refused: it comes from ${origin ?? JSON.stringify(claimed)}, not from ${[...own].join(' or ') || 'this server'}`;
}

export function refuseCrossSiteRequests(app: FastifyInstance, ctx: Context): void {
  app.addHook('onRequest', async (req) => {
    const refusal = crossSiteRefusal(req, ctx.config.publicUrl);
    if (refusal) throw new ForbiddenError(refusal);
  });
}
