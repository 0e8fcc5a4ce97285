/**
 * Single sign-on in a real browser: the sign-in page lists the enabled provider, "Sign in with …"
 * goes through a real OpenID provider on loopback (oidc-provider, apps/server/test/oidc-idp.ts:
 * its login and consent pages) and lands on the dashboard as the user the provider named, with
 * the role their group maps to; a failed sign-in comes back to the sign-in page, explained.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type TestIdp } from '../../server/test/oidc-idp.js';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, SHOTS, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@sso.example', password: 'a long enough password' };

describe.skipIf(!runnable)('single sign-on in Chromium', () => {
  let ui: Ui;
  let idp: TestIdp;
  let page: Page;
  let url: string;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    idp = await startIdp();
    ui = await startUi('sso', ADMIN);
    ({ url, page } = ui);
    // The administrator adds the provider through the API.
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${url}/api/v1/sso/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: url },
      body: JSON.stringify({ name: 'Acme IdP', issuer: idp.issuer, clientId: 'gatehouse', clientSecret: 'ui-test-client-secret', scopes: ['email', 'profile', 'groups'], roleMapping: [{ group: 'gatehouse-auditors', role: 'read_only' }] }),
    });
    expect(res.status).toBe(201);
    const provider = (await res.json()) as { redirectUri: string; postLogoutRedirectUri: string };
    idp.configure({ clientId: 'gatehouse', clientSecret: 'ui-test-client-secret', redirectUris: [provider.redirectUri], postLogoutRedirectUris: [provider.postLogoutRedirectUri] });
    idp.users.set('riley', { email: 'riley@acme.example', email_verified: true, name: 'Riley Reader', groups: ['gatehouse-auditors'] });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await idp?.stop();
  });

  it('signs in with the provider and lands on the dashboard with the mapped role', async () => {
    await page.goto(`${url}/login`);
    const button = page.getByRole('link', { name: 'Sign in with Acme IdP' });
    await button.waitFor();
    await shot('sso-sign-in');
    await button.click();
    // The provider's own pages: login, then consent.
    await page.locator('input[name="login"]').fill('riley');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
    await page.waitForURL(`${url}/`);
    await expect.poll(() => page.getByText('riley@acme.example').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Read-only').count()).toBeGreaterThan(0);
    await shot('sso-dashboard');
    const me = await page.request.get(`${url}/api/v1/auth/me`);
    expect(await me.json()).toMatchObject({ email: 'riley@acme.example', name: 'Riley Reader', role: 'read_only' });
  });

  it("signs out at the provider too, and comes back to the sign-in page", async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${url}/login`);
    expect((await page.request.get(`${url}/api/v1/auth/me`)).status()).toBe(401);
  });

  it('lets the Super Administrator edit the provider on Settings → Single sign-on', async () => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${url}/`);
    await page.getByRole('link', { name: 'Single sign-on' }).click();
    const card = page.locator('[data-provider="Acme IdP"]');
    await expect.poll(() => card.textContent()).toContain('client secret set');
    expect(await card.textContent()).toContain('/api/v1/auth/sso/');
    await card.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Add a group' }).click();
    await page.getByLabel('Group 2', { exact: true }).fill('gatehouse-admins');
    await page.getByRole('combobox', { name: 'Role 2', exact: true }).click();
    await page.getByRole('option', { name: 'Super Administrator', exact: true }).click();
    await shot('sso-settings-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.textContent()).toContain('gatehouse-admins → Super Administrator');
    const providers = await (await page.request.get(`${url}/api/v1/sso/providers`)).json();
    expect(providers.items[0]).toMatchObject({ clientSecret: 'set', roleMapping: [{ group: 'gatehouse-auditors', role: 'read_only' }, { group: 'gatehouse-admins', role: 'super_admin' }] });
    await shot('sso-settings');
  });

  it('gives an identity provider a SCIM token on Settings → SCIM provisioning; the user it pushes is listed with how they sign in', async () => {
    await page.getByRole('link', { name: 'SCIM provisioning' }).click();
    const base = await page.getByTestId('scim-base-url').textContent();
    expect(base).toBe(`${url}/scim/v2`);
    await page.getByRole('button', { name: 'New SCIM client' }).click();
    await page.getByLabel('Name').fill('Acme IdP provisioning');
    await page.getByRole('button', { name: 'Create' }).click();
    const token = (await page.getByTestId('scim-token').textContent())!.trim();
    expect(token.length).toBeGreaterThan(20);
    await page.keyboard.press('Escape');
    // The identity provider pushes a user with it.
    const pushed = await fetch(`${base}/Users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'sam@acme.example', name: { givenName: 'Sam', familyName: 'Scim' }, emails: [{ value: 'sam@acme.example', primary: true }], active: true }) });
    expect(pushed.status).toBe(201);
    await page.reload();
    const row = page.locator('tr', { hasText: 'Acme IdP provisioning' });
    await expect.poll(() => row.locator('td').nth(3).textContent()).not.toBe('never');
    expect(await page.getByLabel('Who can sign in').isVisible()).toBe(true);
    await shot('scim-settings');
  });

  it('explains a failed sign-in on the sign-in page', async () => {
    await page.goto(`${url}/login?error=sso_state`);
    await expect.poll(() => page.getByTestId('sso-error').textContent()).toContain('The sign-in expired or was started in another window');
    await shot('sso-error');
  });
});
