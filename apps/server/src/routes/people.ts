/** People, their accounts and access across apps; unmatched accounts; manual links. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requirePermission, requireSignedIn } from '../auth/principal.js';
import { roleCan } from '../auth/roles.js';
import type { Context } from '../context.js';
import { audit } from '../modules/audit.js';
import { ACCOUNT_TYPE } from '../modules/people.js';
import { forbidden, notFound } from '../problems.js';
import { decodeCursor, pageOf, pageQuery } from './pagination.js';

export const peopleRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const { db } = ctx.db;

  app.get('/people', { schema: { tags: ['people'], summary: 'People, searchable by name or email', querystring: z.object({ ...pageQuery, q: z.string().optional() }) } }, async (req) => {
    requirePermission(req, 'catalog:read');
    const q = req.query;
    let query = db.selectFrom('people').selectAll().orderBy('email').limit(q.limit + 1);
    if (q.q) query = query.where((w) => w.or([w('email', 'like', `%${q.q!.toLowerCase()}%`), w('display_name', 'like', `%${q.q}%`)]));
    const cursor = decodeCursor(q.cursor);
    if (cursor) query = query.where('email', '>', cursor);
    const page = pageOf(await query.execute(), q.limit, (r) => r.email);
    return {
      items: page.items.map((p) => ({ id: p.id, email: p.email, displayName: p.display_name, status: p.status, managerId: p.manager_id })),
      nextCursor: page.nextCursor,
    };
  });

  const loadPerson = async (id: string) => {
    const p = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) throw notFound('person', id);
    return p;
  };

  /** Reading a person: catalog readers may read anyone; everyone may read themselves. */
  const canRead = (req: Parameters<typeof requireSignedIn>[0], personEmail: string) => {
    const p = requireSignedIn(req);
    if (!roleCan(p.role, 'catalog:read') && p.email !== personEmail) throw forbidden('you may only see your own access');
  };

  app.get('/people/:id', { schema: { tags: ['people'], summary: 'A person with their accounts', params: z.object({ id: z.string() }) } }, async (req) => {
    const person = await loadPerson(req.params.id);
    canRead(req, person.email);
    const accounts = await db
      .selectFrom('account_links as l')
      .innerJoin('apps as a', 'a.id', 'l.app_id')
      .innerJoin('resources as r', (j) => j.onRef('r.app_id', '=', 'l.app_id').onRef('r.generation', '=', 'a.catalog_generation').onRef('r.id', '=', 'l.account_id'))
      .select(['l.app_id', 'a.name as app_name', 'l.account_id', 'l.matched_by', 'r.display_name', 'r.email', 'r.login', 'r.data'])
      .where('l.person_id', '=', person.id)
      .where('r.type', '=', ACCOUNT_TYPE)
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
  });

  app.get('/people/:id/access', { schema: { tags: ['people'], summary: "All of a person's access across apps, direct and inherited", params: z.object({ id: z.string() }) } }, async (req) => {
    const person = await loadPerson(req.params.id);
    canRead(req, person.email);
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
      items: rows.map((r) => ({
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
        sources: r.sources ? (JSON.parse(r.sources) as string[]) : [],
        sourceNames: r.sources ? (JSON.parse(r.sources) as string[]).map((id) => sourceNames.get(`${r.app_id}|${id}`) ?? id) : [],
      })),
    };
  });

  app.get(
    '/accounts',
    { schema: { tags: ['people'], summary: 'App accounts and the person each belongs to; `unmatched=true` lists those without one', querystring: z.object({ ...pageQuery, appId: z.string().optional(), unmatched: z.enum(['true', 'false']).optional() }) } },
    async (req) => {
      requirePermission(req, 'catalog:read');
      const q = req.query;
      let query = db
        .selectFrom('resources as r')
        .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
        .leftJoin('account_links as l', (j) => j.onRef('l.app_id', '=', 'r.app_id').onRef('l.account_id', '=', 'r.id'))
        .select(['r.app_id', 'a.name as app_name', 'r.id', 'r.display_name', 'r.email', 'r.login', 'l.person_id', 'l.matched_by'])
        .where('r.type', '=', ACCOUNT_TYPE)
        .orderBy('r.app_id')
        .orderBy('r.id')
        .limit(q.limit + 1);
      if (q.appId) query = query.where('r.app_id', '=', q.appId);
      if (q.unmatched === 'true') query = query.where('l.person_id', 'is', null);
      if (q.unmatched === 'false') query = query.where('l.person_id', 'is not', null);
      const c = decodeCursor(q.cursor)?.split('\u0000');
      if (c) query = query.where((w) => w.or([w('r.app_id', '>', c[0]!), w.and([w('r.app_id', '=', c[0]!), w('r.id', '>', c[1]!)])]));
      const page = pageOf(await query.execute(), q.limit, (r) => `${r.app_id}\u0000${r.id}`);
      return {
        items: page.items.map((r) => ({ appId: r.app_id, appName: r.app_name, accountId: r.id, displayName: r.display_name, email: r.email, login: r.login, personId: r.person_id ?? null, matchedBy: r.matched_by ?? 'none' })),
        nextCursor: page.nextCursor,
      };
    },
  );

  const linkBody = z.object({ appId: z.string(), accountId: z.string() });

  app.post('/accounts/link', { schema: { tags: ['people'], summary: 'Link an account to a person by hand (kept across syncs)', body: linkBody.extend({ personId: z.string() }) } }, async (req) => {
    const p = requirePermission(req, 'accounts:link');
    await loadPerson(req.body.personId);
    return setLink(ctx, actorOf(p), p.userId, req.body.appId, req.body.accountId, req.body.personId);
  });

  app.post('/accounts/unlink', { schema: { tags: ['people'], summary: 'Unlink an account from its person (kept across syncs)', body: linkBody } }, async (req) => {
    const p = requirePermission(req, 'accounts:link');
    return setLink(ctx, actorOf(p), p.userId, req.body.appId, req.body.accountId, null);
  });
};

async function setLink(ctx: Context, actor: ReturnType<typeof actorOf>, userId: string, appId: string, accountId: string, personId: string | null) {
  const { db } = ctx.db;
  const account = await db
    .selectFrom('resources as r')
    .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
    .select('r.id')
    .where('r.app_id', '=', appId)
    .where('r.id', '=', accountId)
    .where('r.type', '=', ACCOUNT_TYPE)
    .executeTakeFirst();
  if (!account) throw notFound('account', `${appId}/${accountId}`);
  const before = await db.selectFrom('account_links').selectAll().where('app_id', '=', appId).where('account_id', '=', accountId).executeTakeFirst();
  const row = { app_id: appId, account_id: accountId, person_id: personId, matched_by: personId ? 'manual' : 'manual-unlinked', linked_by: userId, updated_at: new Date().toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('account_links').where('app_id', '=', appId).where('account_id', '=', accountId).execute();
    await tx.insertInto('account_links').values(row).execute();
    await audit(tx, actor, { action: personId ? 'account.link' : 'account.unlink', targetType: 'account', targetId: `${appId}/${accountId}`, before: before ? { personId: before.person_id, matchedBy: before.matched_by } : null, after: { personId, matchedBy: row.matched_by } });
  });
  return { appId, accountId, personId, matchedBy: row.matched_by };
}
