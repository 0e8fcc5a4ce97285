/**
 * Reading the access catalog: resources, entitlements and grants of every app (their current
 * generation) and the grant events of each sync. Every read takes the caller's app scope.
 *
 * Catalog rows are read at their app's current generation (ofCurrentGeneration): as a value when
 * the page is one app's, else through a scalar subquery; never a join with apps: with the join,
 * SQLite's planner loops over apps and sorts every grant of an app for each page (600 ms at
 * 400,000 grants); without it, a page is one range of the primary key or of an index that ends
 * with the paging order (1-12 ms). App names come from a map.
 */
import type { Entitlement, Resource } from '@gatehouse/sdk';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Context } from '../../context.js';
import { contains, resourceContains } from '../../db/text-search.js';
import { decodeCursor, mapPage, pageOf } from '../../paging.js';
import { appNames } from '../apps/apps.js';

/** A text search matches at most this many names (people, groups, entitlements) before finding their grants. */
const TEXT_MATCH_LIMIT = 500;

/** Undefined: every app; otherwise these apps only (an empty list matches nothing). */
export type Scope = string[] | undefined;
/** The scope as an `IN` list: an empty list must match nothing (SQL's `IN ()` is not valid). */
export const inScope = (scope: string[]) => (scope.length ? scope : ['']);

interface PageArgs {
  limit: number;
  cursor?: string;
}

/**
 * Rows of their app's current generation. Within one app, the generation as a value: PostgreSQL
 * then knows app and generation are fixed and reads a page straight off the primary key (or an
 * index that starts with them). Compared with a correlated subquery, it tests the generation row
 * by row: while an ingest writes the next generation, a page walked every row written so far
 * before the current ones (228 ms p95 for a page of users during a first ingest).
 */
async function ofCurrentGeneration(ctx: Context, alias: 'r' | 'e' | 'g', appId: string | undefined): Promise<RawBuilder<SqlBool>> {
  const column = sql.ref(`${alias}.generation`);
  if (appId) return sql<SqlBool>`${column} = ${await currentGeneration(ctx, appId)}`;
  return sql<SqlBool>`${column} = (SELECT c.catalog_generation FROM apps c WHERE c.id = ${sql.ref(`${alias}.app_id`)})`;
}

export async function listResources(ctx: Context, scope: Scope, q: PageArgs & { appId?: string; type?: string; q?: string }) {
  const { db } = ctx.db;
  let query = db
    .selectFrom('resources as r')
    .select(['r.app_id', 'r.type', 'r.id', 'r.display_name', 'r.email', 'r.login', 'r.data'])
    .where(await ofCurrentGeneration(ctx, 'r', q.appId))
    // Only the current generation of an app is read, so ordering by it changes nothing but
    // lets the primary key (app_id, generation, …) deliver rows in order: no sort per page.
    .orderBy('r.app_id')
    .orderBy('r.generation')
    .orderBy('r.type')
    .orderBy('r.id')
    .limit(q.limit + 1);
  if (scope) query = query.where('r.app_id', 'in', inScope(scope));
  if (q.appId) query = query.where('r.app_id', '=', q.appId);
  if (q.type) query = query.where('r.type', '=', q.type);
  if (q.q) query = query.where(await resourceContains(ctx.db, 'r', ['display_name', 'email'], q.q, true));
  const c = decodeCursor(q.cursor, 3);
  if (c) {
    const [appId, type, id] = c as [string, string, string];
    query = query.where((w) => w.or([w('r.app_id', '>', appId), w.and([w('r.app_id', '=', appId), w.or([w('r.type', '>', type), w.and([w('r.type', '=', type), w('r.id', '>', id)])])])]));
  }
  const page = pageOf(await query.execute(), q.limit, (r) => [r.app_id, r.type, r.id]);
  const names = await appNames(ctx);
  return mapPage(page, (r) => ({ appId: r.app_id, appName: names.get(r.app_id) ?? r.app_id, type: r.type, id: r.id, displayName: r.display_name, email: r.email, login: r.login, data: JSON.parse(r.data) as unknown }));
}

