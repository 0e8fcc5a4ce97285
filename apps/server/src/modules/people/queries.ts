/** Reading people: the directory's people, a person's accounts and all their access, app accounts. */
import type { Context } from '../../context.js';
import { contains } from '../../db/text-search.js';
import { NotFoundError } from '../../errors.js';
import { decodeCursor, mapPage, pageOf } from '../../paging.js';
import { inScope, type Scope } from '../catalog/queries.js';
import { ACCOUNT_TYPE } from './matching.js';


export async function listPeople(ctx: Context, q: { limit: number; cursor?: string; q?: string }) {
  let query = ctx.db.db.selectFrom('people').selectAll().orderBy('email').limit(q.limit + 1);
  if (q.q) query = query.where((w) => w.or([contains(ctx.db.dialect, 'email', q.q!), contains(ctx.db.dialect, 'display_name', q.q!)]));
  const c = decodeCursor(q.cursor, 1);
  if (c) query = query.where('email', '>', c[0]!);
  const page = pageOf(await query.execute(), q.limit, (r) => [r.email]);
  return mapPage(page, (p) => ({ id: p.id, email: p.email, displayName: p.display_name, status: p.status, managerId: p.manager_id }));
}

/** The directory's departments with how many people each has (a campaign's people filter offers them). */
export async function listDepartments(ctx: Context): Promise<{ name: string; people: number }[]> {
  const rows = await ctx.db.db
    .selectFrom('people')
    .select(['department', (eb) => eb.fn.countAll<number>().as('n')])
    .where('department', 'is not', null)
    .where('department', '!=', '')
    .groupBy('department')
    .orderBy('department')
    .execute();
  return rows.map((r) => ({ name: r.department!, people: Number(r.n) }));
}

export async function loadPerson(ctx: Context, id: string) {
  const p = await ctx.db.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new NotFoundError('person', id);
  return p;
}

/** A person with their accounts in the apps the caller may see. */
export async function personDetail(ctx: Context, scope: Scope, id: string) {
  const { db } = ctx.db;
  const person = await loadPerson(ctx, id);
  const accounts = await db
    .selectFrom('account_links as l')
    .innerJoin('apps as a', 'a.id', 'l.app_id')
    .innerJoin('resources as r', (j) => j.onRef('r.app_id', '=', 'l.app_id').onRef('r.generation', '=', 'a.catalog_generation').onRef('r.id', '=', 'l.account_id'))
    .select(['l.app_id', 'a.name as app_name', 'l.account_id', 'l.matched_by', 'r.display_name', 'r.email', 'r.login', 'r.data'])
    .where('l.person_id', '=', person.id)
    .where('r.type', '=', ACCOUNT_TYPE)
    .$if(Boolean(scope), (q) => q.where('l.app_id', 'in', inScope(scope!)))
    .orderBy('a.name')
    .execute();
  const manager = person.manager_id ? await db.selectFrom('people').select(['id', 'email', 'display_name']).where('id', '=', person.manager_id).executeTakeFirst() : undefined;
  return {
    id: person.id,
    email: person.email,
    displayName: person.display_name,
    status: person.status,
    manager: manager ? { id: manager.id, email: manager.email, displayName: manager.display_name } : null,
    accounts: accounts.map((a) => {
      const data = JSON.parse(a.data) as { user?: { status?: string; vendorStatus?: string; lastLogin?: string | null } };
      return { appId: a.app_id, appName: a.app_name, accountId: a.account_id, matchedBy: a.matched_by, displayName: a.display_name, email: a.email, login: a.login, status: data.user?.vendorStatus ?? data.user?.status ?? null, lastLogin: data.user?.lastLogin ?? null };
    }),
  };
}

