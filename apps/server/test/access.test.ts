/**
 * Authorization is declared on every route: a route without a declaration stops the server, and
 * every declared route refuses anonymous callers and each role that lacks its permission, before
 * looking at the request (generated from the routes themselves, so a new route is covered).
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import { enforceAccess } from '../src/http/access.js';
import { ROLES, roleCan } from '../src/modules/auth/roles.js';
import { startTestServer, type Api, type Json, type TestServer } from './harness.js';
import { settle } from './task-helpers.js';

describe('route authorization', () => {
  let t: TestServer;
  const byRole = new Map<string, Api>();
  beforeAll(async () => {
    t = await startTestServer('sqlite');
    for (const role of ROLES) byRole.set(role, (await t.userWithRole(role)).api);
  });
  afterAll(() => t?.stop());

  it('a route that declares no access stops the server from starting', async () => {
    const app = Fastify();
    enforceAccess(app, {} as Context);
    const start = async () => {
      await app.register(async (r) => {
        r.get('/api/v1/forgotten', async () => 'secret');
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/GET \/api\/v1\/forgotten declares no access/);
  });

  it('every API route in /openapi.json has a declaration', async () => {
    const doc = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const declared = new Set(t.server.app.accessTable.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    const published = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(published.length).toBeGreaterThan(20);
    for (const route of published) expect(declared, route).toContain(route);
  });

  it('refuses anonymous callers and every role without the permission, before validating anything', async () => {
    const checked: string[] = [];
    for (const { method, url, access } of t.server.app.accessTable) {
      if (access.kind === 'public') continue;
      const path = url.replace(/^\/api\/v1/, '').replace(/:\w+/g, 'no-such-id');
      // An invalid body on purpose: the answer must be about who calls, not about the body.
      const body = method === 'GET' || method === 'DELETE' ? undefined : { invalid: true };
      expect((await t.anonymous(method, path, body)).status, `anonymous ${method} ${url}`).toBe(401);
      if (access.kind !== 'permission') continue;
      for (const role of ROLES) {
        if (roleCan(role, access.permission)) continue;
        const res = await byRole.get(role)!(method, path, body);
        expect(res.status, `${role} ${method} ${url}`).toBe(403);
        checked.push(`${role} ${method} ${url}`);
      }
    }
    expect(checked.length).toBeGreaterThan(50);
  });
});

/**
 * App owners see and change their own apps only: every route that acts on an app refuses an App
 * owner on another app, and every list returns only their apps' rows. Generated from the routes,
 * so a new app-scoped route or list is covered without editing this test.
 */
describe('App-owner scoping, on every route', () => {
  let t: TestServer;
  let owner: { id: string; api: Api };
  let sims: OktaSimulator[] = [];
  const ids = { mine: { app: '', connector: '', task: '' }, theirs: { app: '', connector: '', task: '' } };

  beforeAll(async () => {
    t = await startTestServer('sqlite');
    owner = await t.userWithRole('app_owner');
    for (const [key, seed] of [['mine', 51], ['theirs', 52]] as const) {
      const sim = await new OktaSimulator({ seed, users: 15, groups: 10, apps: 1 }).start();
      sims.push(sim);
      const app = await t.admin('POST', '/apps', { name: `Okta ${key}`, owners: key === 'mine' ? [owner.id] : [] });
      const c = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
      await t.waitForSync(c.body.id);
      const user = [...sim.store.users.values()].find((u) => u.status === 'ACTIVE')!;
      const group = [...sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
      const task = await t.admin('POST', '/tasks', { appId: app.body.id, kind: 'grant', reason: 'scoping', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
      ids[key] = { app: app.body.id, connector: c.body.id, task: task.body.id };
      // Run it, so that each app also has catalog events (the task's grant).
      await settle(t.admin, task.body.id);
    }
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all(sims.map((s) => s.close()));
    sims = [];
  });

  /** The id a route's `:id` takes, by what the route is about. */
  const idFor = (url: string, which: 'mine' | 'theirs') => (url.startsWith('/api/v1/connectors/') ? ids[which].connector : url.startsWith('/api/v1/tasks/') ? ids[which].task : ids[which].app);

  it('refuses an App owner every app-scoped route on an app they do not own, and allows it on their own', async () => {
    const scoped = t.server.app.accessTable.filter((r) => r.access.kind === 'permission' && r.access.appOf && r.url.includes(':id'));
    expect(scoped.length).toBeGreaterThan(8);
    for (const { method, url, access } of scoped) {
      if (access.kind !== 'permission' || !roleCan('app_owner', access.permission)) continue;
      const theirs = url.replace('/api/v1', '').replace(':id', idFor(url, 'theirs'));
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      expect((await owner.api(method, theirs, body)).status, `${method} ${url} on another app`).toBe(403);
      if (method === 'GET') expect((await owner.api(method, url.replace('/api/v1', '').replace(':id', idFor(url, 'mine')))).status, `${method} ${url} on their app`).toBe(200);
    }
    // Tasks name their app in the body.
    expect((await owner.api('POST', '/tasks', { appId: ids.theirs.app, kind: 'deprovision_account', reason: 'x', input: { accountId: 'x' } })).status).toBe(403);
  });

  it('lists only their apps\u2019 rows on every list route', async () => {
    const lists = t.server.app.accessTable.filter((r) => r.method === 'GET' && !r.url.includes(':') && r.access.kind === 'permission' && roleCan('app_owner', r.access.permission));
    const checked: string[] = [];
    for (const { url } of lists) {
      const res = await owner.api('GET', url.replace('/api/v1', '') + (url.includes('?') ? '&' : '?') + 'limit=1000');
      expect(res.status, url).toBe(200);
      const items = (res.body?.items ?? []) as Json[];
      const appIds = items.map((i) => i.appId ?? (url === '/api/v1/apps' ? i.id : undefined)).filter(Boolean);
      if (appIds.length) checked.push(url);
      for (const a of appIds) expect([ids.mine.app], `${url} returned a row of another app`).toContain(a);
    }
    // The lists that carry app rows, all checked: apps, resources, entitlements, grants, events, accounts, tasks.
    for (const url of ['/api/v1/apps', '/api/v1/resources', '/api/v1/entitlements', '/api/v1/grants', '/api/v1/events', '/api/v1/accounts', '/api/v1/tasks']) expect(checked).toContain(url);
    // The admin sees both apps' rows.
    expect(new Set(((await t.admin('GET', '/tasks')).body.items as Json[]).map((x) => x.appId))).toEqual(new Set([ids.mine.app, ids.theirs.app]));
  });

  it('a person\u2019s access and accounts show an App owner only their apps', async () => {
    const people = (await t.admin('GET', '/people?limit=1000')).body.items as Json[];
    for (const p of people.slice(0, 5)) {
      for (const a of (await owner.api('GET', `/people/${p.id}/access`)).body.items as Json[]) expect(a.appId).toBe(ids.mine.app);
      for (const a of (await owner.api('GET', `/people/${p.id}`)).body.accounts as Json[]) expect(a.appId).toBe(ids.mine.app);
    }
  });
});
