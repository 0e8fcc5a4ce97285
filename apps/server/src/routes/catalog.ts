/** The access catalog: resources, entitlements and grants of every app (their current sync). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, visibleApps } from '../auth/principal.js';
import type { Context } from '../context.js';
import { decodeCursor, pageOf, pageQuery } from './pagination.js';

/** A text search matches at most this many names (people, groups, entitlements) before finding their grants. */
const TEXT_MATCH_LIMIT = 500;

export const catalogRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const { db } = ctx.db;
  /** Key of a row across apps, for cursors. */
  const key = (appId: string, id: string) => `${appId}\u0000${id}`;
  const splitKey = (cursor: string | undefined) => (cursor ? (cursor.split('\u0000') as [string, string]) : undefined);
  /**
   * Catalog rows are read at their app's current generation through a scalar subquery, not a
   * join with apps: with the join, SQLite's planner loops over apps and sorts every grant of an
   * app for each page (600 ms at 400,000 grants); without it, a page is one range of the primary
   * key or of an index that ends with the paging order (1-12 ms). App names come from a map.
   */
  const appNames = async () => new Map((await db.selectFrom('apps').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));

  app.get(
    '/resources',
    { schema: { tags: ['catalog'], summary: 'Resources (accounts, groups, roles, …)', querystring: z.object({ ...pageQuery, appId: z.string().optional(), type: z.string().optional(), q: z.string().optional() }) } },
    async (req) => {
      const p = requirePermission(req, 'catalog:read');
      const visible = await visibleApps(ctx, p);
      const q = req.query;
      let query = db
        .selectFrom('resources as r')
        .select(['r.app_id', 'r.type', 'r.id', 'r.display_name', 'r.email', 'r.login', 'r.data'])
        .where('r.generation', '=', (eb) => eb.selectFrom('apps as c').select('c.catalog_generation').whereRef('c.id', '=', 'r.app_id'))
        // Only the current generation of an app is read, so ordering by it changes nothing but
        // lets the primary key (app_id, generation, …) deliver rows in order: no sort per page.
        .orderBy('r.app_id')
        .orderBy('r.generation')
        .orderBy('r.type')
        .orderBy('r.id')
        .limit(q.limit + 1);
      if (visible) query = query.where('r.app_id', 'in', visible.length ? visible : ['']);
      if (q.appId) query = query.where('r.app_id', '=', q.appId);
      if (q.type) query = query.where('r.type', '=', q.type);
      if (q.q) query = query.where((w) => w.or([w('r.display_name', 'like', `%${q.q}%`), w('r.email', 'like', `%${q.q!.toLowerCase()}%`), w('r.id', '=', q.q!)]));
      const c = splitKey(decodeCursor(q.cursor));
      if (c) {
        const [appId, rest] = c;
        const [type, id] = rest.split('\u0001') as [string, string];
        query = query.where((w) => w.or([w('r.app_id', '>', appId), w.and([w('r.app_id', '=', appId), w.or([w('r.type', '>', type), w.and([w('r.type', '=', type), w('r.id', '>', id)])])])]));
      }
      const page = pageOf(await query.execute(), q.limit, (r) => key(r.app_id, `${r.type}\u0001${r.id}`));
      const names = await appNames();
      return { items: page.items.map((r) => ({ appId: r.app_id, appName: names.get(r.app_id) ?? r.app_id, type: r.type, id: r.id, displayName: r.display_name, email: r.email, login: r.login, data: JSON.parse(r.data) as unknown })), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/entitlements',
    { schema: { tags: ['catalog'], summary: 'Entitlements', querystring: z.object({ ...pageQuery, appId: z.string().optional(), resourceType: z.string().optional(), resourceId: z.string().optional(), q: z.string().optional() }) } },
    async (req) => {
      const p = requirePermission(req, 'catalog:read');
      const visible = await visibleApps(ctx, p);
      const q = req.query;
      let query = db
        .selectFrom('entitlements as e')
        .select(['e.app_id', 'e.id', 'e.resource_type', 'e.resource_id', 'e.slug', 'e.display_name'])
        .where('e.generation', '=', (eb) => eb.selectFrom('apps as c').select('c.catalog_generation').whereRef('c.id', '=', 'e.app_id'))
        .orderBy('e.app_id')
        .orderBy('e.generation') // see resources
        .orderBy('e.id')
        .limit(q.limit + 1);
      if (visible) query = query.where('e.app_id', 'in', visible.length ? visible : ['']);
      if (q.appId) query = query.where('e.app_id', '=', q.appId);
      if (q.resourceType) query = query.where('e.resource_type', '=', q.resourceType);
      if (q.resourceId) query = query.where('e.resource_id', '=', q.resourceId);
      if (q.q) query = query.where('e.display_name', 'like', `%${q.q}%`);
      const c = splitKey(decodeCursor(q.cursor));
      if (c) query = query.where((w) => w.or([w('e.app_id', '>', c[0]), w.and([w('e.app_id', '=', c[0]), w('e.id', '>', c[1])])]));
      const page = pageOf(await query.execute(), q.limit, (r) => key(r.app_id, r.id));
      const names = await appNames();
      return {
        items: page.items.map((r) => ({ appId: r.app_id, appName: names.get(r.app_id) ?? r.app_id, id: r.id, resourceType: r.resource_type, resourceId: r.resource_id, slug: r.slug, displayName: r.display_name })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/grants',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Grants: who holds what, direct or inherited',
        querystring: z.object({
          ...pageQuery,
          appId: z.string().optional(),
          entitlementId: z.string().optional(),
          resourceType: z.string().optional(),
          resourceId: z.string().optional(),
          principalType: z.string().optional(),
          principalId: z.string().optional(),
          inherited: z.enum(['true', 'false']).optional(),
          q: z.string().optional(),
        }),
      },
    },
    async (req) => {
      const p = requirePermission(req, 'catalog:read');
      const visible = await visibleApps(ctx, p);
      const q = req.query;
      let query = db
        .selectFrom('grants as g')
        .where('g.generation', '=', (eb) => eb.selectFrom('apps as c').select('c.catalog_generation').whereRef('c.id', '=', 'g.app_id'))
        // Names for people reading the page; primary-key lookups, a page at a time.
        .leftJoin('resources as pr', (j) => j.onRef('pr.app_id', '=', 'g.app_id').onRef('pr.generation', '=', 'g.generation').onRef('pr.type', '=', 'g.principal_type').onRef('pr.id', '=', 'g.principal_id'))
        .leftJoin('entitlements as e', (j) => j.onRef('e.app_id', '=', 'g.app_id').onRef('e.generation', '=', 'g.generation').onRef('e.id', '=', 'g.entitlement_id'))
        .select(['g.app_id', 'g.id', 'g.entitlement_id', 'g.resource_type', 'g.resource_id', 'g.principal_type', 'g.principal_id', 'g.direct', 'g.sources', 'pr.display_name as principal_name', 'e.display_name as entitlement_name'])
        .orderBy('g.app_id')
        .orderBy('g.generation') // see resources: 93 ms -> 3 ms a page at 65,000 grants of an app
        .orderBy('g.id')
        .limit(q.limit + 1);
      if (visible) query = query.where('g.app_id', 'in', visible.length ? visible : ['']);
      if (q.appId) query = query.where('g.app_id', '=', q.appId);
      if (q.entitlementId) query = query.where('g.entitlement_id', '=', q.entitlementId);
      if (q.resourceType) query = query.where('g.resource_type', '=', q.resourceType);
      if (q.resourceId) query = query.where('g.resource_id', '=', q.resourceId);
      if (q.principalType) query = query.where('g.principal_type', '=', q.principalType);
      if (q.principalId) query = query.where('g.principal_id', '=', q.principalId);
      if (q.inherited) query = query.where('g.direct', '=', q.inherited === 'true' ? 0 : 1);
      if (q.q) {
        // Scanning a million grants for a substring takes seconds. Names live in the far smaller
        // resources and entitlements tables: find the matching ones there, then their grants by index.
        const like = `%${q.q}%`;
        const scope = visible ? (visible.length ? visible : ['']) : undefined;
        const principals = await db
          .selectFrom('resources as r')
          .innerJoin('apps as ra', (j) => j.onRef('ra.id', '=', 'r.app_id').onRef('ra.catalog_generation', '=', 'r.generation'))
          .select('r.id')
          .distinct()
          .where((w) => w.or([w('r.display_name', 'like', like), w('r.email', 'like', like.toLowerCase()), w('r.login', 'like', like.toLowerCase())]))
          .$if(Boolean(q.appId), (x) => x.where('r.app_id', '=', q.appId!))
          .$if(Boolean(scope), (x) => x.where('r.app_id', 'in', scope!))
          .limit(TEXT_MATCH_LIMIT)
          .execute();
        const entitlements = await db
          .selectFrom('entitlements as e2')
          .innerJoin('apps as ea', (j) => j.onRef('ea.id', '=', 'e2.app_id').onRef('ea.catalog_generation', '=', 'e2.generation'))
          .select('e2.id')
          .distinct()
          .where('e2.display_name', 'like', like)
          .$if(Boolean(q.appId), (x) => x.where('e2.app_id', '=', q.appId!))
          .$if(Boolean(scope), (x) => x.where('e2.app_id', 'in', scope!))
          .limit(TEXT_MATCH_LIMIT)
          .execute();
        const principalIds = principals.map((r) => r.id);
        const entitlementIds = entitlements.map((e) => e.id);
        query = query.where((w) =>
          w.or([
            w('g.id', '=', q.q!),
            ...(principalIds.length ? [w('g.principal_id', 'in', principalIds)] : []),
            ...(entitlementIds.length ? [w('g.entitlement_id', 'in', entitlementIds)] : []),
          ]),
        );
      }
      const c = splitKey(decodeCursor(q.cursor));
      if (c) query = query.where((w) => w.or([w('g.app_id', '>', c[0]), w.and([w('g.app_id', '=', c[0]), w('g.id', '>', c[1])])]));
      const page = pageOf(await query.execute(), q.limit, (r) => key(r.app_id, r.id));
      const names = await appNames();
      return {
        items: page.items.map((r) => ({
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
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/events',
    { schema: { tags: ['catalog'], summary: 'Catalog events: grants added and removed by each sync, oldest first', querystring: z.object({ ...pageQuery, appId: z.string().optional() }) } },
    async (req) => {
      requirePermission(req, 'catalog:read');
      const q = req.query;
      let query = db.selectFrom('catalog_events').selectAll().orderBy('seq').limit(q.limit + 1);
      const cursor = decodeCursor(q.cursor);
      if (cursor) query = query.where('seq', '>', Number(cursor));
      if (q.appId) query = query.where('app_id', '=', q.appId);
      const page = pageOf(await query.execute(), q.limit, (r) => String(r.seq));
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );
};
