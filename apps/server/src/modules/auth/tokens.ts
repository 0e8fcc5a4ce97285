/** API tokens: random secrets shown once, stored as SHA-256, acting with their user's role. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { newSecret, sha256 } from './credentials.js';
import { actorOf, type Principal } from './principal.js';

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function listTokens(ctx: Context, userId: string): Promise<TokenView[]> {
  const rows = await ctx.db.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked', '=', 0).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function createToken(ctx: Context, p: Principal, name: string): Promise<TokenView & { token: string }> {
  if (p.role === 'basic_user') throw new ForbiddenError('Basic users cannot create API tokens');
  const token = newSecret('ght');
  const row = { id: randomUUID(), user_id: p.userId, name, token_hash: sha256(token), created_at: new Date().toISOString(), last_used_at: null, revoked: 0 };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('api_tokens').values(row).execute();
    await audit(tx, actorOf(p), { action: 'token.create', targetType: 'api_token', targetId: row.id, after: { name: row.name } });
  });
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: null, token };
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
