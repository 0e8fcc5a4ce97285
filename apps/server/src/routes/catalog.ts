/** The access catalog: resources, entitlements and grants of every app (their current sync), and grant events. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { appScope } from '../modules/auth/principal.js';
import { listEntitlements, listEvents, listGrants, listResources } from '../modules/catalog/queries.js';
import { pagedOf, pageQuery } from '../paging.js';

const text = z.string().max(500).optional();

export const grantView = z.object({
  appId: z.string(),
  appName: z.string(),
  id: z.string(),
  entitlementId: z.string(),
  entitlementName: z.string().nullable(),
  resourceType: z.string(),
  resourceId: z.string(),
  principalType: z.string(),
  principalId: z.string(),
  principalName: z.string().nullable(),
  inherited: z.boolean(),
  sources: z.array(z.string()),
});

export const catalogRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const scopeOf = (req: Parameters<typeof principal>[0]) => appScope(ctx.db, principal(req));

  app.get(
    '/resources',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['catalog'],
        summary: 'Resources (accounts, groups, roles, …)',
        querystring: z.object({ ...pageQuery, appId: text, type: text, q: text }),
        response: {
          200: pagedOf(z.object({ appId: z.string(), appName: z.string(), type: z.string(), id: z.string(), displayName: z.string(), email: z.string().nullable(), login: z.string().nullable(), data: z.unknown() })),
        },
      },
    },
    async (req) => listResources(ctx, await scopeOf(req), req.query),
  );

  app.get(
    '/entitlements',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['catalog'],
        summary: 'Entitlements',
        querystring: z.object({ ...pageQuery, appId: text, resourceType: text, resourceId: text, q: text }),
        response: {
          200: pagedOf(z.object({ appId: z.string(), appName: z.string(), id: z.string(), resourceType: z.string(), resourceId: z.string(), slug: z.string(), displayName: z.string(), grantableTo: z.array(z.string()) })),
        },
      },
    },
    async (req) => listEntitlements(ctx, await scopeOf(req), req.query),
  );

  app.get(
    '/grants',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['catalog'],
        summary: 'Grants: who holds what, direct or inherited',
        querystring: z.object({
          ...pageQuery,
          appId: text,
          entitlementId: text,
          resourceType: text,
          resourceId: text,
          principalType: text,
          principalId: text,
          inherited: z.enum(['true', 'false']).optional(),
          q: text,
        }),
        response: { 200: pagedOf(grantView) },
      },
    },
    async (req) => listGrants(ctx, await scopeOf(req), { ...req.query, inherited: req.query.inherited === undefined ? undefined : req.query.inherited === 'true' }),
  );

  app.get(
    '/events',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['catalog'],
        summary: 'Catalog events, oldest first: grants added and removed by each sync, changed by tasks, and drift',
        querystring: z.object({ ...pageQuery, appId: text }),
        response: {
          200: pagedOf(
            z.object({
              seq: z.number(),
              appId: z.string(),
              syncRunId: z.string().nullable(),
              taskId: z.string().nullable(),
              kind: z.string(),
              grantId: z.string(),
              entitlementId: z.string(),
              principalType: z.string(),
              principalId: z.string(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listEvents(ctx, await scopeOf(req), req.query),
  );
};
