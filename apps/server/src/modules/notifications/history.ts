/**
 * The notification history: every event that notified, newest first, with who received it (and
 * whether they read it) and each delivery's state, attempts, last error and next attempt. It is
 * how a person checks that a notification went out, or why it did not.
 */
import type { Context } from '../../context.js';
import { decodeCursor, pageOf, type Paged } from '../../paging.js';
import type { NotificationContent } from './notify.js';

export interface DeliveryView {
  id: string;
  channel: 'email' | 'webhook';
  target: string;
  webhookId: string | null;
  notificationId: string | null;
  state: string;
  attempts: number;
  lastError: string | null;
  response: string | null;
  createdAt: string;
  sentAt: string | null;
  /** When the next attempt is due, for a delivery waiting to be retried. */
  nextAttemptAt: string | null;
}

export interface HistoryItem extends NotificationContent {
  recipients: { notificationId: string; userId: string; email: string | null; readAt: string | null }[];
  deliveries: DeliveryView[];
}

export async function listHistory(ctx: Context, q: { limit: number; cursor?: string; userId?: string; event?: string }): Promise<Paged<HistoryItem>> {
  const { db } = ctx.db;
  let query = db.selectFrom('notification_events').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1);
  if (q.event) query = query.where('event', '=', q.event);
  if (q.userId) {
    const userId = q.userId;
    query = query.where('id', 'in', (eb) => eb.selectFrom('notifications').select('event_id').where('user_id', '=', userId).where('event_id', 'is not', null).$narrowType<{ event_id: string }>());
  }
  const c = decodeCursor(q.cursor, 2);
  if (c) {
    const [at, id] = c as [string, string];
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  const page = pageOf(await query.execute(), q.limit, (e) => [e.created_at, e.id]);
  const ids = page.items.map((e) => e.id);
  const recipients = ids.length
    ? await db
        .selectFrom('notifications')
        .leftJoin('platform_users', 'platform_users.id', 'notifications.user_id')
        .select(['notifications.id', 'notifications.event_id', 'notifications.user_id', 'notifications.read_at', 'platform_users.email'])
        .where('notifications.event_id', 'in', ids)
        .orderBy('platform_users.email')
        .execute()
    : [];
  const deliveries = ids.length
    ? await db
        .selectFrom('notification_deliveries as d')
        .leftJoin('jobs', 'jobs.id', 'd.job_id')
        .select(['d.id', 'd.event_id', 'd.channel', 'd.target', 'd.webhook_id', 'd.notification_id', 'd.state', 'd.attempts', 'd.last_error', 'd.response', 'd.created_at', 'd.sent_at', 'jobs.run_at', 'jobs.status as job_status'])
        .where('d.event_id', 'in', ids)
        .orderBy('d.created_at')
        .orderBy('d.id')
        .execute()
    : [];
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((e) => ({
      id: e.id,
      event: e.event,
      subject: e.subject,
      text: e.body,
      link: e.link,
      data: JSON.parse(e.data) as Record<string, unknown>,
      createdAt: e.created_at,
      recipients: recipients.filter((r) => r.event_id === e.id).map((r) => ({ notificationId: r.id, userId: r.user_id, email: r.email, readAt: r.read_at })),
      deliveries: deliveries
        .filter((d) => d.event_id === e.id)
        .map((d) => ({
          id: d.id,
          channel: d.channel as 'email' | 'webhook',
          target: d.target,
          webhookId: d.webhook_id,
          notificationId: d.notification_id,
          state: d.state,
          attempts: d.attempts,
          lastError: d.last_error,
          response: d.response,
          createdAt: d.created_at,
          sentAt: d.sent_at,
          nextAttemptAt: d.state === 'queued' && d.job_status === 'queued' ? d.run_at : null,
        })),
    })),
  };
}
