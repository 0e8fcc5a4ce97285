/**
 * The Panther simulator against the facts of api-facts §D (Panther publishes no spec that may be
 * copied here): the GraphQL API and its permissions, REST pages of 60, and SCIM with each of
 * Panther's limits, PUT and PATCH as Okta sends them (../shared/specs/okta/docs-scim-20.md).
 */
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PantherSimulator, SDL } from '../src/simulator/index.js';

let sim: PantherSimulator;
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read by tests
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function http(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Body };
}
const gql = (query: string, variables?: Record<string, unknown>, key = sim.token.key) => http('POST', '/public/graphql', { body: { query, variables }, headers: { 'x-api-key': key } });
const scim = (method: string, path: string, body?: unknown, token = sim.token.key) =>
  http(method, `/scim/v2${path}`, { body, headers: { authorization: `Bearer ${token}`, 'user-agent': 'Okta SCIM Client 1.0.0' } });
const rest = (path: string) => http('GET', path, { headers: { 'x-api-key': sim.token.key } });

beforeAll(async () => {
  sim = await new PantherSimulator({ seed: 8, users: 130 }).start();
});
afterAll(() => sim.close());

describe('Panther simulator: GraphQL', () => {
  it('parses as a valid schema with the types and fields the facts list', () => {
    const schema = buildSchema(SDL);
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['users', 'userById', 'userByEmail', 'roles', 'roleById', 'roleByName']));
    expect(Object.keys(schema.getMutationType()!.getFields())).toEqual(expect.arrayContaining(['inviteUser', 'updateUser', 'deleteUser', 'createRole', 'updateRole', 'deleteRole']));
  });

  it('lists every user with their role in one unpaged query', async () => {
    const res = await gql('{ users { id email givenName familyName enabled status lastLoggedInAt role { id name } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.users).toHaveLength(130);
    const statuses = new Set(res.body.data.users.map((u: Body) => u.status));
    expect([...statuses].sort()).toEqual(['CONFIRMED', 'EXTERNAL_PROVIDER', 'FORCE_CHANGE_PASSWORD']);
    expect(res.body.data.users.some((u: Body) => !u.enabled)).toBe(true);
  });

  it('refuses an unknown token with the gateway\'s top-level message, and a missing permission with a GraphQL error', async () => {
    const bad = await gql('{ users { id } }', undefined, 'nope');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ message: 'Unauthorized' });
    const ci = [...sim.store.tokens.values()].find((t) => t.name === 'Detections CI')!;
    const denied = await gql('{ users { id } }', undefined, ci.key);
    expect(denied.status).toBe(200);
    expect(denied.body.data).toBeNull();
    expect(denied.body.errors[0].message).toContain('UserRead');
    expect(denied.body.errors[0].path).toEqual(['users']);
  });

  it('invites, updates and deletes users; an unknown role or a taken email changes nothing', async () => {
    const role = (await gql('{ roleByName(name: "Analyst") { id } }')).body.data.roleByName;
    const invite = 'mutation($i: InviteUserInput!) { inviteUser(input: $i) { user { id status enabled role { name } } } }';
    const created = await gql(invite, { i: { email: 'gql.user@acme.example', givenName: 'Gql', familyName: 'User', role: { kind: 'ID', value: role.id } } });
    expect(created.body.data.inviteUser.user).toMatchObject({ status: 'FORCE_CHANGE_PASSWORD', enabled: true, role: { name: 'Analyst' } });
    const again = await gql(invite, { i: { email: 'gql.user@acme.example', givenName: 'Gql', familyName: 'User', role: { kind: 'NAME', value: 'Analyst' } } });
    expect(again.body.errors[0].extensions.code).toBe('AlreadyExists');
    const id = created.body.data.inviteUser.user.id;
    const update = 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { givenName role { name } } } }';
    const refused = await gql(update, { i: { id, givenName: 'Changed', role: { kind: 'NAME', value: 'No Such Role' } } });
    expect(refused.body.errors[0].extensions.code).toBe('NotFound');
    expect(sim.store.users.get(id)!.givenName).toBe('Gql');
    expect((await gql(update, { i: { id, role: { kind: 'NAME', value: 'Admin' } } })).body.data.updateUser.user.role.name).toBe('Admin');
    expect((await gql('mutation($i: DeleteUserInput!) { deleteUser(input: $i) { id } }', { i: { id } })).body.data.deleteUser.id).toBe(id);
    expect((await gql('query($id: ID!) { userById(id: $id) { id } }', { id })).body.errors[0].extensions.code).toBe('NotFound');
  });

  it('creates, renames and deletes roles; a role someone holds cannot be deleted', async () => {
    const create = 'mutation($i: CreateRoleInput!) { createRole(input: $i) { role { id name permissions logTypeAccessKind } } }';
    const created = await gql(create, { i: { name: 'Auditor', permissions: ['AlertRead', 'UserRead'] } });
    expect(created.body.data.createRole.role).toMatchObject({ name: 'Auditor', permissions: ['AlertRead', 'UserRead'], logTypeAccessKind: 'ALLOW_ALL' });
    expect((await gql(create, { i: { name: 'Auditor', permissions: [] } })).body.errors[0].extensions.code).toBe('AlreadyExists');
    const id = created.body.data.createRole.role.id;
    const renamed = await gql('mutation($i: UpdateRoleInput!) { updateRole(input: $i) { role { name } } }', { i: { id, name: 'Auditors' } });
    expect(renamed.body.data.updateRole.role.name).toBe('Auditors');
    const admin = sim.store.roleByName('Admin')!;
    const inUse = await gql('mutation($i: DeleteRoleInput!) { deleteRole(input: $i) { id } }', { i: { id: admin.id } });
    expect(inUse.body.errors[0]).toMatchObject({ extensions: { code: 'InvalidInput' }, message: expect.stringContaining('held by') });
    expect((await gql('mutation($i: DeleteRoleInput!) { deleteRole(input: $i) { id } }', { i: { id } })).body.data.deleteRole.id).toBe(id);
    const tokens = await gql('{ apiTokens { name permissions createdBy { __typename ... on User { email } } } }');
    expect(tokens.body.data.apiTokens.map((t: Body) => t.name)).toContain('Okta SCIM');
  });

  it('answers a document that does not validate with 400', async () => {
    const res = await gql('{ users { noSuchField } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toContain('noSuchField');
  });
});