export async function listEntitlements(ctx: Context, scope: Scope, q: PageArgs & { appId?: string; resourceType?: string; resourceId?: string; q?: string }) {
  const { db } = ctx.db;
  let query = db
    .selectFrom('entitlements as e')
    .select(['e.app_id', 'e.id', 'e.resource_type', 'e.resource_id', 'e.slug', 'e.display_name', 'e.data'])
    .where(await ofCurrentGeneration(ctx, 'e', q.appId))
    .orderBy('e.app_id')
    .orderBy('e.generation') // see listResources
    .orderBy('e.id')
    .limit(q.limit + 1);
  if (scope) query = query.where('e.app_id', 'in', inScope(scope));
  if (q.appId) query = query.where('e.app_id', '=', q.appId);
  if (q.resourceType) query = query.where('e.resource_type', '=', q.resourceType);
  if (q.resourceId) query = query.where('e.resource_id', '=', q.resourceId);
  if (q.q) query = query.where(contains(ctx.db.dialect, 'e.display_name', q.q));
  const c = decodeCursor(q.cursor, 2);
  if (c) query = query.where((w) => w.or([w('e.app_id', '>', c[0]!), w.and([w('e.app_id', '=', c[0]!), w('e.id', '>', c[1]!)])]));
  const page = pageOf(await query.execute(), q.limit, (r) => [r.app_id, r.id]);
  const names = await appNames(ctx);
  return mapPage(page, (r) => ({
    appId: r.app_id,
    appName: names.get(r.app_id) ?? r.app_id,
    id: r.id,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    slug: r.slug,
    displayName: r.display_name,
    grantableTo: (JSON.parse(r.data) as Entitlement).grantableTo ?? [],
  }));
}

export interface GrantFilter extends PageArgs {
  appId?: string;
  entitlementId?: string;
  resourceType?: string;
  resourceId?: string;
  principalType?: string;
  principalId?: string;
  inherited?: boolean;
  q?: string;
}

export async function listGrants(ctx: Context, scope: Scope, q: GrantFilter) {
  const { db } = ctx.db;
  // Within one app, its generation as a value (ofCurrentGeneration): PostgreSQL reads a page
  // straight off (app_id, generation, entitlement_id, id) instead of sorting every holder of a
  // large group (375 ms -> a few ms at a million grants).
  let query = db
    .selectFrom('grants as g')
    .where(await ofCurrentGeneration(ctx, 'g', q.appId))
    // Names for people reading the page; primary-key lookups, a page at a time.
    .leftJoin('resources as pr', (j) => j.onRef('pr.app_id', '=', 'g.app_id').onRef('pr.generation', '=', 'g.generation').onRef('pr.type', '=', 'g.principal_type').onRef('pr.id', '=', 'g.principal_id'))
    .leftJoin('entitlements as e', (j) => j.onRef('e.app_id', '=', 'g.app_id').onRef('e.generation', '=', 'g.generation').onRef('e.id', '=', 'g.entitlement_id'))
    .select(['g.app_id', 'g.id', 'g.entitlement_id', 'g.resource_type', 'g.resource_id', 'g.principal_type', 'g.principal_id', 'g.direct', 'g.sources', 'pr.display_name as principal_name', 'e.display_name as entitlement_name'])
    .orderBy('g.app_id')
    .orderBy('g.generation') // see listResources: 93 ms -> 3 ms a page at 65,000 grants of an app
    .orderBy('g.id')
    .limit(q.limit + 1);
  if (scope) query = query.where('g.app_id', 'in', inScope(scope));
  if (q.appId) query = query.where('g.app_id', '=', q.appId);
  if (q.entitlementId) query = query.where('g.entitlement_id', '=', q.entitlementId);
  if (q.resourceType) query = query.where('g.resource_type', '=', q.resourceType);
  if (q.resourceId) query = query.where('g.resource_id', '=', q.resourceId);
  if (q.principalType) query = query.where('g.principal_type', '=', q.principalType);
  if (q.principalId) query = query.where('g.principal_id', '=', q.principalId);
  if (q.inherited !== undefined) query = query.where('g.direct', '=', q.inherited ? 0 : 1);
  if (q.q) {
    // Scanning a million grants for a substring takes seconds. Names live in the far smaller
    // resources and entitlements tables: find the matching ones there, then their grants by index.
    const principals = await db
      .selectFrom('resources as r')
      .innerJoin('apps as ra', (j) => j.onRef('ra.id', '=', 'r.app_id').onRef('ra.catalog_generation', '=', 'r.generation'))
      .select('r.id')
      .distinct()
      .where(await resourceContains(ctx.db, 'r', ['display_name', 'email', 'login'], q.q))
      .$if(Boolean(q.appId), (x) => x.where('r.app_id', '=', q.appId!))
      .$if(Boolean(scope), (x) => x.where('r.app_id', 'in', inScope(scope!)))
      .limit(TEXT_MATCH_LIMIT)
      .execute();
    const entitlements = await db
      .selectFrom('entitlements as e2')
      .innerJoin('apps as ea', (j) => j.onRef('ea.id', '=', 'e2.app_id').onRef('ea.catalog_generation', '=', 'e2.generation'))
      .select('e2.id')
      .distinct()
      .where(contains(ctx.db.dialect, 'e2.display_name', q.q))
      .$if(Boolean(q.appId), (x) => x.where('e2.app_id', '=', q.appId!))
      .$if(Boolean(scope), (x) => x.where('e2.app_id', 'in', inScope(scope!)))
      .limit(TEXT_MATCH_LIMIT)
      .execute();
    const principalIds = principals.map((r) => r.id);
    const entitlementIds = entitlements.map((e) => e.id);
    query = query.where((w) =>
      w.or([w('g.id', '=', q.q!), ...(principalIds.length ? [w('g.principal_id', 'in', principalIds)] : []), ...(entitlementIds.length ? [w('g.entitlement_id', 'in', entitlementIds)] : [])]),
    );
  }
  const c = decodeCursor(q.cursor, 2);
  if (c && q.appId) query = query.where('g.id', '>', c[1]!); // one app: a range of the index
  else if (c) query = query.where((w) => w.or([w('g.app_id', '>', c[0]!), w.and([w('g.app_id', '=', c[0]!), w('g.id', '>', c[1]!)])]));
  const page = pageOf(await query.execute(), q.limit, (r) => [r.app_id, r.id]);
  const names = await appNames(ctx);
  return mapPage(page, (r) => ({
    appId: r.app_id,
    appName: names.get(r.app_id) ?? r.app_id,
    id: r.id,
    entitlementId: r.entitlement_id,
    entitlementName: r.entitlement_name ?? null,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    principalType: r.principal_type,
    principalId: r.principal_id,
    principalName: r.principal_name ?? null,
    inherited: r.direct === 0,
    sources: r.sources ? (JSON.parse(r.sources) as string[]) : [],
  }));
}

