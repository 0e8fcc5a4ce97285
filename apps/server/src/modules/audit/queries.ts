/** Reading the audit log, newest first. */
import type { Context } from '../../context.js';
import { decodeCursor, mapPage, pageOf } from '../../paging.js';

export async function listAudit(ctx: Context, q: { limit: number; cursor?: string; action?: string; targetType?: string; targetId?: string; actorId?: string }) {
  let query = ctx.db.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(q.limit + 1);
  const c = decodeCursor(q.cursor, 1);
  if (c) query = query.where('seq', '<', Number(c[0]));
  if (q.action) query = query.where('action', 'like', `${q.action}%`);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  const page = pageOf(await query.execute(), q.limit, (r) => [String(r.seq)]);
  return mapPage(page, (r) => ({
    seq: r.seq,
    id: r.id,
    at: r.at,
    actor: { type: r.actor_type, id: r.actor_id },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    before: r.before ? (JSON.parse(r.before) as unknown) : null,
    after: r.after ? (JSON.parse(r.after) as unknown) : null,
    hash: r.hash,
  }));
}
