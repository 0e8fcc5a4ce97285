/**
 * The web UI in a real browser: Debian's Chromium driven by playwright-core, against a server on a
 * fresh embedded database and two simulated Okta orgs. One story, step by step, as an administrator
 * and then as a Read-only user; a screenshot of every page lands in test-results/ui/.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, SHOTS, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };
const READER = { email: 'auditor@acme.example', password: 'another long password' };


describe.skipIf(!runnable)('web UI in Chromium', () => {
  let ui: Ui;
  let directory: OktaSimulator;
  let second: OktaSimulator;
  let page: Page;
  let url: string;
  let oktaAppId: string;
  // A person of the directory who also has an account in the second org (same seed: the first
  // users of both orgs are the same people), and a contractor only the second org knows.
  let person: { email: string; name: string; groups: string[] };
  const contractor = { email: 'pat.contractor@partner.example', name: 'Pat Contractor' };

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // With the browser's session, sending Origin as the page itself does (the server refuses a session cookie without it).
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${url}/api/v1${path}`, { method, headers: { origin: url }, data: body === undefined ? undefined : (body as object), failOnStatusCode: false });
    return { status: res.status(), body: (res.headers()['content-type'] ?? '').includes('json') ? await res.json() : undefined };
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    directory = await new OktaSimulator({ seed: 21, users: 80, groups: 12, apps: 6 }).start();
    second = await new OktaSimulator({ seed: 21, users: 30, groups: 4, apps: 2 }).start();
    const template = [...second.store.users.values()][0]!;
    second.store.addUser({
      ...template,
      id: second.store.newId('00u'),
      status: 'ACTIVE',
      profile: { ...template.profile, login: contractor.email, email: contractor.email, firstName: 'Pat', lastName: 'Contractor', displayName: contractor.name, employeeNumber: '99999' },
    });
    const inBoth = new Set([...second.store.users.values()].map((u) => u.profile.email));
    const candidate = [...directory.store.users.values()].find(
      (u) => u.status === 'ACTIVE' && inBoth.has(u.profile.email) && [...directory.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && g.members.has(u.id)).length >= 1,
    )!;
    person = {
      email: candidate.profile.email,
      name: `${candidate.profile.firstName} ${candidate.profile.lastName}`,
      groups: [...directory.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && g.members.has(candidate.id)).map((g) => g.profile.name),
    };

    ui = await startUi('main', ADMIN);
    ({ url, page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await directory?.close();
    await second?.close();
  });

  it('sends a stranger to sign-in, refuses a wrong password, and signs the admin in', async () => {
    await page.goto(`${url}/people?q=ada`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');
    await shot('sign-in');
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the stranger wanted to go, filters kept.
    await page.waitForURL(/\/people\?q=ada/);
    await page.getByRole('heading', { name: 'People' }).waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe(ADMIN.email);
  });

  it('adds an app with an Okta connector through the generated form, and syncs it to Connected', async () => {
    await page.goto(`${url}/apps`);
    await page.getByRole('button', { name: 'Add app' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Okta');
    await dialog.getByLabel(/company directory/).check();
    await dialog.getByRole('button', { name: 'Add app' }).click();
    await page.getByRole('heading', { name: 'Okta', level: 2 }).waitFor();
    oktaAppId = /\/apps\/([^/?]+)/.exec(page.url())![1]!;

    await page.getByRole('button', { name: 'Add connector' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Domain', { exact: false }).first().fill(directory.url);
    // The token is required: the form says so next to the field and sends nothing.
    await form.getByRole('button', { name: 'Add and sync' }).click();
    await expect.poll(() => form.textContent()).toContain('required');
    await shot('connector-form');
    await form.getByRole('textbox', { name: 'API token' }).fill(directory.token('super-admin'));
    await form.getByRole('button', { name: 'Add and sync' }).click();
    await form.waitFor({ state: 'detached' });

    // The badge turns Connected without a reload.
    await page.locator('[data-connector="okta"] [data-status="connected"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-run-status="succeeded"]').first().waitFor();
    await shot('app');

    // Sync now queues a second run, which shows up and finishes on its own.
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.locator('[data-run-status="succeeded"]').count(), { timeout: 60_000 }).toBe(2);
    const token = await api('GET', `/apps/${oktaAppId}`);
    expect(JSON.stringify(token.body)).not.toContain(directory.token('super-admin'));

    // Owners are chosen among platform users.
    await page.getByRole('button', { name: 'Edit app' }).click();
    const appForm = page.getByRole('dialog');
    await appForm.getByLabel('Owners').click();
    await page.getByRole('option', { name: new RegExp(ADMIN.email.replace(/\./g, '\\.')) }).click();
    await appForm.getByRole('button', { name: 'Save' }).click();
    await appForm.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByText(/^Owners:/).textContent()).toContain(ADMIN.email);

    await page.goto(`${url}/apps`);
    const row = page.locator('tr[data-app="Okta"]');
    await row.locator('[data-status="connected"]').waitFor();
    expect(await row.textContent()).toMatch(/Directory/);
    await shot('apps');
  });

  it('turns an app the directory knows into a managed app, keeping its directory assignments in view', async () => {
    const known = [...directory.store.apps.values()].find((a) => a.status === 'ACTIVE')!;
    await page.goto(`${url}/apps?view=discovered`);
    const row = page.getByRole('row').filter({ hasText: known.label });
    await row.getByRole('button', { name: 'Manage this app' }).click();
    await page.getByRole('heading', { name: known.label, level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Assigned in the directory' }).waitFor();
    await page.getByRole('link', { name: 'See them in the explorer' }).click();
    await expect.poll(() => page.url()).toContain(`entitlement=app%3A${known.id}%3Aaccess`);
    await page.getByRole('table', { name: 'Grants' }).waitFor();
    await shot('discovered-app-managed');
  });

  it('finds a user’s grants in the explorer', async () => {
    // A second app from another org, where the same people have accounts.
    const app = await api('POST', '/apps', { name: 'Okta EU' });
    const connector = await api('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: second.url, apiToken: second.token('super-admin') } });
    expect(connector.status).toBe(201);
    await expect.poll(async () => (await api('GET', `/connectors/${connector.body.id}`)).body.status, { timeout: 60_000 }).toBe('connected');

    await page.goto(`${url}/explorer?tab=resources&app=${oktaAppId}`);
    await page.getByRole('searchbox', { name: 'Search' }).fill(person.name);
    await page.getByRole('link', { name: `Access of ${person.name}` }).first().click();
    await page.waitForURL(/tab=grants/);
    const grants = page.getByRole('table', { name: 'Grants' });
    await expect.poll(() => grants.textContent()).toContain(person.groups[0]!);
    expect(page.url()).toContain('principal=');
    // The principal's id and an inherited grant's sources are the browser's own tooltips (title).
    expect(await grants.locator('span[title^="user:"]').first().getAttribute('title')).toMatch(/^user:00u\w+$/);
    const badges = grants.locator('.mantine-Badge-root', { hasText: /^inherited/ });
    expect(await grants.locator('.mantine-Badge-root[title^="through "]').count()).toBe(await badges.count());
    await shot('explorer-grants');
    // The URL is the view: opened again, it shows the same thing.
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Grants' }).textContent()).toContain(person.groups[0]!);

    await page.locator('label', { hasText: /^Inherited$/ }).click();
    await expect.poll(() => page.url()).toContain('how=inherited');
    await page.goto(`${url}/explorer?tab=entitlements&app=${oktaAppId}`);
    await page.getByRole('table', { name: 'Entitlements' }).getByRole('link', { name: 'Who has it' }).first().waitFor();
    await shot('explorer-entitlements');
  });

  it('opens a person and shows their access from two apps', async () => {
    await page.goto(`${url}/people`);
    await page.getByRole('searchbox', { name: 'Search people' }).fill(person.email);
    await page.getByRole('link', { name: person.name }).click();
    await page.getByRole('heading', { name: person.name }).waitFor();
    const apps = page.getByTestId('access-app');
    await expect.poll(() => apps.count()).toBe(2);
    expect((await apps.allTextContents()).map((t) => t.replace(/ \(\d+\)$/, '')).sort()).toEqual(['Okta', 'Okta EU']);
    const access = page.getByRole('table', { name: 'Access' });
    expect(await access.locator('tr[data-app-name="Okta EU"]').count()).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Accounts' }).textContent()).toContain('Okta EU');
    await shot('person');
    await page.goto(`${url}/people`);
    await page.getByRole('table', { name: 'People' }).getByRole('link').first().waitFor();
    await shot('people');
  });

  it('links an unmatched account to a person, and it leaves the list', async () => {
    await page.goto(`${url}/accounts/unmatched`);
    const table = page.getByRole('table', { name: 'Unmatched accounts' });
    await table.getByText(contractor.email).waitFor();
    await shot('unmatched');
    await page.getByRole('button', { name: `Link ${contractor.name} to a person` }).click();
    const dialog = page.getByRole('dialog');
    const picker = dialog.getByLabel('Person');
    await picker.fill(person.email);
    await page.getByRole('option', { name: new RegExp(person.email.replace(/[.+]/g, '\\$&')) }).click();
    await dialog.getByRole('button', { name: 'Link' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => table.textContent()).not.toContain(contractor.email);
    const people = await api('GET', `/people?q=${encodeURIComponent(person.email)}`);
    const detail = await api('GET', `/people/${people.body.items[0].id}`);
    expect(detail.body.accounts.find((a: { email: string }) => a.email === contractor.email)?.matchedBy).toBe('manual');
  });

  it('shows the dashboard and the audit log with the chain verified', async () => {
    await page.goto(`${url}/`);
    await page.getByRole('heading', { name: 'Grants per app' }).waitFor();
    expect(await page.getByTestId('apps-connected').textContent()).toContain('2');
    await page.locator('.recharts-surface').first().waitFor();
    // Every bar of "Grants per app" carries its app's name.
    const withGrants = ((await api('GET', '/stats')).body as { grantsPerApp: { name: string }[] }).grantsPerApp.map((g) => g.name);
    const chart = page.getByLabel('Grants per app, direct and inherited');
    // (recharts draws tick labels in a layer of their own, not inside the axis group)
    await expect.poll(async () => await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents()).toEqual(expect.arrayContaining(withGrants.slice(0, 12)));
    await shot('dashboard');
    await page.goto(`${url}/audit?action=connector`);
    await expect.poll(() => page.getByTestId('audit-chain').textContent()).toContain('Chain intact');
    await expect.poll(() => page.getByRole('table', { name: 'Audit events' }).textContent()).toContain('connector.create');
    await shot('audit');
  });

  it('fits a narrow window', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/apps`);
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await shot('narrow-people');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('a Read-only user sees no edit buttons, and the server refuses the action anyway', async () => {
    const created = await api('POST', '/users', { email: READER.email, name: 'Audrey Auditor', role: 'read_only', password: READER.password });
    expect(created.status).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(READER.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(READER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.goto(`${url}/apps`);
    await page.locator('tr[data-app="Okta"]').waitFor();
    expect(await page.getByRole('button', { name: 'Add app' }).count()).toBe(0);
    await page.goto(`${url}/apps/${oktaAppId}`);
    await page.locator('[data-connector="okta"]').waitFor();
    for (const name of ['Sync now', 'Edit', 'Add connector']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: /Provisioning/ }).isDisabled()).toBe(true);
    await shot('app-read-only');
    await page.goto(`${url}/accounts/unmatched`);
    await page.getByRole('table', { name: 'Unmatched accounts' }).waitFor();
    expect(await page.getByRole('button', { name: /to a person$/ }).count()).toBe(0);

    // Refused by the server too, with the reader's own session.
    const connectorId = (await api('GET', `/apps/${oktaAppId}`)).body.connectors[0].id;
    const sync = await api('POST', `/connectors/${connectorId}/sync`);
    expect(sync.status).toBe(403);
    expect((await api('POST', '/apps', { name: 'Sneaky' })).status).toBe(403);
  });

  it('shows an API error instead of a blank page', async () => {
    await page.goto(`${url}/apps/does-not-exist`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not found');
    await shot('error');
  });
});