/** All of a person's access across the apps the caller may see, direct and inherited, with names. */
export async function personAccess(ctx: Context, scope: Scope, id: string) {
  const { db } = ctx.db;
  const person = await loadPerson(ctx, id);
  const rows = await db
    .selectFrom('account_links as l')
    .innerJoin('apps as a', 'a.id', 'l.app_id')
    .innerJoin('grants as g', (j) =>
      j.onRef('g.app_id', '=', 'l.app_id').onRef('g.generation', '=', 'a.catalog_generation').onRef('g.principal_id', '=', 'l.account_id').on('g.principal_type', '=', ACCOUNT_TYPE),
    )
    .leftJoin('entitlements as e', (j) => j.onRef('e.app_id', '=', 'g.app_id').onRef('e.generation', '=', 'g.generation').onRef('e.id', '=', 'g.entitlement_id'))
    .leftJoin('resources as r', (j) => j.onRef('r.app_id', '=', 'g.app_id').onRef('r.generation', '=', 'g.generation').onRef('r.type', '=', 'g.resource_type').onRef('r.id', '=', 'g.resource_id'))
    .select(['l.app_id', 'a.name as app_name', 'l.account_id', 'g.id', 'g.entitlement_id', 'e.display_name as entitlement_name', 'g.resource_type', 'g.resource_id', 'r.display_name as resource_name', 'g.direct', 'g.sources'])
    .where('l.person_id', '=', person.id)
    .$if(Boolean(scope), (q) => q.where('l.app_id', 'in', inScope(scope!)))
    .orderBy('a.name')
    .orderBy('g.entitlement_id')
    .execute();
  // Inherited grants name their sources by entitlement id ("group:…:member"): add the names.
  const sourceIds = [...new Set(rows.flatMap((r) => (r.sources ? (JSON.parse(r.sources) as string[]) : [])))];
  const sourceNames = new Map<string, string>();
  for (let i = 0; i < sourceIds.length; i += 500) {
    const named = await db
      .selectFrom('entitlements as e')
      .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'e.app_id').onRef('a.catalog_generation', '=', 'e.generation'))
      .select(['e.app_id', 'e.id', 'e.display_name'])
      .where('e.id', 'in', sourceIds.slice(i, i + 500))
      .where('e.app_id', 'in', [...new Set(rows.map((r) => r.app_id))])
      .execute();
    for (const e of named) sourceNames.set(`${e.app_id}|${e.id}`, e.display_name);
  }
  return {
    personId: person.id,
    items: rows.map((r) => {
      const sources = r.sources ? (JSON.parse(r.sources) as string[]) : [];
      return {
        appId: r.app_id,
        appName: r.app_name,
        accountId: r.account_id,
        grantId: r.id,
        entitlementId: r.entitlement_id,
        entitlementName: r.entitlement_name,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        resourceName: r.resource_name,
        inherited: r.direct === 0,
        sources,
        sourceNames: sources.map((s) => sourceNames.get(`${r.app_id}|${s}`) ?? s),
      };
    }),
  };
}

export async function listAccounts(ctx: Context, scope: Scope, q: { limit: number; cursor?: string; appId?: string; unmatched?: boolean }) {
  let query = ctx.db.db
    .selectFrom('resources as r')
    .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
    .leftJoin('account_links as l', (j) => j.onRef('l.app_id', '=', 'r.app_id').onRef('l.account_id', '=', 'r.id'))
    .select(['r.app_id', 'a.name as app_name', 'r.id', 'r.display_name', 'r.email', 'r.login', 'r.data', 'l.person_id', 'l.matched_by'])
    .where('r.type', '=', ACCOUNT_TYPE)
    .orderBy('r.app_id')
    .orderBy('r.id')
    .limit(q.limit + 1);
  if (scope) query = query.where('r.app_id', 'in', inScope(scope));
  if (q.appId) query = query.where('r.app_id', '=', q.appId);
  if (q.unmatched === true) query = query.where('l.person_id', 'is', null);
  if (q.unmatched === false) query = query.where('l.person_id', 'is not', null);
  const c = decodeCursor(q.cursor, 2);
  if (c) query = query.where((w) => w.or([w('r.app_id', '>', c[0]!), w.and([w('r.app_id', '=', c[0]!), w('r.id', '>', c[1]!)])]));
  const page = pageOf(await query.execute(), q.limit, (r) => [r.app_id, r.id]);
  return mapPage(page, (r) => {
    const data = JSON.parse(r.data) as { user?: { status?: string; vendorStatus?: string } };
    return { appId: r.app_id, appName: r.app_name, accountId: r.id, displayName: r.display_name, email: r.email, login: r.login, status: data.user?.vendorStatus ?? data.user?.status ?? null, personId: r.person_id ?? null, matchedBy: r.matched_by ?? 'none' };
  });
}

/** The person of the directory with this email (case-insensitive), if any: a platform user's own person. */
export async function personOfEmail(ctx: Context, email: string): Promise<{ id: string } | undefined> {
  return ctx.db.db.selectFrom('people').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}
