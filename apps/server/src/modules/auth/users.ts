/** Platform users: the people who sign in to Gatehouse, with their role. Owns `platform_users`. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { PlatformUserTable } from '../../db/schema.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { hashPassword, verifyPassword } from './credentials.js';
import { checkPassword } from './passwords.js';
import { actorOf, type Principal } from './principal.js';
import { ROLE_LABELS, type Role } from './roles.js';
import { endSessions } from './sessions.js';
import { attemptSucceeded, throttleAttempt, throttleKeys } from './throttle.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  roleLabel: string;
  disabled: boolean;
}

export const presentUser = (u: Pick<PlatformUserTable, 'id' | 'email' | 'name' | 'role' | 'disabled'>): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as Role,
  roleLabel: ROLE_LABELS[u.role as Role],
  disabled: u.disabled === 1,
});

export async function loadUser(ctx: Context, id: string): Promise<PlatformUserTable> {
  const u = await ctx.db.db.selectFrom('platform_users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) throw new NotFoundError('user', id);
  return u;
}

export async function listUsers(ctx: Context): Promise<UserView[]> {
  return (await ctx.db.db.selectFrom('platform_users').selectAll().orderBy('email').execute()).map(presentUser);
}

export async function createUser(ctx: Context, actor: Actor, input: { email: string; name: string; role: Role; password?: string }): Promise<UserView> {
  const { db } = ctx.db;
  const email = input.email.toLowerCase();
  if (await db.selectFrom('platform_users').select('id').where('email', '=', email).executeTakeFirst()) throw new ConflictError(`a user with email ${email} exists`);
  if (input.password !== undefined) checkPassword(input.password, 'body.password', [email, input.name]);
  const row: PlatformUserTable = { id: randomUUID(), email, name: input.name, role: input.role, password_hash: input.password ? await hashPassword(input.password) : null, disabled: 0, created_at: new Date().toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('platform_users').values(row).execute();
    await audit(tx, actor, { action: 'user.create', targetType: 'platform_user', targetId: row.id, after: { email, name: row.name, role: row.role } });
  });
  return presentUser(row);
}

/**
 * An administrator's change to a user. A new password or disabling the user ends their sessions:
 * whoever held one (perhaps the reason for the change) must sign in again. `keepSession` spares
 * the caller's own session when they change themselves.
 */
export async function updateUser(ctx: Context, actor: Actor, id: string, input: { name?: string; role?: Role; disabled?: boolean; password?: string }, keepSession?: string): Promise<UserView> {
  const before = await loadUser(ctx, id);
  if (input.password !== undefined) checkPassword(input.password, 'body.password', [before.email, input.name ?? before.name]);
  const changes = { name: input.name, role: input.role, disabled: input.disabled === undefined ? undefined : input.disabled ? 1 : 0, password_hash: input.password ? await hashPassword(input.password) : undefined };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('platform_users').set(changes).where('id', '=', before.id).execute();
    const sessionsEnded = input.password !== undefined || input.disabled === true ? await endSessions(tx, before.id, keepSession) : 0;
    await audit(tx, actor, { action: 'user.update', targetType: 'platform_user', targetId: before.id, before: presentUser(before), after: { ...input, password: input.password ? 'changed' : undefined, sessionsEnded } });
  });
  return presentUser(await loadUser(ctx, before.id));
}

/**
 * A user changes their own password, proving the current one. The check of the current password
 * is throttled like a sign-in (a stolen session must not become a way to guess it); the other
 * sessions end, the caller's stays.
 */
export async function changeOwnPassword(ctx: Context, p: Principal, input: { current: string; next: string; address: string }): Promise<{ sessionsEnded: number }> {
  const user = await loadUser(ctx, p.userId);
  // The new password first: a user trying a few must not use up their attempts at the current one.
  checkPassword(input.next, 'body.new', [user.email, user.name]);
  if (input.next === input.current) throw new InvalidError('the new password is the current one', [{ field: 'body.new', message: 'must differ from the current password' }]);
  const keys = throttleKeys(user.email, input.address);
  await throttleAttempt(ctx, keys, { email: user.email, address: input.address });
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.current))) {
    await audit(ctx.db.db, actorOf(p), { action: 'auth.password_change_failed', targetType: 'platform_user', targetId: user.id, after: { address: input.address, reason: 'wrong current password' } });
    throw new InvalidError('the current password is not right', [{ field: 'body.current', message: 'is not your current password' }]);
  }
  const hash = await hashPassword(input.next);
  return ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('platform_users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await attemptSucceeded(tx, keys);
    const sessionsEnded = await endSessions(tx, user.id, p.sessionId);
    await audit(tx, actorOf(p), { action: 'auth.password_change', targetType: 'platform_user', targetId: user.id, after: { sessionsEnded } });
    return { sessionsEnded };
  });
}

/** The first admin, created at the first start of an empty database (a weak password is refused). */
export async function bootstrapAdmin(ctx: Context, actor: Actor, email: string, password: string): Promise<boolean> {
  const { db } = ctx.db;
  if (await db.selectFrom('platform_users').select('id').limit(1).executeTakeFirst()) return false;
  checkPassword(password, 'GATEHOUSE_ADMIN_PASSWORD', [email]);
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('platform_users').values({ id, email: email.toLowerCase(), name: 'Administrator', password_hash: await hashPassword(password), role: 'super_admin', disabled: 0, created_at: new Date().toISOString() }).execute();
    await audit(tx, actor, { action: 'user.bootstrap', targetType: 'platform_user', targetId: id, after: { email: email.toLowerCase(), role: 'super_admin' } });
  });
  return true;
}

/** The apps a user owns (what an App owner may act on). */
export async function ownedApps(ctx: Context, userId: string): Promise<string[]> {
  return (await ctx.db.db.selectFrom('app_owners').select('app_id').where('user_id', '=', userId).execute()).map((o) => o.app_id);
}

/** The platform users of these emails (lowercased), with whether each has a local password. */
export async function usersByEmails(ctx: Context, emails: string[]): Promise<Map<string, { id: string; role: Role; disabled: boolean; password: boolean }>> {
  const out = new Map<string, { id: string; role: Role; disabled: boolean; password: boolean }>();
  for (let i = 0; i < emails.length; i += 500) {
    const part = emails.slice(i, i + 500).map((e) => e.toLowerCase());
    if (!part.length) continue;
    const rows = await ctx.db.db.selectFrom('platform_users').select(['id', 'email', 'role', 'disabled', 'password_hash']).where('email', 'in', part).execute();
    for (const u of rows) out.set(u.email.toLowerCase(), { id: u.id, role: u.role as Role, disabled: u.disabled === 1, password: u.password_hash !== null });
  }
  return out;
}
