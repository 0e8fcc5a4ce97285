/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Access reviews in Chromium, against a server and a small simulated Okta org: an administrator
 * creates a campaign over Okta's groups in the wizard (with a new manager policy), previews and
 * starts it; a manager, a Basic user whose email is a manager's in the directory, finds their
 * reports' access with its context, sets and ends an out-of-office delegate, revokes one
 * membership with a comment on the keyboard, reassigns one with a reason, approves the rest in bulk
 * and submits; the revocation reaches Okta; the administrator sees it done and
 * verified on the campaign's page, then creates the evidence report and downloads its files, which
 * verify against the signed manifest. Last, a recurring campaign saved from the wizard, owned by
 * another Campaign Administrator and reviewed by a platform group: a bad cron expression refused,
 * listed with its schedule in words, paused and resumed, edited, and its first run linked.
 * Screenshots land in test-results/ui/.
 */
import { OktaSimulator, type SimUser } from '@gatehouse/connector-okta/simulator';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence } from '@gatehouse/server/evidence';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, SHOTS, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };
const CAMPAIGN = 'Okta groups, Q3';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Membership {
  groupId: string;
  groupName: string;
  userId: string;
  person: string;
}

describe.skipIf(!runnable)('access reviews in Chromium', () => {
  let ui: Ui;
  let sim: OktaSimulator;
  let page: Page;
  let url: string;
  let appId: string;
  let connectorId: string;
  let campaignId: string;
  // The manager who reviews, their reports' group memberships, and the one they revoke.
  let manager: SimUser;
  let managerLogin: { email: string; password: string; name: string };
  let memberships: Membership[];
  let revoked: Membership;
  let handedOn: Membership;
  const evidenceDir = mkdtempSync(join(tmpdir(), 'gatehouse-evidence-'));

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
  const focusedItem = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.itemId ?? null);
  const isMember = (m: Membership) => sim.store.groups.get(m.groupId)!.members.has(m.userId);

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // Small: 16 people, six groups. The manager with the fewest reports' memberships (a few
    // screens of items), at least one of them in a group whose members Okta lets go.
    sim = await new OktaSimulator({ seed: 11, users: 16, groups: 6, apps: 1 }).start();
    const groups = [...sim.store.groups.values()];
    const byManager = new Map<string, Membership[]>();
    for (const u of sim.store.users.values()) {
      if (!u.profile.managerId || u.status === 'DEPROVISIONED') continue;
      for (const g of groups) if (g.members.has(u.id)) byManager.set(u.profile.managerId, [...(byManager.get(u.profile.managerId) ?? []), { groupId: g.id, groupName: g.profile.name, userId: u.id, person: `${u.profile.firstName} ${u.profile.lastName}` }]);
    }
    const [managerId, theirs] = [...byManager].filter(([, ms]) => ms.length >= 4 && ms.some((m) => sim.store.groups.get(m.groupId)!.type === 'OKTA_GROUP')).sort((a, b) => a[1].length - b[1].length)[0]!;
    manager = sim.store.users.get(managerId)!;
    memberships = theirs;
    revoked = theirs.find((m) => sim.store.groups.get(m.groupId)!.type === 'OKTA_GROUP')!;
    managerLogin = { email: manager.profile.email, password: 'the manager’s own password', name: `${manager.profile.firstName} ${manager.profile.lastName}` };
    // The review clock ticks every second: a recurring campaign whose moment has come runs at once.
    ui = await startUi('reviews', ADMIN, { GATEHOUSE_REVIEW_CLOCK_SECONDS: '1' });
    ({ url, page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await sim?.close();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it('an admin connects Okta as the directory, and the manager gets a Basic account', async () => {
    await signIn(ADMIN, 'Dashboard');
    appId = (await api('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const connector = await api('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token('super-admin') }, provisioning: true });
    expect(connector.status).toBe(201);
    connectorId = connector.body.id;
    await expect.poll(async () => (await api('GET', `/connectors/${connectorId}`)).body.status, { timeout: 60_000 }).toBe('connected');
    const user = await api('POST', '/users', { email: managerLogin.email, name: managerLogin.name, role: 'basic_user', password: managerLogin.password });
    expect(user.status).toBe(201);
    // Every signed-in user has Reviews; Campaigns is for those who may read campaigns.
    await nav('Reviews').waitFor();
    await nav('Campaigns').waitFor();
  });

  it('the admin creates a campaign over Okta’s groups in the wizard, with a new manager policy, previews and starts it', async () => {
    await nav('Campaigns').click();
    await page.getByRole('heading', { name: 'Campaigns', level: 2 }).waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { name: 'New campaign', level: 2 }).waitFor();

    // Basics: a name is needed to go on.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('alert').filter({ hasText: 'Give the campaign a name' }).waitFor();
    await page.getByLabel('Campaign name').fill(CAMPAIGN);
    await page.getByLabel('Description').fill('Quarterly review of who is in each Okta group.');
    await page.getByRole('button', { name: 'Next' }).click();

    // Apps: Okta, its groups only ("who is in each group").
    await page.getByRole('combobox', { name: 'Add an app' }).click();
    await page.getByRole('option', { name: 'Okta', exact: true }).click();
    const card = page.locator('[data-scope-app="Okta"]');
    await card.locator('label', { hasText: /^Entitlement types$/ }).click();
    await card.getByRole('combobox', { name: 'Entitlement types' }).click();
    await page.getByRole('option', { name: /^Group \(who is in each group\)/ }).click();
    await page.keyboard.press('Escape');
    await shot('campaign-wizard-apps');
    await page.getByRole('button', { name: 'Next' }).click();

    // People and grants: the directory's departments are offered; everyone's direct grants are chosen.
    const department = manager.profile.department!;
    await page.getByRole('combobox', { name: 'Departments' }).click();
    await page.getByRole('option', { name: new RegExp(`^${escape(department)} \\(\\d+\\)$`) }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Next' }).click();

    // Reviewers: a new policy, the holder's manager, with the admin as fallback.
    await page.getByRole('button', { name: 'New policy' }).click();
    const policy = page.getByRole('dialog', { name: 'New review policy' });
    await policy.getByLabel('Policy name').fill('Manager review');
    await policy.getByLabel('Step name').fill('Manager');
    await policy.getByRole('combobox', { name: 'Fallback reviewers' }).fill('admin');
    await page.getByRole('option', { name: new RegExp(escape(ADMIN.email)) }).click();
    await shot('campaign-policy-editor');
    await policy.getByRole('button', { name: 'Create policy' }).click();
    await policy.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('combobox', { name: 'Review policy' }).inputValue()).toBe('Manager review');
    await expect.poll(() => page.getByLabel('Policy steps').textContent()).toContain('Manager: The holder’s manager');
    await page.getByRole('button', { name: 'Next' }).click();

    // Due date: revoking undecided access at the due date needs an explicit confirmation.
    await page.getByRole('textbox', { name: 'Due date' }).waitFor();
    await page.getByRole('radio', { name: 'Revoke undecided access' }).check();
    await page.getByRole('alert').filter({ hasText: 'Access will be taken away without review' }).waitFor();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByRole('alert').filter({ hasText: 'Confirm that undecided access is revoked' }).waitFor();
    await page.getByRole('radio', { name: 'Leave open' }).check();
    await shot('campaign-wizard-due');
    await page.getByRole('button', { name: 'Save as draft' }).click();

    // The draft's page: its preview counts one item per direct group membership.
    await page.getByRole('heading', { name: CAMPAIGN, level: 2 }).waitFor();
    campaignId = /\/campaigns\/([^/?]+)/.exec(page.url())![1]!;
    const grants = (await api('GET', `/grants?appId=${appId}&inherited=false&limit=1000`)).body.items.filter((g: { resourceType: string }) => g.resourceType === 'group').length;
    expect(grants).toBeGreaterThan(memberships.length);
    await expect.poll(() => page.getByTestId('preview-items').textContent()).toBe(String(grants));
    const perReviewer = page.getByRole('table', { name: 'Items per reviewer' });
    await expect.poll(() => perReviewer.textContent()).toContain(managerLogin.name);
    expect(await perReviewer.getByRole('row', { name: new RegExp(escape(managerLogin.name)) }).textContent()).toContain(String(memberships.length));
    expect(await page.getByRole('table', { name: 'Items per app' }).locator('[data-app="Okta"]').getAttribute('data-stale')).toBe('false');
    await shot('campaign-preview');

    await page.getByRole('button', { name: 'Start campaign' }).click();
    const confirm = page.getByRole('dialog', { name: `Start “${CAMPAIGN}”?` });
    expect(await confirm.textContent()).toContain(`${grants} items go to`);
    await confirm.getByRole('button', { name: 'Start', exact: true }).click();
    await page.locator('[data-campaign-state="running"]').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('count-items').textContent()).toBe(String(grants));
    await shot('campaign-running');
    await page.goto(`${url}/campaigns`);
    const row = page.getByRole('table', { name: 'Campaigns' }).locator(`tr[data-campaign="${CAMPAIGN}"]`);
    expect(await row.getAttribute('data-state')).toBe('running');
    expect(await row.textContent()).toContain(`0 of ${grants} decided`);
  });

  it('the manager reviews their reports’ access with its context: revokes one on the keyboard with a comment, reassigns one, approves the rest in bulk, submits', async () => {
    await signOut();
    // A Basic user's home is their reviews; the catalog's pages are not in their navigation.
    await signIn(managerLogin, 'My reviews');
    expect(await nav('Campaigns').count()).toBe(0);
    expect(await nav('Access explorer').count()).toBe(0);
    await expect.poll(() => page.getByTestId('reviews-count').textContent()).toBe(String(memberships.length));
    await page.getByRole('radio', { name: new RegExp(`^${escape(CAMPAIGN)}: ${memberships.length} to review`) }).waitFor();
    const table = page.getByRole('table', { name: 'Review items' });
    const rows = table.locator('tr[data-item-id]');
    await expect.poll(() => rows.count()).toBe(memberships.length);

    // Only their reports' memberships, each with the context to decide on.
    const reports = new Map([...sim.store.users.values()].filter((u) => u.profile.managerId === manager.id).map((u) => [`${u.profile.firstName} ${u.profile.lastName}`, u]));
    for (const m of memberships) {
      const row = table.getByRole('row', { name: `${m.person}: Member of ${m.groupName} (Okta)` });
      const text = (await row.textContent())!;
      const u = reports.get(m.person)!;
      expect(text).toContain(`Manager: ${managerLogin.name}`);
      if (u.profile.title) expect(text).toContain(u.profile.title);
      expect(text).toContain('direct');
      expect(text).toMatch(/of \d+ peers hold it|Account /);
    }
    // Grouped by person: each report heads their items.
    for (const name of new Set(memberships.map((m) => m.person))) await table.locator(`tr[data-group="${name}"]`).waitFor();
    await shot('reviews-manager');

    // Out of office: a delegate for the coming week, then back early.
    const away = page.getByLabel('Out of office');
    await away.getByRole('button', { name: 'Set a delegate' }).click();
    await away.getByRole('combobox', { name: 'Delegate' }).fill('admin');
    await page.getByRole('option', { name: new RegExp(escape(ADMIN.email)) }).click();
    await away.getByRole('button', { name: 'Save delegation' }).click();
    await expect.poll(() => away.textContent()).toContain('Now: new items go to Administrator');
    await away.getByRole('button', { name: 'End the delegation to Administrator' }).click();
    await expect.poll(() => away.textContent()).toContain('Name a delegate');

    // ? shows the shortcuts.
    await page.locator('body').press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await help.textContent()).toContain('revoke (asks why)');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // j walks down to the membership to revoke; r asks why; Enter saves and moves on.
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.itemId!));
    const target = table.getByRole('row', { name: `${revoked.person}: Member of ${revoked.groupName} (Okta)` });
    const targetId = (await target.getAttribute('data-item-id'))!;
    const steps = ids.indexOf(targetId);
    for (let k = 0; k <= steps; k++) await page.keyboard.press('j');
    await expect.poll(focusedItem).toBe(targetId);
    await page.keyboard.press('r');
    const why = page.getByRole('dialog', { name: `Revoke: ${revoked.person}: Member of ${revoked.groupName} (Okta)` });
    await why.waitFor();
    // Without a comment there is no revoke.
    expect(await why.getByRole('button', { name: 'Revoke' }).isDisabled()).toBe(true);
    await page.keyboard.type('moved to another team in June');
    await shot('reviews-revoke-comment');
    await page.keyboard.press('Enter');
    await why.waitFor({ state: 'detached' });
    await expect.poll(() => target.getAttribute('data-decision')).toBe('revoke');
    expect(await target.textContent()).toContain('moved to another team in June');
    const next = ids[steps + 1] ?? targetId;
    await expect.poll(focusedItem).toBe(next);

    // a approves the focused one, u clears it, x selects it.
    const focused = table.locator(`tr[data-item-id="${next}"]`);
    if (next !== targetId) {
      await page.keyboard.press('k');
      await page.keyboard.press('j');
      await expect.poll(focusedItem).toBe(next);
      await page.keyboard.press('a');
      await expect.poll(() => focused.getAttribute('data-decision')).toBe('approve');
      await focused.focus();
      await page.keyboard.press('u');
      await expect.poll(() => focused.getAttribute('data-decision')).toBe('none');
      await page.keyboard.press('x');
      await expect.poll(() => focused.getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('x');
      await expect.poll(() => focused.getAttribute('aria-selected')).toBe('false');
    }

    // One the manager cannot judge goes to someone else, with a reason.
    handedOn = memberships.find((m) => m !== revoked && m.person !== revoked.person) ?? memberships.find((m) => m !== revoked)!;
    const handedLabel = `${handedOn.person}: Member of ${handedOn.groupName} (Okta)`;
    await page.getByRole('button', { name: `Reassign ${handedLabel}` }).click();
    const reassign = page.getByRole('dialog', { name: `Reassign ${handedLabel}` });
    await reassign.getByRole('combobox', { name: 'Reassign to' }).fill('admin');
    await page.getByRole('option', { name: new RegExp(escape(ADMIN.email)) }).click();
    expect(await reassign.getByRole('button', { name: 'Reassign' }).isDisabled()).toBe(true);
    await reassign.getByLabel('Reason').fill('the security team owns this group');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    await page.getByRole('status').filter({ hasText: '1 item reassigned' }).waitFor();
    await expect.poll(() => rows.count()).toBe(memberships.length - 1);
    const left = memberships.length - 1;

    // The rest, in bulk: the undecided ones (a filter in the URL), all selected, approved.
    await page.locator('label', { hasText: /^Undecided$/ }).click();
    await expect.poll(() => page.url()).toContain('show=undecided');
    await expect.poll(() => rows.count()).toBe(left - 1);
    await page.getByRole('checkbox', { name: 'Select every item loaded' }).check();
    await page.getByRole('button', { name: `Approve ${left - 1}`, exact: true }).click();
    await expect.poll(() => table.locator('tr[data-decision="approve"]').count()).toBe(left - 1);
    await shot('reviews-decided');

    // Submit, with a confirmation of what it does.
    const submit = page.getByRole('button', { name: `Submit ${left} decisions` });
    await submit.waitFor();
    await submit.click();
    const sure = page.getByRole('dialog', { name: 'Submit your decisions' });
    expect(await sure.getByTestId('submit-approving').textContent()).toBe(String(left - 1));
    expect(await sure.getByTestId('submit-revoking').textContent()).toBe('1');
    await shot('reviews-submit');
    await sure.getByRole('button', { name: `Submit ${left} decisions` }).click();
    await page.getByRole('status').filter({ hasText: `Submitted ${left} decisions: ${left - 1} approved, 1 revoked` }).waitFor();
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByText('Nothing to review right now.').waitFor();

    // The revocation reaches Okta through a task.
    await expect.poll(() => isMember(revoked), { timeout: 30_000 }).toBe(false);
    for (const m of memberships.filter((x) => x !== revoked)) expect(isMember(m)).toBe(true);
  });

  it('the admin’s campaign page shows the revocation done, then verified by the next sync', async () => {
    await signOut();
    await signIn(ADMIN, 'Dashboard');
    await page.goto(`${url}/campaigns/${campaignId}`);
    const remediation = page.getByLabel('Remediation');
    await expect.poll(() => remediation.locator('[data-remediation="succeeded"]').getAttribute('data-value'), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => page.getByTestId('count-revoked').textContent()).toBe('1');
    expect(await page.getByTestId('count-approved').textContent()).toBe(String(memberships.length - 2));
    // The reassigned item waits for the admin now.
    const handed = (await api('GET', `/reviews/items?campaignId=${campaignId}&limit=1000`)).body.items.find((i: { principal: { id: string }; resource: { id: string } }) => i.principal.id === handedOn.userId && i.resource.id === handedOn.groupId);
    expect(handed).toMatchObject({ state: 'pending', assignedBecause: 'reassigned: the security team owns this group' });
    await page.getByLabel('Burndown: items still open per day').locator('.recharts-surface').waitFor();
    await page.getByLabel('Items per reviewer, done and pending').locator('.recharts-surface').waitFor();

    expect((await api('POST', `/connectors/${connectorId}/sync`)).status).toBe(202);
    await expect.poll(async () => (await api('GET', `/campaigns/${campaignId}`)).body.remediation.verified, { timeout: 60_000 }).toBe(1);
    await page.reload();
    await expect.poll(() => remediation.locator('[data-remediation="verified"]').getAttribute('data-value')).toBe('1');
    await shot('campaign-remediation');

    // The revoked item in the items table, with its task and the reviewer's comment.
    await remediation.getByRole('link', { name: 'See the revoked items' }).click();
    await expect.poll(() => page.url()).toContain('state=revoked');
    const items = page.getByRole('table', { name: 'Campaign items' });
    const row = items.getByRole('row', { name: `${revoked.person}: Member of ${revoked.groupName} (Okta)` });
    await row.waitFor();
    expect(await row.textContent()).toContain('moved to another team in June');
    expect(await row.textContent()).toContain(managerLogin.name);
    await row.locator('[data-task-state="succeeded"]').waitFor();
    await shot('campaign-items-revoked');
  });

  it('creates the evidence report; its files download and verify against the signed manifest', async () => {
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByRole('button', { name: 'Create report' }).click();
    const report = page.locator('[data-report]').first();
    await report.waitFor();
    await shot('campaign-evidence');
    const files = await report.locator('tr[data-file]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.file!));
    expect(files).toEqual(expect.arrayContaining(['campaign.json', 'items.csv', 'decisions.csv', 'revocations.csv']));
    const download = async (name: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: `Download ${name}` }).click()]);
      expect(d.suggestedFilename()).toBe(name);
      await d.saveAs(join(evidenceDir, name));
    };
    for (const f of files) {
      await download(f);
      // The SHA-256 shown is the downloaded file's.
      const shown = await report.locator(`tr[data-file="${f}"] [data-sha256]`).getAttribute('data-sha256');
      expect(createHash('sha256').update(readFileSync(join(evidenceDir, f))).digest('hex')).toBe(shown);
    }
    const [m] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: 'Download manifest.json' }).click()]);
    await m.saveAs(join(evidenceDir, 'manifest.json'));

    const key = (await api('GET', '/audit/checkpoints')).body.publicKey as string;
    const check = await verifyEvidence(evidenceDir, key);
    expect(check.ok, JSON.stringify(check.lines)).toBe(true);
    expect(check.manifest?.campaign.id).toBe(campaignId);
    // The decisions file has the manager's revoke and its comment.
    expect(readFileSync(join(evidenceDir, 'decisions.csv'), 'utf8')).toContain('moved to another team in June');
  });

  it('a recurring campaign from the wizard: another owner, a platform group reviews, a bad cron refused; listed, paused, edited, and its run linked', async () => {
    const RECURRING = 'Okta access, weekly';
    const casey = await api('POST', '/users', { email: 'casey@acme.example', name: 'Casey Campaigns', role: 'campaign_admin', password: 'a long enough password' });
    const sam = await api('POST', '/users', { email: 'sam@acme.example', name: 'Sam Security', role: 'basic_user', password: 'a long enough password' });
    expect([casey.status, sam.status]).toEqual([201, 201]);
    // The identity provider pushes a group with Sam in it.
    const client = await api('POST', '/scim-clients', { name: 'Okta SCIM' });
    const pushed = await fetch(`${url}/scim/v2/Groups`, { method: 'POST', headers: { authorization: `Bearer ${client.body.token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ displayName: 'security-reviewers', members: [{ value: sam.body.id }] }) });
    expect(pushed.status).toBe(201);

    await page.goto(`${url}/campaigns/new`);
    await page.getByRole('heading', { name: 'New campaign', level: 2 }).waitFor();
    await page.getByLabel('Campaign name').fill(RECURRING);
    // The owner: Campaign and Super Administrators only, the creator first chosen.
    const owner = page.getByRole('combobox', { name: 'Owner' });
    await expect.poll(() => owner.inputValue()).toBe(`Administrator <${ADMIN.email}> (you)`);
    await owner.click();
    await page.getByRole('option', { name: 'Casey Campaigns <casey@acme.example>' }).click();
    await owner.click();
    expect(await page.getByRole('option', { name: /Sam Security/ }).count()).toBe(0);
    expect(await page.getByRole('option', { name: new RegExp(escape(managerLogin.name)) }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => owner.inputValue()).toBe('Casey Campaigns <casey@acme.example>');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('combobox', { name: 'Add an app' }).click();
    await page.getByRole('option', { name: 'Okta', exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Reviewers: a new policy whose step is the platform group.
    await page.getByRole('button', { name: 'New policy' }).click();
    const policy = page.getByRole('dialog', { name: 'New review policy' });
    await policy.getByLabel('Policy name').fill('Security team review');
    await policy.getByRole('combobox', { name: 'Reviewers', exact: true }).click();
    await page.getByRole('option', { name: 'A platform group’s members' }).click();
    expect(await policy.getByRole('button', { name: 'Create policy' }).isDisabled()).toBe(true);
    await policy.getByRole('combobox', { name: 'Platform groups', exact: true }).click();
    await page.getByRole('option', { name: 'security-reviewers (1 member)' }).click();
    await page.keyboard.press('Escape');
    await shot('campaign-policy-group');
    await policy.getByRole('button', { name: 'Create policy' }).click();
    await policy.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel('Policy steps').textContent()).toContain('Members of security-reviewers');
    await page.getByRole('button', { name: 'Next' }).click();

    // Recurring, on a cron expression the server checks.
    await page.locator('label', { hasText: /^Recurring$/ }).click();
    await page.getByRole('radio', { name: 'Cron expression' }).check();
    await page.getByRole('button', { name: 'Save as recurring' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write the cron expression' }).waitFor();
    const cron = page.getByRole('textbox', { name: 'Cron expression' });
    await cron.fill('every monday');
    await page.getByRole('button', { name: 'Save as recurring' }).click();
    await page.getByRole('alert').filter({ hasText: '"every monday" is not a schedule' }).waitFor();
    await page.getByText('not a valid schedule').first().waitFor();
    await cron.fill('0 9 * * 1');
    await page.getByText('Every Monday at 09:00').waitFor();
    await page.getByRole('textbox', { name: 'Each campaign is due after … days' }).fill('10');
    await shot('campaign-wizard-recurring');
    await page.getByRole('button', { name: 'Save as recurring' }).click();

    // Listed on the Campaigns page: its schedule in words, its next run, not run yet.
    await page.getByRole('heading', { name: 'Campaigns', level: 2 }).waitFor();
    const row = page.getByRole('table', { name: 'Recurring campaigns' }).locator(`tr[data-template="${RECURRING}"]`);
    await row.waitFor();
    const schedule = row.getByTestId('template-schedule');
    expect(await schedule.textContent()).toContain('Every Monday at 09:00');
    expect(await schedule.locator('[data-cron]').textContent()).toBe('0 9 * * 1');
    expect(await row.textContent()).toContain('not run yet');
    expect(await row.textContent()).toContain('due 10 days after each start');
    const [template] = (await api('GET', '/campaign-templates')).body.items;
    expect(template).toMatchObject({ name: RECURRING, schedule: '0 9 * * 1', enabled: true, campaign: { ownerId: casey.body.id, durationDays: 10, scope: { apps: [{ appId }] } } });
    expect(new Date(template.nextRunAt).getDay()).toBe(1);
    const policies = (await api('GET', '/review-policies')).body.items;
    expect(policies.find((p: { id: string }) => p.id === template.campaign.policyId).steps[0].reviewers).toMatchObject({ kind: 'group', groupIds: [expect.any(String)] });

    // Paused and resumed.
    const runs = row.getByRole('switch', { name: `${RECURRING} runs on its schedule` });
    await runs.click({ force: true });
    await expect.poll(() => row.getAttribute('data-enabled')).toBe('false');
    expect(await row.textContent()).toContain('paused');
    await runs.click({ force: true });
    await expect.poll(() => row.getAttribute('data-enabled')).toBe('true');

    // Edited in the wizard: monthly now.
    await row.getByRole('link', { name: `Edit ${RECURRING}` }).click();
    await page.getByRole('heading', { name: `Edit ${RECURRING}`, level: 2 }).waitFor();
    expect(await page.getByLabel('Campaign name').inputValue()).toBe(RECURRING);
    await expect.poll(() => page.getByRole('combobox', { name: 'Owner' }).inputValue()).toBe('Casey Campaigns <casey@acme.example>');
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByRole('textbox', { name: 'Cron expression' }).inputValue()).toBe('0 9 * * 1');
    await page.getByRole('radio', { name: 'Monthly' }).check();
    await page.getByRole('button', { name: 'Save recurring campaign' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 2 }).waitFor();
    await expect.poll(() => schedule.textContent()).toBe('Every month on the 1st at 09:00');

    // Its moment comes (the template as if saved 40 days ago): the clock creates and starts the campaign, linked from the list.
    const past = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await ui.server.ctx.db.db.updateTable('campaign_templates').set({ created_at: past, updated_at: past }).where('id', '=', template.id).execute();
    await expect.poll(async () => (await api('GET', `/campaign-templates/${template.id}`)).body.lastCampaign?.state, { timeout: 30_000 }).toBe('running');
    await page.reload();
    const made = row.getByRole('link', { name: new RegExp(`^${escape(RECURRING)} — `) });
    await made.waitFor();
    await shot('campaign-templates');
    await made.click();
    await page.getByRole('heading', { name: new RegExp(`^${escape(RECURRING)} — `), level: 2 }).waitFor();
    await page.getByText(/owner Casey Campaigns/).waitFor();
    // Its items wait for the group's member.
    const campaign = /\/campaigns\/([^/?]+)/.exec(page.url())![1]!;
    const items = (await api('GET', `/campaigns/${campaign}/items?limit=5`)).body.items as { reviewer: { name: string } | null; assignedBecause: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ reviewer: { name: 'Sam Security' }, assignedBecause: 'member of security-reviewers' });
  });
});
