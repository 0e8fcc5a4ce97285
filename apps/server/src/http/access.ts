/**
 * Authorization declared on the route. Every API route names who may call it in its options,
 * `config: can('apps:manage', appOfConnector)`, `signedIn` or `publicRoute` (and /metrics,
 * `metricsScraper`), and one hook enforces it before the request is even validated. A route
 * without a declaration stops the server at start, so none can be forgotten; `accessTable` lists
 * them all for the security tests.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { mayActOnApp, type Principal } from '../modules/auth/principal.js';
import { roleCan, type Permission } from '../modules/auth/roles.js';

/** Finds the app a request acts on (from its params or body); throws NotFoundError if there is none. */
export type AppOf = (req: FastifyRequest) => Promise<string> | string;

export type Access = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'permission'; permission: Permission; appOf?: AppOf } | { kind: 'metrics-token' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Anyone, signed in or not (sign-in itself). */
export const publicRoute = { access: { kind: 'public' } as Access };
/** Any signed-in user; the handler scopes what it returns to them. */
export const signedIn = { access: { kind: 'signed-in' } as Access };
/** Holders of `permission`; with `appOf`, App owners only on the apps they own. */
export const can = (permission: Permission, appOf?: AppOf) => ({ access: { kind: 'permission', permission, appOf } as Access });
/**
 * A Prometheus scraper, which has no session: `Authorization: Bearer <GATEHOUSE_METRICS_TOKEN>`,
 * compared in constant time. Without the token configured, nobody (metrics stay closed until an
 * operator opens them). Platform users' sessions and API tokens do not count.
 */
export const metricsScraper = { access: { kind: 'metrics-token' } as Access };

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether a request presents the metrics token (digests compared, so neither length nor content leaks through timing). */
function presentsMetricsToken(req: FastifyRequest, token: string): boolean {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

/** The signed-in caller of a route that declared it needs one. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new UnauthenticatedError();
  return req.principal;
}

/** Installs the declaration check (at route registration) and its enforcement (before handlers). */
export function enforceAccess(app: FastifyInstance, ctx: Context): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access: give it config: can(permission), signedIn or publicRoute`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  // Before validation: a caller who may not use a route learns nothing of what it expects.
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    if (access.kind === 'metrics-token') {
      if (!ctx.config.metricsToken) throw new ForbiddenError('metrics are closed: set GATEHOUSE_METRICS_TOKEN and scrape with Authorization: Bearer <that token>');
      if (!presentsMetricsToken(req, ctx.config.metricsToken)) throw new UnauthenticatedError('send Authorization: Bearer <GATEHOUSE_METRICS_TOKEN>');
      return;
    }
    const p = principal(req);
    if (access.kind === 'signed-in') return;
    if (!roleCan(p.role, access.permission)) throw new ForbiddenError(`the ${p.role} role cannot ${access.permission.replace(':', ' ')}`);
    if (access.appOf && !(await mayActOnApp(ctx.db, p, await access.appOf(req)))) throw new ForbiddenError('App owners may only act on the apps they own');
  });
  return table;
}
