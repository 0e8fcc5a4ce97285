/**
 * Provisioning from the web UI in Chromium, against a server and a simulated Okta org: an admin
 * grants a group from the access explorer and revokes it from the person's page, creates and
 * deprovisions an account on the app's page, sees a refused grant fail with Okta's words and
 * retries failed tasks from the Tasks page (by keyboard and in bulk); then, with provisioning
 * off, an App owner finds the manual task in their inbox and on the Tasks page and marks it done.
 * Each change is checked in the simulator's store. Screenshots land in test-results/ui/.
 */
import { OktaSimulator, type SimGroup, type SimUser } from '@gatehouse/connector-okta/simulator';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, SHOTS, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };
const OWNER = { email: 'owen.owner@acme.example', name: 'Owen Owner', password: 'the owner’s own password' };


const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Skipped, with the warning above, where there is no Chromium (a file with no suite at all would fail).
describe.skipIf(!runnable)('provisioning tasks in Chromium', () => {
  let ui: Ui;
  let sim: OktaSimulator;
  let page: Page;
  let url: string;
  let appId: string;
  let connectorId: string;
  // A person of the directory, and groups they are not in (one per story, so stories do not meet).
  let user: SimUser;
  let personName: string;
  let personId: string;
  let free: SimGroup[];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // With the browser's session, as the page itself would (the server refuses a cookie without Origin).
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${url}/api/v1${path}`, { method, headers: { origin: url }, data: body === undefined ? undefined : (body as object), failOnStatusCode: false });
    return { status: res.status(), body: (res.headers()['content-type'] ?? '').includes('json') ? await res.json() : undefined };
  };
  const isMember = (g: SimGroup) => sim.store.groups.get(g.id)!.members.has(user.id);
  const signIn = async (who: { email: string; password: string }) => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  };
  /** Types into a searchable select and picks an option (its listbox is outside the dialog). */
  const choose = async (field: Locator, type: string, option: string | RegExp) => {
    await field.fill(type);
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  /** The task a dialog follows, once it has stopped changing on its own. */
  const progressEnds = async (dialog: Locator, state: string) => {
    const progress = dialog.getByTestId('task-progress');
    await expect.poll(() => progress.getAttribute('data-task-state'), { timeout: 30_000 }).toBe(state);
    return progress;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // Small enough that every account of the app is on screen in its table.
    sim = await new OktaSimulator({ seed: 5, users: 14, groups: 14, apps: 2 }).start();
    const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
    user = [...sim.store.users.values()].find((u) => u.status === 'ACTIVE' && groups.filter((g) => !g.members.has(u.id)).length >= 5)!;
    free = groups.filter((g) => !g.members.has(user.id));
    personName = `${user.profile.firstName} ${user.profile.lastName}`;

    ui = await startUi('tasks', ADMIN);
    ({ url, page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await sim?.close();
  });

  it('an admin connects Okta with provisioning on, and the Tasks page starts empty', async () => {
    await signIn(ADMIN);
    const app = await api('POST', '/apps', { name: 'Okta', isDirectory: true });
    appId = app.body.id;
    const connector = await api('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token('super-admin') }, provisioning: true });
    expect(connector.status).toBe(201);
    connectorId = connector.body.id;
    await expect.poll(async () => (await api('GET', `/connectors/${connectorId}`)).body.status, { timeout: 60_000 }).toBe('connected');
    const people = await api('GET', `/people?q=${encodeURIComponent(user.profile.email)}`);
    personId = people.body.items[0].id;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    await page.getByText('No task yet.').waitFor();
  });

  it('grants a person an Okta group from the access explorer, with a reason, and follows the task to succeeded', async () => {
    const group = free[0]!;
    await page.goto(`${url}/explorer`);
    await page.getByRole('button', { name: 'Grant access' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grant access' });
    await choose(dialog.getByRole('combobox', { name: 'App' }), 'Okta', 'Okta');
    await choose(dialog.getByRole('combobox', { name: 'Entitlement' }), group.profile.name, `Member of ${group.profile.name}`);
    await choose(dialog.getByRole('combobox', { name: 'Grant to' }), user.profile.email, new RegExp(escape(user.profile.email)));
    // No reason, no task: the button waits for one.
    expect(await dialog.getByRole('button', { name: 'Grant' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('joins the team this week (HR-1234)');
    await shot('grant-access-dialog');
    await dialog.getByRole('button', { name: 'Grant' }).click();

    const progress = await progressEnds(dialog, 'succeeded');
    expect(await progress.textContent()).toContain(`Grant Member of ${group.profile.name}`);
    expect(isMember(group)).toBe(true);
    await shot('grant-access-succeeded');

    // The task's page: its state, verification, history and whole log.
    await progress.getByRole('link', { name: 'Open the task' }).click();
    await page.getByRole('heading', { name: `Grant Member of ${group.profile.name} to`, level: 2 }).waitFor();
    await page.locator('[data-task-state="succeeded"]').first().waitFor();
    expect(await page.locator('[data-verification]').first().getAttribute('data-verification')).toBe('read_confirmed');
    const log = page.getByRole('table', { name: 'Log', exact: true });
    await expect.poll(() => log.textContent()).toContain('reason: joins the team this week (HR-1234)');
    expect(await log.textContent()).toMatch(/succeeded/);
    expect(await page.getByLabel('State history').textContent()).toContain('succeeded');
    await shot('task-detail');

    // The explorer shows the new grant as direct, with Revoke.
    await page.goto(`${url}/explorer?tab=grants&app=${appId}&entitlement=${encodeURIComponent(`group:${group.id}:member`)}`);
    await page.getByRole('button', { name: new RegExp(`^Revoke Member of ${escape(group.profile.name)} from`) }).first().waitFor();
  });

  it('revokes a direct grant from the person’s page; an inherited one names what to change instead', async () => {
    const group = free[0]!;
    await page.goto(`${url}/people/${personId}`);
    await page.getByRole('heading', { name: personName }).waitFor();
    const access = page.getByRole('table', { name: 'Access' });
    await access.getByText(`Member of ${group.profile.name}`).waitFor();
    // Inherited rows offer no Revoke: they say which membership to revoke.
    const inherited = access.getByRole('row').filter({ hasText: 'inherited via' });
    for (const row of await inherited.all()) {
      expect(await row.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
      expect(await row.textContent()).toContain('to remove, revoke');
    }
    await page.getByRole('button', { name: `Revoke Member of ${group.profile.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke Member of ${group.profile.name}` });
    await dialog.getByLabel('Reason').fill('left the team');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await progressEnds(dialog, 'succeeded');
    expect(isMember(group)).toBe(false);
    await shot('revoke-succeeded');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => access.textContent()).not.toContain(`Member of ${group.profile.name}`);
  });

  it('creates an account on the app’s page and deprovisions it', async () => {
    const email = 'grace.hopper@acme.example';
    await page.goto(`${url}/apps/${appId}`);
    const accounts = page.getByRole('table', { name: 'Accounts', exact: true });
    await accounts.getByText(user.profile.email).waitFor();
    await page.getByRole('button', { name: 'Create account' }).click();
    const create = page.getByRole('dialog', { name: 'Create an account in Okta' });
    await create.getByLabel('Email').fill(email);
    await create.getByLabel('First name').fill('Grace');
    await create.getByLabel('Last name').fill('Hopper');
    await create.getByLabel('Reason').fill('new hire, starts Monday');
    await create.getByRole('button', { name: 'Create account' }).click();
    await progressEnds(create, 'succeeded');
    const created = [...sim.store.users.values()].find((u) => u.profile.email === email);
    // Activated (without a password yet, Okta says PROVISIONED).
    expect(created?.status).toMatch(/^(ACTIVE|PROVISIONED)$/);
    await shot('create-account-succeeded');
    await create.getByRole('button', { name: 'Close' }).click();

    // The new account is in the table at once (the task showed it in the catalog).
    await accounts.getByText(email).waitFor();
    await page.getByRole('button', { name: /^Deprovision Grace/ }).click();
    const deprovision = page.getByRole('dialog', { name: /^Deprovision Grace/ });
    await deprovision.getByLabel('Reason').fill('the offer was withdrawn');
    await deprovision.getByRole('button', { name: 'Deprovision', exact: true }).click();
    const progress = await progressEnds(deprovision, 'succeeded');
    expect(await progress.textContent()).toContain('deactivated');
    expect(sim.store.users.get(created!.id)?.status).toBe('DEPROVISIONED');
    await deprovision.getByRole('button', { name: 'Close' }).click();
    // Until a sync confirms it, the row says a deprovision succeeded and links to it.
    await page.getByRole('link', { name: /^Deprovision task of Grace/ }).waitFor();
    await shot('app-accounts');
  });

  it('shows Okta’s refusal on a failed grant, and retries failed tasks from the Tasks page by keyboard and in bulk', async () => {
    // A token without write permission: Okta refuses each change, and the tasks fail at once.
    await api('PATCH', `/connectors/${connectorId}`, { config: { domain: sim.url, apiToken: sim.token('read-only') } });
    const [first, second, third] = [free[1]!, free[2]!, free[3]!];
    await page.goto(`${url}/explorer?app=${appId}`);
    await page.getByRole('button', { name: 'Grant access' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grant access' });
    // The explorer's app filter is the dialog's app.
    expect(await dialog.getByRole('combobox', { name: 'App' }).inputValue()).toBe('Okta');
    await choose(dialog.getByRole('combobox', { name: 'Entitlement' }), first.profile.name, `Member of ${first.profile.name}`);
    await choose(dialog.getByRole('combobox', { name: 'Grant to' }), user.profile.email, new RegExp(escape(user.profile.email)));
    await dialog.getByLabel('Reason').fill('on call from next week');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    const progress = await progressEnds(dialog, 'failed');
    expect(await progress.getByRole('alert').textContent()).toMatch(/Okta refused the change.+\S/);
    await shot('grant-failed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    for (const g of [second, third]) {
      const asked = await api('POST', '/tasks', { appId, kind: 'grant', reason: 'project access', input: { entitlementId: `group:${g.id}:member`, principal: { type: 'user', id: user.id } } });
      expect(asked.status).toBe(201);
    }
    await expect.poll(async () => (await api('GET', `/tasks/counts?appId=${appId}`)).body.failed, { timeout: 30_000 }).toBe(3);

    // Fixed: the right token again. The failed tab lists the three.
    await api('PATCH', `/connectors/${connectorId}`, { config: { domain: sim.url, apiToken: sim.token('super-admin') } });
    await page.goto(`${url}/tasks?state=failed`);
    const tasks = page.getByRole('table', { name: 'Tasks' });
    await expect.poll(() => tasks.locator('tr[data-state="failed"]').count()).toBe(3);
    await shot('tasks-failed');

    // `r` on a focused row retries it.
    const firstRow = tasks.getByRole('row', { name: new RegExp(`Member of ${escape(first.profile.name)}`) });
    await firstRow.focus();
    await page.keyboard.press('r');
    await expect.poll(() => isMember(first), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => tasks.locator('tr[data-state="failed"]').count()).toBe(2);

    // The other two, selected and retried together.
    for (const g of [second, third]) await page.getByRole('checkbox', { name: new RegExp(`^Select Grant Member of ${escape(g.profile.name)}`) }).check();
    await page.getByRole('button', { name: 'Retry 2 selected' }).click();
    await page.getByRole('status').filter({ hasText: '2 retried' }).waitFor();
    await expect.poll(() => isMember(second) && isMember(third), { timeout: 30_000 }).toBe(true);
    await page.getByRole('tab', { name: /^Succeeded/ }).click();
    await expect.poll(() => page.url()).toContain('state=succeeded');
    await expect.poll(() => tasks.locator('tr[data-state="succeeded"]').count()).toBeGreaterThanOrEqual(6);
    await shot('tasks-succeeded');
  });

  it('with provisioning off, the App owner finds the manual task in the inbox and on the Tasks page, and marks it done', async () => {
    const group = free[4]!;
    expect((await api('PATCH', `/connectors/${connectorId}`, { provisioning: false })).status).toBe(200);
    const owner = await api('POST', '/users', { email: OWNER.email, name: OWNER.name, role: 'app_owner', password: OWNER.password });
    expect(owner.status).toBe(201);
    expect((await api('PATCH', `/apps/${appId}`, { owners: [owner.body.id] })).status).toBe(200);

    // The admin asks from the person's page: the dialog says the owners were asked.
    await page.goto(`${url}/people/${personId}`);
    await page.getByRole('button', { name: 'Grant access' }).click();
    const dialog = page.getByRole('dialog', { name: `Grant access to ${personName}` });
    await choose(dialog.getByRole('combobox', { name: 'App' }), 'Okta', 'Okta');
    await choose(dialog.getByRole('combobox', { name: 'Entitlement' }), group.profile.name, `Member of ${group.profile.name}`);
    await dialog.getByLabel('Reason').fill('needs the shared drive');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    const progress = await progressEnds(dialog, 'manual');
    expect(await progress.textContent()).toContain('the app owners were asked');
    await expect.poll(() => progress.textContent()).toContain('provisioning is off for the Okta connector');
    await shot('grant-manual');
    const summary = `Grant Member of ${group.profile.name} to`;

    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn(OWNER);
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).not.toBe('Inbox: nothing unread');
    await page.getByTestId('inbox-bell').click();
    const item = page.locator('[data-unread="true"]').filter({ hasText: `Action needed in Okta: ${summary}` });
    await item.waitFor();
    await shot('owner-inbox');
    await item.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(/\/tasks\/[^/?]+$/);
    await page.getByRole('heading', { name: summary, level: 2 }).waitFor();

    // On the Tasks page, the Manual tab has it; marking it done needs a comment.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('tab', { name: /^Manual/ }).click();
    const row = page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: new RegExp(escape(summary)) });
    await row.waitFor();
    await shot('owner-tasks-manual');
    await row.getByRole('button', { name: 'Mark done' }).click();
    const done = page.getByRole('dialog', { name: /^Mark done/ });
    expect(await done.getByRole('button', { name: 'Mark done' }).isDisabled()).toBe(true);
    await done.getByLabel('What was done').fill('added in the Okta admin console');
    await done.getByRole('button', { name: 'Mark done' }).click();
    await done.waitFor({ state: 'detached' });
    await expect.poll(() => row.count()).toBe(0);

    await page.getByRole('tab', { name: /^All/ }).click();
    const all = page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: new RegExp(escape(summary)) });
    await expect.poll(() => all.getAttribute('data-state')).toBe('succeeded');
    await all.getByRole('link', { name: new RegExp(escape(summary)) }).click();
    await page.getByText(`Done by hand: added in the Okta admin console. Marked done by ${OWNER.name}.`).waitFor();
    expect(await page.getByRole('table', { name: 'Request' }).textContent()).toContain(`${OWNER.name}: done`);
    await shot('owner-task-done');
    const tasks = await api('GET', `/tasks?appId=${appId}&state=succeeded`);
    const task = tasks.body.items.find((t: { summary: string }) => t.summary.startsWith(summary));
    expect(task).toMatchObject({ completion: 'done', comment: 'added in the Okta admin console', completedBy: { email: OWNER.email } });
  });
});
