/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Just-in-time access requests in Chromium, against a server and a small simulated Okta org: an
 * administrator writes a request policy (the server refuses a condition that does not parse, shown
 * under it), makes an Okta group requestable on the app's page with it, and tests it as the person
 * who will ask; a Basic user whose email is a person of the directory requests the group for two
 * hours with a reason, seeing first that their manager will be asked; the manager, a Basic user too,
 * finds it in Approvals (with the count in the navigation) and approves it on the keyboard; the
 * request becomes active (the request clock is fast here), the user is in the group in Okta, and
 * giving it back removes them. Then a conflict rule made through the API shows its violation on the
 * conflicts page (who holds what of each side); it is exempted with a reason, and the rule's editor
 * lists both sides. The group asked for is open only to holders of another group (picked in the
 * settings form); a bundle of groups made on the request policies page is asked for from the
 * catalog in one form, each group through its own policy: one approved at once, one denied by its
 * policy with its message, one the user holds already left out. Screenshots land in test-results/ui/.
 */
import { OktaSimulator, type SimGroup, type SimUser } from '@gatehouse/connector-okta/simulator';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, SHOTS, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };
const POLICY = 'Manager approves';
const REASON = 'deploy the Q4 release (CHG-12)';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fullName = (u: SimUser) => `${u.profile.firstName} ${u.profile.lastName}`;

