/**
 * Gatehouse as a SCIM 2.0 service provider (/scim/v2), driven the way Okta and Entra ID drive it:
 * a userName lookup before each create, path-less PATCHes, capitalised ops and string booleans,
 * group membership PATCHes with value filters that set platform roles; SCIM errors; and the
 * wall between SCIM client tokens and the rest of the API, both ways. SQLite and PostgreSQL.
 */
import { scimConnector } from '@gatehouse/connector-scim';
import { readSynced, syncOnce } from '@gatehouse/sdk/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Scim = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Json; headers: Headers }>;

function scimClient(base: string, auth: { token?: string; cookie?: string }): Scim {
  return async (method, path, body, extra = {}) => {
    const headers: Record<string, string> = { accept: 'application/scim+json', ...extra };
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.cookie) {
      // As the web UI would send it (past the cross-site check): the session itself must not count here.
      headers.cookie = auth.cookie;
      headers.origin = base;
    }
    if (body !== undefined) headers['content-type'] ??= 'application/scim+json';
    const res = await fetch(`${base}/scim/v2${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

async function signIn(base: string, email: string, password: string): Promise<{ status: number; cookie?: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

describe.each(DIALECTS)('SCIM service provider on %s', (dialect) => {
  let t: TestServer;
  let scim: Scim;
  let clientId: string;
  const platformUser = async (id: string) => ((await t.admin('GET', '/users')).body.items as Json[]).find((u) => u.id === id);

  beforeAll(async () => {
    t = await startTestServer(dialect);
    const created = await t.admin('POST', '/scim-clients', { name: 'Okta' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^ghscim_/);
    clientId = created.body.id;
    scim = scimClient(t.server.url, { token: created.body.token });
    const map = await t.admin('PUT', '/scim-role-map', { entries: [{ group: 'gatehouse-admins', role: 'super_admin' }, { group: 'gatehouse-auditors', role: 'read_only' }] });
    expect(map.status).toBe(200);
  });
  afterAll(() => t?.stop());

  it('describes itself: ServiceProviderConfig, ResourceTypes, Schemas, as application/scim+json', async () => {
    const spc = await scim('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(spc.body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, sort: { supported: true }, etag: { supported: true }, bulk: { supported: false } });
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: Json) => r.id)).toEqual(['User', 'Group']);
    expect(types.body.Resources[0].schemaExtensions).toEqual([{ schema: ENT, required: false }]);
    const schemas = await scim('GET', '/Schemas');
    expect(schemas.body.Resources.map((s: Json) => s.id)).toEqual([USER, GROUP, ENT]);
    expect((await scim('GET', `/Schemas/${ENT}`)).body.attributes.map((a: Json) => a.name)).toContain('manager');
    expect((await scim('GET', '/Schemas/urn:nope')).status).toBe(404);
  });

  it('Okta: looks the user up by userName, creates them, and deactivating them ends their session and their sign-in', async () => {
    const lookup = await scim('GET', `/Users?${q('userName eq "dana.okta@example.com"')}&startIndex=1&count=100`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'dana.okta@example.com',
      name: { givenName: 'Dana', familyName: 'Okta' },
      emails: [{ primary: true, value: 'dana.okta@example.com', type: 'work' }],
      displayName: 'Dana Okta',
      locale: 'en-US',
      externalId: '00u1abcd',
      groups: [],
      password: 'ignored-by-gatehouse',
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`${t.server.url}/scim/v2/Users/${id}`);
    expect(created.body.meta).toMatchObject({ resourceType: 'User', location: `${t.server.url}/scim/v2/Users/${id}` });
    expect(created.body.meta.version).toMatch(/^W\/".+"$/);
    expect(created.headers.get('etag')).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({ userName: 'dana.okta@example.com', active: true, externalId: '00u1abcd', name: { givenName: 'Dana', familyName: 'Okta' } });
    expect(created.body.password).toBeUndefined();
    expect(await platformUser(id)).toMatchObject({ email: 'dana.okta@example.com', name: 'Dana Okta', role: 'basic_user', disabled: false });
    // The lookup finds them now, whatever the case.
    expect((await scim('GET', `/Users?${q('userName eq "DANA.OKTA@example.com"')}`)).body.Resources.map((u: Json) => u.id)).toEqual([id]);

    // They sign in (an administrator gave them a password), then Okta deactivates them.
    expect((await t.admin('PATCH', `/users/${id}`, { password: 'a long enough password' })).status).toBe(200);
    const session = await signIn(t.server.url, 'dana.okta@example.com', 'a long enough password');
    expect(session.status).toBe(200);
    const theirs = client(t.server.url, { cookie: session.cookie });
    expect((await theirs('GET', '/auth/me')).status).toBe(200);
    const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(off.body.meta.version).not.toBe(created.body.meta.version);
    expect((await platformUser(id)).disabled).toBe(true);
    expect((await theirs('GET', '/auth/me')).status).toBe(401);
    expect((await signIn(t.server.url, 'dana.okta@example.com', 'a long enough password')).status).toBe(401);
    // Reactivated, they may sign in again.
    const on = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(on.body.active).toBe(true);
    expect((await signIn(t.server.url, 'dana.okta@example.com', 'a long enough password')).status).toBe(200);

    // Every change is in the audit log, by the SCIM client.
    const events = await t.admin('GET', `/audit?actorId=${clientId}&limit=50`);
    const mine = (events.body.items as Json[]).filter((e) => e.target.id === id);
    expect(mine.map((e) => e.action).sort()).toEqual(['scim.user.create', 'scim.user.patch', 'scim.user.patch']);
    expect(mine.every((e) => e.actor.type === 'scim_client' && e.actor.id === clientId)).toBe(true);
    expect(JSON.stringify(events.body)).not.toContain('ignored-by-gatehouse');
  });

  it('Entra ID: string booleans, capitalised ops, the enterprise extension', async () => {
    const created = await scim('POST', '/Users', {
      schemas: [USER, ENT],
      externalId: 'e-1',
      userName: 'Erin.Entra@Example.com',
      active: 'True',
      emails: [{ primary: true, type: 'work', value: 'Erin.Entra@Example.com' }],
      name: { formatted: 'Erin Entra', familyName: 'Entra', givenName: 'Erin' },
      [ENT]: { employeeNumber: '1001', department: 'Finance', manager: { value: 'm-1' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.active).toBe(true);
    expect(created.body.userName).toBe('Erin.Entra@Example.com');
    expect(created.body.schemas).toEqual([USER, ENT]);
    expect(created.body[ENT]).toEqual({ employeeNumber: '1001', department: 'Finance', manager: { value: 'm-1' } });
    expect((await platformUser(id)).email).toBe('erin.entra@example.com');

    const patched = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'Erina' },
        { op: 'Replace', path: `${ENT}:department`, value: 'Treasury' },
        { op: 'Add', path: `${ENT}:manager`, value: 'm-2' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'erina.entra@example.com' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, name: { givenName: 'Erina', familyName: 'Entra' }, [ENT]: { department: 'Treasury', employeeNumber: '1001', manager: { value: 'm-2' } } });
    expect((await platformUser(id)).disabled).toBe(true);
    // Filters reach the extension and complex attributes.
    const found = await scim('GET', `/Users?${q(`${ENT}:department eq "treasury" and emails[type eq "work" and value sw "erina"]`)}`);
    expect(found.body.Resources.map((u: Json) => u.id)).toEqual([id]);
    expect((await scim('GET', `/Users?${q('active eq false and userName co "entra"')}`)).body.totalResults).toBe(1);
  });

  it('groups: membership PATCHes with value filters set the mapped platform role (highest wins)', async () => {
    const u = (await scim('POST', '/Users', { schemas: [USER], userName: 'gail@example.com', active: true })).body;
    const admins = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'gatehouse-admins', externalId: 'g-admins', members: [] });
    expect(admins.status).toBe(201);
    const auditors = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'gatehouse-auditors', members: [{ value: u.id }] })).body;
    expect((await platformUser(u.id)).role).toBe('read_only');

    // Entra adds a member with a capitalised op.
    const add = await scim('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: u.id }] }] });
    expect(add.status).toBe(200);
    expect(add.body.members).toEqual([{ value: u.id, display: 'gail@example.com', $ref: `${t.server.url}/scim/v2/Users/${u.id}`, type: 'User' }]);
    expect(add.body.meta.version).not.toBe(admins.body.meta.version);
    expect((await platformUser(u.id)).role).toBe('super_admin');
    const withGroups = (await scim('GET', `/Users/${u.id}`)).body;
    expect(withGroups.groups.map((g: Json) => g.display).sort()).toEqual(['gatehouse-admins', 'gatehouse-auditors']);

    // Entra finds the group by name without its members.
    const byName = await scim('GET', `/Groups?${q('displayName eq "Gatehouse-Admins"')}&excludedAttributes=members`);
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0].members).toBeUndefined();
    expect(byName.body.Resources[0].displayName).toBe('gatehouse-admins');

    // Okta removes the member by a value filter: the next highest role.
    const removed = await scim('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${u.id}"]` }] });
    expect(removed.status).toBe(200);
    expect(removed.body.members).toEqual([]);
    expect((await platformUser(u.id)).role).toBe('read_only');
    // Entra removes by naming the member in the value: no mapped group left, back to basic_user.
    await scim('PATCH', `/Groups/${auditors.id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: u.id }] }] });
    expect((await platformUser(u.id)).role).toBe('basic_user');

    // Okta renames a group with a path-less replace (its id in the value); a renamed mapped group stops mapping.
    await scim('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: u.id }] }] });
    expect((await platformUser(u.id)).role).toBe('super_admin');
    const renamed = await scim('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: admins.body.id, displayName: 'former-admins' } }] });
    expect(renamed.body.displayName).toBe('former-admins');
    expect((await platformUser(u.id)).role).toBe('basic_user');
    // A member who is no User is refused; deleting a group is final.
    expect((await scim('PATCH', `/Groups/${admins.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }] })).body.scimType).toBe('invalidValue');
    expect((await scim('DELETE', `/Groups/${admins.body.id}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${admins.body.id}`)).status).toBe(404);
    const events = (await t.admin('GET', `/audit?targetId=${u.id}&action=scim.user.role&limit=20`)).body.items as Json[];
    expect(events.length).toBeGreaterThanOrEqual(5);
    expect(events.every((e) => e.actor.type === 'scim_client')).toBe(true);
  });

  it('creates many users at once that share values nobody had (each path keeps a value once, found by co)', async () => {
    // 24 creates in parallel, each with new department, given and family name shared with others,
    // listed in different orders: every create lands (no deadlock between writers adding the same
    // new values), and the values are found by a substring afterwards.
    const words = ['Quokka', 'Narwhal', 'Axolotl', 'Pangolin'];
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        scim('POST', '/Users', {
          schemas: [USER, ENT],
          userName: `burst${i}@example.com`,
          name: { givenName: words[(i + 1) % 4], familyName: words[i % 4] },
          displayName: `${words[(i + 1) % 4]} ${words[i % 4]}`,
          emails: [{ value: `burst${i}@example.com`, type: 'work' }],
          [ENT]: { department: words[(i + 3) % 4] },
        }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
    const found = await scim('GET', `/Users?${q('name.familyName co "xolo"')}&count=100`);
    expect(found.body.totalResults).toBe(6);
    const byDepartment = await scim('GET', `/Users?${q(`${ENT}:department ew "WHAL"`)}&count=100`);
    expect(byDepartment.body.totalResults).toBe(6);
    expect(byDepartment.body.Resources.every((u: Json) => u[ENT].department === 'Narwhal')).toBe(true);
  });

  it('lists: paging, sorting, attributes and excludedAttributes', async () => {
    for (const n of ['list-c', 'list-a', 'list-b']) await scim('POST', '/Users', { schemas: [USER], userName: `${n}@example.com`, title: n === 'list-a' ? 'Boss' : undefined });
    const sorted = await scim('GET', `/Users?${q('userName sw "list-"')}&sortBy=userName&sortOrder=descending`);
    expect(sorted.body.Resources.map((u: Json) => u.userName)).toEqual(['list-c@example.com', 'list-b@example.com', 'list-a@example.com']);
    const page = await scim('GET', `/Users?${q('userName sw "list-"')}&sortBy=userName&startIndex=2&count=1`);
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources[0].userName).toBe('list-b@example.com');
    const only = await scim('GET', `/Users?${q('userName eq "list-a@example.com"')}&attributes=userName,title`);
    expect(Object.keys(only.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'title', 'userName']);
    const without = await scim('GET', `/Users?${q('title pr and not (userName ew ".org")')}&excludedAttributes=emails,meta`);
    expect(without.body.Resources.map((u: Json) => u.userName)).toEqual(['list-a@example.com']);
    expect(without.body.Resources[0].emails).toBeUndefined();
    expect(without.body.Resources[0].meta).toBeUndefined();
    const search = await scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "list-"', sortBy: 'userName', attributes: ['userName'], count: 2 });
    expect(search.body.Resources.map((u: Json) => u.userName)).toEqual(['list-a@example.com', 'list-b@example.com']);
  });

  it('PUT replaces, with a new version; a stale If-Match is refused; DELETE hides the user and frees the userName', async () => {
    const created = (await scim('POST', '/Users', { schemas: [USER], userName: 'pat@example.com', title: 'Engineer', emails: [{ value: 'pat@example.com', primary: true }] })).body;
    const put = await scim('PUT', `/Users/${created.id}`, { schemas: [USER], userName: 'pat@example.com', displayName: 'Pat Put', active: true });
    expect(put.status).toBe(200);
    expect(put.body.title).toBeUndefined();
    expect(put.body.displayName).toBe('Pat Put');
    expect(put.body.meta.version).not.toBe(created.meta.version);
    expect((await platformUser(created.id)).name).toBe('Pat Put');
    const stale = await scim('PUT', `/Users/${created.id}`, { schemas: [USER], userName: 'pat@example.com' }, { 'if-match': created.meta.version });
    expect(stale.status).toBe(412);
    expect((await scim('GET', `/Users/${created.id}`, undefined, { 'if-none-match': put.body.meta.version })).status).toBe(304);

    expect((await scim('DELETE', `/Users/${created.id}`)).status).toBe(204);
    const gone = await scim('GET', `/Users/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect((await platformUser(created.id)).disabled).toBe(true);
    // Provisioned again, the same platform user comes back.
    const again = await scim('POST', '/Users', { schemas: [USER], userName: 'Pat@example.com' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(created.id);
    expect((await platformUser(created.id)).disabled).toBe(false);
  });

  it('answers errors as SCIM errors: 409 uniqueness, 404, 400 invalidFilter / invalidSyntax / invalidPath / invalidValue', async () => {
    const first = await scim('POST', '/Users', { schemas: [USER], userName: 'unique.one@example.com' });
    expect(first.status).toBe(201);
    const dup = await scim('POST', '/Users', { schemas: [USER], userName: 'UNIQUE.ONE@example.com' });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(dup.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    // Two creates of one userName at once (an IdP retrying): one is created, the other told it exists.
    const both = await Promise.all([0, 1].map(() => scim('POST', '/Users', { schemas: [USER], userName: 'twice@example.com' })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.scimType).toBe('uniqueness');
    // The first admin (made in Gatehouse) is a SCIM User too: their email is taken.
    expect((await scim('POST', '/Users', { schemas: [USER], userName: 'admin@example.com' })).body.scimType).toBe('uniqueness');
    const other = (await scim('POST', '/Users', { schemas: [USER], userName: 'unique.two@example.com' })).body;
    expect((await scim('PATCH', `/Users/${other.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: 'Unique.One@example.com' }] })).body.scimType).toBe('uniqueness');

    const missing = await scim('GET', '/Users/no-such-id');
    expect(missing).toMatchObject({ status: 404, body: { schemas: [ERROR], status: '404' } });
    expect((await scim('PATCH', '/Groups/no-such-id', { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] })).status).toBe(404);
    expect((await scim('DELETE', '/Users/no-such-id')).status).toBe(404);
    expect((await scim('GET', '/Nothing')).body).toMatchObject({ schemas: [ERROR], status: '404' });

    const badFilter = await scim('GET', `/Users?${q('userName eq')}`);
    expect(badFilter).toMatchObject({ status: 400, body: { schemas: [ERROR], status: '400', scimType: 'invalidFilter' } });
    expect((await scim('GET', `/Groups?${q('displayName xx "a"')}`)).body.scimType).toBe('invalidFilter');
    expect((await scim('GET', `/Users?${q('userName pr')}&${q('title pr')}`)).body.scimType).toBe('invalidFilter');
    expect((await scim('GET', `/Users?${q('userName eq "unique.one@example.com"')}&attributes=userName&attributes=active`)).body.Resources[0]).toEqual({ schemas: [USER], id: first.body.id, userName: 'unique.one@example.com', active: true });
    expect((await scim('POST', '/Users', '{"userName": ')).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await scim('PATCH', `/Users/${other.id}`, { schemas: [PATCH], Operations: [{ op: 'jump', path: 'title', value: 'x' }] })).body.scimType).toBe('invalidSyntax');
    expect((await scim('PATCH', `/Users/${other.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'shoeSize', value: 44 }] })).body.scimType).toBe('invalidPath');
    expect((await scim('PATCH', `/Users/${other.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'emails[type eq ]' }] })).body.scimType).toBe('invalidPath');
    expect((await scim('PATCH', `/Users/${other.id}`, { schemas: [PATCH], Operations: [{ op: 'remove' }] })).body.scimType).toBe('noTarget');
    expect((await scim('PUT', `/Users/${other.id}`, { schemas: [USER], displayName: 'no userName' })).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    // Odd bodies are SCIM errors, never a 500.
    const odd = ['null', '[]', '"x"', '42', '{"Operations":{}}', '{"Operations":[null]}', '{"Operations":[{"op":"add","path":42}]}', '{"Operations":[{"op":"add","path":"emails","value":"x"}]}', '{"userName":{"a":1}}', '{"userName":"x@example.com","emails":"x"}', '{"userName":"x@example.com","name":"x"}', '{"userName":"x@example.com","active":"yes"}', '{"displayName":"g","members":[{"value":1}]}', '{"displayName":"g","members":"x"}', '{"Operations":[{"op":"replace","path":"emails[value eq \\"a\\"]","value":"x"}]}'];
    for (const raw of odd) {
      for (const [method, path] of [['POST', '/Users'], ['PUT', `/Users/${other.id}`], ['PATCH', `/Users/${other.id}`], ['POST', '/Groups'], ['POST', '/Users/.search']] as const) {
        const res = await scim(method, path, raw);
        expect(res.status, `${method} ${path} ${raw}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.schemas, `${method} ${path} ${raw}`).toEqual([ERROR]);
      }
    }
    // Nothing of the refused changes stuck.
    expect((await scim('GET', `/Users/${other.id}`)).body.userName).toBe('unique.two@example.com');
  });

  it('a SCIM token reaches /scim/v2 only; API tokens and sessions do not reach /scim/v2', async () => {
    const token = (await t.admin('POST', '/tokens', { name: 'api' })).body.token as string;
    const scimCreated = await t.admin('POST', '/scim-clients', { name: 'Entra' });
    const scimToken = scimCreated.body.token as string;
    // SCIM token → /api/v1: refused.
    const asScim = client(t.server.url, { token: scimToken });
    expect((await asScim('GET', '/users')).status).toBe(401);
    expect((await asScim('GET', '/auth/me')).status).toBe(401);
    // API token, session, nothing, a wrong token → /scim/v2: refused, as SCIM errors.
    const admin = await signIn(t.server.url, 'admin@example.com', 'correct horse battery staple');
    for (const caller of [scimClient(t.server.url, { token }), scimClient(t.server.url, { cookie: admin.cookie }), scimClient(t.server.url, {}), scimClient(t.server.url, { token: 'ghscim_wrong' })]) {
      for (const [method, path] of [['GET', '/Users'], ['GET', '/ServiceProviderConfig'], ['POST', '/Users'], ['GET', '/Nothing']] as const) {
        const res = await caller(method, path, method === 'POST' ? { userName: 'intruder@example.com' } : undefined);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    expect((await scim('GET', `/Users?${q('userName eq "intruder@example.com"')}`)).body.totalResults).toBe(0);
    // Only user managers manage SCIM clients.
    const campaignAdmin = await t.userWithRole('campaign_admin');
    expect((await campaignAdmin.api('GET', '/scim-clients')).status).toBe(403);
    expect((await campaignAdmin.api('POST', '/scim-clients', { name: 'x' })).status).toBe(403);

    // Rotation: the old token stops, the new one works; the list shows the last use; deletion stops it.
    const entra = scimClient(t.server.url, { token: scimToken });
    expect((await entra('GET', '/Users?count=1')).status).toBe(200);
    const listed = (await t.admin('GET', '/scim-clients')).body.items.find((c: Json) => c.id === scimCreated.body.id);
    expect(listed).toMatchObject({ name: 'Entra', rotatedAt: null });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.token).toBeUndefined();
    const rotated = await t.admin('POST', `/scim-clients/${scimCreated.body.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect((await entra('GET', '/Users?count=1')).status).toBe(401);
    const renewed = scimClient(t.server.url, { token: rotated.body.token });
    expect((await renewed('GET', '/Users?count=1')).status).toBe(200);
    expect((await t.admin('DELETE', `/scim-clients/${scimCreated.body.id}`)).status).toBe(204);
    expect((await renewed('GET', '/Users?count=1')).status).toBe(401);
    expect((await t.admin('POST', `/scim-clients/${scimCreated.body.id}/rotate`)).status).toBe(404);
    const actions = ((await t.admin('GET', `/audit?targetId=${scimCreated.body.id}`)).body.items as Json[]).map((e) => e.action).sort();
    expect(actions).toEqual(['scim_client.create', 'scim_client.delete', 'scim_client.rotate']);
  });
});

describe('the SCIM role map from GATEHOUSE_SCIM_ROLE_MAP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { env: { GATEHOUSE_SCIM_ROLE_MAP: 'gatehouse-admins=super_admin, Gatehouse Readers=read_only' } });
  });
  afterAll(() => t?.stop());

  it('is shown, cannot be changed through the API, and maps groups', async () => {
    expect((await t.admin('GET', '/scim-role-map')).body).toEqual({ source: 'environment', entries: [{ group: 'gatehouse-admins', role: 'super_admin' }, { group: 'Gatehouse Readers', role: 'read_only' }] });
    expect((await t.admin('PUT', '/scim-role-map', { entries: [] })).status).toBe(409);
    const scim = scimClient(t.server.url, { token: (await t.admin('POST', '/scim-clients', { name: 'Okta' })).body.token });
    const u = (await scim('POST', '/Users', { schemas: [USER], userName: 'rita@example.com' })).body;
    await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'gatehouse readers', members: [{ value: u.id }] });
    expect(((await t.admin('GET', '/users')).body.items as Json[]).find((x) => x.id === u.id).role).toBe('read_only');
  });

  it('never deactivates, deletes or demotes the last enabled Super Administrator', async () => {
    const scim = scimClient(t.server.url, { token: (await t.admin('POST', '/scim-clients', { name: 'Entra' })).body.token });
    const admin = (await scim('GET', `/Users?${q('userName eq "admin@example.com"')}`)).body.Resources[0];
    const off = await scim('PATCH', `/Users/${admin.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(off.status).toBe(403);
    expect(off.body).toMatchObject({ schemas: [ERROR], status: '403' });
    expect((await scim('DELETE', `/Users/${admin.id}`)).status).toBe(403);
    // In a group mapped to a lower role, the admin would be demoted: refused too.
    const groupsBefore = (await scim('GET', '/Groups')).body.totalResults;
    const readers = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Gatehouse Readers', members: [{ value: admin.id }] });
    expect(readers.status).toBe(403);
    expect((await scim('GET', '/Groups')).body.totalResults).toBe(groupsBefore);
    expect((await t.admin('GET', '/auth/me')).body).toMatchObject({ role: 'super_admin', disabled: false });
    // With a second Super Administrator, the first may go.
    await t.userWithRole('super_admin');
    expect((await scim('PATCH', `/Users/${admin.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] })).body.active).toBe(false);
  });

  it('refuses an unknown role at start', async () => {
    const { configFromEnv } = await import('../src/index.js');
    expect(() => configFromEnv({ GATEHOUSE_SCIM_ROLE_MAP: 'admins=root' })).toThrow(/not a role/);
  });
});

