/**
 * Telling people what needs them: `notify` records a notification for each recipient in the
 * caller's transaction (so it exists if and only if the change it is about committed). Every
 * recipient finds it in their in-app inbox; the delivery channels (an email to each recipient when
 * SMTP is configured, each enabled webhook subscribed to the event) are recorded and queued in the
 * same transaction, and the outbox (`outbox.ts`) sends each once.
 */
import type { Kysely, Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { recordDeliveries } from './outbox.js';

/** The events that notify; requests add theirs. */
export const NOTIFICATION_EVENTS = ['task.manual', 'task.failed', 'task.drift', 'connector.owner_added', 'connector.error', 'review.kickoff', 'review.reminder', 'review.assigned', 'review.completed', 'conflict.violation', 'request.approval_needed', 'request.decided', 'request.live', 'request.expiring', 'request.emergency'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** What a notification says, as every channel and view shows it. */
export interface NotificationContent {
  id: string;
  event: string;
  subject: string;
  text: string;
  link: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface NotifyInput {
  event: NotificationEvent;
  /** Platform user ids; duplicates and disabled users are dropped. */
  recipients: string[];
  subject: string;
  /** Plain text; channels that format (HTML email, Slack) build on it. */
  text: string;
  /** A path in the web UI (`/tasks/<id>`); channels make it absolute with the public URL. */
  link?: string;
  data?: Record<string, unknown>;
}

/**
 * Records the event, one inbox notification per recipient and the deliveries of every other
 * channel. Returns the recipients' notification ids. An event without recipients still reaches
 * the webhooks (a Slack channel hears of a failing connector nobody owns).
 */
export async function notify(ctx: Context, db: Kysely<Database> | Transaction<Database>, input: NotifyInput): Promise<string[]> {
  const ids = [...new Set(input.recipients)];
  const users = ids.length ? await db.selectFrom('platform_users').select(['id', 'email', 'name']).where('id', 'in', ids).where('disabled', '=', 0).execute() : [];
  const now = new Date().toISOString();
  const eventId = randomUUID();
  const data = input.data ?? {};
  await db
    .insertInto('notification_events')
    .values({ id: eventId, event: input.event, subject: input.subject, body: input.text, link: input.link ?? null, data: JSON.stringify(data), created_at: now })
    .execute();
  const created: { notificationId: string; email: string; name: string }[] = [];
  for (const u of users) {
    const id = randomUUID();
    await db
      .insertInto('notifications')
      .values({ id, event: input.event, user_id: u.id, subject: input.subject, body: input.text, link: input.link ?? null, data: JSON.stringify(data), created_at: now, read_at: null, event_id: eventId })
      .execute();
    created.push({ notificationId: id, email: u.email, name: u.name });
  }
  await recordDeliveries(ctx, db, { id: eventId, event: input.event, subject: input.subject, text: input.text, link: input.link ?? null, data, createdAt: now }, created);
  return created.map((c) => c.notificationId);
}
