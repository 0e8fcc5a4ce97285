import { OpenApiSpec, validationErrors, vendorSpecs } from '@gatehouse/sdk/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoutes, DEFAULT_CLIENT, PAGE_SIZES, PingOneSimulator, STANDARD_ROLES } from '../src/simulator/index.js';

/** Absent on a clone without the specs: the tests that need them skip (CI requires them). */
const specs = vendorSpecs('pingone', ['management-openapi.yaml', 'platform-openapi.yaml']);
let management: OpenApiSpec;
let platform: OpenApiSpec;
let sim: PingOneSimulator;
let token: string;

async function getToken(s = sim, auth = `Basic ${Buffer.from(`${DEFAULT_CLIENT.id}:${DEFAULT_CLIENT.secret}`).toString('base64')}`, form = 'grant_type=client_credentials') {
  const res = await fetch(`${s.url}/${s.store.environmentId}/as/token`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The parts of PingOne bodies these tests read (collections, objects and errors). */
interface P1Body {
  _embedded: { users: { id: string }[] };
  _links: { next?: { href: string } };
  size: number;
  count: number;
  id: string;
  details: { code: string; target?: string }[];
  [key: string]: unknown;
}

async function call(method: string, path: string, body?: unknown, bearer = token) {
  const res = await fetch(path.startsWith('http') ? path : `${sim.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as P1Body };
}

beforeAll(async () => {
  if (specs.available) {
    management = new OpenApiSpec(specs.paths[0]!, 'pingone', { basePath: '/v1', oneOfAsAnyOf: true });
    platform = new OpenApiSpec(specs.paths[1]!, 'pingone-platform');
  }
  sim = await new PingOneSimulator({ seed: 3, users: 650, groups: 20 }).start();
  token = (await getToken()).body.access_token as string;
});
afterAll(() => sim.close());

const env = () => `/environments/${sim.store.environmentId}`;

describe.skipIf(!specs.available)('PingOne simulator against the specs', () => {
  it('every route exists in the management spec with the same method', () => {
    for (const route of buildRoutes().routes) {
      expect(management.specPath(route.template), route.template).toBeDefined();
      expect(management.methods(route.template), `${route.method} ${route.template}`).toContain(route.method);
    }
  });

  it('response bodies validate against the spec response schemas', async () => {
    const { store } = sim;
    const user = [...store.users.values()].find((u) => u.groups.size > 0 && store.assignmentsOf({ type: 'user', id: u.id }).length > 0)!;
    const group = [...store.groups.values()].find((g) => g.parents.size > 0)!;
    const roleGroup = [...store.roleAssignments.values()].find((a) => a.principal.type === 'group')!.principal.id;
    const assignment = store.assignmentsOf({ type: 'user', id: user.id })[0]!;
    const checks: [string, string][] = [
      ['/environments/{envId}/users', `${env()}/users?limit=5`],
      ['/environments/{envId}/users/{userId}', `${env()}/users/${user.id}?include=memberOfGroupIDs`],
      ['/environments/{envId}/users/{userId}/enabled', `${env()}/users/${user.id}/enabled`],
      ['/environments/{envId}/users/{userId}/population', `${env()}/users/${user.id}/population`],
      ['/environments/{envId}/users/{userId}/memberOfGroups', `${env()}/users/${user.id}/memberOfGroups?expand=group`],
      ['/environments/{envId}/users/{userId}/memberOfGroups/{groupId}', `${env()}/users/${user.id}/memberOfGroups/${[...user.groups][0]}`],
      ['/environments/{envId}/users/{userId}/roleAssignments', `${env()}/users/${user.id}/roleAssignments`],
      ['/environments/{envId}/users/{userId}/roleAssignments/{assignmentId}', `${env()}/users/${user.id}/roleAssignments/${assignment.id}`],
      ['/environments/{envId}/groups', `${env()}/groups`],
      ['/environments/{envId}/groups/{groupId}', `${env()}/groups/${group.id}`],
      ['/environments/{envId}/groups/{groupId}/memberOfGroups', `${env()}/groups/${group.id}/memberOfGroups`],
      ['/environments/{envId}/groups/{groupId}/roleAssignments', `${env()}/groups/${roleGroup}/roleAssignments`],
      ['/environments/{envId}/populations', `${env()}/populations`],
      ['/environments/{envId}/populations/{populationId}', `${env()}/populations/${[...store.populations.keys()][0]}`],
      ['/roles', '/roles'],
      ['/roles/{roleId}', `/roles/${[...store.roles.keys()][0]}`],
    ];
    for (const [template, path] of checks) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(200);
      expect(validationErrors(management.responseValidator(`/v1${template}`, 'GET', '200'), res.body), path).toEqual([]);
    }
  });

  it('write responses and error bodies validate too', async () => {
    const created = await call('POST', `${env()}/users`, { username: 'spec.check', email: 'spec.check@acme.example', name: { given: 'Spec', family: 'Check' } });
    expect(created.status).toBe(201);
    expect(validationErrors(management.responseValidator('/v1/environments/{envId}/users', 'POST', '201'), created.body)).toEqual([]);
    const id = created.body.id as string;
    const group = [...sim.store.groups.values()].find((g) => !g.populationId)!;
    const membership = await call('POST', `${env()}/users/${id}/memberOfGroups`, { id: group.id });
    expect(membership.status).toBe(201);
    expect(validationErrors(management.responseValidator('/v1/environments/{envId}/users/{userId}/memberOfGroups', 'POST', '201'), membership.body)).toEqual([]);
    const role = sim.store.roleByName('Identity Data Read Only')!;
    const ra = await call('POST', `${env()}/users/${id}/roleAssignments`, { role: { id: role.id }, scope: { type: 'ENVIRONMENT', id: sim.store.environmentId } });
    expect(ra.status).toBe(201);
    expect(validationErrors(management.responseValidator('/v1/environments/{envId}/users/{userId}/roleAssignments', 'POST', '201'), ra.body)).toEqual([]);
    const enabled = await call('PUT', `${env()}/users/${id}/enabled`, { enabled: false });
    expect(validationErrors(management.responseValidator('/v1/environments/{envId}/users/{userId}/enabled', 'PUT', '200'), enabled.body)).toEqual([]);

    const duplicate = await call('POST', `${env()}/users`, { username: 'spec.check', email: 'x@acme.example' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.details[0]!).toMatchObject({ code: 'CONSTRAINT_VIOLATION', target: 'username' });
    const missing = await call('GET', `${env()}/users/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    const unauthorized = await call('GET', `${env()}/users`, undefined, 'not-a-token');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body.details[0]!.code).toBe('INVALID_TOKEN');
    const forbidden = await call('GET', '/environments/00000000-0000-4000-8000-000000000000/users');
    expect(forbidden.status).toBe(403);
    const badFilter = await call('GET', `${env()}/users?filter=${encodeURIComponent('title eq "x"')}`);
    for (const [status, res] of [['400', duplicate], ['400', badFilter], ['404', missing], ['401', unauthorized], ['403', forbidden]] as const) {
      expect(validationErrors(management.schemaValidator('P1Error'), res.body)).toEqual([]);
      // The official platform spec is stricter: codes and detail codes from closed lists.
      expect(validationErrors(platform.schemaValidator(`com.pingidentity.ApiErrorResponse.${status}`), res.body), status).toEqual([]);
    }
    expect(await call('DELETE', `${env()}/users/${id}`)).toMatchObject({ status: 204 });
  });

  it('offers the regions of the official spec', () => {
    const text = JSON.stringify(platform.spec);
    for (const tld of ['com', 'eu', 'asia', 'ca', 'com.au', 'sg']) expect(text).toContain(`"${tld}"`);
  });
});