/** Interoperability: Gatehouse's own SCIM connector (connectors/scim, a SCIM client) syncs this endpoint. */
describe('the SCIM connector reads Gatehouse as a SCIM app', () => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-scim-provider-'));
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discovers it, lists its users and groups, and sees the memberships', async () => {
    const token = (await t.admin('POST', '/scim-clients', { name: 'connector' })).body.token as string;
    const scim = scimClient(t.server.url, { token });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await scim('POST', '/Users', { schemas: [USER], userName: `conn-${i}@example.com`, active: i !== 4 })).body.id);
    const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'engineers', members: ids.slice(0, 3).map((value) => ({ value })) })).body;
    const file = join(dir, 'gatehouse.sync');
    const result = await syncOnce(scimConnector, { baseUrl: `${t.server.url}/scim/v2`, token }, file);
    expect(result.status).toBe('succeeded');
    const synced = readSynced(file);
    // The five and the first admin.
    expect(synced.resources.user).toHaveLength(6);
    expect(synced.resources.group).toHaveLength(1);
    const memberships = synced.grants.filter((g: string) => g.includes(group.id));
    expect(memberships).toHaveLength(3);
    for (const id of ids.slice(0, 3)) expect(memberships.some((g: string) => g.endsWith(id))).toBe(true);
  });
});