export async function listEvents(ctx: Context, scope: Scope, q: PageArgs & { appId?: string }) {
  let query = ctx.db.db.selectFrom('catalog_events').selectAll().orderBy('seq').limit(q.limit + 1);
  const c = decodeCursor(q.cursor, 1);
  if (c) query = query.where('seq', '>', Number(c[0]));
  if (scope) query = query.where('app_id', 'in', inScope(scope));
  if (q.appId) query = query.where('app_id', '=', q.appId);
  const page = pageOf(await query.execute(), q.limit, (r) => [String(r.seq)]);
  return mapPage(page, (r) => ({
    seq: r.seq,
    appId: r.app_id,
    syncRunId: r.sync_run_id,
    taskId: r.task_id,
    kind: r.kind,
    grantId: r.grant_id,
    entitlementId: r.entitlement_id,
    principalType: r.principal_type,
    principalId: r.principal_id,
    createdAt: r.created_at,
  }));
}

// ---- single rows (the current generation), for modules that act on them ------------------------

export async function currentGeneration(ctx: Context, appId: string): Promise<number> {
  const a = await ctx.db.db.selectFrom('apps').select('catalog_generation').where('id', '=', appId).executeTakeFirst();
  return a?.catalog_generation ?? 0;
}

export async function findResource(ctx: Context, appId: string, type: string, id: string): Promise<Resource | undefined> {
  const row = await ctx.db.db
    .selectFrom('resources')
    .select('data')
    .where('app_id', '=', appId)
    .where('generation', '=', await currentGeneration(ctx, appId))
    .where('type', '=', type)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.data) as Resource) : undefined;
}

export async function findEntitlement(ctx: Context, appId: string, id: string): Promise<Entitlement | undefined> {
  const row = await ctx.db.db.selectFrom('entitlements').select('data').where('app_id', '=', appId).where('generation', '=', await currentGeneration(ctx, appId)).where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.data) as Entitlement) : undefined;
}

export interface GrantRow {
  id: string;
  entitlementId: string;
  principalType: string;
  principalId: string;
  inherited: boolean;
  sources: string[];
}

/** The grants a principal holds of one entitlement: the direct one and those through groups. */
export async function findGrants(ctx: Context, appId: string, entitlementId: string, principal: { type: string; id: string }): Promise<GrantRow[]> {
  const rows = await ctx.db.db
    .selectFrom('grants')
    .select(['id', 'entitlement_id', 'principal_type', 'principal_id', 'direct', 'sources'])
    .where('app_id', '=', appId)
    .where('generation', '=', await currentGeneration(ctx, appId))
    .where('entitlement_id', '=', entitlementId)
    .where('principal_type', '=', principal.type)
    .where('principal_id', '=', principal.id)
    .execute();
  return rows.map((r) => ({ id: r.id, entitlementId: r.entitlement_id, principalType: r.principal_type, principalId: r.principal_id, inherited: r.direct === 0, sources: r.sources ? (JSON.parse(r.sources) as string[]) : [] }));
}

/** The user accounts of an app with this email or login (lower-cased), for "does it exist already". */
export async function findAccountsByEmail(ctx: Context, appId: string, email: string): Promise<{ id: string; displayName: string }[]> {
  const e = email.toLowerCase();
  const rows = await ctx.db.db
    .selectFrom('resources')
    .select(['id', 'display_name'])
    .where('app_id', '=', appId)
    .where('generation', '=', await currentGeneration(ctx, appId))
    .where('type', '=', 'user')
    .where((w) => w.or([w('email', '=', e), w('login', '=', e)]))
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
