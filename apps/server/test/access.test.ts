/**
 * Authorization is declared on every route: a route without a declaration stops the server, and
 * every declared route refuses anonymous callers and each role that lacks its permission, before
 * looking at the request (generated from the routes themselves, so a new route is covered).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import { enforceAccess } from '../src/http/access.js';
import { ROLES, roleCan } from '../src/modules/auth/roles.js';
import { startTestServer, type Api, type TestServer } from './harness.js';

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
