/**
 * The SCIM filter table (RFC 7644 §3.4.2.2's examples and more), shared by the evaluator's tests
 * (scim-filter.test.ts) and the tests that SQL and memory agree (scim-sql-filter.test.ts).
 */
import type { Json } from '../src/modules/scim/filter.js';

export type Obj = { [k: string]: Json };
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const bjensen: Obj = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'Bj-1',
  userName: 'bjensen',
  name: { familyName: "O'Malley", givenName: 'Barbara' },
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  ims: [{ value: 'babs@foo.com', type: 'xmpp' }],
  meta: { lastModified: '2011-05-13T04:42:34Z', version: 'W/"a330bc54f0671c9"' },
  [ENT]: { employeeNumber: '701984', department: 'Tour Operations', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
};
export const intern: Obj = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'x2', userName: 'Jsmith', userType: 'Intern', active: false, emails: [{ value: 'j@example.org', type: 'work' }], meta: { lastModified: '2011-05-14T00:00:00Z' } };

// [filter, matches bjensen, matches intern]
export const RFC_EXAMPLES: [string, boolean, boolean][] = [
  ['userName eq "bjensen"', true, false],
  ['name.familyName co "O\'Malley"', true, false],
  ['userName sw "J"', false, true],
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', false, true],
  ['title pr', true, false],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', false, true],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', true, true],
  ['meta.lastModified lt "2011-05-13T04:42:34Z"', false, false],
  ['meta.lastModified le "2011-05-13T04:42:34Z"', true, false],
  ['title pr and userType eq "Employee"', true, false],
  ['title pr or userType eq "Intern"', true, true],
  [`schemas eq "${ENT}"`, true, false],
  ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true, false],
  ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false, false],
  ['userType eq "Employee" and (emails.type eq "work")', true, false],
  ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true, false],
  ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true, false],
];

export const MORE: [string, boolean, boolean][] = [
  // case-insensitive attribute names, operators and (non case-exact) values
  ['USERNAME EQ "BJENSEN"', true, false],
  ['userName ew "ITH"', false, true],
  ['userName ne "bjensen"', false, true],
  // case-exact attributes
  ['externalId eq "bj-1"', false, false],
  ['externalId eq "Bj-1"', true, false],
  ['id eq "2819c223-7f76-453a-919d-413861904646"', true, false],
  // booleans and null
  ['active eq true', true, false],
  ['active eq false', false, true],
  ['title eq null', false, true],
  ['title ne null', true, false],
  // not, grouping, precedence (and binds tighter than or)
  ['not (userName eq "bjensen")', false, true],
  ['userName eq "x" or userName eq "bjensen" and active eq true', true, false],
  ['(userName eq "x" or userName eq "bjensen") and active eq false', false, false],
  ['not(not(active eq true))', true, false],
  // the enterprise extension
  [`${ENT}:employeeNumber eq "701984"`, true, false],
  [`${ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true, false],
  [`${ENT}:department sw "tour"`, true, false],
  // numbers compare as numbers
  [`${ENT}:employeeNumber gt 700000`, true, false],
  [`${ENT}:employeeNumber lt 1e3`, false, false],
  // a value filter and a primary flag
  ['emails[primary eq true and type eq "work"]', true, false],
  ['emails[type eq "home"]', true, false],
  ['emails[not (type eq "work")]', true, false],
  // strings with escapes
  ['name.familyName eq "O\\u0027Malley"', true, false],
];
