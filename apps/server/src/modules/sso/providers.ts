/**
 * Single sign-on providers (OpenID Connect): what a Super Administrator configures, and the
 * setting that turns local passwords off. Owns `sso_providers` and `sso_settings`.
 *
 * The client secret is sealed with the server's SecretBox and write-only: the API says "set" or
 * "not set". The issuer (discovery) URL passes the outbound address policy when saved, and the
 * secret must be entered again when the issuer changes (as connectors' secrets must when their
 * destination does): whoever may edit a provider must not send the stored secret to a host of theirs.
 */
import { OutboundRefusedError } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database, SsoProviderTable, SsoSettingsTable } from '../../db/schema.js';
import { InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { ROLES, type Role } from '../auth/roles.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RoleMapping {
  group: string;
  role: Role;
}

export interface ProviderInput {
  name: string;
  issuer: string;
  clientId: string;
  /** Omitted on an update: the stored one stays (unless the issuer changes). Empty string: none (a public client). */
  clientSecret?: string;
  scopes: string[];
  groupsClaim: string;
  roleMapping: RoleMapping[];
  enabled: boolean;
}

export interface ProviderView {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: 'set' | 'not set';
  scopes: string[];
  groupsClaim: string;
  roleMapping: RoleMapping[];
  enabled: boolean;
  /** The redirect URI to register at the provider. */
  redirectUri: string;
  /** Where the provider sends the browser after its logout (register it as a post-logout redirect URI). */
  postLogoutRedirectUri: string;
  createdAt: string;
  updatedAt: string;
}

export const callbackUrl = (ctx: Context, providerId: string) => `${publicBase(ctx)}/api/v1/auth/sso/${encodeURIComponent(providerId)}/callback`;
export const postLogoutUrl = (ctx: Context) => `${publicBase(ctx)}/login`;
export const publicBase = (ctx: Context) => (ctx.config.publicUrl ?? '').replace(/\/+$/, '');

export function presentProvider(ctx: Context, r: SsoProviderTable): ProviderView {
  return {
    id: r.id,
    name: r.name,
    issuer: r.issuer,
    clientId: r.client_id,
    clientSecret: r.client_secret ? 'set' : 'not set',
    scopes: r.scopes.split(' ').filter(Boolean),
    groupsClaim: r.groups_claim,
    roleMapping: JSON.parse(r.role_mapping) as RoleMapping[],
    enabled: r.enabled === 1,
    redirectUri: callbackUrl(ctx, r.id),
    postLogoutRedirectUri: postLogoutUrl(ctx),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the audit log keeps of a provider: never the secret. */
const audited = (v: ProviderView) => ({ name: v.name, issuer: v.issuer, clientId: v.clientId, clientSecret: v.clientSecret, scopes: v.scopes, groupsClaim: v.groupsClaim, roleMapping: v.roleMapping, enabled: v.enabled });

/** The issuer as the outbound policy allows it (normalised: no trailing slash), or an InvalidError naming `body.issuer`. */
async function checkedIssuer(ctx: Context, issuer: string): Promise<string> {
  try {
    const url = await ctx.outbound.check(issuer);
    if (url.search || url.hash) throw new OutboundRefusedError('an issuer URL has no query or fragment');
    return url.toString().replace(/\/$/, '');
  } catch (err) {
    if (!(err instanceof OutboundRefusedError)) throw err;
    throw new InvalidError(`the issuer URL is not allowed: ${err.message}`, [{ field: 'body.issuer', message: err.message }]);
  }
}

function checkMapping(mapping: RoleMapping[]): void {
  const seen = new Set<string>();
  for (const [i, m] of mapping.entries()) {
    if (!ROLES.includes(m.role)) throw new InvalidError(`unknown role ${m.role}`, [{ field: `body.roleMapping.${i}.role`, message: 'unknown role' }]);
    if (seen.has(m.group)) throw new InvalidError(`the group ${m.group} is mapped twice`, [{ field: `body.roleMapping.${i}.group`, message: 'mapped twice' }]);
    seen.add(m.group);
  }
}

export async function listProviders(ctx: Context): Promise<ProviderView[]> {
  return (await ctx.db.db.selectFrom('sso_providers').selectAll().orderBy('name').orderBy('id').execute()).map((r) => presentProvider(ctx, r));
}

/** The enabled providers' ids and names: what the sign-in page shows anyone. */
export async function publicProviders(ctx: Context): Promise<{ id: string; name: string }[]> {
  return ctx.db.db.selectFrom('sso_providers').select(['id', 'name']).where('enabled', '=', 1).orderBy('name').orderBy('id').execute();
}

export async function loadProvider(ctx: Context, id: string): Promise<SsoProviderTable> {
  const r = await ctx.db.db.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError('SSO provider', id);
  return r;
}

export async function createProvider(ctx: Context, actor: Actor, input: ProviderInput): Promise<ProviderView> {
  checkMapping(input.roleMapping);
  const issuer = await checkedIssuer(ctx, input.issuer);
  const now = new Date().toISOString();
  const row: SsoProviderTable = {
    id: randomUUID(),
    name: input.name,
    issuer,
    client_id: input.clientId,
    client_secret: input.clientSecret ? ctx.secrets.seal(input.clientSecret) : null,
    scopes: scopesOf(input.scopes),
    groups_claim: input.groupsClaim,
    role_mapping: JSON.stringify(input.roleMapping),
    enabled: input.enabled ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  const view = presentProvider(ctx, row);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('sso_providers').values(row).execute();
    await audit(tx, actor, { action: 'sso.provider_create', targetType: 'sso_provider', targetId: row.id, after: audited(view) });
  });
  return view;
}

/** `openid` always; the rest as asked, each once. */
const scopesOf = (scopes: string[]) => [...new Set(['openid', ...scopes.flatMap((s) => s.split(/\s+/)).filter(Boolean)])].join(' ');

export async function updateProvider(ctx: Context, actor: Actor, id: string, input: ProviderInput): Promise<ProviderView> {
  const before = await loadProvider(ctx, id);
  checkMapping(input.roleMapping);
  const issuer = await checkedIssuer(ctx, input.issuer);
  if (issuer !== before.issuer && before.client_secret && input.clientSecret === undefined) {
    throw new InvalidError(`this change sends the client secret somewhere else (${before.issuer} → ${issuer}): enter clientSecret again`, [{ field: 'body.clientSecret', message: 'required again when the issuer changes' }]);
  }
  const secret = input.clientSecret === undefined ? before.client_secret : input.clientSecret ? ctx.secrets.seal(input.clientSecret) : null;
  const row: SsoProviderTable = {
    ...before,
    name: input.name,
    issuer,
    client_id: input.clientId,
    client_secret: secret,
    scopes: scopesOf(input.scopes),
    groups_claim: input.groupsClaim,
    role_mapping: JSON.stringify(input.roleMapping),
    enabled: input.enabled ? 1 : 0,
    updated_at: new Date().toISOString(),
  };
  const view = presentProvider(ctx, row);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('sso_providers').set(row).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'sso.provider_update', targetType: 'sso_provider', targetId: id, before: audited(presentProvider(ctx, before)), after: { ...audited(view), clientSecret: input.clientSecret === undefined ? 'unchanged' : view.clientSecret } });
  });
  return view;
}

