/** Apps (managed and discovered), their owners and connectors, syncs and sync runs. */
import { Cron } from 'croner';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf, requireOnApp, requirePermission, visibleApps } from '../auth/principal.js';
import { CONNECTOR_TYPES, DIRECTORY_TYPES } from '../connector-types.js';
import type { Context } from '../context.js';
import type { AppTable, CatalogCounts } from '../db/schema.js';
import { audit } from '../modules/audit.js';
import { connectorType, describeType, prepareConfig, presentConnector } from '../modules/connectors.js';
import { SYNC_JOB } from '../modules/sync.js';
import { directoryAssignments } from '../modules/unmanaged.js';
import { badRequest, conflict, notFound } from '../problems.js';

const presentApp = (a: AppTable, owners: string[] = []) => ({
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
});

/** What the app's current catalog holds, as recorded by the ingest that wrote it. */
export function catalogCounts(a: AppTable): CatalogCounts {
  return a.catalog_counts ? (JSON.parse(a.catalog_counts) as CatalogCounts) : { accounts: 0, entitlements: 0, grants: 0, inherited: 0 };
}

const cronSchedule = z.string().refine(
  (s) => {
    try {
      new Cron(s, { paused: true }).stop();
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid cron expression (e.g. "0 * * * *" for hourly)' },
);

/** Queues a sync of a connector unless one is queued or running already. */
export async function requestSync(ctx: Context, connectorId: string, appId: string, trigger: string): Promise<{ runId: string; queued: boolean }> {
  const { db } = ctx.db;
  const active = await db.selectFrom('sync_runs').select('id').where('connector_id', '=', connectorId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (active) return { runId: active.id, queued: false };
  const runId = randomUUID();
  await db
    .insertInto('sync_runs')
    .values({ id: runId, connector_id: connectorId, app_id: appId, status: 'queued', trigger, queued_at: new Date().toISOString(), started_at: null, ended_at: null, error: null, warnings: '[]', api_calls: 0, counts: '{}', grants_added: 0, grants_removed: 0, log: '' })
    .execute();
  const job = await ctx.jobs.enqueue(SYNC_JOB, { runId }, { dedupeKey: `sync:${connectorId}`, maxAttempts: 4 });
  if (!job.created) {
    // Another process queued one at the same moment: keep theirs.
    await db.deleteFrom('sync_runs').where('id', '=', runId).execute();
    const theirs = await db.selectFrom('sync_runs').select('id').where('connector_id', '=', connectorId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
    return { runId: theirs?.id ?? runId, queued: false };
  }
  return { runId, queued: true };
}

export const appRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const { db } = ctx.db;
  const ownersOf = async (ids: string[]) => {
    const rows = ids.length ? await db.selectFrom('app_owners').selectAll().where('app_id', 'in', ids).execute() : [];
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.app_id, [...(map.get(r.app_id) ?? []), r.user_id]);
    return map;
  };
  const loadApp = async (id: string) => {
    const a = await db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('app', id);
    return a;
  };

  app.get('/connector-types', { schema: { tags: ['connectors'], summary: 'Connector types with their config schemas' } }, async (req) => {
    requirePermission(req, 'catalog:read');
    return { items: Object.values(CONNECTOR_TYPES).map(describeType) };
  });

  app.get(
    '/apps',
    { schema: { tags: ['apps'], summary: 'Apps with their connector status and counts', querystring: z.object({ managed: z.enum(['true', 'false']).optional(), q: z.string().optional() }) } },
    async (req) => {
      const p = requirePermission(req, 'catalog:read');
      const visible = await visibleApps(ctx, p);
      let q = db.selectFrom('apps').selectAll().orderBy('name');
      if (visible) q = visible.length ? q.where('id', 'in', visible) : q.where('id', '=', '');
      if (req.query.managed) q = q.where('managed', '=', req.query.managed === 'true' ? 1 : 0);
      if (req.query.q) q = q.where('name', 'like', `%${req.query.q}%`);
      const apps = await q.execute();
      const owners = await ownersOf(apps.map((a) => a.id));
      const connectors = await db.selectFrom('connectors').selectAll().execute();
      return {
        items: apps.map((a) => {
          const c = connectors.filter((x) => x.app_id === a.id);
          return {
            ...presentApp(a, owners.get(a.id)),
            status: c.length === 0 ? 'not_connected' : c.some((x) => x.status === 'syncing') ? 'syncing' : c.some((x) => x.status === 'error') ? 'error' : c.every((x) => x.status === 'connected') ? 'connected' : 'not_connected',
            lastSyncAt: c.map((x) => x.last_sync_at).filter(Boolean).sort().pop() ?? null,
            counts: catalogCounts(a),
          };
        }),
      };
    },
  );

  const appBody = z.object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    owners: z.array(z.string()).optional(),
    /** A directory's accounts are the company's people (Okta, PingOne). */
    isDirectory: z.boolean().optional(),
  });

  app.post('/apps', { schema: { tags: ['apps'], summary: 'Create a managed app', body: appBody } }, async (req, reply) => {
    const p = requirePermission(req, 'apps:manage');
    if (p.role === 'app_owner') throw badRequest('App owners cannot create apps');
    const now = new Date().toISOString();
    const row: AppTable = { id: randomUUID(), name: req.body.name, description: req.body.description ?? '', is_directory: req.body.isDirectory ? 1 : 0, managed: 1, discovered_by: null, external_id: null, catalog_generation: 0, catalog_counts: null, created_at: now, updated_at: now };
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('apps').values(row).execute();
      for (const owner of req.body.owners ?? []) await tx.insertInto('app_owners').values({ app_id: row.id, user_id: owner }).execute();
      await audit(tx, actorOf(p), { action: 'app.create', targetType: 'app', targetId: row.id, after: req.body });
    });
    return reply.status(201).send(presentApp(row, req.body.owners ?? []));
  });

  app.get('/apps/:id', { schema: { tags: ['apps'], summary: 'An app with its connectors', params: z.object({ id: z.string() }) } }, async (req) => {
    await requireOnApp(ctx, req, 'catalog:read', req.params.id);
    const a = await loadApp(req.params.id);
    const connectors = await db.selectFrom('connectors').selectAll().where('app_id', '=', a.id).execute();
    return { ...presentApp(a, (await ownersOf([a.id])).get(a.id)), connectors: connectors.map((c) => presentConnector(c, ctx.secrets)) };
  });

  app.patch(
    '/apps/:id',
    { schema: { tags: ['apps'], summary: 'Edit an app, or turn a discovered app into a managed one', params: z.object({ id: z.string() }), body: appBody.partial().extend({ managed: z.literal(true).optional() }) } },
    async (req) => {
      const p = await requireOnApp(ctx, req, 'apps:manage', req.params.id);
      const before = await loadApp(req.params.id);
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('apps')
          .set({ name: req.body.name, description: req.body.description, managed: req.body.managed ? 1 : undefined, is_directory: req.body.isDirectory === undefined ? undefined : req.body.isDirectory ? 1 : 0, updated_at: new Date().toISOString() })
          .where('id', '=', before.id)
          .execute();
        if (req.body.owners) {
          await tx.deleteFrom('app_owners').where('app_id', '=', before.id).execute();
          for (const owner of req.body.owners) await tx.insertInto('app_owners').values({ app_id: before.id, user_id: owner }).execute();
        }
        await audit(tx, actorOf(p), { action: 'app.update', targetType: 'app', targetId: before.id, before: presentApp(before), after: req.body });
      });
      return presentApp(await loadApp(before.id), (await ownersOf([before.id])).get(before.id));
    },
  );

  app.post(
    '/apps/:id/link',
    { schema: { tags: ['apps'], summary: 'Link a discovered app to an existing managed app (the discovered entry is merged into it)', params: z.object({ id: z.string() }), body: z.object({ appId: z.string() }) } },
    async (req) => {
      const p = requirePermission(req, 'apps:manage');
      const discovered = await loadApp(req.params.id);
      if (discovered.managed) throw badRequest('only a discovered (unmanaged) app can be linked to a managed app');
      const target = await loadApp(req.body.appId);
      await requireOnApp(ctx, req, 'apps:manage', target.id);
      if (!target.managed) throw badRequest('the target must be a managed app');
      if (target.discovered_by) throw conflict('the target app is already linked to a directory app');
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('apps').set({ discovered_by: discovered.discovered_by, external_id: discovered.external_id, updated_at: new Date().toISOString() }).where('id', '=', target.id).execute();
        await tx.deleteFrom('apps').where('id', '=', discovered.id).execute();
        await audit(tx, actorOf(p), { action: 'app.link', targetType: 'app', targetId: target.id, before: { discovered: presentApp(discovered) }, after: { discoveredBy: discovered.discovered_by, externalId: discovered.external_id } });
      });
      return presentApp(await loadApp(target.id));
    },
  );

  app.get('/apps/:id/directory-assignments', { schema: { tags: ['apps'], summary: 'Who the directory assigns this app to', params: z.object({ id: z.string() }) } }, async (req) => {
    await requireOnApp(ctx, req, 'catalog:read', req.params.id);
    await loadApp(req.params.id);
    return { items: (await directoryAssignments(ctx, req.params.id)).map((g) => ({ ...g, direct: g.direct === 1 })) };
  });

  app.delete('/apps/:id', { schema: { tags: ['apps'], summary: 'Delete an app, its connectors and its catalog', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const p = requirePermission(req, 'apps:manage');
    if (p.role === 'app_owner') throw badRequest('App owners cannot delete apps');
    const before = await loadApp(req.params.id);
    await db.transaction().execute(async (tx) => {
      for (const t of ['resources', 'entitlements', 'grants', 'account_links', 'catalog_events'] as const) await tx.deleteFrom(t).where('app_id', '=', before.id).execute();
      await tx.deleteFrom('apps').where('id', '=', before.id).execute();
      await audit(tx, actorOf(p), { action: 'app.delete', targetType: 'app', targetId: before.id, before: presentApp(before) });
    });
    return reply.status(204).send();
  });

  // ---- connectors ------------------------------------------------------------------------------

  const connectorBody = z.object({
    type: z.string(),
    config: z.record(z.string(), z.unknown()),
    provisioning: z.boolean().default(false),
    schedule: cronSchedule.default('0 * * * *'),
    syncNow: z.boolean().default(true),
  });

  app.post('/apps/:id/connectors', { schema: { tags: ['connectors'], summary: 'Attach a connector to an app (secrets are write-only)', params: z.object({ id: z.string() }), body: connectorBody } }, async (req, reply) => {
    const p = await requireOnApp(ctx, req, 'apps:manage', req.params.id);
    const a = await loadApp(req.params.id);
    const def = connectorType(req.body.type);
    const sealed = prepareConfig(def, req.body.config, ctx.secrets);
    const now = new Date().toISOString();
    const row = { id: randomUUID(), app_id: a.id, type: def.name, ...sealed, provisioning: req.body.provisioning ? 1 : 0, schedule: req.body.schedule, status: 'not_connected', status_message: null, last_sync_at: null, created_at: now, updated_at: now };
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('connectors').values(row).execute();
      if (!a.managed) await tx.updateTable('apps').set({ managed: 1, updated_at: now }).where('id', '=', a.id).execute();
      // The first directory-type connector (Okta, PingOne) makes its app the directory, unless one exists.
      if (DIRECTORY_TYPES.has(def.name) && !a.is_directory) {
        const directory = await tx.selectFrom('apps').select('id').where('is_directory', '=', 1).executeTakeFirst();
        if (!directory) await tx.updateTable('apps').set({ is_directory: 1 }).where('id', '=', a.id).execute();
      }
      await audit(tx, actorOf(p), { action: 'connector.create', targetType: 'connector', targetId: row.id, after: presentConnector(row, ctx.secrets) });
    });
    const sync = req.body.syncNow ? await requestSync(ctx, row.id, a.id, 'created') : undefined;
    return reply.status(201).send({ ...presentConnector(row, ctx.secrets), syncRunId: sync?.runId ?? null });
  });

  const loadConnector = async (id: string) => {
    const c = await db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('connector', id);
    return c;
  };

  app.get('/connectors/:id', { schema: { tags: ['connectors'], summary: 'A connector (secrets shown as set / not set)', params: z.object({ id: z.string() }) } }, async (req) => {
    const c = await loadConnector(req.params.id);
    await requireOnApp(ctx, req, 'catalog:read', c.app_id);
    return presentConnector(c, ctx.secrets);
  });

  app.patch(
    '/connectors/:id',
    {
      schema: {
        tags: ['connectors'],
        summary: 'Change config (omitted secrets are kept), provisioning switch or schedule',
        params: z.object({ id: z.string() }),
        body: z.object({ config: z.record(z.string(), z.unknown()).optional(), provisioning: z.boolean().optional(), schedule: cronSchedule.optional() }),
      },
    },
    async (req) => {
      const before = await loadConnector(req.params.id);
      const p = await requireOnApp(ctx, req, 'apps:manage', before.app_id);
      const def = connectorType(before.type);
      const sealed = req.body.config ? prepareConfig(def, req.body.config, ctx.secrets, before) : {};
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('connectors')
          .set({ ...sealed, provisioning: req.body.provisioning === undefined ? undefined : req.body.provisioning ? 1 : 0, schedule: req.body.schedule, updated_at: new Date().toISOString() })
          .where('id', '=', before.id)
          .execute();
        const after = await tx.selectFrom('connectors').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        await audit(tx, actorOf(p), { action: 'connector.update', targetType: 'connector', targetId: before.id, before: presentConnector(before, ctx.secrets), after: presentConnector(after, ctx.secrets) });
      });
      return presentConnector(await loadConnector(before.id), ctx.secrets);
    },
  );

  app.delete('/connectors/:id', { schema: { tags: ['connectors'], summary: 'Remove a connector (the app keeps its last synced data)', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const before = await loadConnector(req.params.id);
    const p = await requireOnApp(ctx, req, 'apps:manage', before.app_id);
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('connectors').where('id', '=', before.id).execute();
      await audit(tx, actorOf(p), { action: 'connector.delete', targetType: 'connector', targetId: before.id, before: presentConnector(before, ctx.secrets) });
    });
    return reply.status(204).send();
  });

  app.post('/connectors/:id/sync', { schema: { tags: ['connectors'], summary: 'Sync now (one sync per connector at a time)', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const c = await loadConnector(req.params.id);
    const p = await requireOnApp(ctx, req, 'apps:manage', c.app_id);
    const result = await requestSync(ctx, c.id, c.app_id, 'manual');
    if (result.queued) await audit(db, actorOf(p), { action: 'connector.sync', targetType: 'connector', targetId: c.id, after: { syncRunId: result.runId } });
    return reply.status(202).send(result);
  });

  app.get('/connectors/:id/sync-runs', { schema: { tags: ['connectors'], summary: 'Sync runs, newest first, with counts, warnings and logs', params: z.object({ id: z.string() }), querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) } }, async (req) => {
    const c = await loadConnector(req.params.id);
    await requireOnApp(ctx, req, 'catalog:read', c.app_id);
    const runs = await db.selectFrom('sync_runs').selectAll().where('connector_id', '=', c.id).orderBy('queued_at', 'desc').limit(req.query.limit).execute();
    return {
      items: runs.map((r) => ({
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        queuedAt: r.queued_at,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        error: r.error,
        warnings: JSON.parse(r.warnings) as unknown[],
        apiCalls: r.api_calls,
        counts: JSON.parse(r.counts) as Record<string, unknown>,
        grantsAdded: r.grants_added,
        grantsRemoved: r.grants_removed,
        log: r.log,
      })),
    };
  });
};
