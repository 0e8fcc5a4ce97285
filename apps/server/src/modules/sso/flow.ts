/**
 * Signing in with an OpenID Connect provider (openid-client): the authorization code flow with
 * PKCE, `state` and `nonce` kept server-side (`sso_logins`, one use, 10 minutes, bound to the
 * browser that started it by a cookie), the ID token checked by openid-client (signature, issuer,
 * audience, nonce, expiry), then the platform user found by email or created just in time, with
 * the role the provider's groups map to (else Basic user), updated at every sign-in. A session is
 * made as a password sign-in makes one; an SSO session remembers its ID token for RP-initiated
 * logout (`sso_sessions`). Owns `sso_logins` and `sso_sessions`.
 *
 * Every outbound call (discovery, JWKS, token, userinfo) goes through the outbound address policy
 * (`ctx.outbound`): the URL when the issuer is saved and again here, and every connection's
 * address through its dispatcher. Each failure is audited (`auth.sso_failed`) and thrown as an
 * `SsoFailure` whose code the sign-in page explains; nothing is written before all checks pass.
 */
import { isOutboundRefusal, type OutboundPolicy } from '@gatehouse/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { fetch as undiciFetch, type Agent } from 'undici';
import type { Context } from '../../context.js';
import type { Database, PlatformUserTable, SsoProviderTable } from '../../db/schema.js';
import type { Transaction } from 'kysely';
import { DomainError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { sha256 } from '../auth/credentials.js';
import { ANONYMOUS } from '../auth/principal.js';
import { ROLES, type Role } from '../auth/roles.js';
import { createSession, sessionIdOf } from '../auth/sessions.js';
import { presentUser, type UserView } from '../auth/users.js';
import { roleFromScimGroups } from '../scim/roles.js';
import { callbackUrl, postLogoutUrl, type RoleMapping } from './providers.js';

/** The cookie that ties a sign-in under way to the browser that started it. */
export const SSO_BROWSER_COOKIE = 'gatehouse_sso';
export const SSO_LOGIN_MINUTES = 10;
/** Seconds openid-client waits for the provider. */
const PROVIDER_TIMEOUT_S = 10;

export type SsoFailureCode =
  | 'sso_provider' // unknown or disabled provider
  | 'sso_state' // no sign-in under way matches (wrong, used or expired state; another browser)
  | 'sso_unavailable' // the provider does not answer (or the outbound policy refuses it)
  | 'sso_denied' // the provider said no (access_denied, the person cancelled)
  | 'sso_rejected' // the provider refused the code (used already, expired)
  | 'sso_token' // the ID token is not valid (signature, issuer, audience, nonce, expiry)
  | 'sso_email' // no email in the claims
  | 'sso_email_unverified'
  | 'sso_disabled' // the platform user is disabled
  | 'sso_failed'; // anything else

export class SsoFailure extends DomainError {
  override name = 'SsoFailure';
  constructor(
    readonly code: SsoFailureCode,
    message: string,
  ) {
    super(message);
  }
}

const dispatchers = new WeakMap<OutboundPolicy, Agent>();
/** One dispatcher per policy (per server), kept: its connections are checked by the policy. */
function dispatcherOf(policy: OutboundPolicy): Agent {
  let d = dispatchers.get(policy);
  if (!d) dispatchers.set(policy, (d = policy.dispatcher()));
  return d;
}

/** The provider's configuration: discovery, then the client's authentication chosen from what the provider supports. */
async function configFor(ctx: Context, p: SsoProviderTable): Promise<oidc.Configuration> {
  let issuer: URL;
  try {
    issuer = await ctx.outbound.check(p.issuer);
  } catch (err) {
    throw new SsoFailure('sso_unavailable', `the outbound address policy refuses the provider: ${(err as Error).message}`);
  }
  const dispatcher = dispatcherOf(ctx.outbound);
  const fetchThroughPolicy: oidc.CustomFetch = (url, options) => undiciFetch(url, { ...(options as object), dispatcher }) as unknown as Promise<Response>;
  const insecure = issuer.protocol === 'http:'; // only for hosts GATEHOUSE_OUTBOUND_ALLOW names (the policy's rule)
  let discovered: oidc.Configuration;
  try {
    discovered = await oidc.discovery(issuer, p.client_id, undefined, oidc.None(), { [oidc.customFetch]: fetchThroughPolicy, execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: PROVIDER_TIMEOUT_S });
  } catch (err) {
    throw new SsoFailure('sso_unavailable', `the provider's discovery document could not be read: ${describe(err)}`);
  }
  const meta = discovered.serverMetadata();
  const secret = p.client_secret ? ctx.secrets.open(p.client_secret) : undefined;
  const methods = meta.token_endpoint_auth_methods_supported;
  const auth = !secret ? oidc.None() : !methods || methods.includes('client_secret_basic') ? oidc.ClientSecretBasic(secret) : oidc.ClientSecretPost(secret);
  const config = new oidc.Configuration(meta, p.client_id, secret ? { client_secret: secret } : undefined, auth);
  config[oidc.customFetch] = fetchThroughPolicy;
  config.timeout = PROVIDER_TIMEOUT_S;
  if (insecure) oidc.allowInsecureRequests(config);
  // openid-client may skip the signature of an ID token from the token endpoint (TLS vouches for
  // it); check it anyway against the provider's keys, so a token that is not the provider's fails.
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** An error's message with its causes (undici wraps connection errors), never more than a line. */
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const m = e instanceof Error ? e.message : String(e);
    if (m && !parts.includes(m)) parts.push(m);
  }
  return parts.join(': ').slice(0, 500);
}

