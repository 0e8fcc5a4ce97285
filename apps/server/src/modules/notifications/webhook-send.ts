/**
 * The webhook channel on the wire: the body (Gatehouse JSON, or Slack's incoming-webhook format),
 * its signature, and the POST through the outbound address policy.
 *
 * A receiver verifies a delivery like this:
 *   signature = hex(HMAC-SHA256(secret, `${X-Gatehouse-Timestamp}.${raw body}`))
 *   accept if `X-Gatehouse-Signature` equals `sha256=<signature>` (compare in constant time) and the
 *   timestamp is within a few minutes of now (a replayed old delivery fails), then drop any
 *   `X-Gatehouse-Delivery` id it has already processed: a retry after a crash may send one twice.
 */
import { isOutboundRefusal } from '@gatehouse/sdk';
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { Context } from '../../context.js';
import { DeliveryFailure } from './failure.js';
import { absoluteLink } from './settings.js';
import type { NotificationContent } from './notify.js';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The event a webhook carries. */
export type WebhookSource = NotificationContent;

/** Slack's mrkdwn: &, < and > are control characters. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The exact bytes a webhook receives for an event (rendered once; every attempt sends them). */
export function renderWebhookBody(ctx: Context, format: WebhookFormat, n: WebhookSource): string {
  const link = absoluteLink(ctx, n.link);
  if (format === 'slack') {
    const heading = `*${slackEscape(n.subject)}*`;
    const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: clip(`${heading}\n${slackEscape(n.text)}`, 3000) } }];
    if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Gatehouse' }, url: link }] });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Gatehouse · ${n.event}` }] });
    // `text` is what Slack shows in notifications and where blocks cannot be shown.
    const text = `${heading}\n${slackEscape(n.text)}${link ? `\n<${link}|Open in Gatehouse>` : ''}`;
    return JSON.stringify({ text: clip(text, 4000), blocks });
  }
  return JSON.stringify({ id: n.id, event: n.event, createdAt: n.createdAt, subject: n.subject, text: n.text, link, data: n.data });
}

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Statuses worth another attempt: the receiver is busy, rate-limiting or broken for now. */
const RETRYABLE = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/** Reads at most a few KB of an answer: a receiver's body is only shown in an error. */
async function excerpt(body: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length > 2000) break;
  }
  return clip(text.replace(/\s+/g, ' ').trim(), 200);
}

export interface WebhookPost {
  url: string;
  secret: string;
  body: string;
  event: string;
  deliveryId: string;
}

/**
 * POSTs a delivery. The URL is checked against the outbound policy again (it may have changed since
 * it was saved), and the connection goes through the policy's dispatcher, which checks the address
 * it connects to (DNS rebinding). Returns the status; throws DeliveryFailure.
 */
export async function postWebhook(ctx: Context, post: WebhookPost, timeoutMs = 10_000): Promise<number> {
  const policy = ctx.outbound;
  try {
    await policy.check(post.url);
  } catch (err) {
    throw new DeliveryFailure(`the URL is refused by the outbound address policy: ${(err as Error).message}`, true);
  }
  const timestamp = String(Math.floor(Date.now() / 1000));
  const dispatcher = policy.dispatcher({ connectTimeoutMs: timeoutMs });
  try {
    const res = await request(post.url, {
      method: 'POST',
      body: post.body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Gatehouse-Webhooks/1',
        'x-gatehouse-event': post.event,
        'x-gatehouse-delivery': post.deliveryId,
        'x-gatehouse-timestamp': timestamp,
        'x-gatehouse-signature': signature(post.secret, timestamp, post.body),
      },
    });
    const detail = await excerpt(res.body).catch(() => '');
    if (res.statusCode >= 200 && res.statusCode < 300) return res.statusCode;
    // Redirects are not followed: the target would escape the policy check.
    const permanent = !RETRYABLE(res.statusCode);
    throw new DeliveryFailure(`the receiver answered ${res.statusCode}${detail ? `: ${detail}` : ''}${permanent ? ' (not retried)' : ''}`, permanent);
  } catch (err) {
    if (err instanceof DeliveryFailure) throw err;
    if (isOutboundRefusal(err)) throw new DeliveryFailure(`the address is refused by the outbound address policy: ${(err as Error).message}`, true);
    // One message for refused, reset and timed-out connections: the answer must not map ports.
    throw new DeliveryFailure('could not reach the receiver (no connection, or no answer in time)', false);
  } finally {
    await dispatcher.destroy().catch(() => {});
  }
}
