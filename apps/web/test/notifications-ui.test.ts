/**
 * Notifications in the browser: the header's inbox bell counts what is unread, the inbox opens a
 * notification where it points (and marks it read), and Settings → Notifications adds a webhook
 * (refusing a URL the outbound policy forbids, next to the field), shows its generated secret once
 * and sends a signed test to a real receiver. Screenshots land in test-results/ui/.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, SHOTS, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };

describe.skipIf(!runnable)('notifications in Chromium', () => {
  let ui: Ui;
  let receiver: Server;
  let receiverUrl: string;
  const hits: { headers: IncomingHttpHeaders; body: string }[] = [];
  let page: Page;
  let url: string;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // With the browser's session, sending Origin as the page itself does (the server refuses a session cookie without it).
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${url}/api/v1${path}`, { method, headers: { origin: url }, data: body === undefined ? undefined : (body as object), failOnStatusCode: false });
    return { status: res.status(), body: await res.json() };
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    ui = await startUi('notify', ADMIN);
    ({ url, page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('counts unread notifications in the header, and the inbox opens one where it points', async () => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).toBe('Inbox: nothing unread');

    // Naming the admin an owner of a new connector notifies them.
    const me = (await api('GET', '/auth/me')).body;
    const app = (await api('POST', '/apps', { name: 'Billing' })).body;
    // Never synced, so it need not exist; but a domain is checked against the outbound policy when
    // saved (a name must resolve): a loopback address the test allows.
    const connector = await api('POST', `/apps/${app.id}/connectors`, { type: 'okta', config: { domain: 'http://127.0.0.1:9', apiToken: 'x' }, syncNow: false, owners: [me.id] });
    expect(connector.status).toBe(201);
    await page.reload();
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).toBe('Inbox: 1 unread');
    await page.getByTestId('inbox-bell').click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    const item = page.locator('[data-unread="true"]');
    await item.getByText('You are now an owner of the Billing connector').waitFor();
    await shot('inbox');
    await item.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(new RegExp(`/apps/${app.id}\\?connector=${connector.body.id}`));
    await page.getByRole('heading', { name: 'Billing', level: 2 }).waitFor();
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).toBe('Inbox: nothing unread');
  });

  it('adds a webhook in Settings → Notifications, refuses a forbidden URL at the field, and sends a signed test', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 2 }).waitFor();
    await page.getByText('not configured').waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Name').fill('Security channel');
    await form.getByRole('textbox', { name: 'URL' }).fill('https://169.254.169.254/latest/meta-data/');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => form.textContent()).toContain('the cloud metadata endpoint');
    await shot('webhook-refused');
    await form.getByRole('textbox', { name: 'URL' }).fill(receiverUrl);
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await form.waitFor({ state: 'detached' });
    const secret = (await page.getByTestId('signing-secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);

    const card = page.locator('[data-webhook="Security channel"]');
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText('Test delivered').waitFor();
    expect(hits).toHaveLength(1);
    const { headers, body } = hits[0]!;
    expect(headers['x-gatehouse-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${String(headers['x-gatehouse-timestamp'])}.${body}`).digest('hex')}`);
    // The recent notifications show the one the inbox had, delivered in-app only (no email configured).
    await expect.poll(() => page.getByRole('table', { name: 'Recent notifications' }).textContent()).toContain('You are now an owner of the Billing connector');
    await shot('notification-settings');
    // The secret was shown once: after a reload it is only "set".
    await page.reload();
    await card.getByText('Signing secret set').waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});
