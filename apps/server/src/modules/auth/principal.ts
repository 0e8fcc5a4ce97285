/**
 * Who is calling: a session cookie (people in the browser) or `Authorization: Bearer <token>`
 * (scripts), resolved once per request; and which apps that caller may see.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from '../audit/audit.js';
import { sha256 } from './credentials.js';
import { isGlobal, type Role } from './roles.js';

export const SESSION_COOKIE = 'gatehouse_session';

/** The actor of what someone not signed in does (a refused sign-in). */
export const ANONYMOUS: Actor = { type: 'user', id: null };

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  via: 'session' | 'token';
  tokenId?: string;
  /** The stored id of the session a cookie caller signed in with (kept when they change their password). */
  sessionId?: string;
}

/** How stale an API token's recorded last use may be. */
const LAST_USE_PRECISION_MS = 60_000;

export async function principalFromToken(store: Db, token: string): Promise<Principal | undefined> {
  const { db } = store;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('platform_users', 'platform_users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as tokenId', 'api_tokens.last_used_at', 'platform_users.id as userId', 'platform_users.email', 'platform_users.role', 'platform_users.disabled'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('api_tokens.revoked', '=', 0)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', new Date().toISOString())]))
    .executeTakeFirst();
  if (!row || row.disabled) return undefined;
  // Last use to the minute: a write per request would make every read a write (on SQLite, one
  // that waits for an ingest's write transaction).
  const now = new Date();
  if (!row.last_used_at || Date.parse(row.last_used_at) < now.getTime() - LAST_USE_PRECISION_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.tokenId).execute();
  }
  return { userId: row.userId, email: row.email, role: row.role as Role, via: 'token', tokenId: row.tokenId };
}

export async function principalFromSession(store: Db, cookie: string): Promise<Principal | undefined> {
  const sessionId = sha256(cookie);
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('platform_users', 'platform_users.id', 'sessions.user_id')
    .select(['platform_users.id as userId', 'platform_users.email', 'platform_users.role', 'platform_users.disabled', 'sessions.expires_at'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at < new Date().toISOString()) return undefined;
  return { userId: row.userId, email: row.email, role: row.role as Role, via: 'session', sessionId };
}

/** The app ids a principal may see, or undefined for all. */
export async function appScope(store: Db, p: Principal): Promise<string[] | undefined> {
  if (isGlobal(p.role)) return undefined;
  const rows = await store.db.selectFrom('app_owners').select('app_id').where('user_id', '=', p.userId).execute();
  return rows.map((r) => r.app_id);
}

/** Whether an app-scoped permission holds on this app: global roles everywhere, App owners on theirs. */
export async function mayActOnApp(store: Db, p: Principal, appId: string): Promise<boolean> {
  if (isGlobal(p.role)) return true;
  return Boolean(await store.db.selectFrom('app_owners').select('app_id').where('app_id', '=', appId).where('user_id', '=', p.userId).executeTakeFirst());
}

export function actorOf(p: Principal): Actor {
  return p.via === 'token' ? { type: 'token', id: p.tokenId ?? null } : { type: 'user', id: p.userId };
}
