/**
 * Who of the directory can sign in, and how: before single sign-on only people with a local
 * password can; with an OpenID Connect provider enabled, everyone (their first sign-in creates
 * their user) except the disabled; SCIM-provisioned users are marked; with local passwords off,
 * only the break-glass administrator's password counts.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Json, type TestServer } from './harness.js';
import { startIdp, type TestIdp } from './oidc-idp.js';

describe('which people can sign in, and how', () => {
  let t: TestServer;
  let okta: OktaSimulator;
  let idp: TestIdp;
  beforeAll(async () => {
    okta = await new OktaSimulator({ seed: 93, users: 12, groups: 3, apps: 1 }).start();
    idp = await startIdp();
    t = await startTestServer('sqlite');
    const app = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${app}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() } });
    await t.waitForSync(c.body.id);
  });
  afterAll(async () => {
    await t?.stop();
    await okta?.close();
    await idp?.stop();
  });

  it('lists each person with their platform user and the ways they can sign in', async () => {
    const people = (await t.admin('GET', '/people?limit=100')).body.items as Json[];
    const [withPassword, disabled] = people;
    await t.admin('POST', '/users', { email: withPassword.email, name: withPassword.displayName, role: 'basic_user', password: 'a long enough password' });
    const off = await t.admin('POST', '/users', { email: disabled.email, name: disabled.displayName, role: 'basic_user', password: 'a long enough password' });
    await t.admin('PATCH', `/users/${off.body.id}`, { disabled: true });
    const row = (body: Json, email: string) => (body.items as Json[]).find((p) => p.email === email);
    let list = (await t.admin('GET', '/people/sign-in?limit=100')).body;
    expect(list.providers).toEqual([]);
    expect(row(list, withPassword.email)).toMatchObject({ methods: ['password'], canSignIn: true, user: { role: 'basic_user', disabled: false } });
    expect(row(list, disabled.email)).toMatchObject({ methods: [], canSignIn: false, user: { disabled: true } });
    expect(row(list, people[2].email)).toMatchObject({ user: null, methods: [], canSignIn: false });
    const provider = await t.admin('POST', '/sso/providers', { name: 'Acme IdP', issuer: idp.issuer, clientId: 'gatehouse', clientSecret: 'a client secret of some length', scopes: ['openid', 'email'], groupsClaim: 'groups', roleMapping: [], enabled: true });
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    list = (await t.admin('GET', '/people/sign-in?limit=100')).body;
    expect(list.providers).toEqual(['Acme IdP']);
    expect(row(list, people[2].email)).toMatchObject({ methods: ['sso'], canSignIn: true });
    expect(row(list, disabled.email)).toMatchObject({ methods: [], canSignIn: false });
    // Only those who may read users see it.
    const basic = await t.userWithRole('basic_user');
    expect((await basic.api('GET', '/people/sign-in')).status).toBe(403);
    await t.admin('PUT', '/sso/settings', { localPasswords: false });
    expect(row((await t.admin('GET', '/people/sign-in?limit=100')).body, withPassword.email).methods).toEqual(['sso']);
  });
});
