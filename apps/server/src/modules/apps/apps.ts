/**
 * Apps: the managed ones (with connectors and owners) and the ones a directory discovered. This
 * module owns `apps` and `app_owners`; an app's status is its connectors' (see `connectors.ts`).
 */
import type { Kysely, Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { AppTable, CatalogCounts, Database } from '../../db/schema.js';
import { contains } from '../../db/text-search.js';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { roleCan } from '../auth/roles.js';

export type AppStatus = 'not_connected' | 'syncing' | 'connected' | 'error';

export interface AppView {
  id: string;
  name: string;
  description: string;
  managed: boolean;
  isDirectory: boolean;
  discoveredBy: string | null;
  externalId: string | null;
  owners: string[];
  createdAt: string;
  updatedAt: string;
}

export interface AppInput {
  name?: string;
  description?: string;
  owners?: string[];
  isDirectory?: boolean;
  managed?: true;
}

export function presentApp(a: AppTable, owners: string[] = []): AppView {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    managed: a.managed === 1,
    isDirectory: a.is_directory === 1,
    discoveredBy: a.discovered_by,
    externalId: a.external_id,
    owners,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

/** What the app's current catalog holds, as recorded by the ingest that wrote it. */
export function catalogCounts(a: AppTable): CatalogCounts {
  return a.catalog_counts ? (JSON.parse(a.catalog_counts) as CatalogCounts) : { accounts: 0, entitlements: 0, grants: 0, inherited: 0 };
}

/** An app's status from its connectors' statuses. */
export function statusOf(connectorStatuses: string[]): AppStatus {
  if (connectorStatuses.length === 0) return 'not_connected';
  if (connectorStatuses.includes('syncing')) return 'syncing';
  if (connectorStatuses.includes('error')) return 'error';
  return connectorStatuses.every((s) => s === 'connected') ? 'connected' : 'not_connected';
}

export async function loadApp(ctx: Context, id: string): Promise<AppTable> {
  const a = await ctx.db.db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new NotFoundError('app', id);
  return a;
}

export async function ownersOf(ctx: Context, ids: string[]): Promise<Map<string, string[]>> {
  const rows = ids.length ? await ctx.db.db.selectFrom('app_owners').selectAll().where('app_id', 'in', ids).execute() : [];
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.app_id, [...(map.get(r.app_id) ?? []), r.user_id]);
  return map;
}

/**
 * The platform users who own an app: those who are asked when it needs a person (manual tasks).
 * Inside a transaction pass it as `db`: on SQLite a query outside it would wait for it forever.
 */
export async function appOwnerIds(ctx: Context, appId: string, db: Kysely<Database> | Transaction<Database> = ctx.db.db): Promise<string[]> {
  return (await db.selectFrom('app_owners').select('user_id').where('app_id', '=', appId).execute()).map((r) => r.user_id);
}

export async function appNames(ctx: Context): Promise<Map<string, string>> {
  return new Map((await ctx.db.db.selectFrom('apps').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
}

export async function listApps(ctx: Context, scope: string[] | undefined, filter: { managed?: boolean; q?: string }) {
  const { db } = ctx.db;
  let q = db.selectFrom('apps').selectAll().orderBy('name');
  if (scope) q = scope.length ? q.where('id', 'in', scope) : q.where('id', '=', '');
  if (filter.managed !== undefined) q = q.where('managed', '=', filter.managed ? 1 : 0);
  if (filter.q) q = q.where(contains(ctx.db.dialect, 'name', filter.q));
  const apps = await q.execute();
  const owners = await ownersOf(ctx, apps.map((a) => a.id));
  const connectors = await db.selectFrom('connectors').select(['app_id', 'status', 'last_sync_at']).execute();
  return apps.map((a) => {
    const c = connectors.filter((x) => x.app_id === a.id);
    return {
      ...presentApp(a, owners.get(a.id)),
      status: statusOf(c.map((x) => x.status)),
      lastSyncAt: c.map((x) => x.last_sync_at).filter((x): x is string => Boolean(x)).sort().pop() ?? null,
      counts: catalogCounts(a),
    };
  });
}

/** Refuses owner ids that are no platform user (InvalidError naming body.owners). */
export async function checkOwners(ctx: Context, owners: string[]): Promise<void> {
  if (owners.length === 0) return;
  const known = new Set((await ctx.db.db.selectFrom('platform_users').select('id').where('id', 'in', owners).execute()).map((u) => u.id));
  const unknown = owners.filter((o) => !known.has(o));
  if (unknown.length) throw new InvalidError(`no platform user with id ${unknown.join(', ')}`, [{ field: 'body.owners', message: `unknown user ${unknown.join(', ')}` }]);
}

export async function createApp(ctx: Context, actor: Actor, input: AppInput & { name: string }): Promise<AppView> {
  const now = new Date().toISOString();
  const owners = [...new Set(input.owners ?? [])];
  await checkOwners(ctx, owners);
  const row: AppTable = { id: randomUUID(), name: input.name, description: input.description ?? '', is_directory: input.isDirectory ? 1 : 0, managed: 1, discovered_by: null, external_id: null, catalog_generation: 0, catalog_counts: null, catalog_source: null, ingest_owner: null, ingest_until: null, created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('apps').values(row).execute();
    for (const owner of owners) await tx.insertInto('app_owners').values({ app_id: row.id, user_id: owner }).execute();
    await audit(tx, actor, { action: 'app.create', targetType: 'app', targetId: row.id, after: input });
  });
  return presentApp(row, owners);
}

/** Edits an app. Who owns it and whether it is the directory are for app administrators only. */
export async function updateApp(ctx: Context, p: Principal, id: string, input: AppInput): Promise<AppView> {
  if ((input.owners !== undefined || input.isDirectory !== undefined) && !roleCan(p.role, 'apps:admin')) {
    throw new ForbiddenError("only app administrators (Super and Connector Administrators) change an app's owners or make it the directory");
  }
  const before = await loadApp(ctx, id);
  const owners = input.owners ? [...new Set(input.owners)] : undefined;
  if (owners) await checkOwners(ctx, owners);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('apps')
      .set({ name: input.name, description: input.description, managed: input.managed ? 1 : undefined, is_directory: input.isDirectory === undefined ? undefined : input.isDirectory ? 1 : 0, updated_at: new Date().toISOString() })
      .where('id', '=', before.id)
      .execute();
    if (owners) {
      await tx.deleteFrom('app_owners').where('app_id', '=', before.id).execute();
      for (const owner of owners) await tx.insertInto('app_owners').values({ app_id: before.id, user_id: owner }).execute();
    }
    await audit(tx, actorOf(p), { action: 'app.update', targetType: 'app', targetId: before.id, before: presentApp(before), after: input });
  });
  return presentApp(await loadApp(ctx, before.id), await appOwnerIds(ctx, before.id));
}

