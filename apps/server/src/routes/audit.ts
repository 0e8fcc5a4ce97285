/** The audit log and its chain verification. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../auth/principal.js';
import type { Context } from '../context.js';
import { verifyChain } from '../modules/audit.js';
import { decodeCursor, pageOf, pageQuery } from './pagination.js';

export const auditRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const { db } = ctx.db;
  app.get(
    '/audit',
    { schema: { tags: ['audit'], summary: 'Audit events, newest first, filterable', querystring: z.object({ ...pageQuery, action: z.string().optional(), targetType: z.string().optional(), targetId: z.string().optional(), actorId: z.string().optional() }) } },
    async (req) => {
      requirePermission(req, 'audit:read');
      const q = req.query;
      let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(q.limit + 1);
      const cursor = decodeCursor(q.cursor);
      if (cursor) query = query.where('seq', '<', Number(cursor));
      if (q.action) query = query.where('action', 'like', `${q.action}%`);
      if (q.targetType) query = query.where('target_type', '=', q.targetType);
      if (q.targetId) query = query.where('target_id', '=', q.targetId);
      if (q.actorId) query = query.where('actor_id', '=', q.actorId);
      const page = pageOf(await query.execute(), q.limit, (r) => String(r.seq));
      return {
        items: page.items.map((r) => ({
          seq: r.seq,
          id: r.id,
          at: r.at,
          actor: { type: r.actor_type, id: r.actor_id },
          action: r.action,
          target: { type: r.target_type, id: r.target_id },
          before: r.before ? (JSON.parse(r.before) as unknown) : null,
          after: r.after ? (JSON.parse(r.after) as unknown) : null,
          hash: r.hash,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get('/audit/verify', { schema: { tags: ['audit'], summary: 'Verify the hash chain; reports the first broken link' } }, async (req) => {
    requirePermission(req, 'audit:read');
    return verifyChain(db);
  });
};
