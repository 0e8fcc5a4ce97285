/** The audit log and its chain verification. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can } from '../http/access.js';
import { verifyChain } from '../modules/audit/audit.js';
import { listAudit } from '../modules/audit/queries.js';
import { pagedOf, pageQuery } from '../paging.js';

const text = z.string().max(500).optional();

export const auditRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/audit',
    {
      config: can('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first, filterable',
        querystring: z.object({ ...pageQuery, action: text, targetType: text, targetId: text, actorId: text }),
        response: {
          200: pagedOf(
            z.object({
              seq: z.number(),
              id: z.string(),
              at: z.string(),
              actor: z.object({ type: z.string(), id: z.string().nullable() }),
              action: z.string(),
              target: z.object({ type: z.string(), id: z.string().nullable() }),
              before: z.unknown(),
              after: z.unknown(),
              hash: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listAudit(ctx, req.query),
  );

  app.get(
    '/audit/verify',
    {
      config: can('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain; reports the first broken link',
        response: { 200: z.object({ ok: z.boolean(), events: z.number(), brokenAt: z.object({ seq: z.number(), id: z.string(), reason: z.string() }).optional() }) },
      },
    },
    async () => verifyChain(ctx.db.db),
  );
};