describe('PingOne simulator behaviour', () => {
  it('pages users 200 at a time with an opaque cursor in _links.next, and says size and count', async () => {
    let next: string | undefined = `${sim.apiUrl}${env()}/users?limit=1000`;
    const seen: string[] = [];
    let pages = 0;
    while (next) {
      const res = await call('GET', next);
      expect(res.status).toBe(200);
      const users = res.body._embedded.users as { id: string }[];
      expect(users.length).toBeLessThanOrEqual(PAGE_SIZES.users);
      expect(res.body.size).toBe(users.length);
      expect(res.body.count).toBe(650);
      seen.push(...users.map((u) => u.id));
      next = res.body._links.next?.href;
      if (next) expect(new URL(next).searchParams.get('cursor')).not.toMatch(/[0-9a-f]{8}-/); // opaque, not an id
      pages++;
    }
    expect(pages).toBe(Math.ceil(650 / 200));
    expect(new Set(seen).size).toBe(650);
    const bad = await call('GET', `${env()}/users?cursor=garbage`);
    expect(bad.status).toBe(400);
  });

  it('filters users by group and by population, and refuses other filters with INVALID_FILTER', async () => {
    const { store } = sim;
    const group = [...store.groups.values()].sort((a, b) => store.membersOf(b.id).size - store.membersOf(a.id).size)[0]!;
    const collect = async (filter: string) => {
      const ids: string[] = [];
      let next: string | undefined = `${sim.apiUrl}${env()}/users?filter=${encodeURIComponent(filter)}`;
      while (next) {
        const res = await call('GET', next);
        expect(res.status, filter).toBe(200);
        ids.push(...(res.body._embedded.users as { id: string }[]).map((u) => u.id));
        next = res.body._links.next?.href;
      }
      return ids.sort();
    };
    expect(await collect(`memberOfGroups[id eq "${group.id}"]`)).toEqual([...store.membersOf(group.id)].sort());
    const pop = [...store.populations.values()][1]!;
    expect(await collect(`population.id eq "${pop.id}"`)).toEqual([...store.populationMembersOf(pop.id)].sort());
    const both = await collect(`memberOfGroups[id eq "${group.id}"] and population.id eq "${pop.id}"`);
    expect(both).toEqual([...store.membersOf(group.id)].filter((id) => store.users.get(id)!.populationId === pop.id).sort());
    for (const bad of ['title eq "x"', 'username co "a"', 'not (enabled eq true)', 'username eq']) {
      const res = await call('GET', `${env()}/users?filter=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.details[0]!.code, bad).toBe('INVALID_FILTER');
    }
  });

  it('has several populations, groups nested two levels, disabled, locked and unverified users, and the standard roles', () => {
    const { store } = sim;
    expect(store.populations.size).toBeGreaterThanOrEqual(3);
    const depth = (gid: string): number => Math.max(0, ...[...store.groups.get(gid)!.parents].map((p) => 1 + depth(p)));
    expect(Math.max(...[...store.groups.keys()].map(depth))).toBe(2);
    const users = [...store.users.values()];
    expect(users.some((u) => !u.enabled)).toBe(true);
    expect(users.some((u) => u.accountStatus === 'LOCKED')).toBe(true);
    expect(users.some((u) => u.lifecycleStatus === 'VERIFICATION_REQUIRED')).toBe(true);
    expect([...store.roles.values()].map((r) => r.name).sort()).toEqual(STANDARD_ROLES.map((r) => r.name).sort());
    const scopes = new Set([...store.roleAssignments.values()].map((a) => a.scope.type));
    expect([...scopes].sort()).toEqual(['APPLICATION', 'ENVIRONMENT', 'ORGANIZATION', 'POPULATION']);
  });

  it('issues tokens for valid client credentials only (Basic or form), with the scopes granted, and expires them', async () => {
    const s = await new PingOneSimulator({ seed: 2, users: 5, tokenTtlSeconds: 1, scopes: ['p1:read:user'] }).start();
    try {
      const ok = await getToken(s);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 1, scope: 'p1:read:user' });
      const form = await getToken(s, '', `grant_type=client_credentials&client_id=${DEFAULT_CLIENT.id}&client_secret=${DEFAULT_CLIENT.secret}`);
      expect(form.status).toBe(200);
      expect((await getToken(s, `Basic ${Buffer.from(`${DEFAULT_CLIENT.id}:wrong`).toString('base64')}`)).body.error).toBe('invalid_client');
      expect((await getToken(s, undefined, 'grant_type=password')).body.error).toBe('unsupported_grant_type');
      const bearer = ok.body.access_token as string;
      const get = (path: string) => fetch(`${s.apiUrl}/environments/${s.store.environmentId}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      expect((await get('/users')).status).toBe(200);
      const denied = await get('/groups');
      expect(denied.status).toBe(403);
      expect(((await denied.json()) as { details: { code: string }[] }).details[0]!.code).toBe('INSUFFICIENT_PERMISSIONS');
      await new Promise((r) => setTimeout(r, 1100));
      const expired = await get('/users');
      expect(expired.status).toBe(401);
    } finally {
      await s.close();
    }
  });

  it('answers 429 REQUEST_LIMITED with Retry-After past the rate limit', async () => {
    const s = await new PingOneSimulator({ seed: 2, users: 5, rateLimit: 3, rateWindowSeconds: 2 }).start();
    try {
      const bearer = (await getToken(s)).body.access_token as string;
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${s.apiUrl}/roles`, { headers: { authorization: `Bearer ${bearer}` } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await last!.json()) as { code: string; details: { code: string }[] };
      // The body's shape is checked against the platform spec where the specs are present.
      if (specs.available) expect(validationErrors(platform.schemaValidator('com.pingidentity.ApiErrorResponse.429'), body)).toEqual([]);
      expect(body.code).toBe('REQUEST_LIMITED');
      expect(body.details[0]!.code).toBe('LIMIT_EXCEEDED');
    } finally {
      await s.close();
    }
  });

  it('keeps population groups to their population and refuses duplicate role assignments', async () => {
    const { store } = sim;
    const popGroup = [...store.groups.values()].find((g) => g.populationId)!;
    const outsider = [...store.users.values()].find((u) => u.populationId !== popGroup.populationId)!;
    const res = await call('POST', `${env()}/users/${outsider.id}/memberOfGroups`, { id: popGroup.id });
    expect(res.status).toBe(400);
    expect(res.body.details[0]!.code).toBe('CONSTRAINT_VIOLATION');
    const a = [...store.roleAssignments.values()].find((x) => x.principal.type === 'user')!;
    const dup = await call('POST', `${env()}/users/${a.principal.id}/roleAssignments`, { role: { id: a.roleId }, scope: a.scope });
    expect(dup.status).toBe(400);
    const orgAdmin = store.roleByName('Organization Admin')!;
    const wrongScope = await call('POST', `${env()}/users/${outsider.id}/roleAssignments`, { role: { id: orgAdmin.id }, scope: { type: 'ENVIRONMENT', id: store.environmentId } });
    expect(wrongScope.status).toBe(400);
    expect(wrongScope.body.details[0]!.target).toBe('scope.type');
  });
});