describe.skipIf(!runnable)('access requests in Chromium', () => {
  let ui: Ui;
  let sim: OktaSimulator;
  let page: Page;
  let url: string;
  let appId: string;
  // Who asks, their manager who approves, the group asked for.
  let user: SimUser;
  let manager: SimUser;
  let group: SimGroup;
  /** A group the user holds: holding it lets them ask for `group`. */
  let held: SimGroup;
  let entitlement: string;
  let requestId: string;
  const login = (u: SimUser) => ({ email: u.profile.email, password: `${u.profile.firstName}’s own password` });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // With the browser's session, as the page itself would (the server refuses a cookie without Origin).
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${url}/api/v1${path}`, { method, headers: { origin: url }, data: body === undefined ? undefined : (body as object), failOnStatusCode: false });
    return { status: res.status(), body: (res.headers()['content-type'] ?? '').includes('json') ? await res.json() : undefined };
  };
  const signIn = async (who: { email: string; password: string }, lands: string) => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: lands, level: 2 }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
  };
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name });
  /** Picks an option of a Mantine select (its list is outside the dialog). */
  const pick = async (field: Locator, option: string | RegExp, type?: string) => {
    if (type !== undefined) await field.fill(type);
    else await field.click();
    await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  };
  /** Closes a multi-select's list by clicking the dialog's title (Escape would close the dialog). */
  const closeList = (dialog: Locator) => dialog.locator('.mantine-Modal-title').click();
  const isMember = () => sim.store.groups.get(group.id)!.members.has(user.id);

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    sim = await new OktaSimulator({ seed: 23, users: 16, groups: 12, apps: 1 }).start();
    const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
    // Someone lacking four groups (one asked for alone, more in a bundle) and holding one.
    user = [...sim.store.users.values()].find((u) => u.status === 'ACTIVE' && u.profile.managerId && sim.store.users.get(u.profile.managerId)?.status === 'ACTIVE' && groups.filter((g) => !g.members.has(u.id)).length >= 4 && groups.some((g) => g.members.has(u.id)))!;
    manager = sim.store.users.get(user.profile.managerId!)!;
    group = groups.find((g) => !g.members.has(user.id))!;
    held = groups.find((g) => g.members.has(user.id))!;
    entitlement = `Member of ${group.profile.name}`;
    // The request clock moves requests on every 5 s in production; here at once.
    ui = await startUi('requests', ADMIN, { GATEHOUSE_REQUEST_CLOCK_MS: '250' });
    ({ url, page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await sim?.close();
  });

  it('an admin connects Okta, writes a request policy (a condition that does not parse is refused under it) and makes a group requestable with it', async () => {
    await signIn(ADMIN, 'Dashboard');
    appId = (await api('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const connector = await api('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token('super-admin') }, provisioning: true });
    expect(connector.status).toBe(201);
    await expect.poll(async () => (await api('GET', `/connectors/${connector.body.id}`)).body.status, { timeout: 60_000 }).toBe('connected');
    for (const u of [user, manager]) expect((await api('POST', '/users', { email: u.profile.email, name: fullName(u), role: 'basic_user', password: login(u).password })).status).toBe(201);

    // The policy: a rule for short on-call access, then the person's manager.
    await nav('Request policies').click();
    await page.getByRole('heading', { name: 'Request policies', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'New policy' }).click();
    const editor = page.getByRole('dialog', { name: 'New request policy' });
    await editor.getByLabel('Policy name').fill(POLICY);
    await editor.getByRole('button', { name: 'Add a rule' }).click();
    const rule = editor.getByLabel('Rule 1', { exact: true });
    await rule.getByLabel('Rule name').fill('On call, short');
    const condition = rule.getByRole('textbox', { name: 'Condition (CEL)' });
    await condition.fill('onCall && durationMinutes <= ');
    await editor.getByRole('button', { name: 'Create policy' }).click();
    // Refused, with the error's position under the condition.
    await expect.poll(() => rule.textContent()).toContain('Unexpected token: EOF');
    expect(await rule.textContent()).toContain('^');
    await shot('request-policy-error');
    await condition.fill('onCall && durationMinutes != null && durationMinutes <= 60');
    const baseline = editor.getByLabel('Baseline', { exact: true });
    expect(await baseline.getByRole('combobox', { name: 'Approvers' }).inputValue()).toBe('The person’s manager');
    await baseline.getByLabel('Step name').fill('Manager');
    await editor.getByRole('button', { name: 'Create policy' }).click();
    await editor.waitFor({ state: 'detached' });
    const card = page.locator(`[data-policy="${POLICY}"]`);
    expect(await card.textContent()).toContain('onCall && durationMinutes != null && durationMinutes <= 60');
    expect(await card.textContent()).toContain('1 approval step: Manager');

    // The app's page: the group becomes requestable for up to 4 hours (1 by default), with the policy.
    await page.goto(`${url}/apps/${appId}`);
    const requests = page.getByLabel('Access requests');
    await requests.getByText('Nothing of Okta can be requested yet.').waitFor();
    await requests.getByRole('button', { name: 'Make requestable' }).click();
    const settings = page.getByRole('dialog', { name: 'Make Okta requestable' });
    await pick(settings.getByRole('combobox', { name: 'Entitlement' }), entitlement, group.profile.name);
    await pick(settings.getByRole('combobox', { name: 'Longest grant' }), '4 hours');
    await pick(settings.getByRole('combobox', { name: 'Default duration' }), '1 hour');
    await pick(settings.getByRole('combobox', { name: 'Request policy' }), POLICY);
    await shot('request-settings');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.waitFor({ state: 'detached' });
    const row = requests.locator(`[data-settings="${entitlement}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('1 hour, at most 4 hours');
    expect(await row.textContent()).toContain(POLICY);

    // Only for holders of another group (the user holds it): picked by searching every app's entitlements.
    await row.getByRole('button', { name: `Edit the request settings of ${entitlement}` }).click();
    const edit = page.getByRole('dialog', { name: `Request settings: ${entitlement}` });
    await edit.getByText('Some departments, or holders of some entitlements').click();
    expect(await edit.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await pick(edit.getByRole('combobox', { name: 'Holders of' }), `Okta: Member of ${held.profile.name}`, held.profile.name);
    await closeList(edit);
    await shot('request-settings-holders');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain(`only holders of Okta: Member of ${held.profile.name}`);
    const saved = (await api('GET', `/apps/${appId}/request-settings`)).body.items.find((x: { entitlementId: string }) => x.entitlementId === `group:${group.id}:member`);
    expect(saved.settings.whoMay).toEqual({ everyone: false, departments: [], holdersOf: [{ appId, entitlementId: `group:${held.id}:member` }] });
    // Opened again, the form names what was picked.
    await row.getByRole('button', { name: `Edit the request settings of ${entitlement}` }).click();
    await page.getByRole('dialog', { name: `Request settings: ${entitlement}` }).getByText(`Okta: Member of ${held.profile.name}`).waitFor();
    await page.keyboard.press('Escape');

    // Tested as the person who will ask: their manager is asked.
    await page.goto(`${url}/request-policies`);
    await page.getByRole('button', { name: `Test ${POLICY}` }).click();
    const test = page.getByRole('dialog', { name: `Test “${POLICY}”` });
    await pick(test.getByRole('combobox', { name: 'Entitlement' }), `${entitlement} (Okta)`, group.profile.name);
    await test.getByText('Asked by someone of the directory').click();
    await pick(test.getByRole('combobox', { name: 'Person' }), new RegExp(escape(user.profile.email)), user.profile.email);
    const result = test.getByTestId('request-preview');
    await expect.poll(() => result.getAttribute('data-outcome')).toBe('steps');
    expect(await result.textContent()).toContain('Manager: The person’s manager');
    await page.keyboard.press('Escape');
  });

  it('a Basic user requests the group for two hours with a reason, seeing first that their manager is asked', async () => {
    await signOut();
    await signIn(login(user), 'My reviews');
    // Everyone signed in may ask; administrators' pages are not in a Basic user's navigation.
    expect(await nav('Request policies').count()).toBe(0);
    expect(await nav('Access conflicts').count()).toBe(0);
    await nav('Request access').click();
    await page.getByRole('heading', { name: 'Request access', level: 2 }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill(group.profile.name);
    await expect.poll(() => page.url()).toContain(`q=`);
    await page.getByRole('button', { name: `Request ${entitlement} (Okta)` }).click();

    const form = page.getByRole('dialog', { name: `Request ${entitlement}` });
    expect(await form.getByRole('combobox', { name: 'For how long' }).inputValue()).toBe('1 hour');
    await pick(form.getByRole('combobox', { name: 'For how long' }), '2 hours');
    // Up to the maximum, and never permanent (the entitlement has a maximum).
    await form.getByRole('combobox', { name: 'For how long' }).click();
    await page.getByRole('option', { name: '4 hours', exact: true }).waitFor();
    expect(await page.getByRole('option', { name: /Permanent|8 hours/ }).count()).toBe(0);
    await page.getByRole('option', { name: '2 hours', exact: true }).click();
    const preview = form.getByTestId('request-preview');
    await expect.poll(() => preview.getAttribute('data-outcome')).toBe('steps');
    await expect.poll(() => preview.textContent()).toContain('For 2 hours');
    expect(await preview.textContent()).toContain(`the baseline of ${POLICY} (no rule matched)`);
    // The reason is required.
    expect(await form.getByRole('button', { name: 'Submit request' }).isDisabled()).toBe(true);
    await form.getByLabel('Why you need it').fill(REASON);
    await shot('request-form');
    await form.getByRole('button', { name: 'Submit request' }).click();

    // The request's page: waiting for the manager.
    await page.getByRole('heading', { name: new RegExp(`^${escape(entitlement)}`), level: 2 }).waitFor();
    requestId = /\/requests\/([^/?]+)/.exec(page.url())![1]!;
    await page.locator('[data-request-state="pending"]').first().waitFor();
    expect(await page.getByRole('table', { name: 'The request' }).textContent()).toContain(`${fullName(manager)} <${manager.profile.email}>`);
    await nav('My requests').click();
    const mine = page.locator(`tr[data-request-id="${requestId}"]`);
    expect(await mine.getAttribute('data-state')).toBe('pending');
    expect(await mine.textContent()).toContain(`waiting for ${fullName(manager)}`);
  });

  it('the manager approves it in Approvals on the keyboard; it becomes active and the user is in the group in Okta', async () => {
    await signOut();
    await signIn(login(manager), 'My reviews');
    await expect.poll(() => page.getByTestId('approvals-count').textContent()).toBe('1');
    await nav('Approvals').click();
    const table = page.getByRole('table', { name: 'Requests waiting for you' });
    const row = table.getByRole('row', { name: `${fullName(user)}: ${entitlement} (Okta)` });
    const text = (await row.textContent())!;
    expect(text).toContain(REASON);
    expect(text).toContain('2 hours');
    expect(text).toContain(user.profile.email);
    await shot('approvals');

    // ? shows the shortcuts; j focuses the request, a approves it with a comment, Enter confirms.
    await page.locator('body').press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await help.textContent()).toContain('deny (asks why)');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.requestId ?? null)).toBe(requestId);
    await page.keyboard.press('a');
    const approve = page.getByRole('dialog', { name: `Approve: ${fullName(user)}: ${entitlement} (Okta)` });
    await approve.waitFor();
    await page.keyboard.type('ok for the release');
    await page.keyboard.press('Enter');
    await approve.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Approved 1 request.' }).waitFor();
    await page.getByText('Nothing waits for your approval.').waitFor();
    expect(await page.getByTestId('approvals-count').count()).toBe(0);

    // The grant task runs, the request clock sees it done: live in Okta.
    await expect.poll(isMember, { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await api('GET', `/requests/${requestId}`)).body.state, { timeout: 30_000 }).toBe('active');
  });

  it('the user sees the time left, gives it back ("I’m done") and the membership is removed from Okta', async () => {
    await signOut();
    await signIn(login(user), 'My reviews');
    await nav('My requests').click();
    const row = page.locator(`tr[data-request-id="${requestId}"]`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('active');
    expect(await row.getByTestId('expires-in').textContent()).toMatch(/^1 h 5\d min left$/);
    await shot('my-requests-active');
    await row.getByRole('button', { name: `Give back ${entitlement}` }).click();
    const confirm = page.getByRole('dialog', { name: `Give back ${entitlement}?` });
    await confirm.getByRole('button', { name: 'Give it back' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(isMember, { timeout: 30_000 }).toBe(false);

    // Its page has the whole story.
    await page.goto(`${url}/requests/${requestId}`);
    await page.locator('[data-request-state="ended"]').first().waitFor({ timeout: 30_000 });
    const history = await page.getByLabel('History').locator('[data-history]').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.history));
    expect(history).toEqual(['created', 'policy', 'approved', 'provisioning', 'active', 'revoking', 'ended']);
    expect(await page.getByLabel('History').textContent()).toContain('ok for the release');
    await shot('request-ended');

    // My access: a Basic user's own person page, with what they hold.
    await nav('My access').click();
    await page.waitForURL(/\/people\//);
    await page.getByRole('heading', { name: `${user.profile.firstName} ${user.profile.lastName}`, level: 2 }).waitFor();
  });

  it('a conflict rule made through the API shows its violation on the conflicts page', async () => {
    await signOut();
    await signIn(ADMIN, 'Dashboard');
    const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
    const [a, b, holder] = groups.flatMap((g1, i) => groups.slice(i + 1).map((g2) => [g1, g2, [...g1.members].find((m) => g2.members.has(m) && sim.store.users.get(m)!.status === 'ACTIVE')] as const)).find(([, , m]) => m)!;
    const rule = await api('POST', '/conflict-rules', { name: 'Two hats', severity: 'critical', ownerId: (await api('GET', '/auth/me')).body.id, sideA: [{ appId, entitlementId: `group:${a.id}:member` }], sideB: [{ appId, entitlementId: `group:${b.id}:member` }] });
    expect(rule.status).toBe(201);
    await nav('Access conflicts').click();
    const ruleRow = page.getByRole('table', { name: 'Conflict rules' }).locator('tr[data-rule="Two hats"]');
    expect(Number(await ruleRow.getAttribute('data-open'))).toBe(rule.body.openViolations);
    expect(await ruleRow.textContent()).toContain(`Member of ${a.profile.name}`);
    await ruleRow.getByRole('button', { name: `${rule.body.openViolations} open violations of Two hats` }).click();
    await expect.poll(() => page.url()).toContain(`rule=${rule.body.id}`);
    const person = sim.store.users.get(holder!)!;
    const violation = page.getByRole('table', { name: 'Violations' }).locator(`tr[data-violation="${fullName(person)}"]`);
    const text = (await violation.textContent())!;
    expect(text).toContain(`Okta: Member of ${a.profile.name}`);
    expect(text).toContain(`Okta: Member of ${b.profile.name}`);
    expect(await violation.getAttribute('data-state')).toBe('open');
    await shot('conflicts-violations');

    // Exempted until a date, with a reason: it leaves the open ones, and shows among the exempted.
    await violation.getByRole('button', { name: `Exempt ${fullName(person)} from Two hats` }).click();
    const exempt = page.getByRole('dialog', { name: `Exempt ${fullName(person)} from “Two hats”` });
    expect(await exempt.getByRole('button', { name: 'Exempt' }).isDisabled()).toBe(true);
    await exempt.getByLabel('Reason').fill('small team, compensating control SEC-9');
    await exempt.getByRole('button', { name: 'Exempt' }).click();
    await exempt.waitFor({ state: 'detached' });
    await violation.waitFor({ state: 'detached' });
    await pick(page.getByRole('combobox', { name: 'State' }), 'Exempted');
    await expect.poll(() => page.url()).toContain('state=exempted');
    expect(await violation.textContent()).toContain('small team, compensating control SEC-9');

    // The rule's editor lists both sides.
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Edit Two hats' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit “Two hats”' });
    await editor.locator(`[data-side="Side A"] [data-side-item="Member of ${a.profile.name}"]`).waitFor();
    await editor.locator(`[data-side="Side B"] [data-side-item="Member of ${b.profile.name}"]`).waitFor();
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  it('an admin makes a bundle of groups; the user asks for it from the catalog in one form, each group through its own policy', async () => {
    const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
    // Groups the user lacks, besides the one asked for alone and any a conflict rule names (a conflict would route it to the rule's owner).
    const ruled = JSON.stringify((await api('GET', '/conflict-rules')).body.items);
    const [fast, refused] = groups.filter((g) => g.id !== group.id && !g.members.has(user.id) && !ruled.includes(g.id));
    expect(refused, 'two more groups the user lacks').toBeDefined();
    const policy = async (name: string, baseline: unknown) => (await api('POST', '/request-policies', { name, baseline })).body.id as string;
    const settings = (g: SimGroup, policyId: string | null) => api('PUT', `/apps/${appId}/request-settings`, { entitlementId: `group:${g.id}:member`, settings: { policyId, reasonRequired: false } });
    expect((await settings(fast!, await policy('At once', { kind: 'approve' }))).status).toBe(204);
    expect((await settings(refused!, await policy('Not this way', { kind: 'deny', message: 'ask the security team' }))).status).toBe(204);
    expect((await settings(held, null)).status).toBe(204);
    const label = (g: SimGroup) => `Okta: Member of ${g.profile.name}`;

    await nav('Request policies').click();
    const card = page.getByLabel('Bundles');
    await card.getByText('No bundle yet.').waitFor();
    await card.getByRole('button', { name: 'New bundle' }).click();
    const editor = page.getByRole('dialog', { name: 'New bundle' });
    await editor.getByLabel('Bundle name').fill('On-call SRE');
    await editor.getByLabel('Description').fill('What the person on call needs');
    expect(await editor.getByRole('button', { name: 'Create bundle' }).isDisabled()).toBe(true);
    for (const g of [fast!, refused!, held]) await pick(editor.getByRole('combobox', { name: 'Entitlements' }), label(g), g.profile.name);
    await closeList(editor);
    await shot('bundle-editor');
    await editor.getByRole('button', { name: 'Create bundle' }).click();
    await editor.waitFor({ state: 'detached' });
    const bundle = card.locator('[data-bundle="On-call SRE"]');
    for (const g of [fast!, refused!, held]) expect(await bundle.textContent()).toContain(label(g));

    await signOut();
    await signIn(login(user), 'My reviews');
    await nav('Request access').click();
    const row = page.getByRole('table', { name: 'Bundles to request' }).locator('[data-bundle="On-call SRE"]');
    expect(await row.textContent()).toContain('What the person on call needs');
    await row.getByRole('button', { name: 'Request the bundle On-call SRE' }).click();
    const form = page.getByRole('dialog', { name: 'Request On-call SRE' });
    expect(await form.getByRole('combobox', { name: 'For how long' }).inputValue()).toBe('Each entitlement’s default');
    await pick(form.getByRole('combobox', { name: 'For how long' }), '2 hours');
    await form.getByLabel('Why you need it').fill('on call this week');
    await form.getByRole('button', { name: 'Request the bundle' }).click();

    // The answer: each request made and its state, the denial's message, what was left out and why.
    const result = page.getByRole('dialog', { name: 'Requested: On-call SRE' });
    await result.getByTestId('bundle-result').waitFor();
    const made = result.getByRole('table', { name: 'Requests made' });
    expect(await made.locator(`[data-bundle-request="Member of ${fast!.profile.name}"]`).getAttribute('data-state')).toMatch(/^(provisioning|active)$/);
    const denied = made.locator(`[data-bundle-request="Member of ${refused!.profile.name}"]`);
    expect(await denied.getAttribute('data-state')).toBe('denied');
    expect(await denied.getByTestId('deny-message').textContent()).toBe('ask the security team');
    expect(await result.getByTestId('bundle-skipped').textContent()).toContain(`already holds Member of ${held.profile.name}`);
    await shot('bundle-requested');
    await result.getByRole('button', { name: 'Done' }).click();
    await result.waitFor({ state: 'detached' });
    await expect.poll(() => sim.store.groups.get(fast!.id)!.members.has(user.id), { timeout: 30_000 }).toBe(true);
  });
});
