import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoutes, OktaSimulator, PAGE_SIZES } from '../src/simulator/index.js';
import { errorValidator, oktaSpec, responseValidator, specMethods, specPath } from './spec.js';

let sim: OktaSimulator;
const auth = (kind: Parameters<OktaSimulator['token']>[0] = 'super-admin') => ({ authorization: `SSWS ${sim.token(kind)}` });

async function call(method: string, path: string, options: { kind?: Parameters<OktaSimulator['token']>[0]; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(path.startsWith('http') ? path : `${sim.url}${path}`, {
    method,
    headers: { ...(options.headers ?? auth(options.kind)), ...(options.body ? { 'content-type': 'application/json' } : {}) },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function nextLink(headers: Headers): string | undefined {
  const m = /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '');
  return m?.[1];
}

beforeAll(async () => {
  sim = await new OktaSimulator({ seed: 3, users: 450, groups: 20, apps: 10 }).start();
});
afterAll(() => sim.close());

describe.skipIf(!oktaSpec.available)('Okta simulator against the official spec', () => {
  it('every route exists in the spec with the same method', () => {
    for (const route of buildRoutes().routes) {
      expect(specPath(route.template), route.template).toBeDefined();
      expect(specMethods(route.template), `${route.method} ${route.template}`).toContain(route.method);
    }
  });

  it('response bodies validate against the spec response schemas', async () => {
    const { store } = sim;
    const user = [...store.users.values()].find((u) => u.status === 'ACTIVE' && store.userRoles.has(u.id))!;
    const group = [...store.groups.values()].find((g) => g.type === 'OKTA_GROUP')!;
    const roleGroup = [...store.groupRoles.keys()][0]!;
    const app = [...store.apps.values()].find((a) => a.users.size > 0 && a.groups.size > 0)!;
    const appUser = [...app.users.keys()][0]!;
    const appGroup = [...app.groups.keys()][0]!;
    const checks: [string, string, string, string][] = [
      ['GET', '/api/v1/users', '/api/v1/users?limit=5', '200'],
      ['GET', '/api/v1/users/{id}', `/api/v1/users/${user.id}`, '200'],
      ['GET', '/api/v1/users/{id}/groups', `/api/v1/users/${user.id}/groups`, '200'],
      ['GET', '/api/v1/users/{userId}/roles', `/api/v1/users/${user.id}/roles`, '200'],
      ['GET', '/api/v1/groups', '/api/v1/groups?limit=5', '200'],
      ['GET', '/api/v1/groups/{groupId}', `/api/v1/groups/${group.id}`, '200'],
      ['GET', '/api/v1/groups/{groupId}/users', `/api/v1/groups/${group.id}/users?limit=5`, '200'],
      ['GET', '/api/v1/groups/{groupId}/roles', `/api/v1/groups/${roleGroup}/roles`, '200'],
      ['GET', '/api/v1/apps', '/api/v1/apps', '200'],
      ['GET', '/api/v1/apps/{appId}', `/api/v1/apps/${app.id}`, '200'],
      ['GET', '/api/v1/apps/{appId}/users', `/api/v1/apps/${app.id}/users?expand=user`, '200'],
      ['GET', '/api/v1/apps/{appId}/users/{userId}', `/api/v1/apps/${app.id}/users/${appUser}`, '200'],
      ['GET', '/api/v1/apps/{appId}/groups', `/api/v1/apps/${app.id}/groups`, '200'],
      ['GET', '/api/v1/apps/{appId}/groups/{groupId}', `/api/v1/apps/${app.id}/groups/${appGroup}`, '200'],
      ['GET', '/api/v1/iam/roles', '/api/v1/iam/roles', '200'],
      ['GET', '/api/v1/iam/assignees/users', '/api/v1/iam/assignees/users', '200'],
    ];
    for (const [method, template, path, status] of checks) {
      const res = await call(method, path);
      expect(String(res.status), path).toBe(status);
      const validate = responseValidator(template, method, status);
      const ok = validate(res.body);
      expect(ok ? [] : validate.errors!.slice(0, 3), `${method} ${path}`).toEqual([]);
    }
  });

  it('write responses validate against the spec too', async () => {
    const created = await call('POST', '/api/v1/users?activate=false', { body: { profile: { login: 'spec.check@acme.example', email: 'spec.check@acme.example', firstName: 'Spec', lastName: 'Check' } } });
    expect(created.status).toBe(200);
    const v1 = responseValidator('/api/v1/users', 'POST', '200');
    expect(v1(created.body) ? [] : v1.errors).toEqual([]);
    const id = (created.body as { id: string }).id;
    const role = await call('POST', `/api/v1/users/${id}/roles`, { body: { type: 'REPORT_ADMIN' } });
    expect(role.status).toBe(201);
    const v2 = responseValidator('/api/v1/users/{userId}/roles', 'POST', '201');
    expect(v2(role.body) ? [] : v2.errors).toEqual([]);
    const app = [...sim.store.apps.keys()][0]!;
    await call('POST', `/api/v1/users/${id}/lifecycle/activate?sendEmail=false`);
    const assigned = await call('POST', `/api/v1/apps/${app}/users`, { body: { id, scope: 'USER' } });
    expect(assigned.status).toBe(200);
    const v3 = responseValidator('/api/v1/apps/{appId}/users', 'POST', '200');
    expect(v3(assigned.body) ? [] : v3.errors).toEqual([]);
  });

  it('error bodies follow the spec Error schema with Okta codes', async () => {
    const validate = errorValidator();
    const cases: [Promise<Awaited<ReturnType<typeof call>>>, number, string][] = [
      [call('GET', '/api/v1/users', { headers: {} }), 401, 'E0000011'],
      [call('GET', '/api/v1/users', { headers: { authorization: 'SSWS wrong' } }), 401, 'E0000011'],
      [call('GET', '/api/v1/users', { headers: { authorization: `Bearer ${sim.token()}` } }), 401, 'E0000011'],
      [call('GET', '/api/v1/users/00unope'), 404, 'E0000007'],
      [call('GET', '/api/v1/iam/roles', { kind: 'read-only' }), 403, 'E0000006'],
      [call('POST', '/api/v1/users', { body: { profile: { login: 'x@y.z' } } }), 400, 'E0000001'],
      [call('GET', '/api/v1/users?filter=status%20zz%20%22A%22'), 400, 'E0000031'],
    ];
    for (const [promise, status, code] of cases) {
      const res = await promise;
      expect(res.status).toBe(status);
      expect((res.body as { errorCode: string }).errorCode).toBe(code);
      expect(validate(res.body) ? [] : validate.errors).toEqual([]);
      expect(res.body).toMatchObject({ errorSummary: expect.any(String), errorLink: code, errorId: expect.any(String), errorCauses: expect.any(Array) });
    }
  });
});

describe('Okta simulator behaviour', () => {
  it('pages users through Link headers at Okta page sizes; the default list hides DEPROVISIONED users', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${sim.url}/api/v1/users?limit=1000`;
    let pages = 0;
    while (url) {
      const res = await call('GET', url);
      const body = res.body as { id: string; status: string }[];
      expect(body.length).toBeLessThanOrEqual(PAGE_SIZES.users[1]);
      expect(res.headers.get('link')).toContain('rel="self"');
      seen.push(...body.map((u) => u.id));
      expect(body.every((u) => u.status !== 'DEPROVISIONED')).toBe(true);
      url = nextLink(res.headers);
      pages++;
    }
    const visible = [...sim.store.users.values()].filter((u) => u.status !== 'DEPROVISIONED');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(visible.length);
    expect(pages).toBe(Math.ceil(visible.length / 200));
  });

  it('filter and search include DEPROVISIONED users', async () => {
    const deprovisioned = [...sim.store.users.values()].filter((u) => u.status === 'DEPROVISIONED');
    expect(deprovisioned.length).toBeGreaterThan(0);
    const filtered = await call('GET', `/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}&limit=200`);
    expect((filtered.body as unknown[]).length).toBe(deprovisioned.length);
    const one = deprovisioned[0]!;
    const searched = await call('GET', `/api/v1/users?search=${encodeURIComponent(`profile.login eq "${one.profile.login}"`)}`);
    expect((searched.body as { id: string }[]).map((u) => u.id)).toEqual([one.id]);
  });

  it('sends X-Rate-Limit headers on every response and 429 E0000047 past the limit', async () => {
    const limited = await new OktaSimulator({ seed: 3, users: 20, groups: 3, apps: 2, rateLimit: 3 }).start();
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${limited.url}/api/v1/groups`, { headers: { authorization: `SSWS ${limited.token()}` } });
        statuses.push(last.status);
        expect(last.headers.get('x-rate-limit-limit')).toBe('3');
        expect(Number(last.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last!.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(((await last!.json()) as { errorCode: string }).errorCode).toBe('E0000047');
      expect(limited.calls().rateLimited).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('enforces what each token kind may do', async () => {
    const g = [...sim.store.groups.values()].filter((x) => x.type === 'OKTA_GROUP').sort((a, b) => a.members.size - b.members.size)[0]!;
    const u = [...sim.store.users.values()].find((x) => x.status === 'ACTIVE' && !g.members.has(x.id))!;
    const membership = `/api/v1/groups/${g.id}/users/${u.id}`;
    expect((await call('GET', '/api/v1/users?limit=1', { kind: 'read-only' })).status).toBe(200);
    expect((await call('GET', `/api/v1/users/${u.id}/roles`, { kind: 'read-only' })).status).toBe(403);
    expect((await call('PUT', membership, { kind: 'read-only' })).status).toBe(403);
    expect((await call('PUT', membership, { kind: 'read-only-app-group-admin' })).status).toBe(204);
    expect((await call('DELETE', membership, { kind: 'read-only-app-group-admin' })).status).toBe(204);
    expect((await call('POST', `/api/v1/users/${u.id}/roles`, { kind: 'read-only-app-group-admin', body: { type: 'REPORT_ADMIN' } })).status).toBe(403);
    expect((await call('POST', `/api/v1/users/${u.id}/lifecycle/suspend`, { kind: 'read-only-app-group-admin' })).status).toBe(403);
    expect((await call('GET', `/api/v1/users/${u.id}/roles`, { kind: 'super-admin' })).status).toBe(200);
  });

  it('keeps app-managed groups read-only and deactivates before it deletes', async () => {
    const appGroup = [...sim.store.groups.values()].find((x) => x.type === 'APP_GROUP')!;
    const u = [...sim.store.users.values()].find((x) => x.status === 'ACTIVE')!;
    const res = await call('PUT', `/api/v1/groups/${appGroup.id}/users/${u.id}`);
    expect(res.status).toBe(400);
    const victim = [...sim.store.users.values()].find((x) => x.status === 'SUSPENDED')!;
    expect((await call('DELETE', `/api/v1/users/${victim.id}`)).status).toBe(204);
    expect(sim.store.users.get(victim.id)!.status).toBe('DEPROVISIONED');
    expect((await call('DELETE', `/api/v1/users/${victim.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/users/${victim.id}`)).status).toBe(404);
  });

  it('counts requests per route on a simulator-only route', async () => {
    sim.resetCalls();
    await call('GET', '/api/v1/groups');
    await call('GET', '/api/v1/groups');
    const calls = (await (await fetch(`${sim.url}/__sim/calls`)).json()) as { total: number; byRoute: Record<string, number> };
    expect(calls.total).toBe(2);
    expect(calls.byRoute['GET /api/v1/groups']).toBe(2);
  });

  it('generates the same org from the same seed, another from another seed', async () => {
    const a = new OktaSimulator({ seed: 11, users: 50, groups: 5, apps: 3 });
    const b = new OktaSimulator({ seed: 11, users: 50, groups: 5, apps: 3 });
    const c = new OktaSimulator({ seed: 12, users: 50, groups: 5, apps: 3 });
    const logins = (s: OktaSimulator) => [...s.store.users.values()].map((u) => `${u.id}:${u.profile.login}:${u.status}`).join(',');
    expect(logins(a)).toBe(logins(b));
    expect(logins(a)).not.toBe(logins(c));
    const statuses = new Set([...new OktaSimulator({ seed: 1, users: 2000, groups: 10, apps: 3 }).store.users.values()].map((u) => u.status));
    expect([...statuses].sort()).toEqual(['ACTIVE', 'DEPROVISIONED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED', 'SUSPENDED']);
  });

  it('builds a 100000-user org with nested sizes that pages in Okta-sized pages', async () => {
    const big = await new OktaSimulator({ seed: 5, users: 100_000, groups: 5000, apps: 500 }).start();
    try {
      expect(big.store.users.size).toBe(100_000);
      expect(big.store.groups.size).toBe(5000);
      let memberships = 0;
      for (const g of big.store.groups.values()) memberships += g.members.size;
      expect(memberships).toBeGreaterThan(600_000);
      const res = await fetch(`${big.url}/api/v1/users?limit=200`, { headers: { authorization: `SSWS ${big.token()}` } });
      expect(((await res.json()) as unknown[]).length).toBe(200);
      expect(nextLink(res.headers)).toContain('after=');
    } finally {
      await big.close();
    }
  }, 120_000);
});
