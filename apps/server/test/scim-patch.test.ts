/** SCIM PATCH (modules/scim/patch.ts) as a table: RFC 7644 §3.5.2's examples, and what Okta and Entra ID really send. */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../src/modules/scim/errors.js';
import type { Json } from '../src/modules/scim/filter.js';
import { applyPatch } from '../src/modules/scim/patch.js';
import { GROUP_SCHEMA, USER_SCHEMA } from '../src/modules/scim/schemas.js';

type Obj = { [k: string]: Json };
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const body = (...Operations: unknown[]) => ({ schemas: [PATCH], Operations });

const user = (): Obj => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'u1',
  userName: 'bjensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood' }],
});
const group = (): Obj => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'g1',
  displayName: 'Tour Guides',
  members: [
    { value: '2819c223-7f76-453a-919d-413861904646', display: 'Babs Jensen' },
    { value: '902c246b-6245-4190-8e05-00816be7344a', display: 'Mandy Pepperidge' },
  ],
});

// [name, resource, patch body, what the result must contain]
const CASES: [string, () => Obj, unknown, (r: Obj) => void][] = [
  // RFC 7644 §3.5.2.1 (add)
  ['RFC: add a member', group, body({ op: 'add', path: 'members', value: [{ display: 'Babs Jensen', value: 'new-member' }] }), (r) => expect((r.members as Obj[]).map((m) => m.value)).toEqual(['2819c223-7f76-453a-919d-413861904646', '902c246b-6245-4190-8e05-00816be7344a', 'new-member'])],
  ['RFC: add an existing member again changes nothing', group, body({ op: 'add', path: 'members', value: [{ value: '2819c223-7f76-453a-919d-413861904646' }] }), (r) => expect(r.members).toHaveLength(2)],
  ['RFC: add without a path', user, body({ op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }, { value: 'b@other.org', type: 'other' }], nickname: 'Babs' } }), (r) => {
    expect(r.nickName).toBe('Babs');
    expect((r.emails as Obj[]).map((e) => e.value)).toEqual(['bjensen@example.com', 'babs@jensen.org', 'b@other.org']);
  }],
  // §3.5.2.2 (remove)
  ['RFC: remove all members', group, body({ op: 'remove', path: 'members' }), (r) => expect(r.members).toBeUndefined()],
  ['RFC: remove one member', group, body({ op: 'remove', path: 'members[value eq "2819c223-7f76-453a-919d-413861904646"]' }), (r) => expect((r.members as Obj[]).map((m) => m.value)).toEqual(['902c246b-6245-4190-8e05-00816be7344a'])],
  ['RFC: remove with a complex filter', user, body({ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }), (r) => expect((r.emails as Obj[]).map((e) => e.value)).toEqual(['babs@jensen.org'])],
  ['RFC: remove then add (replace all members)', group, body({ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] }), (r) => expect((r.members as Obj[]).map((m) => m.value)).toEqual(['a', 'b'])],
  ['RFC: remove a sub-attribute', user, body({ op: 'remove', path: 'name.familyName' }), (r) => expect(r.name).toEqual({ givenName: 'Barbara' })],
  ['RFC: remove a sub-attribute of filtered values', user, body({ op: 'remove', path: 'addresses[type eq "work"].locality' }), (r) => expect(r.addresses).toEqual([{ type: 'work', streetAddress: '100 Universal City Plaza' }])],
  // §3.5.2.3 (replace)
  ['RFC: replace all members', group, body({ op: 'replace', path: 'members', value: [{ value: 'c' }] }), (r) => expect(r.members).toEqual([{ value: 'c' }])],
  ['RFC: replace the values a filter selects', user, body({ op: 'replace', path: 'addresses[type eq "work"]', value: { type: 'work', streetAddress: '911 Universal City Plaza' } }), (r) => expect(r.addresses).toEqual([{ type: 'work', streetAddress: '911 Universal City Plaza' }])],
  ['RFC: replace a sub-attribute of filtered values', user, body({ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }), (r) => expect((r.addresses as Obj[])[0]).toEqual({ type: 'work', streetAddress: '1010 Broadway Ave', locality: 'Hollywood' })],
  ['RFC: replace without a path', user, body({ op: 'replace', value: { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }], nickname: 'Babs' } }), (r) => {
    expect(r.emails).toEqual([{ value: 'bjensen@example.com', type: 'work', primary: true }]);
    expect(r.nickName).toBe('Babs');
  }],
  ['RFC: replace of a complex attribute keeps the sub-attributes not named', user, body({ op: 'replace', path: 'name', value: { givenName: 'Babs' } }), (r) => expect(r.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' })],
  ['a new primary email makes the old one not primary', user, body({ op: 'add', path: 'emails', value: [{ value: 'new@example.com', type: 'other', primary: true }] }), (r) => expect((r.emails as Obj[]).filter((e) => e.primary === true).map((e) => e.value)).toEqual(['new@example.com'])],
  ['the enterprise extension by path', user, body({ op: 'add', path: `${ENT}:department`, value: 'Tour Operations' }), (r) => {
    expect(r[ENT]).toEqual({ department: 'Tour Operations' });
    expect(r.schemas).toContain(ENT);
  }],
  ['the enterprise extension as one object', user, body({ op: 'replace', path: ENT, value: { employeeNumber: '701984', manager: { value: 'm1' } } }), (r) => expect(r[ENT]).toEqual({ employeeNumber: '701984', manager: { value: 'm1' } })],
  ['the enterprise extension inside a path-less value', user, body({ op: 'replace', value: { [ENT]: { department: 'Sales' }, active: false } }), (r) => {
    expect(r[ENT]).toEqual({ department: 'Sales' });
    expect(r.active).toBe(false);
  }],
  // Okta
  ['Okta: deactivate with a path-less replace', user, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] }, (r) => expect(r.active).toBe(false)],
  ['Okta: rename a group (the value carries the id, which is read-only and ignored)', group, body({ op: 'replace', value: { id: 'g1', displayName: 'Guides' } }), (r) => {
    expect(r.displayName).toBe('Guides');
    expect(r.id).toBe('g1');
  }],
  // Entra ID
  ['Entra: capitalised op and a string boolean', user, body({ op: 'Replace', path: 'active', value: 'False' }), (r) => expect(r.active).toBe(false)],
  ['Entra: "True" in a path-less value', () => ({ ...user(), active: false }), body({ op: 'Replace', value: { active: 'True' } }), (r) => expect(r.active).toBe(true)],
  ['Entra: Add members', group, body({ op: 'Add', path: 'members', value: [{ value: 'e1' }] }), (r) => expect(r.members).toHaveLength(3)],
  ['Entra: Remove members named in the value', group, body({ op: 'Remove', path: 'members', value: [{ value: '902c246b-6245-4190-8e05-00816be7344a' }] }), (r) => expect((r.members as Obj[]).map((m) => m.value)).toEqual(['2819c223-7f76-453a-919d-413861904646'])],
  ['Entra: replace the work email when there is none yet adds it', () => ({ ...user(), emails: [] }), body({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'b@example.com' }), (r) => expect(r.emails).toEqual([{ type: 'work', value: 'b@example.com' }])],
  ['Entra: the manager as its id alone', user, body({ op: 'Add', path: `${ENT}:manager`, value: 'm2' }), (r) => expect(r[ENT]).toEqual({ manager: { value: 'm2' } })],
  ['Entra: a path-less key that is a path', user, body({ op: 'Replace', value: { 'name.givenName': 'Babs', 'emails[type eq "work"].value': 'babs@example.com' } }), (r) => {
    expect((r.name as Obj).givenName).toBe('Babs');
    expect((r.emails as Obj[])[0]!.value).toBe('babs@example.com');
  }],
];