describe('Panther simulator: REST', () => {
  it('pages users 60 at a time with an opaque cursor and refuses a larger limit', async () => {
    const seen: string[] = [];
    let path: string | null = '/users';
    while (path) {
      const res = await rest(path);
      expect(res.status).toBe(200);
      expect(res.body.results.length).toBeLessThanOrEqual(60);
      seen.push(...res.body.results.map((u: Body) => u.id));
      path = res.body.next ? `/users?cursor=${res.body.next}` : null;
    }
    expect(new Set(seen).size).toBe(sim.store.users.size);
    expect((await rest('/users?limit=61')).status).toBe(400);
    const roles = await rest('/roles?name=Admin');
    expect(roles.body.results.map((r: Body) => r.name)).toEqual(['Admin']);
  });

  it('lists roles as Panther\'s own clients ask for them (limit=100, up to 1000)', async () => {
    const hundred = await rest('/roles?limit=100');
    expect(hundred.status).toBe(200);
    expect(hundred.body.results.length).toBe(sim.store.roles.size);
    expect((await rest('/roles?limit=1000')).status).toBe(200);
    expect((await rest('/roles?limit=1001')).status).toBe(400);
  });
});

describe('Panther simulator: SCIM with Panther\'s limits', () => {
  const user = () => [...sim.store.users.values()].find((u) => u.enabled && u.status === 'EXTERNAL_PROVIDER')!;

  it('finds users with an eq filter as Okta does, and pages with startIndex and count', async () => {
    const u = user();
    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${u.email.toUpperCase()}"`)}&startIndex=1&count=100`);
    expect(found.status).toBe(200);
    expect(found.headers.get('content-type')).toContain('application/scim+json');
    expect(found.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1 });
    expect(found.body.Resources[0]).toMatchObject({ id: u.id, userName: u.email, active: true, pantherRole: sim.store.role(u.roleId).name });
    const absent = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@acme.example"')}&startIndex=1&count=100`);
    expect(absent.body.totalResults).toBe(0);
    const page = await scim('GET', '/Users?startIndex=101&count=100');
    expect(page.body).toMatchObject({ totalResults: 130, startIndex: 101, itemsPerPage: 30 });
  });

  it('refuses every filter operator but eq with invalidFilter', async () => {
    for (const filter of ['userName sw "a"', 'userName co "acme"', 'userName eq "a" or userName eq "b"', 'userName pr', 'title eq "x"']) {
      const res = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status, filter).toBe(400);
      expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidFilter' });
    }
  });

  it('has no Groups', async () => {
    const res = await scim('GET', '/Groups?startIndex=1&count=100');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404', detail: expect.stringContaining('Groups') });
  });

  it('creates no users: they appear at their first SSO login', async () => {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'jit@acme.example', name: { givenName: 'Jit', familyName: 'User' }, emails: [{ value: 'jit@acme.example', primary: true, type: 'work' }], active: true };
    const refused = await scim('POST', '/Users', body);
    expect(refused.status).toBe(501);
    expect(refused.body).toMatchObject({ schemas: [SCIM_ERROR], status: '501' });
    expect(sim.store.userByEmail('jit@acme.example')).toBeUndefined();
    const login = await http('POST', '/__sim/sso-login', { body: { email: 'jit@acme.example', givenName: 'Jit', familyName: 'User' } });
    expect(login.status).toBe(200);
    const jit = sim.store.userByEmail('jit@acme.example')!;
    expect(jit).toMatchObject({ status: 'EXTERNAL_PROVIDER', enabled: true });
    expect(jit.lastLoggedInAt).not.toBeNull();
    expect((await scim('GET', `/Users/${jit.id}`)).body.userName).toBe('jit@acme.example');
  });

  it('never deletes: DELETE is refused and the user stays', async () => {
    const u = user();
    const res = await scim('DELETE', `/Users/${u.id}`);
    expect(res.status).toBe(501);
    expect(res.body.detail).toContain('active');
    expect(sim.store.users.has(u.id)).toBe(true);
  });

  it('deactivates and reactivates with PATCH replace without a path, as Okta sends it', async () => {
    const u = user();
    const off = await scim('PATCH', `/Users/${u.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(sim.store.users.get(u.id)!.enabled).toBe(false);
    const on = await scim('PATCH', `/Users/${u.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(on.body.active).toBe(true);
  });

  it('updates given name, family name, email and pantherRole with PUT (the full user) and PATCH (with a path, also in the core namespace)', async () => {
    const u = user();
    const current = (await scim('GET', `/Users/${u.id}`)).body;
    const put = await scim('PUT', `/Users/${u.id}`, { ...current, name: { givenName: 'Ada', familyName: 'Byron' }, userName: 'ada.byron@acme.example', emails: [{ value: 'ada.byron@acme.example', primary: true, type: 'work' }], pantherRole: 'Admin' });
    expect(put.status).toBe(200);
    expect(sim.store.users.get(u.id)).toMatchObject({ givenName: 'Ada', familyName: 'Byron', email: 'ada.byron@acme.example', roleId: sim.store.roleByName('Admin')!.id });
    const patch = await scim('PATCH', `/Users/${u.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'name.familyName', value: 'Lovelace' },
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:pantherRole', value: 'Analyst' },
      ],
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ name: { familyName: 'Lovelace' }, pantherRole: 'Analyst' });
  });

  it('refuses a role name that is not a role, and changes nothing of that request', async () => {
    const u = user();
    const before = { ...sim.store.users.get(u.id)! };
    const res = await scim('PATCH', `/Users/${u.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'name.givenName', value: 'Changed' },
        { op: 'replace', path: 'pantherRole', value: 'Superuser' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidValue', detail: expect.stringContaining('Superuser') });
    expect(sim.store.users.get(u.id)).toEqual(before);
    const put = await scim('PUT', `/Users/${u.id}`, { ...(await scim('GET', `/Users/${u.id}`)).body, name: { givenName: 'Changed', familyName: 'X' }, pantherRole: 'Nope' });
    expect(put.status).toBe(400);
    expect(sim.store.users.get(u.id)).toEqual(before);
  });

  it('answers every error with a SCIM error body: bad token, unknown user, malformed PATCH', async () => {
    const bad = await scim('GET', '/Users', undefined, 'wrong');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
    const missing = await scim('GET', '/Users/00000000-0000-0000-0000-000000000000');
    expect(missing.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404' });
    const malformed = await scim('PATCH', `/Users/${user().id}`, { Operations: [] });
    expect(malformed.body).toMatchObject({ schemas: [SCIM_ERROR], status: '400', scimType: 'invalidSyntax' });
    const noDiscovery = await scim('GET', '/ServiceProviderConfig');
    expect(noDiscovery.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404' });
  });
});
