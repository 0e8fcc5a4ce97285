/** Reading the audit log, newest first, and how an event is shown (the API, the export). */
import type { Selectable } from 'kysely';
import type { Context } from '../../context.js';
import type { AuditEventTable } from '../../db/schema.js';
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
  return mapPage(page, presentAuditEvent);
}

export function presentAuditEvent(e: Selectable<AuditEventTable>) {
  return {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor: { type: e.actor_type, id: e.actor_id },
    action: e.action,
    target: { type: e.target_type, id: e.target_id },
    before: e.before ? (JSON.parse(e.before) as unknown) : null,
    after: e.after ? (JSON.parse(e.after) as unknown) : null,
    prevHash: e.prev_hash,
    hash: e.hash,
  };
}

/** Every event about one target, oldest first (a task's state history). */
export async function eventsAbout(ctx: Context, targetType: string, targetId: string) {
  const rows = await ctx.db.db.selectFrom('audit_events').selectAll().where('target_type', '=', targetType).where('target_id', '=', targetId).orderBy('seq').execute();
  return rows.map(presentAuditEvent);
}
