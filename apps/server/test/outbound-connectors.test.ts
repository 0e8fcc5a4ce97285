/**
 * A connector's secrets go only where they were first configured to go, and only to addresses
 * the outbound policy allows: an edit that moves them needs them entered again; cloud metadata,
 * private, link-local and file URLs are refused when saved; and a connection to a refused
 * address is stopped when connecting (DNS rebinding), with a message that names no port.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { OutboundPolicy } from '@gatehouse/sdk';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

describe.each(DIALECTS)('where connector secrets may go, on %s', (dialect) => {
  let t: TestServer;
  let sim: OktaSimulator;
  let evil: Server;
  let evilUrl: string;
  const stolen: string[] = [];
  let appId: string;
  let connectorId: string;

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 3, users: 20, groups: 3, apps: 1 }).start();
    // A host an attacker controls: it records every Authorization header it is sent.
    evil = createServer((req, res) => {
      stolen.push(String(req.headers.authorization ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    t = await startTestServer(dialect);
    appId = (await t.admin('POST', '/apps', { name: 'Okta' })).body.id;
    const c = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() } });
    connectorId = c.body.id;
    await t.waitForSync(connectorId);
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
    await new Promise((r) => evil?.close(r));
  });

  it('refuses an edit that sends the stored token to another host unless the token is entered again', async () => {
    const owner = await t.userWithRole('app_owner');
    await t.admin('PATCH', `/apps/${appId}`, { owners: [owner.id] });
    for (const api of [t.admin, owner.api]) {
      const moved = await api('PATCH', `/connectors/${connectorId}`, { config: { domain: evilUrl } });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual([{ field: 'config.apiToken', message: 'required again when the destination changes' }]);
      expect(moved.body.detail).toContain('enter apiToken again');
    }
    expect((await t.admin('GET', `/connectors/${connectorId}`)).body.config.domain).toBe(sim.url);
    await t.admin('POST', `/connectors/${connectorId}/sync`);
    await t.waitForSync(connectorId);
    expect(stolen).toEqual([]);
    // Other edits keep the stored secret, and a move with the secret entered again is allowed.
    expect((await t.admin('PATCH', `/connectors/${connectorId}`, { config: { syncInactiveApps: true } })).status).toBe(200);
    const withToken = await t.admin('PATCH', `/connectors/${connectorId}`, { config: { domain: evilUrl, apiToken: 'a-token-the-attacker-knows' } });
    expect(withToken.status).toBe(200);
    await t.admin('PATCH', `/connectors/${connectorId}`, { config: { domain: sim.url, apiToken: sim.token() } });
  });

  it('refuses metadata, private, link-local and non-http URLs when saved, naming the reason', async () => {
    const tries: [string, RegExp][] = [
      ['http://169.254.169.254', /metadata|link-local/],
      ['http://[::ffff:169.254.169.254]', /metadata|link-local/],
      ['http://10.1.2.3', /private/],
      ['http://192.168.0.10:8080', /private/],
      ['https://[fd00:ec2::254]', /metadata|private|unique local/],
    ];
    for (const [domain, why] of tries) {
      const res = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain, apiToken: 'x' }, syncNow: false });
      expect(res.status, domain).toBe(400);
      expect(res.body.detail, domain).toMatch(why);
    }
    const file = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'scim', config: { baseUrl: 'file:///etc/passwd', token: 'x' }, syncNow: false });
    expect(file.status).toBe(400);
    expect(JSON.stringify(file.body)).toMatch(/only http and https/);
    expect((await t.admin('GET', `/apps/${appId}`)).body.connectors).toHaveLength(1);
  });

  it('stops a connection to a refused address when connecting, and says nothing about ports', async () => {
    // The same server with a strict policy: the stored loopback URL is refused at connect time,
    // as a name that resolved to a public address when saved and to 127.0.0.1 now would be.
    const ctx = t.server.ctx;
    const allowed = ctx.outbound;
    ctx.outbound = OutboundPolicy.parse('');
    try {
      sim.resetCalls();
      const queued = await t.admin('POST', `/connectors/${connectorId}/sync`);
      expect(queued.body.queued).toBe(true);
      const c = await t.waitForSync(connectorId);
      expect(c.status, JSON.stringify((await t.admin('GET', `/connectors/${connectorId}/sync-runs?limit=2`)).body)).toBe('error');
      expect(c.statusMessage).toMatch(/outbound address policy/);
      expect(c.statusMessage).not.toContain(String(new URL(sim.url).port) + ' ');
      expect(c.statusMessage).not.toMatch(/connection refused/);
      expect(sim.calls().total).toBe(0);
      const runs = await t.admin('GET', `/connectors/${connectorId}/sync-runs?limit=1`);
      expect(runs.body.items[0]).toMatchObject({ status: 'failed' } as Json);
      // Every connector type names where its secrets go, so each is checked when saved.
      const loopback = 'http://127.0.0.1:9';
      const configs: [string, Record<string, unknown>][] = [
        ['okta', { domain: loopback, apiToken: 'x' }],
        ['pingone', { clientId: 'c', clientSecret: 's', environmentId: 'e', apiUrl: `${loopback}/v1`, authUrl: loopback }],
        ['pagerduty', { apiKey: 'k', apiUrl: loopback }],
        ['panther', { apiUrl: `${loopback}/public/graphql`, apiKey: 'k' }],
        ['scim', { baseUrl: `${loopback}/scim/v2`, token: 't' }],
      ];
      for (const [type, config] of configs) {
        const res = await t.admin('POST', `/apps/${appId}/connectors`, { type, config, syncNow: false });
        expect(res.status, type).toBe(400);
        expect(res.body.detail, type).toMatch(/loopback/);
      }
    } finally {
      ctx.outbound = allowed;
    }
    await t.admin('POST', `/connectors/${connectorId}/sync`);
    expect((await t.waitForSync(connectorId)).status).toBe('connected');
  });
});