describe('SCIM PATCH', () => {
  it.each(CASES)('%s', (_name, resource, patch, check) => {
    const before = resource();
    const schema = before.schemas && (before.schemas as string[])[0]!.endsWith('Group') ? GROUP_SCHEMA : USER_SCHEMA;
    const after = applyPatch(before, patch, schema);
    check(after);
    // The input is never changed (the caller compares before and after).
    expect(before).toEqual(resource());
  });

  it.each([
    ['no Operations', {}, 'invalidSyntax'],
    ['empty Operations', body(), 'invalidSyntax'],
    ['an unknown op', body({ op: 'move', path: 'title', value: 'x' }), 'invalidSyntax'],
    ['remove without a path', body({ op: 'remove' }), 'noTarget'],
    ['a path-less add whose value is not an object', body({ op: 'add', value: 'x' }), 'invalidSyntax'],
    ['an unknown attribute', body({ op: 'replace', path: 'shoeSize', value: 44 }), 'invalidPath'],
    ['an unknown sub-attribute', body({ op: 'replace', path: 'name.nickname', value: 'x' }), 'invalidPath'],
    ['an unknown schema', body({ op: 'replace', path: 'urn:example:unknown:2.0:User:x', value: 1 }), 'invalidPath'],
    ['a value filter on a single-valued attribute', body({ op: 'replace', path: 'name[givenName eq "x"]', value: {} }), 'invalidPath'],
    ['a malformed value filter', body({ op: 'remove', path: 'emails[type eq ]' }), 'invalidPath'],
    ['a read-only attribute', body({ op: 'replace', path: 'groups', value: [] }), 'mutability'],
    ['the id', body({ op: 'replace', path: 'id', value: 'x' }), 'mutability'],
    ['a replace a complex filter matches nothing', body({ op: 'replace', path: 'emails[type eq "work" and value ew "x.org"].value', value: 'x' }), 'noTarget'],
    ['a boolean that is none', body({ op: 'replace', path: 'active', value: 'maybe' }), 'invalidValue'],
  ])('refuses %s', (_name, patch, scimType) => {
    let error: unknown;
    try {
      applyPatch(user(), patch, USER_SCHEMA);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).scimType).toBe(scimType);
  });
});