/** Merges a discovered app into a managed one: the managed app keeps the directory's link. */
export async function linkDiscoveredApp(ctx: Context, actor: Actor, discoveredId: string, targetId: string): Promise<AppView> {
  const discovered = await loadApp(ctx, discoveredId);
  if (discovered.managed) throw new InvalidError('only a discovered (unmanaged) app can be linked to a managed app');
  const target = await loadApp(ctx, targetId);
  if (!target.managed) throw new InvalidError('the target must be a managed app');
  if (target.discovered_by) throw new ConflictError('the target app is already linked to a directory app');
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('apps').set({ discovered_by: discovered.discovered_by, external_id: discovered.external_id, updated_at: new Date().toISOString() }).where('id', '=', target.id).execute();
    await tx.deleteFrom('apps').where('id', '=', discovered.id).execute();
    await audit(tx, actor, { action: 'app.link', targetType: 'app', targetId: target.id, before: { discovered: presentApp(discovered) }, after: { discoveredBy: discovered.discovered_by, externalId: discovered.external_id } });
  });
  return presentApp(await loadApp(ctx, target.id), await appOwnerIds(ctx, target.id));
}

export async function deleteApp(ctx: Context, actor: Actor, id: string): Promise<void> {
  const before = await loadApp(ctx, id);
  await ctx.db.db.transaction().execute(async (tx) => {
    for (const t of ['resources', 'entitlements', 'grants', 'account_links', 'catalog_events'] as const) await tx.deleteFrom(t).where('app_id', '=', before.id).execute();
    await tx.deleteFrom('apps').where('id', '=', before.id).execute();
    await audit(tx, actor, { action: 'app.delete', targetType: 'app', targetId: before.id, before: presentApp(before) });
  });
}
