/**
 * Notifications end to end, against real peers: emails through a real SMTP server on loopback
 * (smtp-server, parsed with mailparser), webhooks into a real HTTP server that verifies their
 * signatures as a receiver would, the outbound address policy at save time, retries while a peer
 * is down, a crash between "sending" and "sent", the inbox, and where secrets must never appear.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, type NotifyInput } from '../src/modules/notifications/notify.js';
import { DIALECTS, startTestServer, type Api, type Json, type TestServer } from './harness.js';

const SMTP_PASSWORD = 'smtp-pa55word-that-must-never-show';
const WEBHOOK_SECRET = 'whsec-test-secret-0123456789abcdef';
const PUBLIC_URL = 'https://gatehouse.example.com';

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A real SMTP server on 127.0.0.1 that requires the configured credentials and keeps what it receives. */
class MailSink {
  readonly messages: ParsedMail[] = [];
  readonly logins: { username?: string | null; password?: string | null }[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(port = this.port): Promise<void> {
    this.server = new SMTPServer({
      logger: false,
      // Plain SMTP on loopback: the test server has no certificate a client would trust.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (auth, _session, cb) => {
        this.logins.push({ username: auth.username, password: auth.password });
        if (auth.username === 'mailer' && auth.password === SMTP_PASSWORD) cb(null, { user: 'mailer' });
        else cb(new Error('Invalid username or password'));
      },
      onData: (stream, _session, cb) => {
        simpleParser(stream)
          .then((m) => {
            this.messages.push(m);
            cb();
          })
          .catch((err: Error) => cb(err));
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => JSON.stringify(m.to).includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: answers each path with the status set for it (200 by default) and keeps every request. */
class Receiver {
  readonly hits: Hit[] = [];
  readonly status = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.hits.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(this.status.get(req.url ?? '') ?? 200, { 'content-type': 'text/plain' });
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Hit[] {
    return this.hits.filter((h) => h.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

/** What a receiver does with a delivery: recompute the signature over `<timestamp>.<body>` and compare. */
function verifySignature(hit: Hit, secret: string): boolean {
  const timestamp = String(hit.headers['x-gatehouse-timestamp']);
  const given = Buffer.from(String(hit.headers['x-gatehouse-signature']));
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${hit.body}`).digest('hex')}`);
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let t: TestServer;
  const mail = new MailSink();
  const receiver = new Receiver();
  let sim: OktaSimulator;
  let appId: string;

  const db = () => t.server.ctx.db.db;
  /** What the tasks module (and any other) does: notify inside its own transaction. */
  const notifyNow = async (input: NotifyInput) => {
    const ids = await t.server.ctx.db.db.transaction().execute((tx) => notify(t.server.ctx, tx, input));
    t.server.ctx.jobs.poke();
    return ids;
  };
  const history = async (query: string): Promise<Json[]> => (await t.admin('GET', `/notifications?${query}`)).body.items;
  const deliveryOf = async (eventType: string, channel: string, target: string) =>
    db().selectFrom('notification_deliveries as d').innerJoin('notification_events as e', 'e.id', 'd.event_id').selectAll('d').where('e.event', '=', eventType).where('d.channel', '=', channel).where('d.target', '=', target).orderBy('d.created_at', 'desc').executeTakeFirstOrThrow();
  const stateOf = async (deliveryId: string) => db().selectFrom('notification_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow();
  /** Makes a delivery's waiting job due now instead of after its backoff. */
  const dueNow = (jobId: string) => db().updateTable('jobs').set({ run_at: new Date().toISOString() }).where('id', '=', jobId).where('status', '=', 'queued').execute();
  const addWebhook = async (body: Record<string, unknown>) => {
    const res = await t.admin('POST', '/webhooks', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json;
  };

  beforeAll(async () => {
    await mail.start();
    await receiver.start();
    sim = await new OktaSimulator({ seed: 41, users: 20, groups: 3, apps: 2 }).start();
    t = await startTestServer(dialect, {
      env: {
        GATEHOUSE_SMTP_URL: `smtp://mailer:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${mail.port}`,
        GATEHOUSE_SMTP_FROM: 'Gatehouse <gatehouse@example.com>',
        GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32,localhost',
        GATEHOUSE_PUBLIC_URL: PUBLIC_URL,
      },
    });
    appId = (await t.admin('POST', '/apps', { name: 'Billing' })).body.id;
  });
  afterAll(async () => {
    await t?.stop();
    await mail.stop();
    await receiver.close();
    await sim?.close();
  });

  describe('email', () => {
    it('emails each newly named connector owner, in text and HTML, with an absolute link to the connector settings', async () => {
      const alice = await t.userWithRole('app_owner', 'alice@example.com');
      const bob = await t.userWithRole('read_only', 'bob@example.com');
      const created = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, syncNow: false, owners: [alice.id] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.owners).toEqual([alice.id]);
      const connectorId = created.body.id as string;
      const link = `${PUBLIC_URL}/apps/${appId}?connector=${connectorId}`;

      const [email] = await until('the email to alice', () => (mail.to('alice@example.com').length ? mail.to('alice@example.com') : undefined));
      expect(email!.subject).toBe('You are now an owner of the Billing connector');
      expect(email!.from?.text).toContain('gatehouse@example.com');
      expect(email!.text).toContain('Your help is needed to complete its setup');
      expect(email!.text).toContain(`Open in Gatehouse: ${link}`);
      expect(email!.html).toContain(`href="${link}"`);
      expect(email!.html).toContain('<h2');
      expect(email!.headers.get('x-gatehouse-event')).toBe('connector.owner_added');
      expect(email!.headers.get('auto-submitted')).toBe('auto-generated');
      // The relay was logged in to with the configured credentials.
      expect(mail.logins.at(-1)).toEqual({ username: 'mailer', password: SMTP_PASSWORD });

      const delivery = await deliveryOf('connector.owner_added', 'email', 'alice@example.com');
      await until('the delivery to be sent', async () => (await stateOf(delivery.id)).state === 'sent');
      // Its Message-ID is the delivery's: the same on any resend.
      expect(email!.messageId).toBe(`<${delivery.id}@example.com>`);

      // Adding bob tells bob, not alice again.
      const patched = await t.admin('PATCH', `/connectors/${connectorId}`, { owners: [alice.id, bob.id] });
      expect(patched.status).toBe(200);
      expect([...patched.body.owners].sort()).toEqual([alice.id, bob.id].sort());
      await until('the email to bob', () => mail.to('bob@example.com').length === 1);
      await t.admin('PATCH', `/connectors/${connectorId}`, { owners: [alice.id, bob.id] });
      await new Promise((r) => setTimeout(r, 300));
      expect(mail.to('alice@example.com')).toHaveLength(1);
      expect(mail.to('bob@example.com')).toHaveLength(1);
      expect((await t.admin('GET', `/connectors/${connectorId}`)).body.owners.sort()).toEqual([alice.id, bob.id].sort());

      const unknown = await t.admin('PATCH', `/connectors/${connectorId}`, { owners: ['no-such-user'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ field: 'body.owners', message: 'unknown user no-such-user' }]);

      // Both owners have it in their inbox; the history shows the sent deliveries.
      const inbox = await alice.api('GET', '/inbox');
      expect(inbox.body.items[0]).toMatchObject({ event: 'connector.owner_added', link: `/apps/${appId}?connector=${connectorId}`, readAt: null });
      const events = await history(`event=connector.owner_added&userId=${bob.id}`);
      expect(events).toHaveLength(1);
      expect(events[0].recipients).toEqual([expect.objectContaining({ userId: bob.id, email: 'bob@example.com' })]);
      expect(events[0].deliveries).toEqual([expect.objectContaining({ channel: 'email', target: 'bob@example.com', state: 'sent', attempts: 1 })]);
    });

    it('keeps an email while the SMTP server is down and delivers it once the server is back', async () => {
      const erin = await t.userWithRole('app_owner', 'erin@example.com');
      await mail.stop();
      await notifyNow({ event: 'task.manual', recipients: [erin.id], subject: 'Please remove access to Billing', text: 'A task needs you.', link: '/tasks/t-1' });
      const delivery = await deliveryOf('task.manual', 'email', 'erin@example.com');
      const waiting = await until('a failed attempt', async () => {
        const d = await stateOf(delivery.id);
        return d.attempts === 1 && d.state === 'queued' ? d : undefined;
      });
      expect(waiting.last_error).toMatch(/could not reach the SMTP server/);
      const [event] = await history(`event=task.manual&userId=${erin.id}`);
      expect(event.deliveries[0]).toMatchObject({ state: 'queued', attempts: 1, lastError: waiting.last_error });
      expect(Date.parse(event.deliveries[0].nextAttemptAt)).toBeGreaterThan(Date.now());

      await mail.start();
      await dueNow(waiting.job_id!);
      await until('the delivery to be sent', async () => (await stateOf(delivery.id)).state === 'sent');
      expect(mail.to('erin@example.com')).toHaveLength(1);
      expect(mail.to('erin@example.com')[0]!.text).toContain(`${PUBLIC_URL}/tasks/t-1`);
      expect((await stateOf(delivery.id)).attempts).toBe(2);
    });

    it('a crash after the relay accepted an email resends it once, with the same Message-ID', async () => {
      const frank = await t.userWithRole('read_only', 'frank@example.com');
      await notifyNow({ event: 'task.failed', recipients: [frank.id], subject: 'A task failed', text: 'It did.' });
      const delivery = await deliveryOf('task.failed', 'email', 'frank@example.com');
      await until('the delivery to be sent', async () => (await stateOf(delivery.id)).state === 'sent');
      // The process died after the relay's "250 OK" and before "sent" was committed: the delivery
      // is still `sending` and its job still held by the dead worker, whose lease ran out.
      await crashDuring(delivery.id, delivery.job_id!);
      await until('the resend', () => mail.to('frank@example.com').length === 2);
      await until('the delivery to be sent again', async () => (await stateOf(delivery.id)).state === 'sent');
      const ids = mail.to('frank@example.com').map((m) => m.messageId);
      expect(ids).toEqual([`<${delivery.id}@example.com>`, `<${delivery.id}@example.com>`]);
      const [event] = await history(`event=task.failed&userId=${frank.id}`);
      expect(event.deliveries.filter((d: Json) => d.channel === 'email')).toEqual([expect.objectContaining({ state: 'sent' })]);
    });
  });

  /** A crashed attempt as the queue finds it after a restart: the job running under a dead worker, the delivery `sending`. */
  async function crashDuring(deliveryId: string, jobId: string) {
    const past = new Date(Date.now() - 1000).toISOString();
    await db().updateTable('notification_deliveries').set({ state: 'sending', sending_at: past }).where('id', '=', deliveryId).execute();
    await db().updateTable('jobs').set({ status: 'running', locked_by: 'dead-worker', locked_until: past }).where('id', '=', jobId).execute();
    // What any live worker does once the lease has run out (its own loop may get there first).
    await t.server.ctx.jobs.recover();
    const job = await db().selectFrom('jobs').select(['status', 'locked_by']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(job.locked_by).not.toBe('dead-worker');
    t.server.ctx.jobs.poke();
  }

  describe('from a provisioning task', () => {
    it('emails the app owner a manual task when provisioning is off, with a link to it', async () => {
      const owner = await t.userWithRole('app_owner', 'owner.of.okta@example.com');
      const okta = (await t.admin('POST', '/apps', { name: 'Okta (manual)', owners: [owner.id] })).body.id as string;
      const c = await t.admin('POST', `/apps/${okta}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: false });
      await t.waitForSync(c.body.id);
      // This small org has everyone in every group: the change is a removal.
      const group = [...sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP')!;
      const user = [...group.members].map((id) => sim.store.users.get(id)!).find((u) => u.status === 'ACTIVE')!;
      const task = await t.admin('POST', '/tasks', { appId: okta, kind: 'revoke', reason: 'left the on-call rota', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
      expect(task.body.state).toBe('manual');
      const [mailed] = await until('the owner’s email', () => mail.to('owner.of.okta@example.com').length > 0 && mail.to('owner.of.okta@example.com'));
      expect(mailed!.subject).toContain(group.profile.name);
      expect(mailed!.text).toContain('left the on-call rota');
      expect(mailed!.text).toContain(`${PUBLIC_URL}/tasks/${task.body.id}`);
      expect(mailed!.html).toContain(`${PUBLIC_URL}/tasks/${task.body.id}`);
    });
  });

  describe('webhooks', () => {
    it('POSTs signed JSON a receiver can verify, with an idempotency id', async () => {
      const hook = await addWebhook({ name: 'SIEM', url: `${receiver.url}/hook/json`, format: 'json', events: ['task.failed'], secret: WEBHOOK_SECRET });
      expect(hook).toMatchObject({ name: 'SIEM', format: 'json', events: ['task.failed'], enabled: true, secret: 'set' });
      expect(hook.signingSecret).toBeUndefined();
      try {
        await notifyNow({ event: 'task.failed', recipients: [], subject: 'Revoke failed', text: 'Okta said no.', link: '/tasks/t-9', data: { taskId: 't-9' } });
        const [hit] = await until('the webhook', () => (receiver.at('/hook/json').length ? receiver.at('/hook/json') : undefined));
        expect(verifySignature(hit!, WEBHOOK_SECRET)).toBe(true);
        expect(verifySignature(hit!, 'another-secret-entirely')).toBe(false);
        expect(verifySignature({ ...hit!, body: hit!.body.replace('Okta', 'Evil') }, WEBHOOK_SECRET)).toBe(false);
        expect(hit!.headers['content-type']).toBe('application/json');
        expect(hit!.headers['x-gatehouse-event']).toBe('task.failed');
        const body = JSON.parse(hit!.body);
        expect(body).toMatchObject({ event: 'task.failed', subject: 'Revoke failed', text: 'Okta said no.', link: `${PUBLIC_URL}/tasks/t-9`, data: { taskId: 't-9' } });
        const delivery = await deliveryOf('task.failed', 'webhook', 'SIEM');
        expect(hit!.headers['x-gatehouse-delivery']).toBe(delivery.id);
        expect(body.id).toBe(delivery.event_id);
        await until('sent', async () => (await stateOf(delivery.id)).state === 'sent');
        // An event without recipients is in the history too, with its webhook delivery.
        const [event] = await history('event=task.failed&limit=1');
        expect(event).toMatchObject({ id: delivery.event_id, recipients: [], deliveries: [expect.objectContaining({ channel: 'webhook', target: 'SIEM', state: 'sent', response: 'HTTP 200', webhookId: hook.id })] });
      } finally {
        await t.admin('DELETE', `/webhooks/${hook.id}`);
      }
    });

    it('speaks Slack (text and blocks), and sends nothing to disabled or unsubscribed webhooks', async () => {
      const slack = await addWebhook({ name: 'Slack #access', url: `${receiver.url}/hook/slack`, format: 'slack', events: ['task.drift'] });
      expect(slack.signingSecret).toMatch(/^whsec_/);
      const off = await addWebhook({ name: 'Off', url: `${receiver.url}/hook/off`, format: 'json', events: ['task.drift'], enabled: false });
      const other = await addWebhook({ name: 'Other', url: `${receiver.url}/hook/other`, format: 'json', events: ['task.manual'] });
      try {
        await notifyNow({ event: 'task.drift', recipients: [], subject: 'Drift in <Billing> & co', text: 'A grant came back.', link: '/tasks/t-3' });
        const [hit] = await until('the Slack message', () => (receiver.at('/hook/slack').length ? receiver.at('/hook/slack') : undefined));
        const body = JSON.parse(hit!.body);
        expect(body.text).toBe(`*Drift in &lt;Billing&gt; &amp; co*\nA grant came back.\n<${PUBLIC_URL}/tasks/t-3|Open in Gatehouse>`);
        expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Drift in &lt;Billing&gt; &amp; co*\nA grant came back.' } });
        expect(body.blocks[1]).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Gatehouse' }, url: `${PUBLIC_URL}/tasks/t-3` }] });
        // Signed with the generated secret (shown once, at creation).
        expect(verifySignature(hit!, slack.signingSecret)).toBe(true);
        await new Promise((r) => setTimeout(r, 300));
        expect(receiver.at('/hook/off')).toHaveLength(0);
        expect(receiver.at('/hook/other')).toHaveLength(0);
      } finally {
        for (const h of [slack, off, other]) await t.admin('DELETE', `/webhooks/${h.id}`);
      }
    });

    it('retries a receiver that is down with growing backoff, then marks the delivery failed and keeps it in the history', async () => {
      receiver.status.set('/hook/down', 503);
      const hook = await addWebhook({ name: 'Down', url: `${receiver.url}/hook/down`, format: 'json', events: ['task.manual'], secret: WEBHOOK_SECRET });
      const gina = await t.userWithRole('read_only', 'gina@example.com');
      try {
        await notifyNow({ event: 'task.manual', recipients: [gina.id], subject: 'Manual step', text: 'Do it by hand.' });
        const delivery = await deliveryOf('task.manual', 'webhook', 'Down');
        const gaps: number[] = [];
        for (let attempt = 1; ; attempt++) {
          await until(`attempt ${attempt}`, () => receiver.at('/hook/down').length === attempt);
          const d = await until(`attempt ${attempt} recorded`, async () => {
            const row = await stateOf(delivery.id);
            return row.attempts === attempt && row.state !== 'sending' ? row : undefined;
          });
          const job = await until('the job settled', async () => {
            const j = await db().selectFrom('jobs').selectAll().where('id', '=', d.job_id!).executeTakeFirstOrThrow();
            return j.status !== 'running' ? j : undefined;
          });
          if (d.state === 'failed') {
            expect(job.status).toBe('failed');
            break;
          }
          expect(d.state).toBe('queued');
          gaps.push(Date.parse(job.run_at) - Date.parse(job.updated_at));
          await dueNow(job.id);
        }
        expect(receiver.at('/hook/down')).toHaveLength(10);
        // The queue's backoff: 4 s after the first failure, doubling, capped at 5 minutes.
        expect(gaps[0]).toBeGreaterThan(3500);
        expect(gaps[0]).toBeLessThan(4500);
        for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(Math.min(gaps[i - 1]!, 290_000));
        expect(gaps.at(-1)).toBeLessThanOrEqual(300_000);
        // Every attempt carried the same idempotency id.
        expect(new Set(receiver.at('/hook/down').map((h) => h.headers['x-gatehouse-delivery']))).toEqual(new Set([delivery.id]));
        const [event] = await history(`event=task.manual&userId=${gina.id}`);
        expect(event.deliveries.find((d: Json) => d.channel === 'webhook')).toMatchObject({ state: 'failed', attempts: 10, lastError: 'the receiver answered 503: thanks', nextAttemptAt: null });
        // The notification itself is not lost: gina has it, and its email went out.
        expect(event.recipients).toEqual([expect.objectContaining({ userId: gina.id })]);
        expect(event.deliveries.find((d: Json) => d.channel === 'email')).toMatchObject({ state: 'sent' });
      } finally {
        await t.admin('DELETE', `/webhooks/${hook.id}`);
      }
    });

    it('does not retry an answer that will not change (404), and says why', async () => {
      receiver.status.set('/hook/gone', 404);
      const hook = await addWebhook({ name: 'Gone', url: `${receiver.url}/hook/gone`, format: 'json', events: ['task.failed'] });
      try {
        await notifyNow({ event: 'task.failed', recipients: [], subject: 'Another failure', text: 'x' });
        const delivery = await deliveryOf('task.failed', 'webhook', 'Gone');
        const d = await until('failed', async () => {
          const row = await stateOf(delivery.id);
          return row.state === 'failed' ? row : undefined;
        });
        expect(d.attempts).toBe(1);
        expect(d.last_error).toBe('the receiver answered 404: thanks (not retried)');
        expect(receiver.at('/hook/gone')).toHaveLength(1);
      } finally {
        await t.admin('DELETE', `/webhooks/${hook.id}`);
      }
    });

    it('a crash between "sending" and "sent" loses nothing: the delivery is sent on restart, with the same id', async () => {
      const hook = await addWebhook({ name: 'Crash', url: `${receiver.url}/hook/crash`, format: 'json', events: ['task.drift'], secret: WEBHOOK_SECRET });
      const jobs = t.server.ctx.jobs;
      let stopped = false;
      try {
        // No worker: the test plays the part of the one that crashed.
        await jobs.stop();
        stopped = true;
        await notifyNow({ event: 'task.drift', recipients: [], subject: 'Drift again', text: 'y' });
        const delivery = await deliveryOf('task.drift', 'webhook', 'Crash');
        // It was claimed and marked sending, then the process died before the POST went out.
        await db().updateTable('jobs').set({ attempts: 1 }).where('id', '=', delivery.job_id!).execute();
        await db().updateTable('notification_deliveries').set({ attempts: 1 }).where('id', '=', delivery.id).execute();
        await crashDuring(delivery.id, delivery.job_id!);
        jobs.start(50);
        stopped = false;
        await until('sent after the restart', async () => (await stateOf(delivery.id)).state === 'sent');
        expect(receiver.at('/hook/crash')).toHaveLength(1);
        expect(t.log()).toContain('a delivery attempt was interrupted before its outcome was recorded');

        // Now the crash comes after the receiver answered: it gets a second copy with the same
        // X-Gatehouse-Delivery, which a receiver that remembers ids drops.
        await crashDuring(delivery.id, delivery.job_id!);
        await until('the resend', () => receiver.at('/hook/crash').length === 2);
        await until('sent again', async () => (await stateOf(delivery.id)).state === 'sent');
        const hits = receiver.at('/hook/crash');
        expect(hits.map((h) => h.headers['x-gatehouse-delivery'])).toEqual([delivery.id, delivery.id]);
        expect(hits.every((h) => verifySignature(h, WEBHOOK_SECRET))).toBe(true);
        expect(hits[1]!.body).toBe(hits[0]!.body);
        const events = await history('event=task.drift&limit=1');
        expect(events[0].deliveries).toEqual([expect.objectContaining({ id: delivery.id, state: 'sent' })]);
      } finally {
        if (stopped) jobs.start(50);
        await t.admin('DELETE', `/webhooks/${hook.id}`);
      }
    });

    it('refuses URLs the outbound address policy does not allow, at save time, naming the field', async () => {
      const bad: [string, RegExp][] = [
        ['https://169.254.169.254/latest/meta-data/', /cloud metadata endpoint/],
        ['https://[::ffff:169.254.169.254]/', /cloud metadata endpoint/],
        ['https://[fd00:ec2::254]/', /cloud metadata endpoint/],
        ['file:///etc/passwd', /file URLs are not allowed/],
        ['https://10.0.0.5/hook', /private address/],
        ['https://192.168.1.20/hook', /private address/],
        ['https://127.0.0.2/hook', /loopback/],
        ['http://8.8.8.8/hook', /only https URLs are allowed/],
        ['https://user:pw@8.8.8.8/hook', /credentials in the URL/],
      ];
      for (const [url, why] of bad) {
        const res = await t.admin('POST', '/webhooks', { name: 'Bad', url, format: 'json', events: ['task.failed'] });
        expect(res.status, url).toBe(400);
        expect(res.body.errors, url).toEqual([{ field: 'body.url', message: expect.stringMatching(why) }]);
      }
      const ok = await addWebhook({ name: 'Public', url: 'https://8.8.8.8/hook', format: 'json', events: ['task.failed'], enabled: false });
      const patched = await t.admin('PATCH', `/webhooks/${ok.id}`, { url: 'https://169.254.169.254/' });
      expect(patched.status).toBe(400);
      expect(patched.body.errors[0].field).toBe('body.url');
      expect((await t.admin('GET', `/webhooks/${ok.id}`)).body.url).toBe('https://8.8.8.8/hook');
      expect((await t.admin('DELETE', `/webhooks/${ok.id}`)).status).toBe(204);
      expect((await t.admin('GET', `/webhooks/${ok.id}`)).status).toBe(404);
    });

    it('sends a signed test event on request and reports what the receiver said', async () => {
      const hook = await addWebhook({ name: 'Tested', url: `${receiver.url}/hook/test`, format: 'json', events: ['task.failed'], secret: WEBHOOK_SECRET });
      receiver.status.set('/hook/test-down', 503);
      const down = await addWebhook({ name: 'Tested down', url: `${receiver.url}/hook/test-down`, format: 'json', events: ['task.failed'] });
      try {
        const res = await t.admin('POST', `/webhooks/${hook.id}/test`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ delivered: true, status: 200, error: null });
        const hit = receiver.at('/hook/test')[0]!;
        expect(verifySignature(hit, WEBHOOK_SECRET)).toBe(true);
        expect(JSON.parse(hit.body)).toMatchObject({ event: 'webhook.test', link: `${PUBLIC_URL}/settings/notifications` });
        expect((await t.admin('POST', `/webhooks/${down.id}/test`)).body).toMatchObject({ delivered: false, status: 503, error: 'the receiver answered 503: thanks' });
        const audit = await t.admin('GET', `/audit?action=webhook.test&targetId=${hook.id}`);
        expect(audit.body.items[0].after).toEqual({ delivered: true, status: 200, error: null });
      } finally {
        await t.admin('DELETE', `/webhooks/${hook.id}`);
        await t.admin('DELETE', `/webhooks/${down.id}`);
      }
    });
  });

  describe('the inbox', () => {
    it('counts unread notifications, marks them read, pages them, and keeps them to their user', async () => {
      const hank = await t.userWithRole('basic_user', 'hank@example.com');
      const ivy = await t.userWithRole('basic_user', 'ivy@example.com');
      expect((await hank.api('GET', '/inbox/unread-count')).body).toEqual({ count: 0 });
      const [first] = await notifyNow({ event: 'task.manual', recipients: [hank.id, hank.id], subject: 'First', text: 'one' });
      await notifyNow({ event: 'task.manual', recipients: [hank.id, ivy.id], subject: 'Second', text: 'two' });
      expect((await hank.api('GET', '/inbox/unread-count')).body).toEqual({ count: 2 });
      const page1 = await hank.api('GET', '/inbox?limit=1');
      expect(page1.body.items.map((n: Json) => n.subject)).toEqual(['Second']);
      const page2 = await hank.api('GET', `/inbox?limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((n: Json) => n.subject)).toEqual(['First']);
      expect(page2.body.nextCursor).toBeNull();

      // Another user can neither read nor mark it, and is not told it exists.
      expect((await ivy.api('POST', `/inbox/${first}/read`)).status).toBe(404);
      expect((await ivy.api('GET', '/inbox')).body.items.map((n: Json) => n.subject)).toEqual(['Second']);
      expect((await t.admin('POST', `/inbox/${first}/read`)).status).toBe(404);

      const read = await hank.api('POST', `/inbox/${first}/read`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: first, subject: 'First' });
      expect(read.body.readAt).not.toBeNull();
      expect((await hank.api('GET', '/inbox/unread-count')).body).toEqual({ count: 1 });
      expect((await hank.api('GET', '/inbox?unread=true')).body.items.map((n: Json) => n.subject)).toEqual(['Second']);
      expect((await hank.api('POST', '/inbox/read-all')).body).toEqual({ marked: 1 });
      expect((await hank.api('GET', '/inbox/unread-count')).body).toEqual({ count: 0 });
      // Ivy's copy is hers: still unread.
      expect((await ivy.api('GET', '/inbox/unread-count')).body).toEqual({ count: 1 });
      expect((await hank.api('GET', '/inbox?cursor=bogus')).status).toBe(400);
    });
  });

  describe('connectors in error', () => {
    it("tells the connector's owners (else the app's) once per outage, not at every failing sync", async () => {
      const carol = await t.userWithRole('app_owner', 'carol@example.com');
      const dave = await t.userWithRole('read_only', 'dave@example.com');
      const app = (await t.admin('POST', '/apps', { name: 'Okta', owners: [carol.id] })).body;
      const created = await t.admin('POST', `/apps/${app.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: 'a-wrong-token' } });
      const connectorId = created.body.id as string;
      const errorsOf = async (u: { api: Api }) => (await u.api('GET', '/inbox')).body.items.filter((n: Json) => n.event === 'connector.error');

      expect((await t.waitForSync(connectorId)).status).toBe('error');
      const [notice] = await until('carol notified', async () => ((await errorsOf(carol)).length ? errorsOf(carol) : undefined));
      expect(notice).toMatchObject({ subject: 'The Okta connector is failing', link: `/apps/${app.id}?connector=${connectorId}` });
      expect(notice.text).toContain('failed after its retries');
      await until('carol emailed', () => mail.to('carol@example.com').some((m) => m.subject === 'The Okta connector is failing'));

      // The next failing sync (the hourly one) stays quiet.
      await t.admin('POST', `/connectors/${connectorId}/sync`);
      expect((await t.waitForSync(connectorId)).status).toBe('error');
      expect(await errorsOf(carol)).toHaveLength(1);

      // It recovers; when it fails again, the connector's own owner hears of it.
      await t.admin('PATCH', `/connectors/${connectorId}`, { config: { apiToken: sim.token() } });
      await t.admin('POST', `/connectors/${connectorId}/sync`);
      expect((await t.waitForSync(connectorId)).status).toBe('connected');
      await t.admin('PATCH', `/connectors/${connectorId}`, { config: { apiToken: 'wrong-again' }, owners: [dave.id] });
      await t.admin('POST', `/connectors/${connectorId}/sync`);
      expect((await t.waitForSync(connectorId)).status).toBe('error');
      await until('dave notified', async () => (await errorsOf(dave)).length === 1);
      expect(await errorsOf(carol)).toHaveLength(1);
      const events = await history(`event=connector.error`);
      expect(events.filter((e: Json) => e.data.connectorId === connectorId)).toHaveLength(2);
      expect((await dave.api('GET', '/inbox')).body.items.map((n: Json) => n.event)).toContain('connector.owner_added');
    });
  });

  describe('access and secrets', () => {
    it('lets each role do what it may', async () => {
      const readOnly = await t.userWithRole('read_only');
      const connectorAdmin = await t.userWithRole('connector_admin');
      const basic = await t.userWithRole('basic_user');
      const hook = { name: 'x', url: 'https://8.8.8.8/x', format: 'json', events: ['task.failed'] };
      for (const [who, api] of [
        ['read_only', readOnly.api],
        ['connector_admin', connectorAdmin.api],
        ['basic_user', basic.api],
      ] as const) {
        expect((await api('GET', '/webhooks')).status, who).toBe(403);
        expect((await api('POST', '/webhooks', hook)).status, who).toBe(403);
        expect((await api('GET', '/notifications/settings')).status, who).toBe(403);
        expect((await api('GET', '/inbox')).status, who).toBe(200);
        expect((await api('GET', '/inbox/unread-count')).status, who).toBe(200);
      }
      // The history is for those who read the audit log.
      expect((await readOnly.api('GET', '/notifications')).status).toBe(200);
      expect((await connectorAdmin.api('GET', '/notifications')).status).toBe(200);
      expect((await basic.api('GET', '/notifications')).status).toBe(403);
      // App owners name the owners of their own apps' connectors only.
      const owner = await t.userWithRole('app_owner');
      const mine = (await t.admin('POST', '/apps', { name: 'Mine', owners: [owner.id] })).body.id;
      const c = await owner.api('POST', `/apps/${mine}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: 'x' }, syncNow: false, owners: [owner.id] });
      expect(c.status).toBe(201);
      expect((await owner.api('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: 'x' }, syncNow: false })).status).toBe(403);
    });

    it('never shows or logs a secret: not the webhook secret, not the SMTP password', async () => {
      const created = await t.admin('POST', '/webhooks', { name: 'Secretive', url: `${receiver.url}/hook/secret`, format: 'json', events: ['task.failed'], secret: WEBHOOK_SECRET });
      const generated = await t.admin('POST', '/webhooks', { name: 'Generated', url: `${receiver.url}/hook/generated`, format: 'slack', events: ['task.failed'] });
      const signingSecret = generated.body.signingSecret as string;
      expect(signingSecret).toMatch(/^whsec_/);
      const changed = await t.admin('PATCH', `/webhooks/${created.body.id}`, { secret: `${WEBHOOK_SECRET}-rotated` });
      expect(changed.body.secret).toBe('set');
      const rotation = await t.admin('GET', `/audit?action=webhook.update&targetId=${created.body.id}`);
      expect(rotation.body.items[0].after).toMatchObject({ secret: 'set', secretRotated: true });
      await notifyNow({ event: 'task.failed', recipients: [], subject: 'Secret test', text: 'z' });
      await until('both webhooks', () => receiver.at('/hook/secret').length === 1 && receiver.at('/hook/generated').length === 1);
      // The rotated secret signs from now on.
      expect(verifySignature(receiver.at('/hook/secret')[0]!, `${WEBHOOK_SECRET}-rotated`)).toBe(true);

      const settings = await t.admin('GET', '/notifications/settings');
      expect(settings.body.email).toEqual({ configured: true, host: '127.0.0.1', port: mail.port, secure: false, requireTls: false, user: 'mailer', password: 'set', from: 'Gatehouse <gatehouse@example.com>' });
      expect(settings.body.outboundAllow).toEqual(['127.0.0.1/32', 'localhost']);
      expect(settings.body.events).toContain('connector.error');

      const responses = JSON.stringify([
        created.body,
        changed.body,
        (await t.admin('GET', '/webhooks')).body,
        (await t.admin('GET', `/webhooks/${generated.body.id}`)).body,
        settings.body,
        (await t.admin('GET', '/notifications?limit=1000')).body,
      ]);
      const audit = JSON.stringify((await t.admin('GET', '/audit?limit=1000')).body);
      expect(audit).toContain('webhook.create');
      for (const secret of [WEBHOOK_SECRET, signingSecret, SMTP_PASSWORD, encodeURIComponent(SMTP_PASSWORD)]) {
        expect(responses).not.toContain(secret);
        expect(audit).not.toContain(secret);
        expect(t.log()).not.toContain(secret);
      }
      // The secrets are sealed at rest too.
      const stored = JSON.stringify(await db().selectFrom('webhooks').selectAll().execute());
      expect(stored).not.toContain(WEBHOOK_SECRET);
      expect(stored).not.toContain(signingSecret);
      for (const id of [created.body.id, generated.body.id]) await t.admin('DELETE', `/webhooks/${id}`);
    });
  });
});
