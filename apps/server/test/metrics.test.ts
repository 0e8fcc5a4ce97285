/**
 * Prometheus metrics at /metrics: the text format with Gatehouse's metrics and the process's,
 * for a scraper holding GATEHOUSE_METRICS_TOKEN and nobody else; API latency by route pattern;
 * the queue's depth read from the database; 429s counted per connector; one registry per server.
 */
import { PingOneSimulator } from '@gatehouse/connector-pingone/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/index.js';
import { observeIngestDuration, observeSyncDuration } from '../src/metrics.js';
import { client, startTestServer, type TestServer } from './harness.js';
import { settle } from './task-helpers.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('Prometheus metrics', () => {
  let t: TestServer;
  let closed: TestServer;
  let pingone: PingOneSimulator;
  const scrape = async (token = TOKEN) => {
    const res = await fetch(`${t.server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The value of one sample (`name{labels} value`), or undefined when the series is absent. */
  const sample = (text: string, name: string, labels: Record<string, string>) => {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    for (const line of text.split('\n')) {
      const m = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const present = m[2]!.split(/,(?=[a-z_]+=")/);
      if (wanted.every((w) => present.includes(w))) return Number(m[3]);
    }
    return undefined;
  };

  beforeAll(async () => {
    pingone = await new PingOneSimulator({ seed: 8, users: 20, groups: 4 }).start();
    t = await startTestServer('sqlite', { env: { GATEHOUSE_METRICS_TOKEN: TOKEN } });
    closed = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.stop();
    await closed?.stop();
    await pingone?.close();
  });

  it('serves the Prometheus text format with the queue, sync, ingest, API, 429 and process metrics', async () => {
    const res = await fetch(`${t.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    for (const [name, type] of [
      ['gatehouse_jobs', 'gauge'],
      ['gatehouse_sync_duration_seconds', 'histogram'],
      ['gatehouse_ingest_duration_seconds', 'histogram'],
      ['gatehouse_http_request_duration_seconds', 'histogram'],
      ['gatehouse_connector_rate_limited_total', 'counter'],
      ['process_cpu_user_seconds_total', 'counter'],
      ['process_resident_memory_bytes', 'gauge'],
      ['nodejs_eventloop_lag_seconds', 'gauge'],
      ['nodejs_heap_size_used_bytes', 'gauge'],
    ]) {
      expect(text, name).toContain(`# TYPE ${name} ${type}`);
      expect(text, name).toContain(`# HELP ${name} `);
    }
    // Every registered job kind in every state, zeros included.
    for (const kind of t.server.ctx.jobs.kinds()) for (const state of ['queued', 'running', 'failed']) expect(sample(text, 'gatehouse_jobs', { kind, state }), `${kind} ${state}`).toBeGreaterThanOrEqual(0);
  });

  it('refuses a scrape without the token, with a wrong one, and with a platform user\u2019s credentials; closed when no token is configured', async () => {
    const status = async (url: string, headers: Record<string, string> = {}) => (await fetch(`${url}/metrics`, { headers })).status;
    expect(await status(t.server.url)).toBe(401);
    expect(await status(t.server.url, { authorization: `Bearer ${TOKEN.slice(0, -1)}` })).toBe(401);
    expect(await status(t.server.url, { authorization: `Bearer ${TOKEN}x` })).toBe(401);
    expect(await status(t.server.url, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).toBe(401);
    // The admin's API token and session are a person's, not the scraper's.
    const apiToken = (await t.admin('POST', '/tokens', { name: 'not for metrics' })).body.token as string;
    expect(apiToken).toBeTruthy();
    expect(await client(t.server.url, { token: apiToken })('GET', '/apps')).toMatchObject({ status: 200 });
    expect(await status(t.server.url, { authorization: `Bearer ${apiToken}` })).toBe(401);
    const refused = await fetch(`${t.server.url}/metrics`);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.text()).not.toContain('gatehouse_');
    // A server without GATEHOUSE_METRICS_TOKEN: closed to everyone, and it says how to open it (not the web UI's page).
    const off = await fetch(`${closed.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(off.status).toBe(403);
    expect(((await off.json()) as { detail: string }).detail).toContain('GATEHOUSE_METRICS_TOKEN');
    // A token short enough to guess stops the server at start.
    expect(() => configFromEnv({ GATEHOUSE_METRICS_TOKEN: 'too-short' })).toThrow(/GATEHOUSE_METRICS_TOKEN must be at least 16 characters/);
  });

  it('counts API requests by route pattern, method and status class, never by the URL asked for', async () => {
    const before = await scrape();
    const labels = { route: '/api/v1/apps/:id', method: 'GET', status_class: '4xx' };
    const id = `no-such-app-${Math.random().toString(36).slice(2)}`;
    expect((await t.admin('GET', `/apps/${id}`)).status).toBe(404);
    expect((await t.admin('GET', `/apps/${id}-2`)).status).toBe(404);
    expect((await t.admin('GET', '/apps')).status).toBe(200);
    const unknown = `/api/v1/nothing-here-${Math.random().toString(36).slice(2)}`;
    expect((await fetch(`${t.server.url}${unknown}`)).status).toBe(404);
    const after = await scrape();
    const count = (text: string, l: Record<string, string>) => sample(text, 'gatehouse_http_request_duration_seconds_count', l) ?? 0;
    expect(count(after, labels) - count(before, labels)).toBe(2);
    expect(count(after, { route: '/api/v1/apps', method: 'GET', status_class: '2xx' }) - count(before, { route: '/api/v1/apps', method: 'GET', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(count(after, { route: 'unmatched', method: 'GET', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'gatehouse_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(count(after, labels));
    // The ids asked for are nowhere in the labels.
    expect(after).not.toContain(id);
    expect(after).not.toContain('nothing-here');
  });

  it('reports the queue depth from the database: an enqueued job shows at once', async () => {
    const kind = 'metrics_probe';
    expect(sample(await scrape(), 'gatehouse_jobs', { kind, state: 'queued' })).toBeUndefined();
    // Not due for an hour, and no handler: it stays queued.
    await t.server.ctx.jobs.enqueue(kind, {}, { runAt: new Date(Date.now() + 3600_000) });
    await t.server.ctx.jobs.enqueue(kind, {}, { runAt: new Date(Date.now() + 3600_000) });
    const text = await scrape();
    expect(sample(text, 'gatehouse_jobs', { kind, state: 'queued' })).toBe(2);
    expect(sample(text, 'gatehouse_jobs', { kind, state: 'running' })).toBeUndefined();
  });

  it('counts the 429s a connector receives from its app, by connector type and id', async () => {
    const app = (await t.admin('POST', '/apps', { name: 'PingOne' })).body.id as string;
    const c = await t.admin('POST', `/apps/${app}/connectors`, { type: 'pingone', config: pingone.config(), provisioning: true });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await t.waitForSync(c.body.id)).status).toBe('connected');
    const labels = { connector_type: 'pingone', connector_id: c.body.id as string };
    const before = sample(await scrape(), 'gatehouse_connector_rate_limited_total', labels) ?? 0;
    // PingOne answers 429 with Retry-After past one request a second window: the task's calls hit it.
    pingone.setFaults({ rateLimit: 1, rateWindowSeconds: 2 });
    const limitedBefore = pingone.calls().rateLimited;
    const s = pingone.store;
    const user = [...s.users.values()].find((u) => u.enabled)!;
    const group = [...s.groups.values()].find((g) => !s.membersOf(g.id).has(user.id) && !g.populationId)!;
    const task = await t.admin('POST', '/tasks', { appId: app, kind: 'grant', reason: 'metrics', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    expect((await settle(t.admin, task.body.id)).state).toBe('succeeded');
    pingone.setFaults({ rateLimit: undefined, rateWindowSeconds: undefined });
    const received = pingone.calls().rateLimited - limitedBefore;
    expect(received).toBeGreaterThan(0);
    const text = await scrape();
    expect((sample(text, 'gatehouse_connector_rate_limited_total', labels) ?? 0) - before).toBe(received);
    // No secret of the connector, and no URL, in the metrics.
    expect(text).not.toContain(String(pingone.config().clientSecret));
    expect(text).not.toContain(pingone.url);
  }, 60_000);

  it('records sync and ingest durations by connector type and app, in this server\u2019s registry only', async () => {
    const appId = 'app-of-the-duration-test';
    observeSyncDuration(t.server.ctx, { type: 'okta', appId, outcome: 'succeeded' }, 1500);
    observeSyncDuration(t.server.ctx, { type: 'okta', appId, outcome: 'failed' }, 200);
    observeIngestDuration(t.server.ctx, { type: 'okta', appId }, 250);
    const text = await scrape();
    expect(sample(text, 'gatehouse_sync_duration_seconds_count', { connector_type: 'okta', app_id: appId, outcome: 'succeeded' })).toBe(1);
    expect(sample(text, 'gatehouse_sync_duration_seconds_sum', { connector_type: 'okta', app_id: appId, outcome: 'succeeded' })).toBe(1.5);
    expect(sample(text, 'gatehouse_sync_duration_seconds_count', { connector_type: 'okta', app_id: appId, outcome: 'failed' })).toBe(1);
    expect(sample(text, 'gatehouse_ingest_duration_seconds_sum', { connector_type: 'okta', app_id: appId })).toBe(0.25);
    expect(sample(text, 'gatehouse_ingest_duration_seconds_bucket', { connector_type: 'okta', app_id: appId, le: '0.25' })).toBe(1);
    // The other server in this process counts nothing of it.
    expect((await closed.server.ctx.metrics.scrape()).body).not.toContain(appId);
  });
});
