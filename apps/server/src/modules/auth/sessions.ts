/** Signing in with a password: sessions (the cookie's SHA-256 is stored, never the cookie). */
import type { Context } from '../../context.js';
import { UnauthenticatedError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { newSecret, sha256, verifyPassword } from './credentials.js';
import { presentUser, type UserView } from './users.js';

export const SESSION_DAYS = 7;

export async function signIn(ctx: Context, email: string, password: string): Promise<{ user: UserView; cookie: string }> {
  const { db } = ctx.db;
  const user = await db.selectFrom('platform_users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!user || user.disabled || !(await verifyPassword(user.password_hash, password))) throw new UnauthenticatedError('wrong email or password');
  const cookie = newSecret('ghs');
  const now = new Date();
  await db.insertInto('sessions').values({ id: sha256(cookie), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString() }).execute();
  await audit(db, { type: 'user', id: user.id }, { action: 'auth.login', targetType: 'platform_user', targetId: user.id });
  return { user: presentUser(user), cookie };
}

export async function signOut(ctx: Context, cookie: string): Promise<void> {
  await ctx.db.db.deleteFrom('sessions').where('id', '=', sha256(cookie)).execute();
}
