/**
 * Sign in with OpenID Connect, against a real provider on loopback (oidc-provider, see
 * oidc-idp.ts): the whole code flow as a browser makes it (start → the provider's login and
 * consent pages → callback → the session cookie), users created just in time with the role their
 * groups map to and updated at each sign-in, and each way a sign-in must fail (wrong state,
 * another browser, a replayed callback or code, a tampered or expired ID token, the provider
 * down, a disabled user, no email) with nothing created. Then RP-initiated logout, the provider
 * API (write-only secret, the outbound policy) and local passwords turned off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, formOf, signInAtIdp, startIdp, type TestIdp } from './oidc-idp.js';
import { client, DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

const CLIENT_SECRET = 'oidc-client-secret-that-must-never-show-0123';

describe.each(DIALECTS)('sign in with OpenID Connect on %s', (dialect) => {
  let t: TestServer;
  let idp: TestIdp;
  let provider: Json;
  let callbackPrefix: string;

  beforeAll(async () => {
    idp = await startIdp();
    t = await startTestServer(dialect);
    const created = await t.admin('POST', '/sso/providers', {
      name: 'Test IdP',
      issuer: idp.issuer,
      clientId: 'gatehouse',
      clientSecret: CLIENT_SECRET,
      scopes: ['openid', 'email', 'profile', 'groups'],
      groupsClaim: 'groups',
      roleMapping: [
        { group: 'gatehouse-admins', role: 'super_admin' },
        { group: 'auditors', role: 'read_only' },
      ],
      enabled: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    provider = created.body;
    callbackPrefix = `${t.server.url}/api/v1/auth/sso/${provider.id}/callback`;
    expect(provider.redirectUri).toBe(callbackPrefix);
    idp.configure({ clientId: 'gatehouse', clientSecret: CLIENT_SECRET, redirectUris: [provider.redirectUri], postLogoutRedirectUris: [provider.postLogoutRedirectUri] });
    idp.users.set('alice', { email: 'Alice@Example.com', email_verified: true, name: 'Alice Admin', groups: ['gatehouse-admins', 'everyone'] });
    idp.users.set('bob', { email: 'bob@example.com', name: 'Bob', groups: ['auditors'] });
    idp.users.set('carol', { email: 'carol@example.com', name: 'Carol', groups: ['some-unknown-group'] });
    idp.users.set('nomail', { name: 'No Mail', groups: ['gatehouse-admins'] });
    idp.users.set('unverified', { email: 'admin@example.com', email_verified: false, name: 'Impostor', groups: [] });
  });
  afterAll(async () => {
    await t?.stop();
    await idp?.stop();
  });

  /** Start in a browser: the redirect to the provider. */
  async function start(jar: CookieJar, providerId = provider.id as string): Promise<Response> {
    return jar.fetch(`${t.server.url}/api/v1/auth/sso/${providerId}/start`);
  }
  /** Start, sign in at the provider: the callback URL the provider sends the browser to. */
  async function toCallback(jar: CookieJar, account: string): Promise<string> {
    const res = await start(jar);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${idp.issuer}/auth?`), location).toBe(true);
    return signInAtIdp(jar, location, account, callbackPrefix);
  }
  async function callback(jar: CookieJar, url: string): Promise<string> {
    const res = await jar.fetch(url);
    expect(res.status).toBe(302);
    return res.headers.get('location')!;
  }
  async function signInAs(account: string): Promise<{ jar: CookieJar; me: Json }> {
    const jar = new CookieJar();
    expect(await callback(jar, await toCallback(jar, account))).toBe('/');
    const session = jar.cookies.get('gatehouse_session');
    expect(session).toBeTruthy();
    const me = await client(t.server.url, { cookie: `gatehouse_session=${session}` })('GET', '/auth/me');
    expect(me.status).toBe(200);
    return { jar, me: me.body };
  }
  const userByEmail = async (email: string) => ((await t.admin('GET', '/users')).body.items as Json[]).find((u) => u.email === email);
  const lastFailure = async () => (await t.admin('GET', '/audit?action=auth.sso_failed&limit=1')).body.items[0];

  it('lists the enabled providers for the sign-in page, id and name only', async () => {
    const res = await t.anonymous('GET', '/auth/sso/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [{ id: provider.id, name: 'Test IdP' }], localPasswords: true });
  });

  it('signs a new person in just in time, with the role their group maps to, from start to a working session', async () => {
    const authorize = new URL((await start(new CookieJar())).headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(callbackPrefix);

    const { me } = await signInAs('alice');
    expect(me).toMatchObject({ email: 'alice@example.com', name: 'Alice Admin', role: 'super_admin', disabled: false });
    expect(me.permissions).toContain('settings:manage');
    const login = (await t.admin('GET', '/audit?action=auth.sso_login&limit=1')).body.items[0];
    expect(login.after).toMatchObject({ providerId: provider.id, subject: 'alice', created: true, role: 'super_admin', groups: ['gatehouse-admins'] });
    const created = (await t.admin('GET', `/audit?action=user.create&targetId=${me.id}`)).body.items[0];
    expect(created.after).toMatchObject({ email: 'alice@example.com', via: 'sso', role: 'super_admin' });
  });

  it('updates the role from the groups at every sign-in; an unknown group is a Basic user, not an error', async () => {
    idp.users.set('alice', { ...idp.users.get('alice')!, groups: ['auditors'] });
    const { me } = await signInAs('alice');
    expect(me.role).toBe('read_only');
    expect((await t.admin('GET', '/users')).body.items.filter((u: Json) => u.email === 'alice@example.com')).toHaveLength(1);
    const change = (await t.admin('GET', `/audit?action=user.update&targetId=${me.id}&limit=1`)).body.items[0];
    expect(change.before).toEqual({ role: 'super_admin' });
    expect(change.after).toMatchObject({ role: 'read_only', via: 'sso' });
    expect((await signInAs('carol')).me.role).toBe('basic_user');
    idp.users.set('alice', { ...idp.users.get('alice')!, groups: ['gatehouse-admins'] });
  });

  it('signs an existing platform user in by email, with the mapped role', async () => {
    const made = await t.admin('POST', '/users', { email: 'bob@example.com', name: 'Bob Local', role: 'campaign_admin' });
    expect(made.status).toBe(201);
    const { me } = await signInAs('bob');
    expect(me).toMatchObject({ id: made.body.id, role: 'read_only', name: 'Bob Local' });
  });

  it('a provider that maps no group leaves roles as administrators set them', async () => {
    const made = await t.admin('POST', '/users', { email: 'dave@example.com', name: 'Dave', role: 'campaign_admin' });
    idp.users.set('dave', { email: 'dave@example.com', name: 'Dave', groups: ['auditors'] });
    const full = (await t.admin('GET', `/sso/providers/${provider.id}`)).body;
    const put = (roleMapping: Json[]) => t.admin('PUT', `/sso/providers/${provider.id}`, { name: full.name, issuer: full.issuer, clientId: full.clientId, scopes: full.scopes, groupsClaim: full.groupsClaim, roleMapping, enabled: true });
    expect((await put([])).status).toBe(200);
    expect((await signInAs('dave')).me).toMatchObject({ id: made.body.id, role: 'campaign_admin' });
    expect((await put(full.roleMapping)).status).toBe(200);
    expect((await signInAs('dave')).me.role).toBe('read_only');
  });

  it('refuses a wrong state, another browser and a replayed callback', async () => {
    idp.users.set('dave', { email: 'dave@example.com', groups: ['gatehouse-admins'] });
    const jar = new CookieJar();
    const url = new URL(await toCallback(jar, 'dave'));
    const wrong = new URL(url);
    wrong.searchParams.set('state', 'not-the-state');
    expect(await callback(jar, wrong.toString())).toBe('/login?error=sso_state');

    const other = new CookieJar();
    const url2 = await toCallback(other, 'dave');
    expect(await callback(new CookieJar(), url2)).toBe('/login?error=sso_state');
    expect((await lastFailure()).after).toMatchObject({ reason: 'sso_state' });

    const jar3 = new CookieJar();
    const url3 = await toCallback(jar3, 'dave');
    expect(await callback(jar3, url3)).toBe('/');
    expect(await callback(jar3, url3)).toBe('/login?error=sso_state');
    expect(await userByEmail('dave@example.com')).toBeTruthy();
  });

  it('refuses a replayed code under a new state (the provider refuses it)', async () => {
    idp.users.set('erin', { email: 'erin@example.com', groups: [] });
    const jar = new CookieJar();
    const first = new URL(await toCallback(jar, 'erin'));
    expect(await callback(jar, first.toString())).toBe('/');
    // A new sign-in in the same browser, answered with the first one's code.
    const state = new URL((await start(jar)).headers.get('location')!).searchParams.get('state')!;
    const replay = new URL(first);
    replay.searchParams.set('state', state);
    expect(await callback(jar, replay.toString())).toBe('/login?error=sso_rejected');
    expect((await lastFailure()).after.detail).toMatch(/invalid_grant/);
  });

  it('refuses a tampered and an expired ID token, creating nobody', async () => {
    idp.users.set('frank', { email: 'frank@example.com', groups: ['gatehouse-admins'] });
    try {
      idp.tamper = (token) => `${token.slice(0, -6)}${token.slice(-6).split('').reverse().join('')}`;
      const jar = new CookieJar();
      expect(await callback(jar, await toCallback(jar, 'frank'))).toBe('/login?error=sso_token');

      idp.tamper = (token) => idp.resign(token, (c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }));
      const jar2 = new CookieJar();
      expect(await callback(jar2, await toCallback(jar2, 'frank'))).toBe('/login?error=sso_token');
      expect((await lastFailure()).after.detail).toMatch(/exp/);

      // Signed right but for another client: the audience check.
      idp.tamper = (token) => idp.resign(token, (c) => ({ ...c, aud: 'someone-else' }));
      const jar3 = new CookieJar();
      expect(await callback(jar3, await toCallback(jar3, 'frank'))).toBe('/login?error=sso_token');
    } finally {
      idp.tamper = undefined;
    }
    expect(await userByEmail('frank@example.com')).toBeUndefined();
  });

  it('says the provider is down, at the start and between the provider and the callback', async () => {
    const dead = await startIdp();
    const deadIssuer = dead.issuer;
    await dead.stop();
    const other = await t.admin('POST', '/sso/providers', { name: 'Down IdP', issuer: deadIssuer, clientId: 'x', clientSecret: 'y' });
    expect(other.status).toBe(201);
    const res = await start(new CookieJar(), other.body.id);
    expect(res.headers.get('location')).toBe('/login?error=sso_unavailable');
    expect((await t.admin('DELETE', `/sso/providers/${other.body.id}`)).status).toBe(204);

    idp.users.set('gina', { email: 'gina@example.com', groups: [] });
    const jar = new CookieJar();
    const url = await toCallback(jar, 'gina');
    idp.down = true;
    try {
      expect(await callback(jar, url)).toBe('/login?error=sso_unavailable');
    } finally {
      idp.down = false;
    }
    expect(await userByEmail('gina@example.com')).toBeUndefined();
  });

  it('refuses a disabled user, a missing email and an unverified one', async () => {
    const carol = await userByEmail('carol@example.com');
    expect((await t.admin('PATCH', `/users/${carol.id}`, { disabled: true })).status).toBe(200);
    const jar = new CookieJar();
    expect(await callback(jar, await toCallback(jar, 'carol'))).toBe('/login?error=sso_disabled');
    expect(jar.cookies.get('gatehouse_session')).toBeUndefined();

    const jar2 = new CookieJar();
    expect(await callback(jar2, await toCallback(jar2, 'nomail'))).toBe('/login?error=sso_email');
    expect((await t.admin('GET', '/users')).body.items.some((u: Json) => u.name === 'No Mail')).toBe(false);

    // An address the provider has not verified never reaches the existing account of that email.
    const jar3 = new CookieJar();
    expect(await callback(jar3, await toCallback(jar3, 'unverified'))).toBe('/login?error=sso_email_unverified');
  });

  it('says an unknown or disabled provider', async () => {
    expect((await start(new CookieJar(), 'no-such-provider')).headers.get('location')).toBe('/login?error=sso_provider');
    // A sign-in under way when its provider is disabled does not finish; nor does a new one start.
    const jar = new CookieJar();
    const url = await toCallback(jar, 'bob');
    const { id, redirectUri: _r, postLogoutRedirectUri: _p, clientSecret: _s, createdAt: _c, updatedAt: _u, ...rest } = provider;
    expect((await t.admin('PUT', `/sso/providers/${id}`, { ...rest, enabled: false })).status).toBe(200);
    try {
      expect((await t.anonymous('GET', '/auth/sso/providers')).body.items).toEqual([]);
      expect((await start(new CookieJar())).headers.get('location')).toBe('/login?error=sso_provider');
      expect(await callback(jar, url)).toBe('/login?error=sso_provider');
    } finally {
      expect((await t.admin('PUT', `/sso/providers/${id}`, { ...rest, enabled: true })).status).toBe(200);
    }
  });

  it("ends the provider's session too at sign-out (RP-initiated logout)", async () => {
    const { jar } = await signInAs('alice');
    const session = jar.cookies.get('gatehouse_session')!;
    const res = await jar.fetch(`${t.server.url}/api/v1/auth/logout`, { method: 'POST', headers: { origin: t.server.url } });
    expect(res.status).toBe(200);
    const { logoutUrl } = (await res.json()) as { logoutUrl: string };
    const url = new URL(logoutUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toBeTruthy();
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${t.server.url}/login`);
    expect((await client(t.server.url, { cookie: `gatehouse_session=${session}` })('GET', '/auth/me')).status).toBe(401);
    // The provider asks, and sends the browser back to the sign-in page.
    const page = await jar.fetch(logoutUrl);
    expect(page.status).toBe(200);
    const form = formOf(await page.text(), logoutUrl);
    const done = await jar.fetch(form.action, { form: { ...form.fields, logout: 'yes' } });
    expect(done.status).toBeGreaterThanOrEqual(300);
    expect(done.headers.get('location')).toBe(`${t.server.url}/login`);
    // A password session signs out as before.
    const plain = await fetch(`${t.server.url}/api/v1/auth/logout`, { method: 'POST' });
    expect(plain.status).toBe(204);
  });

  it('keeps the client secret write-only and out of every log, and checks the issuer against the outbound policy', async () => {
    const got = await t.admin('GET', `/sso/providers/${provider.id}`);
    expect(got.body.clientSecret).toBe('set');
    expect(JSON.stringify((await t.admin('GET', '/sso/providers')).body)).not.toContain(CLIENT_SECRET);
    const audit = await t.admin('GET', '/audit/export');
    expect(String(audit.body)).not.toContain(CLIENT_SECRET);
    expect(t.log()).not.toContain(CLIENT_SECRET);

    const metadata = await t.admin('POST', '/sso/providers', { name: 'Metadata', issuer: 'http://169.254.169.254/latest', clientId: 'x' });
    expect(metadata.status).toBe(400);
    expect(metadata.body.errors[0].field).toBe('body.issuer');
    const moved = await t.admin('PUT', `/sso/providers/${provider.id}`, { ...got.body, clientSecret: undefined, issuer: 'http://localhost:1' });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].field).toBe('body.clientSecret');
    const renamed = await t.admin('PUT', `/sso/providers/${provider.id}`, { ...got.body, clientSecret: undefined, name: 'Test IdP' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.clientSecret).toBe('set');
    const basic = await t.userWithRole('basic_user');
    expect((await basic.api('GET', '/sso/providers')).status).toBe(403);
  });

  it('turns local passwords off: only the break-glass administrator signs in with one, audited', async () => {
    const password = 'a long enough password';
    await t.admin('POST', '/users', { email: 'local@example.com', name: 'Local', role: 'read_only', password });
    const off = await t.admin('PUT', '/sso/settings', { localPasswords: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.localPasswords).toBe(false);
    try {
      const login = (email: string, pw: string) => fetch(`${t.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) });
      expect((await login('local@example.com', password)).status).toBe(401);
      expect((await t.admin('GET', '/audit?action=auth.login_failed&limit=1')).body.items[0].after.reason).toBe('local passwords are off');
      expect((await login('admin@example.com', 'correct horse battery staple')).status).toBe(200);
      const breakGlass = (await t.admin('GET', '/audit?action=auth.break_glass_login&limit=1')).body.items[0];
      expect(breakGlass.target.id).toBe(off.body.breakGlassUserId);
      expect((await t.anonymous('GET', '/auth/sso/providers')).body.localPasswords).toBe(false);
      // SSO still signs people in.
      expect((await signInAs('bob')).me.role).toBe('read_only');
    } finally {
      expect((await t.admin('PUT', '/sso/settings', { localPasswords: true })).status).toBe(200);
    }
  });
});
