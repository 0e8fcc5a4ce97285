/** The SCIM filter grammar (modules/scim/filter.ts) as a table: RFC 7644 §3.4.2.2's examples, every operator, the errors. */
import { describe, expect, it } from 'vitest';
import { matches, parseFilter } from '../src/modules/scim/filter.js';
import { ScimError } from '../src/modules/scim/errors.js';
import { bjensen, intern, MORE, RFC_EXAMPLES } from './scim-filter-cases.js';

describe('SCIM filters', () => {
  it.each([...RFC_EXAMPLES, ...MORE])('%s', (filter, a, b) => {
    const parsed = parseFilter(filter);
    expect(matches(parsed, bjensen), 'bjensen').toBe(a);
    expect(matches(parsed, intern), 'intern').toBe(b);
  });

  it.each([
    '',
    'userName',
    'userName eq',
    'userName equals "x"',
    'userName eq "x',
    '(userName eq "x"',
    'userName eq "x")',
    'userName eq "x" and',
    'emails[type eq "work"',
    'userName eq bjensen',
    'and userName eq "x"',
    'name.givenName.x eq "y"',
    'active gt true',
  ])('refuses %j as invalidFilter', (filter) => {
    let error: unknown;
    try {
      matches(parseFilter(filter), bjensen);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).scimType).toBe('invalidFilter');
  });
});
