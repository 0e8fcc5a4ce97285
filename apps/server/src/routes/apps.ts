/** Apps (managed and discovered): list, read, create, edit, link a discovered app, delete. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { connectorsOfApp, connectorView, viewConnectors } from '../modules/apps/connectors.js';
import { appOwnerIds, createApp, deleteApp, linkDiscoveredApp, listApps, loadApp, presentApp, updateApp } from '../modules/apps/apps.js';
import { actorOf, appScope } from '../modules/auth/principal.js';
import { directoryAssignments } from '../modules/catalog/discovery.js';

const appView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  managed: z.boolean(),
  isDirectory: z.boolean(),
  discoveredBy: z.string().nullable(),
  externalId: z.string().nullable(),
  owners: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const countsView = z.object({ accounts: z.number(), entitlements: z.number(), grants: z.number(), inherited: z.number() });
const appStatus = z.enum(['not_connected', 'syncing', 'connected', 'error']);

const appBody = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  owners: z.array(z.string()).max(100).optional(),
  /** A directory's accounts are the company's people (Okta, PingOne). */
  isDirectory: z.boolean().optional(),
});

const idParam = z.object({ id: z.string() });
/** The app a route's `:id` names. */
export const appParam = (req: { params: unknown }) => (req.params as { id: string }).id;

export const appRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/apps',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['apps'],
        summary: 'Apps with their connector status and counts',
        querystring: z.object({ managed: z.enum(['true', 'false']).optional(), q: z.string().max(200).optional() }),
        response: { 200: z.object({ items: z.array(appView.extend({ status: appStatus, lastSyncAt: z.string().nullable(), counts: countsView })) }) },
      },
    },
    async (req) => ({ items: await listApps(ctx, await appScope(ctx.db, principal(req)), { managed: req.query.managed === undefined ? undefined : req.query.managed === 'true', q: req.query.q }) }),
  );

  app.post('/apps', { config: can('apps:admin'), schema: { tags: ['apps'], summary: 'Create a managed app', body: appBody, response: { 201: appView } } }, async (req, reply) =>
    reply.status(201).send(await createApp(ctx, actorOf(principal(req)), req.body)),
  );

  app.get(
    '/apps/:id',
    { config: can('catalog:read', appParam), schema: { tags: ['apps'], summary: 'An app with its connectors', params: idParam, response: { 200: appView.extend({ connectors: z.array(connectorView) }) } } },
    async (req) => {
      const a = await loadApp(ctx, req.params.id);
      return { ...presentApp(a, await appOwnerIds(ctx, a.id)), connectors: await viewConnectors(ctx, await connectorsOfApp(ctx, a.id)) };
    },
  );

  app.patch(
    '/apps/:id',
    {
      config: can('apps:manage', appParam),
      schema: { tags: ['apps'], summary: "Edit an app, or turn a discovered app into a managed one (owners and isDirectory: app administrators only)", params: idParam, body: appBody.partial().extend({ managed: z.literal(true).optional() }), response: { 200: appView } },
    },
    async (req) => updateApp(ctx, principal(req), req.params.id, req.body),
  );

  app.post(
    '/apps/:id/link',
    {
      config: can('apps:admin'),
      schema: { tags: ['apps'], summary: 'Link a discovered app to an existing managed app (the discovered entry is merged into it)', params: idParam, body: z.object({ appId: z.string() }), response: { 200: appView } },
    },
    async (req) => linkDiscoveredApp(ctx, actorOf(principal(req)), req.params.id, req.body.appId),
  );

  app.get(
    '/apps/:id/directory-assignments',
    {
      config: can('catalog:read', appParam),
      schema: {
        tags: ['apps'],
        summary: 'Who the directory assigns this app to',
        params: idParam,
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), principalType: z.string(), principalId: z.string(), direct: z.boolean() })) }) },
      },
    },
    async (req) => {
      await loadApp(ctx, req.params.id);
      return { items: (await directoryAssignments(ctx, req.params.id)).map((g) => ({ ...g, direct: g.direct === 1 })) };
    },
  );

  app.delete('/apps/:id', { config: can('apps:admin'), schema: { tags: ['apps'], summary: 'Delete an app, its connectors and its catalog', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteApp(ctx, actorOf(principal(req)), req.params.id);
    return reply.status(204).send(null);
  });
};
