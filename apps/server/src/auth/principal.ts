/**
 * Who is calling: a session cookie (people in the browser) or `Authorization: Bearer <token>`
 * (scripts). Resolved once per request; routes then ask `require(permission)`.
 */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { forbidden, unauthorized } from '../problems.js';
import type { Actor } from '../modules/audit.js';
import { sha256 } from './credentials.js';
import { isGlobal, roleCan, type Permission, type Role } from './roles.js';

export const SESSION_COOKIE = 'gatehouse_session';

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  via: 'session' | 'token';
  tokenId?: string;
}

export async function resolvePrincipal(ctx: Context, req: FastifyRequest): Promise<Principal | undefined> {
  const { db } = ctx.db;
  const header = req.headers.authorization;
  const now = new Date().toISOString();
  if (header?.startsWith('Bearer ')) {
    const row = await db
      .selectFrom('api_tokens')
      .innerJoin('platform_users', 'platform_users.id', 'api_tokens.user_id')
      .select(['api_tokens.id as tokenId', 'platform_users.id as userId', 'platform_users.email', 'platform_users.role', 'platform_users.disabled'])
      .where('api_tokens.token_hash', '=', sha256(header.slice(7).trim()))
      .where('api_tokens.revoked', '=', 0)
      .executeTakeFirst();
    if (!row || row.disabled) return undefined;
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tokenId).execute();
    return { userId: row.userId, email: row.email, role: row.role as Role, via: 'token', tokenId: row.tokenId };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('platform_users', 'platform_users.id', 'sessions.user_id')
    .select(['platform_users.id as userId', 'platform_users.email', 'platform_users.role', 'platform_users.disabled', 'sessions.expires_at'])
    .where('sessions.id', '=', sha256(cookie))
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at < now) return undefined;
  return { userId: row.userId, email: row.email, role: row.role as Role, via: 'session' };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function requireSignedIn(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

export function requirePermission(req: FastifyRequest, permission: Permission): Principal {
  const p = requireSignedIn(req);
  if (!roleCan(p.role, permission)) throw forbidden(`the ${p.role} role cannot ${permission.replace(':', ' ')}`);
  return p;
}

/** App-scoped check: global roles pass; App owners pass on the apps they own. */
export async function requireOnApp(ctx: Context, req: FastifyRequest, permission: Permission, appId: string): Promise<Principal> {
  const p = requirePermission(req, permission);
  if (isGlobal(p.role)) return p;
  const owned = await ctx.db.db.selectFrom('app_owners').select('app_id').where('app_id', '=', appId).where('user_id', '=', p.userId).executeTakeFirst();
  if (!owned) throw forbidden('App owners may only act on the apps they own');
  return p;
}

/** The app ids a principal may see, or undefined for all. */
export async function visibleApps(ctx: Context, p: Principal): Promise<string[] | undefined> {
  if (isGlobal(p.role)) return undefined;
  const rows = await ctx.db.db.selectFrom('app_owners').select('app_id').where('user_id', '=', p.userId).execute();
  return rows.map((r) => r.app_id);
}

export function actorOf(p: Principal): Actor {
  return p.via === 'token' ? { type: 'token', id: p.tokenId ?? null } : { type: 'user', id: p.userId };
}
