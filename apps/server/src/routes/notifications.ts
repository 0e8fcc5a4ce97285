/** Notifications: each user's inbox, the history of every notification and its deliveries, webhooks and email settings. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal, signedIn } from '../http/access.js';
import { actorOf } from '../modules/auth/principal.js';
import { listHistory } from '../modules/notifications/history.js';
import { listInbox, markAllRead, markRead, unreadCount } from '../modules/notifications/inbox.js';
import { NOTIFICATION_EVENTS } from '../modules/notifications/notify.js';
import { notificationSettings } from '../modules/notifications/settings.js';
import { WEBHOOK_FORMATS } from '../modules/notifications/webhook-send.js';
import { createWebhook, deleteWebhook, listWebhooks, loadWebhook, presentWebhook, testWebhook, updateWebhook } from '../modules/notifications/webhooks.js';
import { pagedOf, pageQuery } from '../paging.js';

const idParam = z.object({ id: z.string() });

/** What a notification says (NotificationContent): the inbox and the history add to it. */
const content = z.object({
  id: z.string(),
  event: z.string(),
  subject: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const inboxItem = content.extend({ readAt: z.string().nullable() });

const deliveryView = z.object({
  id: z.string(),
  channel: z.enum(['email', 'webhook']),
  target: z.string(),
  webhookId: z.string().nullable(),
  notificationId: z.string().nullable(),
  state: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  response: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

const historyItem = content.extend({
  recipients: z.array(z.object({ notificationId: z.string(), userId: z.string(), email: z.string().nullable(), readAt: z.string().nullable() })),
  deliveries: z.array(deliveryView),
});

const webhookView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  events: z.array(z.enum(NOTIFICATION_EVENTS)),
  enabled: z.boolean(),
  secret: z.enum(['set', 'not set']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const webhookFields = {
  name: z.string().min(1).max(200),
  url: z.string().min(1).max(2000).describe('https URL of the receiver; checked against the outbound address policy (GATEHOUSE_OUTBOUND_ALLOW)'),
  format: z.enum(WEBHOOK_FORMATS).describe('json: the Gatehouse event; slack: an incoming-webhook message (text and blocks)'),
  events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1).max(50),
  enabled: z.boolean(),
  secret: z.string().min(16).max(500).describe('HMAC-SHA256 signing secret (write-only)'),
};

const settingsView = z.object({
  email: z.object({
    configured: z.boolean(),
    host: z.string().nullable(),
    port: z.number().nullable(),
    secure: z.boolean(),
    requireTls: z.boolean(),
    user: z.string().nullable(),
    password: z.enum(['set', 'not set']),
    from: z.string().nullable(),
  }),
  publicUrl: z.string().nullable(),
  outboundAllow: z.array(z.string()),
  events: z.array(z.enum(NOTIFICATION_EVENTS)),
});

export const notificationRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/inbox',
    {
      config: signedIn,
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first',
        querystring: z.object({ ...pageQuery, unread: z.enum(['true', 'false']).optional() }),
        response: { 200: pagedOf(inboxItem) },
      },
    },
    async (req) => listInbox(ctx, principal(req).userId, { limit: req.query.limit, cursor: req.query.cursor, unread: req.query.unread === 'true' }),
  );

  app.get('/inbox/unread-count', { config: signedIn, schema: { tags: ['notifications'], summary: 'How many of your notifications are unread', response: { 200: z.object({ count: z.number() }) } } }, async (req) => ({
    count: await unreadCount(ctx, principal(req).userId),
  }));

  app.post('/inbox/:id/read', { config: signedIn, schema: { tags: ['notifications'], summary: 'Mark one of your notifications read', params: idParam, response: { 200: inboxItem } } }, async (req) =>
    markRead(ctx, principal(req).userId, req.params.id),
  );

  app.post('/inbox/read-all', { config: signedIn, schema: { tags: ['notifications'], summary: 'Mark all your notifications read', response: { 200: z.object({ marked: z.number() }) } } }, async (req) => ({
    marked: await markAllRead(ctx, principal(req).userId),
  }));

  app.get(
    '/notifications',
    {
      config: can('audit:read'),
      schema: {
        tags: ['notifications'],
        summary: 'Every notification, newest first, with its recipients and the state of each delivery (email, webhooks)',
        querystring: z.object({ ...pageQuery, userId: z.string().max(200).optional(), event: z.string().max(200).optional() }),
        response: { 200: pagedOf(historyItem) },
      },
    },
    async (req) => listHistory(ctx, req.query),
  );

  app.get(
    '/notifications/settings',
    { config: can('settings:manage'), schema: { tags: ['notifications'], summary: 'Whether email is configured (never its password), the public URL for links, the outbound allow list', response: { 200: settingsView } } },
    async () => ({ ...notificationSettings(ctx), events: [...NOTIFICATION_EVENTS] }),
  );

  app.get('/webhooks', { config: can('settings:manage'), schema: { tags: ['notifications'], summary: 'Webhooks (secrets shown as set)', response: { 200: z.object({ items: z.array(webhookView) }) } } }, async () => ({
    items: await listWebhooks(ctx),
  }));

  app.post(
    '/webhooks',
    {
      config: can('settings:manage'),
      schema: {
        tags: ['notifications'],
        summary: 'Add a webhook. Without a secret one is generated and returned once, as signingSecret',
        body: z.object({ ...webhookFields, format: webhookFields.format.default('json'), enabled: webhookFields.enabled.default(true), secret: webhookFields.secret.optional() }),
        response: { 201: webhookView.extend({ signingSecret: z.string().optional() }) },
      },
    },
    async (req, reply) => {
      const { webhook, generatedSecret } = await createWebhook(ctx, actorOf(principal(req)), req.body);
      return reply.status(201).send({ ...webhook, ...(generatedSecret ? { signingSecret: generatedSecret } : {}) });
    },
  );

  app.get('/webhooks/:id', { config: can('settings:manage'), schema: { tags: ['notifications'], summary: 'A webhook', params: idParam, response: { 200: webhookView } } }, async (req) =>
    presentWebhook(await loadWebhook(ctx, req.params.id)),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: can('settings:manage'),
      schema: { tags: ['notifications'], summary: 'Change a webhook (an omitted secret is kept)', params: idParam, body: z.object(webhookFields).partial(), response: { 200: webhookView } },
    },
    async (req) => updateWebhook(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  app.delete('/webhooks/:id', { config: can('settings:manage'), schema: { tags: ['notifications'], summary: 'Remove a webhook (its delivery history stays)', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteWebhook(ctx, actorOf(principal(req)), req.params.id);
    return reply.status(204).send(null);
  });

  app.post(
    '/webhooks/:id/test',
    {
      config: can('settings:manage'),
      schema: {
        tags: ['notifications'],
        summary: 'Send a signed test event now and report what the receiver answered',
        params: idParam,
        response: { 200: z.object({ delivered: z.boolean(), status: z.number().nullable(), error: z.string().nullable(), deliveryId: z.string() }) },
      },
    },
    async (req) => testWebhook(ctx, actorOf(principal(req)), req.params.id),
  );
};