function unreachable(err: unknown): boolean {
  if (isOutboundRefusal(err)) return true;
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { name?: string; code?: string; message?: string };
    if (x.name === 'AbortError' || x.name === 'TimeoutError' || x.message === 'fetch failed' || /^(ECONN|ENOTFOUND|EAI_|UND_ERR_CONNECT)/.test(x.code ?? '')) return true;
  }
  return false;
}

async function enabledProvider(ctx: Context, providerId: string): Promise<SsoProviderTable> {
  const p = await ctx.db.db.selectFrom('sso_providers').selectAll().where('id', '=', providerId).executeTakeFirst();
  if (!p || !p.enabled) throw new SsoFailure('sso_provider', 'no enabled single sign-on provider with this id');
  return p;
}

async function failed(ctx: Context, providerId: string, address: string, failure: SsoFailure, extra: Record<string, unknown> = {}): Promise<never> {
  await audit(ctx.db.db, ANONYMOUS, { action: 'auth.sso_failed', targetType: 'sso_provider', targetId: providerId, after: { address, reason: failure.code, detail: failure.message, ...extra } });
  throw failure;
}

/**
 * Starts a sign-in: returns the provider's authorization URL and the browser cookie to set.
 * The state, nonce and PKCE verifier stay here; the browser carries only the state and the cookie.
 */
export async function startSignIn(ctx: Context, providerId: string, address: string): Promise<{ url: string; browserCookie: string }> {
  try {
    const p = await enabledProvider(ctx, providerId);
    const config = await configFor(ctx, p);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const browserCookie = randomBytes(32).toString('base64url');
    const now = Date.now();
    await ctx.db.db.deleteFrom('sso_logins').where('expires_at', '<', new Date(now).toISOString()).execute();
    await ctx.db.db
      .insertInto('sso_logins')
      .values({ state: sha256(state), provider_id: p.id, browser: sha256(browserCookie), nonce, code_verifier: verifier, expires_at: new Date(now + SSO_LOGIN_MINUTES * 60_000).toISOString() })
      .execute();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(ctx, p.id),
      scope: p.scopes,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.toString(), browserCookie };
  } catch (err) {
    return failed(ctx, providerId, address, asFailure(err));
  }
}

