/**
 * Webhooks as a setting: which receivers get which events, in which format, signed with which
 * secret. The secret is sealed at rest and write-only (shown as set); a generated one is shown once,
 * at creation. URLs pass the outbound address policy when saved and again at every send.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { WebhookTable } from '../../db/schema.js';
import { InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { DeliveryFailure } from './failure.js';
import type { NotificationEvent } from './notify.js';
import { postWebhook, renderWebhookBody, type WebhookFormat } from './webhook-send.js';

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: NotificationEvent[];
  enabled: boolean;
  secret: 'set' | 'not set';
  createdAt: string;
  updatedAt: string;
}

export interface WebhookInput {
  name: string;
  url: string;
  format: WebhookFormat;
  events: NotificationEvent[];
  enabled?: boolean;
  /** The signing secret; generated when a webhook is created without one. */
  secret?: string;
}

export function presentWebhook(w: WebhookTable): WebhookView {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    format: w.format as WebhookFormat,
    events: JSON.parse(w.events) as NotificationEvent[],
    enabled: w.enabled === 1,
    secret: w.secret ? 'set' : 'not set',
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

/** The URL as the policy allows it, or an InvalidError naming `body.url`. */
async function checkedUrl(ctx: Context, url: string): Promise<string> {
  try {
    return (await ctx.outbound.check(url)).toString();
  } catch (err) {
    const message = (err as Error).message;
    throw new InvalidError(`the webhook URL is not allowed: ${message}`, [{ field: 'body.url', message }]);
  }
}

export async function listWebhooks(ctx: Context): Promise<WebhookView[]> {
  return (await ctx.db.db.selectFrom('webhooks').selectAll().orderBy('name').orderBy('id').execute()).map(presentWebhook);
}

export async function loadWebhook(ctx: Context, id: string): Promise<WebhookTable> {
  const w = await ctx.db.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!w) throw new NotFoundError('webhook', id);
  return w;
}

/** Creates a webhook; `generatedSecret` is set (and shown this once) when the input had none. */
export async function createWebhook(ctx: Context, actor: Actor, input: WebhookInput): Promise<{ webhook: WebhookView; generatedSecret?: string }> {
  const url = await checkedUrl(ctx, input.url);
  const generatedSecret = input.secret ? undefined : `whsec_${randomBytes(32).toString('base64url')}`;
  const now = new Date().toISOString();
  const row: WebhookTable = {
    id: randomUUID(),
    name: input.name,
    url,
    format: input.format,
    events: JSON.stringify([...new Set(input.events)]),
    enabled: input.enabled === false ? 0 : 1,
    secret: ctx.secrets.sealJson({ secret: input.secret ?? generatedSecret }),
    created_at: now,
    updated_at: now,
  };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('webhooks').values(row).execute();
    await audit(tx, actor, { action: 'webhook.create', targetType: 'webhook', targetId: row.id, after: presentWebhook(row) });
  });
  return { webhook: presentWebhook(row), generatedSecret };
}

export async function updateWebhook(ctx: Context, actor: Actor, id: string, input: Partial<WebhookInput>): Promise<WebhookView> {
  const before = await loadWebhook(ctx, id);
  const url = input.url === undefined ? undefined : await checkedUrl(ctx, input.url);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('webhooks')
      .set({
        name: input.name,
        url,
        format: input.format,
        events: input.events ? JSON.stringify([...new Set(input.events)]) : undefined,
        enabled: input.enabled === undefined ? undefined : input.enabled ? 1 : 0,
        secret: input.secret ? ctx.secrets.sealJson({ secret: input.secret }) : undefined,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', before.id)
      .execute();
    const after = await tx.selectFrom('webhooks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: 'webhook.update',
      targetType: 'webhook',
      targetId: before.id,
      before: presentWebhook(before),
      // The secret itself never enters the log; whether it was rotated does.
      after: { ...presentWebhook(after), secretRotated: Boolean(input.secret) },
    });
  });
  return presentWebhook(await loadWebhook(ctx, before.id));
}

/** Removes a webhook. Its past deliveries stay in the history; queued ones are cancelled when their turn comes. */
export async function deleteWebhook(ctx: Context, actor: Actor, id: string): Promise<void> {
  const before = await loadWebhook(ctx, id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('webhooks').where('id', '=', before.id).execute();
    await audit(tx, actor, { action: 'webhook.delete', targetType: 'webhook', targetId: before.id, before: presentWebhook(before) });
  });
}

export interface WebhookTestResult {
  delivered: boolean;
  status: number | null;
  error: string | null;
  deliveryId: string;
}

/** Sends a test event now (not through the outbox: a person is waiting for the answer). */
export async function testWebhook(ctx: Context, actor: Actor, id: string): Promise<WebhookTestResult> {
  const w = await loadWebhook(ctx, id);
  const deliveryId = `test-${randomUUID()}`;
  const body = renderWebhookBody(ctx, w.format as WebhookFormat, {
    id: deliveryId,
    event: 'webhook.test',
    subject: 'Test notification from Gatehouse',
    text: `This is a test of the webhook "${w.name}". Notifications of ${(JSON.parse(w.events) as string[]).join(', ')} will arrive like this.`,
    link: '/settings/notifications',
    data: { webhookId: w.id },
    createdAt: new Date().toISOString(),
  });
  let result: WebhookTestResult;
  try {
    const { secret } = ctx.secrets.openJson<{ secret: string }>(w.secret);
    const status = await postWebhook(ctx, { url: w.url, secret, body, event: 'webhook.test', deliveryId }, 5000);
    result = { delivered: true, status, error: null, deliveryId };
  } catch (err) {
    const message = err instanceof DeliveryFailure ? err.message : 'the test could not be sent';
    const status = /answered (\d{3})/.exec(message)?.[1];
    result = { delivered: false, status: status ? Number(status) : null, error: message, deliveryId };
  }
  await audit(ctx.db.db, actor, { action: 'webhook.test', targetType: 'webhook', targetId: w.id, after: { delivered: result.delivered, status: result.status, error: result.error } });
  return result;
}