/** Deletes a provider; sign-ins under way with it end (their rows cascade), signed-in sessions stay. */
export async function deleteProvider(ctx: Context, actor: Actor, id: string): Promise<void> {
  const before = await loadProvider(ctx, id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sso_sessions').where('provider_id', '=', id).execute();
    await tx.deleteFrom('sso_logins').where('provider_id', '=', id).execute();
    await tx.deleteFrom('sso_providers').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'sso.provider_delete', targetType: 'sso_provider', targetId: id, before: audited(presentProvider(ctx, before)) });
  });
}

// ---- local passwords ------------------------------------------------------------------------

export interface SsoSettingsView {
  /** Whether platform users sign in with passwords; off, only the break-glass account does. */
  localPasswords: boolean;
  /** The Super Administrator who keeps password sign-in when local passwords are off. */
  breakGlassUserId: string | null;
}

async function settingsRow(db: Db): Promise<SsoSettingsTable | undefined> {
  return db.selectFrom('sso_settings').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** The account the first start created (the bootstrap Super Administrator), else the oldest Super Administrator. */
async function firstAdmin(db: Db): Promise<string | null> {
  const boot = await db.selectFrom('audit_events').select('target_id').where('action', '=', 'user.bootstrap').orderBy('seq').limit(1).executeTakeFirst();
  if (boot?.target_id) return boot.target_id;
  const oldest = await db.selectFrom('platform_users').select('id').where('role', '=', 'super_admin').orderBy('created_at').limit(1).executeTakeFirst();
  return oldest?.id ?? null;
}

export async function getSsoSettings(ctx: Context): Promise<SsoSettingsView> {
  const row = await settingsRow(ctx.db.db);
  return { localPasswords: row ? row.local_passwords === 1 : true, breakGlassUserId: row ? row.break_glass_user_id : await firstAdmin(ctx.db.db) };
}

export async function updateSsoSettings(ctx: Context, actor: Actor, input: { localPasswords: boolean; breakGlassUserId?: string }): Promise<SsoSettingsView> {
  const { db } = ctx.db;
  const breakGlass = input.breakGlassUserId ?? (await settingsRow(db))?.break_glass_user_id ?? (await firstAdmin(db));
  if (!input.localPasswords) {
    const user = breakGlass ? await db.selectFrom('platform_users').select(['role', 'disabled', 'password_hash']).where('id', '=', breakGlass).executeTakeFirst() : undefined;
    if (!user || user.role !== 'super_admin' || user.disabled || !user.password_hash) {
      throw new InvalidError('turning local passwords off needs a break-glass account: an enabled Super Administrator with a password', [{ field: 'body.breakGlassUserId', message: 'must be an enabled Super Administrator with a password' }]);
    }
  }
  const before = await getSsoSettings(ctx);
  const row = { id: 1, local_passwords: input.localPasswords ? 1 : 0, break_glass_user_id: breakGlass, updated_at: new Date().toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('sso_settings').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ local_passwords: row.local_passwords, break_glass_user_id: row.break_glass_user_id, updated_at: row.updated_at })).execute();
    await audit(tx, actor, { action: 'sso.settings_update', targetType: 'sso_settings', targetId: null, before, after: { localPasswords: input.localPasswords, breakGlassUserId: breakGlass } });
  });
  return getSsoSettings(ctx);
}

/**
 * Whether a user may sign in with a password now: always while local passwords are on; when they
 * are off, only the break-glass account (`breakGlass: true`, so its sign-in is audited as such).
 */
export async function passwordSignInAllowed(db: Db, userId: string): Promise<{ allowed: boolean; breakGlass: boolean }> {
  const row = await settingsRow(db);
  if (!row || row.local_passwords === 1) return { allowed: true, breakGlass: false };
  const breakGlass = row.break_glass_user_id === userId;
  return { allowed: breakGlass, breakGlass };
}
