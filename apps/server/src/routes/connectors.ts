/** Connectors: types and their config forms, attach, edit, remove, sync now, sync runs. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { connectorTypes, connectorView, createConnector, deleteConnector, loadConnector, updateConnector, viewConnector } from '../modules/apps/connectors.js';
import { audit } from '../modules/audit/audit.js';
import { actorOf } from '../modules/auth/principal.js';
import { listRuns, requestSync } from '../modules/syncs/runs.js';
import { MIN_SYNC_INTERVAL_MINUTES, scheduleProblem } from '../modules/syncs/schedules.js';
import { appParam } from './apps.js';

/** A cron expression that runs at most every MIN_SYNC_INTERVAL_MINUTES; the refusal names `body.schedule` and why. */
const cronSchedule = z
  .string()
  .max(200)
  .describe(`a cron expression (5 or 6 fields); syncs start at most every ${MIN_SYNC_INTERVAL_MINUTES} minutes`)
  .superRefine((value, check) => {
    const problem = scheduleProblem(value);
    if (problem) check.addIssue({ code: 'custom', message: problem });
  });

const idParam = z.object({ id: z.string() });
/** Platform user ids; each newly named owner is emailed a link to the connector's settings. */
const connectorOwners = z.array(z.string()).max(100);

export const connectorRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  /** The app of the connector that a route's `:id` names. */
  const appOfConnector = async (req: { params: unknown }) => (await loadConnector(ctx, (req.params as { id: string }).id)).app_id;

  app.get(
    '/connector-types',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['connectors'],
        summary: 'Connector types with their config schemas',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                type: z.string(),
                displayName: z.string(),
                description: z.string(),
                capabilities: z.record(z.string(), z.array(z.string())),
                resourceTypes: z.array(z.object({ id: z.string(), displayName: z.string(), traits: z.array(z.string()), description: z.string().optional() })),
                fields: z.array(
                  z.object({
                    key: z.string(),
                    kind: z.string(),
                    required: z.boolean(),
                    default: z.unknown().optional(),
                    choices: z.array(z.string()).optional(),
                    secret: z.boolean(),
                    description: z.string().optional(),
                    example: z.string().optional(),
                  }),
                ),
                jsonSchema: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: connectorTypes() }),
  );

  const connectorBody = z.object({
    type: z.string(),
    config: z.record(z.string(), z.unknown()),
    provisioning: z.boolean().default(false),
    schedule: cronSchedule.default('0 * * * *'),
    syncNow: z.boolean().default(true),
    owners: connectorOwners.optional(),
  });

  app.post(
    '/apps/:id/connectors',
    {
      config: can('apps:manage', appParam),
      schema: { tags: ['connectors'], summary: 'Attach a connector to an app (secrets are write-only)', params: idParam, body: connectorBody, response: { 201: connectorView.extend({ syncRunId: z.string().nullable() }) } },
    },
    async (req, reply) => {
      const row = await createConnector(ctx, actorOf(principal(req)), req.params.id, req.body);
      const sync = req.body.syncNow ? await requestSync(ctx, row.id, row.app_id, 'created') : undefined;
      return reply.status(201).send({ ...(await viewConnector(ctx, row)), syncRunId: sync?.runId ?? null });
    },
  );

  app.get(
    '/connectors/:id',
    { config: can('catalog:read', appOfConnector), schema: { tags: ['connectors'], summary: 'A connector (secrets shown as set / not set)', params: idParam, response: { 200: connectorView } } },
    async (req) => viewConnector(ctx, await loadConnector(ctx, req.params.id)),
  );

  app.patch(
    '/connectors/:id',
    {
      config: can('apps:manage', appOfConnector),
      schema: {
        tags: ['connectors'],
        summary: 'Change config (omitted secrets are kept), provisioning switch, schedule or owners',
        params: idParam,
        body: z.object({ config: z.record(z.string(), z.unknown()).optional(), provisioning: z.boolean().optional(), schedule: cronSchedule.optional(), owners: connectorOwners.optional() }),
        response: { 200: connectorView },
      },
    },
    async (req) => viewConnector(ctx, await updateConnector(ctx, actorOf(principal(req)), req.params.id, req.body)),
  );

  app.delete(
    '/connectors/:id',
    { config: can('apps:manage', appOfConnector), schema: { tags: ['connectors'], summary: 'Remove a connector (the app keeps its last synced data)', params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteConnector(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/connectors/:id/sync',
    { config: can('apps:manage', appOfConnector), schema: { tags: ['connectors'], summary: 'Sync now (one sync per connector at a time)', params: idParam, response: { 202: z.object({ runId: z.string(), queued: z.boolean() }) } } },
    async (req, reply) => {
      const c = await loadConnector(ctx, req.params.id);
      const result = await requestSync(ctx, c.id, c.app_id, 'manual');
      if (result.queued) await audit(ctx.db.db, actorOf(principal(req)), { action: 'connector.sync', targetType: 'connector', targetId: c.id, after: { syncRunId: result.runId } });
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/connectors/:id/sync-runs',
    {
      config: can('catalog:read', appOfConnector),
      schema: {
        tags: ['connectors'],
        summary: 'Sync runs, newest first, with counts, warnings and logs',
        params: idParam,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                status: z.string(),
                trigger: z.string(),
                queuedAt: z.string(),
                startedAt: z.string().nullable(),
                endedAt: z.string().nullable(),
                error: z.string().nullable(),
                warnings: z.array(z.unknown()),
                apiCalls: z.number(),
                counts: z.record(z.string(), z.unknown()),
                grantsAdded: z.number(),
                grantsRemoved: z.number(),
                log: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listRuns(ctx, (await loadConnector(ctx, req.params.id)).id, req.query.limit) }),
  );
};
