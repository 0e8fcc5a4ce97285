/**
 * The durable outbox: every channel's copy of a notification event is a delivery row, written in
 * the transaction of the change it is about together with the queue job that sends it. A crash
 * before the commit leaves neither; after it, the job survives restarts and is retried with the
 * queue's backoff (4 s, 8 s, 16 s, … capped at 5 min) until the channel accepts it or the attempts
 * run out, and the delivery then says `sent` or `failed` with the last error. Nothing is dropped
 * silently: a failed delivery stays in the history next to its notification.
 *
 * Sending once. A delivery is marked `sending` (committed) before it goes out and `sent` after.
 * If the process dies in between, the job's lease runs out, the job is retried, and it finds the
 * delivery still `sending`: the channel may or may not have received it, and there is no way to
 * ask an SMTP relay or a webhook receiver. It is then sent again, once per such crash, with the
 * same identity: the same Message-ID for email, the same `X-Gatehouse-Delivery` id for webhooks,
 * so the receiver can recognise and drop the copy. The window is the few milliseconds between the
 * receiver's acceptance and our commit of `sent`; outside it a delivery is sent exactly once. A
 * crash before the receiver accepted it is the ordinary case of that window and loses nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { Database, NotificationDeliveryTable } from '../../db/schema.js';
import { PermanentJobError, type JobRecord } from '../../jobs/queue.js';
import { renderEmail, sendEmail, type EmailContent } from './email.js';
import { DeliveryFailure } from './failure.js';
import { postWebhook, renderWebhookBody, type WebhookFormat, type WebhookSource } from './webhook-send.js';

export const DELIVERY_JOB = 'notification.deliver';

/**
 * How many times a channel is tried. With the queue's backoff, email keeps trying for about half
 * an hour (a relay restart, a greylisting server), a webhook for about a quarter of an hour.
 */
const MAX_ATTEMPTS = { email: 12, webhook: 10 } as const;

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
const SETTLED = new Set<string>(['sent', 'failed', 'cancelled']);

type Db = Kysely<Database> | Transaction<Database>;

async function enqueueDelivery(ctx: Context, db: Db, row: NotificationDeliveryTable): Promise<void> {
  // The row first, then its job: the job never runs without a delivery to send.
  await db.insertInto('notification_deliveries').values(row).execute();
  const job = await ctx.jobs.enqueue(DELIVERY_JOB, { deliveryId: row.id }, { db, dedupeKey: `notification:${row.id}`, maxAttempts: MAX_ATTEMPTS[row.channel as 'email' | 'webhook'] });
  await db.updateTable('notification_deliveries').set({ job_id: job.id }).where('id', '=', row.id).execute();
}

/** Records and queues the email and webhook deliveries of an event (called by `notify`, in its transaction). */
export async function recordDeliveries(ctx: Context, db: Db, event: WebhookSource, recipients: { notificationId: string; email: string; name: string }[]): Promise<void> {
  const now = event.createdAt;
  const base = { event_id: event.id, state: 'queued', attempts: 0, job_id: null, last_error: null, response: null, created_at: now, sending_at: null, sent_at: null, updated_at: now };
  if (ctx.config.smtp) {
    for (const r of recipients) {
      const content = renderEmail(ctx, event, r);
      await enqueueDelivery(ctx, db, { ...base, id: randomUUID(), notification_id: r.notificationId, channel: 'email', webhook_id: null, target: r.email, payload: JSON.stringify(content) });
    }
  }
  const hooks = await db.selectFrom('webhooks').select(['id', 'name', 'format', 'events']).where('enabled', '=', 1).execute();
  for (const h of hooks) {
    if (!(JSON.parse(h.events) as string[]).includes(event.event)) continue;
    const body = renderWebhookBody(ctx, h.format as WebhookFormat, event);
    await enqueueDelivery(ctx, db, { ...base, id: randomUUID(), notification_id: null, channel: 'webhook', webhook_id: h.id, target: h.name, payload: JSON.stringify({ body }) });
  }
}

/** Sends a delivery through its channel; returns what the receiver answered. */
async function send(ctx: Context, d: NotificationDeliveryTable, event: string): Promise<string> {
  if (d.channel === 'email') return sendEmail(ctx, d.id, JSON.parse(d.payload) as EmailContent, event);
  const hook = d.webhook_id ? await ctx.db.db.selectFrom('webhooks').selectAll().where('id', '=', d.webhook_id).executeTakeFirst() : undefined;
  if (!hook) throw new Cancelled('the webhook was deleted');
  if (!hook.enabled) throw new Cancelled('the webhook was disabled');
  const { secret } = ctx.secrets.openJson<{ secret: string }>(hook.secret);
  const status = await postWebhook(ctx, { url: hook.url, secret, body: (JSON.parse(d.payload) as { body: string }).body, event, deliveryId: d.id });
  return `HTTP ${status}`;
}

/** A delivery that no longer has anywhere to go (its webhook was deleted or disabled). */
class Cancelled extends Error {}

export async function runDeliveryJob(ctx: Context, job: JobRecord): Promise<void> {
  const { db } = ctx.db;
  const id = String(job.payload.deliveryId);
  const d = await db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  // Gone (its recipient was removed) or settled by an earlier run of this job: nothing to send.
  if (!d || SETTLED.has(d.state)) return;
  const event = await db.selectFrom('notification_events').select('event').where('id', '=', d.event_id).executeTakeFirstOrThrow();
  const interrupted = d.state === 'sending';
  const at = () => new Date().toISOString();
  await db
    .updateTable('notification_deliveries')
    .set({ state: 'sending', attempts: d.attempts + 1, sending_at: at(), updated_at: at() })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'sending'])
    .execute();
  if (interrupted) ctx.logger.warn({ delivery: id, channel: d.channel }, 'a delivery attempt was interrupted before its outcome was recorded: sending it again with the same id, which lets the receiver drop a copy');
  try {
    const response = await send(ctx, d, event.event);
    await db.updateTable('notification_deliveries').set({ state: 'sent', sent_at: at(), response, last_error: null, updated_at: at() }).where('id', '=', id).execute();
  } catch (err) {
    if (err instanceof Cancelled) {
      await db.updateTable('notification_deliveries').set({ state: 'cancelled', last_error: err.message, updated_at: at() }).where('id', '=', id).execute();
      return;
    }
    const failure = err instanceof DeliveryFailure ? err : new DeliveryFailure((err as Error).message, false);
    const final = failure.permanent || job.attempts >= job.maxAttempts;
    await db
      .updateTable('notification_deliveries')
      .set({ state: final ? 'failed' : 'queued', last_error: failure.message, updated_at: at() })
      .where('id', '=', id)
      .execute();
    ctx.logger.warn({ delivery: id, channel: d.channel, attempt: d.attempts + 1, final, err: failure.message }, final ? 'notification delivery failed for good' : 'notification delivery failed; it will be retried');
    // The queue keeps the job's own state and schedules the next attempt with its backoff.
    throw failure.permanent ? new PermanentJobError(failure.message) : failure;
  }
}
