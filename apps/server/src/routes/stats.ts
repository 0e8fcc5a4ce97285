/** The dashboard's figures in one call. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { appScope } from '../modules/auth/principal.js';
import { dashboardStats } from '../modules/catalog/stats.js';

export const statsRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/stats',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['apps'],
        summary: 'Dashboard figures: apps by connector status, grants per app, people without a directory account, accounts without a person',
        response: {
          200: z.object({
            apps: z.object({ total: z.number(), discovered: z.number(), byStatus: z.record(z.string(), z.number()) }),
            grantsPerApp: z.array(z.object({ appId: z.string(), name: z.string(), grants: z.number(), inherited: z.number() })),
            people: z.object({ total: z.number(), withoutDirectoryAccount: z.number() }),
            accounts: z.object({ total: z.number(), withoutPerson: z.number() }),
          }),
        },
      },
    },
    async (req) => dashboardStats(ctx, await appScope(ctx.db, principal(req))),
  );
};
