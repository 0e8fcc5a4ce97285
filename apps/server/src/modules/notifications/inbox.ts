/**
 * Each platform user's in-app inbox: their notifications, newest first, and what they have read.
 * Always scoped to the caller: another user's notification is "not found", never "forbidden", so
 * ids cannot be probed. Read marks are a person's own bookkeeping, not a change to what the
 * platform governs, so they are not written to the audit log (which would grow by every click).
 */
import type { Context } from '../../context.js';
import type { NotificationTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { decodeCursor, mapPage, pageOf, type Paged } from '../../paging.js';
import type { NotificationContent } from './notify.js';

export interface InboxItem extends NotificationContent {
  readAt: string | null;
}

const present = (n: NotificationTable): InboxItem => ({
  id: n.id,
  event: n.event,
  subject: n.subject,
  text: n.body,
  link: n.link,
  data: JSON.parse(n.data) as Record<string, unknown>,
  createdAt: n.created_at,
  readAt: n.read_at,
});

export async function listInbox(ctx: Context, userId: string, q: { limit: number; cursor?: string; unread?: boolean }): Promise<Paged<InboxItem>> {
  let query = ctx.db.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1);
  if (q.unread) query = query.where('read_at', 'is', null);
  const c = decodeCursor(q.cursor, 2);
  if (c) {
    const [at, id] = c as [string, string];
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return mapPage(pageOf(await query.execute(), q.limit, (n) => [n.created_at, n.id]), present);
}

export async function unreadCount(ctx: Context, userId: string): Promise<number> {
  const row = await ctx.db.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read (again is fine: the first time stays). */
export async function markRead(ctx: Context, userId: string, id: string): Promise<InboxItem> {
  const { db } = ctx.db;
  await db.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  const n = await db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!n) throw new NotFoundError('notification', id);
  return present(n);
}

export async function markAllRead(ctx: Context, userId: string): Promise<number> {
  const res = await ctx.db.db.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
