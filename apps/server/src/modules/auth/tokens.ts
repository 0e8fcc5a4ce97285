/**
 * API tokens: random secrets shown once, stored as SHA-256, acting with their user's role. A token
 * expires (90 days unless asked otherwise, at most a year) or, when asked, never; an expired
 * token authenticates nothing (`principal.ts`) but stays listed, so its owner sees what stopped.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { newSecret, sha256 } from './credentials.js';
import { actorOf, type Principal } from './principal.js';

export const TOKEN_DAYS = { default: 90, max: 365 };

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** null: the token never expires. */
  expiresAt: string | null;
}

export async function listTokens(ctx: Context, userId: string): Promise<TokenView[]> {
  const rows = await ctx.db.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked', '=', 0).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, expiresAt: r.expires_at }));
}

/** `expiresInDays`: null for a token that never expires. */
export async function createToken(ctx: Context, p: Principal, input: { name: string; expiresInDays: number | null }): Promise<TokenView & { token: string }> {
  if (p.role === 'basic_user') throw new ForbiddenError('Basic users cannot create API tokens');
  const token = newSecret('ght');
  const now = new Date();
  const expiresAt = input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  const row = { id: randomUUID(), user_id: p.userId, name: input.name, token_hash: sha256(token), created_at: now.toISOString(), last_used_at: null, expires_at: expiresAt, revoked: 0 };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('api_tokens').values(row).execute();
    await audit(tx, actorOf(p), { action: 'token.create', targetType: 'api_token', targetId: row.id, after: { name: row.name, expiresAt } });
  });
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: null, expiresAt, token };
}

/** Revokes one of the caller's tokens (a Super Administrator may revoke anyone's). */
export async function revokeToken(ctx: Context, p: Principal, id: string): Promise<void> {
  const row = await ctx.db.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.user_id !== p.userId && p.role !== 'super_admin')) throw new NotFoundError('token', id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('api_tokens').set({ revoked: 1 }).where('id', '=', row.id).execute();
    await audit(tx, actorOf(p), { action: 'token.revoke', targetType: 'api_token', targetId: row.id });
  });
}
