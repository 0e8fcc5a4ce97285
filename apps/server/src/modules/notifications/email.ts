/**
 * The email channel: a notification rendered as plain text and HTML with an absolute link into the
 * UI, sent through the configured SMTP relay with nodemailer.
 *
 * Every email of a delivery carries the same Message-ID, `<delivery id@sender domain>`. A retry
 * after a crash between "the relay accepted it" and "we recorded that" sends the message again;
 * with the same Message-ID, mail systems and clients that deduplicate (Gmail does, and so do most
 * archivers) drop the copy, and a person who sees both can tell it is one notification.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Context, SmtpConfig } from '../../context.js';
import { DeliveryFailure } from './failure.js';
import { absoluteLink } from './settings.js';

export interface EmailContent {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailSource {
  event: string;
  subject: string;
  text: string;
  link: string | null;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function renderEmail(ctx: Context, n: EmailSource, recipient: { email: string; name: string }): EmailContent {
  const url = absoluteLink(ctx, n.link);
  const home = absoluteLink(ctx, '/inbox');
  const footer = `You receive this because you are a Gatehouse user. Every notification is also in your inbox: ${home}`;
  const text = [`Hello ${recipient.name},`, n.text, url ? `Open in Gatehouse: ${url}` : '', '— Gatehouse', footer].filter(Boolean).join('\n\n');
  const paragraphs = n.text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const button = url
    ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:#4c6ef5;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">Open in Gatehouse</a></p><p style="margin:0 0 16px;font-size:12px;color:#868e96">Or paste this link into your browser: ${escapeHtml(url)}</p>`
    : '';
  const html = `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#212529;max-width:600px;margin:0 auto;padding:24px"><h2 style="font-size:18px;margin:0 0 16px">${escapeHtml(n.subject)}</h2><p style="margin:0 0 16px">Hello ${escapeHtml(recipient.name)},</p>${paragraphs}${button}<hr style="border:0;border-top:1px solid #dee2e6;margin:24px 0"><p style="font-size:12px;color:#868e96">${escapeHtml(footer)}</p></body></html>`;
  return { to: recipient.email, subject: n.subject, text, html };
}

/** The Message-ID of a delivery: the same on every attempt, so a resent copy is recognisable. */
export function messageIdOf(smtp: SmtpConfig, deliveryId: string): string {
  const domain = /@([^>\s]+)/.exec(smtp.from)?.[1] ?? 'gatehouse.invalid';
  return `<${deliveryId}@${domain}>`;
}

const transports = new WeakMap<SmtpConfig, Transporter>();

function transportOf(smtp: SmtpConfig): Transporter {
  let t = transports.get(smtp);
  if (!t) {
    t = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTls,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // nodemailer's logger would print the SMTP dialogue, AUTH included: never.
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    transports.set(smtp, t);
  }
  return t;
}

/** SMTP errors as a person reads them; 5xx answers (a refused recipient) are not retried, the rest are. */
function failureOf(err: unknown): DeliveryFailure {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  if (e.code === 'EAUTH') return new DeliveryFailure(`the SMTP server refused the credentials (${e.responseCode ?? 'no code'}); check GATEHOUSE_SMTP_USER and GATEHOUSE_SMTP_PASSWORD`, false);
  if (e.responseCode && e.responseCode >= 500) return new DeliveryFailure(`the SMTP server refused the message: ${e.response ?? e.responseCode}`, true);
  if (e.responseCode) return new DeliveryFailure(`the SMTP server deferred the message: ${e.response ?? e.responseCode}`, false);
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') return new DeliveryFailure(`TLS with the SMTP server failed: ${e.message ?? e.code}`, false);
  return new DeliveryFailure(`could not reach the SMTP server ${e.code ? `(${e.code})` : ''}`.trim(), false);
}

export async function sendEmail(ctx: Context, deliveryId: string, content: EmailContent, event: string): Promise<string> {
  const smtp = ctx.config.smtp;
  if (!smtp) throw new DeliveryFailure('email is not configured on this server (GATEHOUSE_SMTP_URL or GATEHOUSE_SMTP_HOST)', false);
  try {
    const info = await transportOf(smtp).sendMail({
      from: smtp.from,
      to: content.to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: messageIdOf(smtp, deliveryId),
      headers: {
        // RFC 3834: out-of-office robots do not answer it.
        'Auto-Submitted': 'auto-generated',
        'X-Gatehouse-Event': event,
        'X-Gatehouse-Delivery': deliveryId,
      },
    });
    return String((info as { response?: string }).response ?? 'accepted');
  } catch (err) {
    throw failureOf(err);
  }
}