function asFailure(err: unknown): SsoFailure {
  if (err instanceof SsoFailure) return err;
  if (unreachable(err)) return new SsoFailure('sso_unavailable', `the provider does not answer: ${describe(err)}`);
  if (err instanceof oidc.AuthorizationResponseError) return new SsoFailure(err.error === 'access_denied' ? 'sso_denied' : 'sso_failed', `the provider answered ${err.error}${err.error_description ? `: ${err.error_description}` : ''}`);
  if (err instanceof oidc.ResponseBodyError) return new SsoFailure('sso_rejected', `the provider refused the code: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
  const code = (err as { code?: string }).code ?? '';
  if (/^OAUTH_(JWT|JWS|JWE|INVALID_RESPONSE|JSON_ATTRIBUTE)/.test(code) || /JWT|JWS|signature|id_token/i.test(describe(err))) return new SsoFailure('sso_token', `the provider's ID token is not valid: ${describe(err)}`);
  return new SsoFailure('sso_failed', describe(err));
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** The role the groups map to: the first of ROLES (most privileged first) any group maps to; none, Basic user. */
export function mappedRole(mapping: RoleMapping[], groups: string[]): { role: Role; matched: string[] } {
  const matched = mapping.filter((m) => groups.includes(m.group));
  const role = ROLES.find((r) => matched.some((m) => m.role === r)) ?? 'basic_user';
  return { role, matched: matched.map((m) => m.group) };
}

/**
 * Finishes a sign-in from the provider's redirect (`currentUrl`, the callback URL as the browser
 * asked it). Returns the user and the session cookie.
 */
export async function finishSignIn(ctx: Context, providerId: string, input: { currentUrl: URL; browserCookie: string | undefined; address: string }): Promise<{ user: UserView; cookie: string }> {
  const { db } = ctx.db;
  const { address } = input;
  let claimsSeen: Record<string, unknown> = {};
  try {
    const p = await enabledProvider(ctx, providerId);
    const state = input.currentUrl.searchParams.get('state');
    // One use: the row is taken (deleted) whatever happens next, so a replayed callback finds nothing.
    const login = state ? await db.deleteFrom('sso_logins').where('state', '=', sha256(state)).returningAll().executeTakeFirst() : undefined;
    if (!login || login.provider_id !== p.id) throw new SsoFailure('sso_state', 'no sign-in under way matches this answer (it was used already, has expired, or was started elsewhere)');
    if (!input.browserCookie || sha256(input.browserCookie) !== login.browser) throw new SsoFailure('sso_state', 'this sign-in was started in another browser');
    if (login.expires_at < new Date().toISOString()) throw new SsoFailure('sso_state', `the sign-in took longer than ${SSO_LOGIN_MINUTES} minutes`);
    const config = await configFor(ctx, p);
    // The redirect URI is the registered one (our public URL), with the provider's parameters.
    const current = new URL(callbackUrl(ctx, p.id));
    current.search = input.currentUrl.search;
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: login.code_verifier, expectedState: state!, expectedNonce: login.nonce, idTokenExpected: true });
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new SsoFailure('sso_token', 'the provider sent no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    // Some providers put email and groups in userinfo only.
    if ((claims.email === undefined || claims[p.groups_claim] === undefined) && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      try {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
      } catch (err) {
        ctx.logger.warn({ providerId: p.id, err: describe(err) }, 'userinfo could not be read; using the ID token claims');
      }
    }
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    claimsSeen = { sub: idClaims.sub, email: email || undefined };
    if (!email) throw new SsoFailure('sso_email', 'the provider sent no email address (ask for the email scope)');
    // An address the provider says it has not verified must not reach an existing account of that email.
    if (claims.email_verified === false) throw new SsoFailure('sso_email_unverified', `the provider has not verified ${email}`);
    const groups = asStrings(claims[p.groups_claim]);
    const { role, matched } = mappedRole(JSON.parse(p.role_mapping) as RoleMapping[], groups);
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : [claims.given_name, claims.family_name].filter((x) => typeof x === 'string').join(' ').trim() || email;
    const existing = await db.selectFrom('platform_users').selectAll().where('email', '=', email).executeTakeFirst();
    if (existing?.disabled) throw new SsoFailure('sso_disabled', `the platform user ${email} is disabled`);
    const person = await db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirst();
    const sealedIdToken = ctx.secrets.seal(tokens.id_token);
    return await db.transaction().execute(async (tx) => {
      let user: PlatformUserTable;
      let roleBefore: string | null = null;
      if (existing) {
        user = existing;
        // The break-glass account keeps its role whatever the provider says: it is the way back in.
        const breakGlass = await isBreakGlass(tx, existing.id);
        // One source of roles per user: a role SCIM's group map sets stays (the IdP's provisioning
        // decides it), and a provider that maps no group leaves the role as an administrator set it.
        const mapsRoles = (JSON.parse(p.role_mapping) as RoleMapping[]).length > 0;
        const scimDecides = await roleFromScimGroups(tx, existing.id);
        if (!breakGlass && mapsRoles && !scimDecides && existing.role !== role) {
          roleBefore = existing.role;
          await tx.updateTable('platform_users').set({ role }).where('id', '=', existing.id).execute();
          user = { ...existing, role };
          await audit(tx, actorFor(existing.id), { action: 'user.update', targetType: 'platform_user', targetId: existing.id, before: { role: existing.role }, after: { role, via: 'sso', providerId: p.id, groups: matched } });
        }
      } else {
        user = { id: randomUUID(), email, name, role, password_hash: null, disabled: 0, created_at: new Date().toISOString() };
        await tx.insertInto('platform_users').values(user).execute();
        await audit(tx, actorFor(user.id), { action: 'user.create', targetType: 'platform_user', targetId: user.id, after: { email, name, role, via: 'sso', providerId: p.id, groups: matched } });
      }
      const cookie = await createSession(tx, user.id);
      await tx.insertInto('sso_sessions').values({ session_id: sessionIdOf(cookie), provider_id: p.id, id_token: sealedIdToken }).execute();
      await audit(tx, actorFor(user.id), {
        action: 'auth.sso_login',
        targetType: 'platform_user',
        targetId: user.id,
        after: { address, providerId: p.id, subject: idClaims.sub, created: !existing, role: user.role, roleBefore, groups: matched, personId: person?.id ?? null },
      });
      return { user: presentUser(user), cookie };
    });
  } catch (err) {
    return failed(ctx, providerId, address, asFailure(err), claimsSeen);
  }
}

const actorFor = (userId: string): Actor => ({ type: 'user', id: userId });

/** Whether the user is the break-glass account named in the settings (whether or not passwords are off). */
async function isBreakGlass(tx: Transaction<Database>, userId: string): Promise<boolean> {
  const row = await tx.selectFrom('sso_settings').select('break_glass_user_id').where('id', '=', 1).executeTakeFirst();
  return row?.break_glass_user_id === userId;
}

/**
 * Where to send the browser to end the provider's session too (RP-initiated logout), for a
 * session that came from single sign-on and a provider that has an end_session_endpoint; else
 * undefined. Call before the session ends (its SSO row goes with it).
 */
export async function ssoLogoutUrl(ctx: Context, sessionCookie: string): Promise<string | undefined> {
  const row = await ctx.db.db
    .selectFrom('sso_sessions')
    .innerJoin('sso_providers', 'sso_providers.id', 'sso_sessions.provider_id')
    .selectAll('sso_providers')
    .select('sso_sessions.id_token as idToken')
    .where('sso_sessions.session_id', '=', sessionIdOf(sessionCookie))
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    const config = await configFor(ctx, row);
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { id_token_hint: ctx.secrets.open(row.idToken), post_logout_redirect_uri: postLogoutUrl(ctx), client_id: row.client_id }).toString();
  } catch (err) {
    // The local session ends all the same; the provider's stays (it cannot be reached now).
    ctx.logger.warn({ providerId: row.id, err: describe(err) }, 'RP-initiated logout: the provider could not be reached');
    return undefined;
  }
}
