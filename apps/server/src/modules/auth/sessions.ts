/** Sessions: what a signed-in browser's cookie stands for (the cookie's SHA-256 is stored, never the cookie). */
import type { Kysely, Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { newSecret, sha256 } from './credentials.js';

export const SESSION_DAYS = 7;

type Db = Kysely<Database> | Transaction<Database>;

/** The stored id of the session a cookie carries. */
export const sessionIdOf = (cookie: string) => sha256(cookie);

/** A new session for the user; returns the cookie value (shown to the browser only). */
export async function createSession(db: Db, userId: string): Promise<string> {
  const cookie = newSecret('ghs');
  const now = new Date();
  await db.insertInto('sessions').values({ id: sessionIdOf(cookie), user_id: userId, created_at: now.toISOString(), expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString() }).execute();
  return cookie;
}

export async function signOut(ctx: Context, cookie: string): Promise<void> {
  await ctx.db.db.deleteFrom('sessions').where('id', '=', sessionIdOf(cookie)).execute();
}

/** Ends every session of a user but `keep` (a session id); returns how many ended. */
export async function endSessions(db: Db, userId: string, keep?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) query = query.where('id', '!=', keep);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}
