/**
 * Notification settings: the SMTP relay read from the environment at start, and what the settings
 * page may show of it (never the password: only whether one is set).
 *
 * GATEHOUSE_SMTP_URL=smtp://user:password@host:587 (smtps:// for TLS from the first byte), or
 * GATEHOUSE_SMTP_HOST, _PORT, _SECURE, _USER, _PASSWORD; GATEHOUSE_SMTP_REQUIRE_TLS=true refuses
 * to send without STARTTLS; GATEHOUSE_SMTP_FROM is the From address (defaults to the user when that
 * is an email address).
 */
import type { Context, SmtpConfig } from '../../context.js';

const value = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined;

function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const v = value(env, name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be true or false, got "${v}"`);
}

/** The SMTP relay configured in `env`, or undefined when none is. Throws on a config that cannot work. */
export function smtpFromEnv(env: NodeJS.ProcessEnv): SmtpConfig | undefined {
  const raw = value(env, 'GATEHOUSE_SMTP_URL');
  let host = value(env, 'GATEHOUSE_SMTP_HOST');
  let port = value(env, 'GATEHOUSE_SMTP_PORT');
  let user = value(env, 'GATEHOUSE_SMTP_USER');
  let password = value(env, 'GATEHOUSE_SMTP_PASSWORD');
  let secure = flag(env, 'GATEHOUSE_SMTP_SECURE');
  if (raw) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      // The URL may hold the password: the message does not repeat it.
      throw new Error('GATEHOUSE_SMTP_URL is not a URL (smtp://user:password@host:587)');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('GATEHOUSE_SMTP_URL must start with smtp:// or smtps://');
    host = url.hostname.replace(/^\[|\]$/g, '');
    port = url.port || undefined;
    user = url.username ? decodeURIComponent(url.username) : user;
    password = url.password ? decodeURIComponent(url.password) : password;
    secure ??= url.protocol === 'smtps:';
  }
  if (!host) return undefined;
  const portNumber = Number(port ?? (secure ? 465 : 587));
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) throw new Error(`GATEHOUSE_SMTP_PORT must be a port number, got "${port}"`);
  const from = value(env, 'GATEHOUSE_SMTP_FROM') ?? (user?.includes('@') ? user : undefined);
  if (!from) throw new Error('GATEHOUSE_SMTP_FROM must be set (the From address of notification emails, e.g. "Gatehouse <gatehouse@example.com>")');
  return { host, port: portNumber, secure: secure ?? portNumber === 465, requireTls: flag(env, 'GATEHOUSE_SMTP_REQUIRE_TLS') ?? false, user, password, from };
}

export interface NotificationSettings {
  email: { configured: boolean; host: string | null; port: number | null; secure: boolean; requireTls: boolean; user: string | null; password: 'set' | 'not set'; from: string | null };
  publicUrl: string | null;
  outboundAllow: string[];
}

export function notificationSettings(ctx: Context): NotificationSettings {
  const smtp = ctx.config.smtp;
  return {
    email: {
      configured: Boolean(smtp),
      host: smtp?.host ?? null,
      port: smtp?.port ?? null,
      secure: smtp?.secure ?? false,
      requireTls: smtp?.requireTls ?? false,
      user: smtp?.user ?? null,
      password: smtp?.password ? 'set' : 'not set',
      from: smtp?.from ?? null,
    },
    publicUrl: ctx.config.publicUrl ?? null,
    outboundAllow: ctx.outbound.entries,
  };
}

/** An absolute link into the web UI for a path (`/tasks/1`), under the public URL and any path it has. */
export function absoluteLink(ctx: Context, path: string | null | undefined): string | null {
  if (!path) return null;
  const base = (ctx.config.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}
