/** Platform users: the people who sign in to Gatehouse, with their role. Owns `platform_users`. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { PlatformUserTable } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { hashPassword } from './credentials.js';
import { ROLE_LABELS, type Role } from './roles.js';

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

export async function usersByIds(ctx: Context, ids: string[]): Promise<PlatformUserTable[]> {
  return ids.length ? ctx.db.db.selectFrom('platform_users').selectAll().where('id', 'in', ids).execute() : [];
}

export async function listUsers(ctx: Context): Promise<UserView[]> {
  return (await ctx.db.db.selectFrom('platform_users').selectAll().orderBy('email').execute()).map(presentUser);
}

export async function createUser(ctx: Context, actor: Actor, input: { email: string; name: string; role: Role; password?: string }): Promise<UserView> {
  const { db } = ctx.db;
  const email = input.email.toLowerCase();
  if (await db.selectFrom('platform_users').select('id').where('email', '=', email).executeTakeFirst()) throw new ConflictError(`a user with email ${email} exists`);
  const row: PlatformUserTable = { id: randomUUID(), email, name: input.name, role: input.role, password_hash: input.password ? await hashPassword(input.password) : null, disabled: 0, created_at: new Date().toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('platform_users').values(row).execute();
    await audit(tx, actor, { action: 'user.create', targetType: 'platform_user', targetId: row.id, after: { email, name: row.name, role: row.role } });
  });
  return presentUser(row);
}

export async function updateUser(ctx: Context, actor: Actor, id: string, input: { name?: string; role?: Role; disabled?: boolean; password?: string }): Promise<UserView> {
  const before = await loadUser(ctx, id);
  const changes = { name: input.name, role: input.role, disabled: input.disabled === undefined ? undefined : input.disabled ? 1 : 0, password_hash: input.password ? await hashPassword(input.password) : undefined };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('platform_users').set(changes).where('id', '=', before.id).execute();
    await audit(tx, actor, { action: 'user.update', targetType: 'platform_user', targetId: before.id, before: presentUser(before), after: { ...input, password: input.password ? 'changed' : undefined } });
  });
  return presentUser(await loadUser(ctx, before.id));
}

/** The first admin, created at the first start of an empty database. */
export async function bootstrapAdmin(ctx: Context, actor: Actor, email: string, password: string): Promise<boolean> {
  const { db } = ctx.db;
  if (await db.selectFrom('platform_users').select('id').limit(1).executeTakeFirst()) return false;
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