/** Scale: an identity provider's first push of a mid-sized company (2,000 users, one group with all of them). SQLite. */
describe('SCIM at 2,000 users', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(() => t?.stop());

  it('keeps userName lookups indexed, scans filters in seconds, and PATCHes a large group by the difference', async () => {
    const N = 2000;
    const at = new Date().toISOString();
    const ids = Array.from({ length: N }, (_, i) => `scale-user-${i}`);
    await t.server.ctx.db.db.transaction().execute(async (tx) => {
      for (let i = 0; i < N; i += 250) {
        const part = ids.slice(i, i + 250);
        await tx.insertInto('platform_users').values(part.map((id, j) => ({ id, email: `scale-${i + j}@example.com`, name: `Scale ${i + j}`, password_hash: null, role: 'basic_user', disabled: 0, created_at: at }))).execute();
        await tx.insertInto('scim_users').values(part.map((id, j) => ({ user_id: id, user_name: `scale-${i + j}@example.com`, user_name_lower: `scale-${i + j}@example.com`, external_id: null, attributes: JSON.stringify({ emails: [{ value: `scale-${i + j}@example.com`, primary: true }] }), role_from_groups: 0, deleted_at: null, created_at: at, updated_at: at }))).execute();
      }
    });
    const scim = scimClient(t.server.url, { token: (await t.admin('POST', '/scim-clients', { name: 'scale' })).body.token });
    const times: Record<string, number> = {};
    const timed = async <T>(what: string, f: () => Promise<T>) => {
      const start = performance.now();
      const out = await f();
      times[what] = Math.round(performance.now() - start);
      return out;
    };
    const one = await timed('userName eq lookup', () => scim('GET', `/Users?${q('userName eq "scale-1999@example.com"')}`));
    expect(one.body.totalResults).toBe(1);
    const scan = await timed('co filter over every user', () => scim('GET', `/Users?${q('userName co "scale-19"')}&count=10&sortBy=userName`));
    expect(scan.body.totalResults).toBe(111);
    const group = await timed(`POST a group of ${N}`, () => scim('POST', '/Groups', { schemas: [GROUP], displayName: 'everyone', members: ids.map((value) => ({ value })) }));
    expect(group.status).toBe(201);
    const newcomer = (await scim('POST', '/Users', { schemas: [USER], userName: 'newcomer@example.com' })).body.id;
    const patch = await timed('PATCH add one member', () => scim('PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: newcomer }] }] }));
    expect(patch.body.members).toHaveLength(N + 1);
    const listed = await timed('GET /Groups without members', () => scim('GET', `/Groups?excludedAttributes=members`));
    expect(listed.body.Resources[0].members).toBeUndefined();
    const removal = await timed('PATCH remove one member by value filter', () => scim('PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${newcomer}"]` }] }));
    expect(removal.body.members).toHaveLength(N);
    // Generous bounds (shared CI cores; here each took 5–350 ms): the lookup IdPs make before every
    // create is indexed, the rest reads the whole set once.
    console.log('SCIM at 2,000 users (ms):', times);
    expect(times['userName eq lookup']).toBeLessThan(1000);
    for (const [what, ms] of Object.entries(times)) expect(ms, what).toBeLessThan(10_000);
  }, 120_000);
});
