/**
 * A SCIM filter on Users as SQL, where SQL can say exactly what the in-memory evaluator
 * (filter.ts `matches`) would decide: the list is then counted and paged by the database, off its
 * indexes, instead of every user being read, rendered and tested. Where it cannot (an attribute
 * that is not kept in a column or in `scim_user_values`, a number or boolean compared with a
 * string attribute, a value filter without a condition to start from, a path where some user keeps
 * a value that is no string), the translation is undefined and users.ts evaluates in memory —
 * still starting from the SQL of the conjuncts that translate, when there are some.
 *
 * A list reads two sets of users, so the SQL is made for each:
 *  - `scim`: users with a `scim_users` row (alias `s`; the platform user looked up only for
 *    `active`); their attributes are the row's, kept lower-cased where the filter compares them
 *    case-insensitively;
 *  - `platform`: platform users made in Gatehouse that SCIM never wrote (`p` alone), whose
 *    resource is their email (userName and the one work email), name and creation time.
 * Strings compare as the evaluator compares them: in lower case unless the attribute is case-exact,
 * by code point (PostgreSQL with COLLATE "C" for ranges; SQLite's default is byte order), except
 * that a `sw` range ends at U+10FFFF (a noncharacter) — a value continuing the prefix with it is
 * not found.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/database.js';
import { matches, type AttrPath, type CompareOp, type Filter } from './filter.js';
import { URN } from './schemas.js';
import { valueKey } from './values.js';

export type Cond = RawBuilder<SqlBool>;
export type Scope = 'scim' | 'platform';

export interface SqlEnv {
  dialect: Dialect;
  /** Paths of `scim_user_values` where some user has a value that is no string or number. */
  irregular: Set<string>;
}

type Atom = Extract<Filter, { path: AttrPath; value: unknown }> | Extract<Filter, { op: 'pr' }>;

export const TRUE: Cond = sql<SqlBool>`1 = 1`;
const FALSE: Cond = sql<SqlBool>`1 = 0`;
const and = (a: Cond, b: Cond): Cond => sql<SqlBool>`(${a} AND ${b})`;
const or = (a: Cond, b: Cond): Cond => sql<SqlBool>`(${a} OR ${b})`;
const not = (a: Cond): Cond => sql<SqlBool>`(NOT ${a})`;
const ref = (r: string) => sql.ref(r);

/** How the expected value is brought to the column's form, or undefined when it cannot be. */
type Form = 'lower' | 'exact' | 'datetime';
const prepare = (form: Form, e: string): string | undefined => {
  if (form === 'lower') return e.toLowerCase();
  if (form === 'exact') return e;
  // Timestamps are stored as toISOString writes them (digits, "-:.", "T", "Z"). Over those
  // characters lower-casing keeps the order, so `lower(stored) op lower(e)` is `stored op upper(e)`.
  return /^[0-9TZ:.+-]*$/i.test(e) ? e.toUpperCase() : undefined;
};

/**
 * `x op e` for a string column or value `x`. `indexedC`: on PostgreSQL the index that serves `=`
 * on it is in byte order too (COLLATE "C"), so the equality is written that way to use it.
 */
function test(env: SqlEnv, x: RawBuilder<unknown>, op: CompareOp, e: string, indexedC: boolean): Cond {
  const pg = env.dialect === 'postgres';
  const bytes = pg ? sql`${x} COLLATE "C"` : x;
  const length = sql.lit([...e].length);
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${indexedC ? bytes : x} = ${e}`;
    case 'ne':
      return not(sql<SqlBool>`${indexedC ? bytes : x} = ${e}`);
    case 'co':
      return e === '' ? TRUE : pg ? sql<SqlBool>`strpos(${x}, ${e}) > 0` : sql<SqlBool>`instr(${x}, ${e}) > 0`;
    case 'sw':
      return e === '' ? TRUE : sql<SqlBool>`(${bytes} >= ${e} AND ${bytes} < ${`${e}\u{10FFFF}`})`;
    case 'ew':
      return e === '' ? TRUE : pg ? sql<SqlBool>`right(${x}, ${length}) = ${e}` : sql<SqlBool>`substr(${x}, -${length}) = ${e}`;
    case 'gt':
      return sql<SqlBool>`${bytes} > ${e}`;
    case 'ge':
      return sql<SqlBool>`${bytes} >= ${e}`;
    case 'lt':
      return sql<SqlBool>`${bytes} < ${e}`;
    case 'le':
      return sql<SqlBool>`${bytes} <= ${e}`;
  }
}

/**
 * An atom over one value that is there when `present` holds (a column): the evaluator's rules for
 * a missing value (`eq null` holds, `ne "x"` holds, the rest do not).
 */
function single(env: SqlEnv, atom: Atom, x: RawBuilder<unknown>, present: Cond, form: Form, indexedC = false): Cond | undefined {
  if (atom.op === 'pr') return present;
  if (atom.value === null) return atom.op === 'eq' ? not(present) : atom.op === 'ne' ? present : FALSE;
  if (typeof atom.value !== 'string') return undefined;
  const e = prepare(form, atom.value);
  if (e === undefined) return undefined;
  if (atom.op === 'ne') return not(and(present, test(env, x, 'eq', e, indexedC)));
  return and(present, test(env, x, atom.op, e, indexedC));
}

/**
 * An atom over a set of values: `some(test)`, as the evaluator does over a multi-valued attribute.
 * `exists(cond)` says that a value meeting `cond` (on the value expression `x`) is there.
 */
function several(env: SqlEnv, atom: Atom, exists: (cond: Cond) => Cond, x: RawBuilder<unknown>, form: Form, indexedC: boolean): Cond | undefined {
  if (atom.op === 'pr') return exists(sql<SqlBool>`${x} <> ''`);
  if (atom.value === null) return atom.op === 'eq' ? not(exists(TRUE)) : atom.op === 'ne' ? exists(TRUE) : FALSE;
  if (typeof atom.value !== 'string') return undefined;
  const e = prepare(form, atom.value);
  if (e === undefined) return undefined;
  if (atom.op === 'ne') return not(exists(test(env, x, 'eq', e, indexedC)));
  return exists(test(env, x, atom.op, e, indexedC));
}

/**
 * `active`: the opposite of the platform user's `disabled`; compared as the evaluator compares a
 * boolean. The `scim` scope's queries read `scim_users` alone (counting needs no join), so there
 * the platform user is looked up for the users the rest of the filter leaves.
 */
function active(env: SqlEnv, atom: Atom, scope: Scope): Cond | undefined {
  if (atom.op === 'pr') return TRUE;
  if (atom.value === null) return atom.op === 'ne' ? TRUE : FALSE;
  if (atom.op !== 'eq' && atom.op !== 'ne') return undefined; // the evaluator refuses them (invalidFilter)
  let wanted: boolean | undefined;
  if (typeof atom.value === 'boolean') wanted = atom.value;
  else if (typeof atom.value === 'string') wanted = atom.value.toLowerCase() === 'true' ? true : atom.value.toLowerCase() === 'false' ? false : undefined;
  else return undefined;
  // A literal: the partial index of disabled users (migration 0023) serves only `disabled = 1` as
  // written. SQLite is told to use it (INDEXED BY): it picked the primary key, whose probes read
  // each user's row, and `active eq false and userName sw "user1"` tested 11,000 rows that way (13.6 ms, not 4.0).
  const disabled = sql.lit(wanted ? 0 : 1);
  const disabledIndex = !wanted && env.dialect === 'sqlite' ? sql` INDEXED BY platform_users_disabled` : sql``;
  const holds = wanted === undefined ? FALSE : scope === 'platform' ? sql<SqlBool>`${ref('p.disabled')} = ${disabled}` : sql<SqlBool>`EXISTS (SELECT 1 FROM platform_users pa${disabledIndex} WHERE pa.id = s.user_id AND pa.disabled = ${disabled})`;
  return atom.op === 'eq' ? holds : not(holds);
}

const isCore = (urn: string | undefined) => !urn || urn.toLowerCase() === URN.user.toLowerCase() || urn.toLowerCase() === URN.group.toLowerCase();

/** The user's id in each scope's query. */
const userId = (scope: Scope) => ref(scope === 'scim' ? 's.user_id' : 'p.id');

function memberships(env: SqlEnv, scope: Scope, atom: Atom): Cond | undefined {
  // Members are users SCIM wrote (groups.ts makes a row for a platform user it adds; a user
  // deleted leaves their groups): a platform user SCIM never wrote is in no group.
  if (scope === 'platform') return constant(atom, PLATFORM_TEMPLATE);
  // Group ids are lower-case UUIDs (randomUUID): the evaluator's lower-casing leaves them as they are.
  const exists = (cond: Cond) => sql<SqlBool>`${userId(scope)} IN (SELECT m.user_id FROM scim_group_members m WHERE ${cond})`;
  return several(env, atom, exists, ref('m.group_id'), 'lower', false);
}

function kept(env: SqlEnv, scope: Scope, atom: Atom, key: string): Cond | undefined {
  if (env.irregular.has(key)) return undefined;
  const ids = keptIds(env, atom, key);
  if (ids) return sql<SqlBool>`${userId(scope)} IN (${ids})`;
  const exists = (cond: Cond) => sql<SqlBool>`${userId(scope)} IN (SELECT v.user_id FROM scim_user_values v WHERE v.path = ${key} AND ${cond})`;
  return several(env, atom, exists, ref('v.value'), 'lower', true);
}

/**
 * The users with a value at `key` that meets an atom needing one (`pr`, or a string compared
 * other than by `ne`), as a query of `user_id`s (once per such value); undefined for the others
 * (`ne`, `eq null`), which say what a user does not have. Only users SCIM wrote and did not delete
 * have values (deleteUser removes theirs).
 */
function keptIds(env: SqlEnv, atom: Atom, key: string): RawBuilder<unknown> | undefined {
  if (env.irregular.has(key)) return undefined;
  if (atom.op === 'pr') return sql`SELECT v.user_id FROM scim_user_values v WHERE v.path = ${key} AND v.value <> ''`;
  if (typeof atom.value !== 'string' || atom.op === 'ne') return undefined;
  const e = atom.value.toLowerCase();
  if ((atom.op === 'co' || atom.op === 'ew') && e !== '') return throughTerms(env, key, atom.op, e);
  return sql`SELECT v.user_id FROM scim_user_values v WHERE v.path = ${key} AND ${test(env, ref('v.value'), atom.op, e, true)}`;
}

/**
 * `co` and `ew` over a path's values: the path's distinct values that hold the substring
 * (`scim_value_terms`, with its trigram index for three characters or more), then the users with
 * each off `scim_user_values_by_value`, reading that index alone. A path with few distinct values
 * (family names, departments) is tested a few thousand times, not once per user.
 */
function throughTerms(env: SqlEnv, key: string, op: 'co' | 'ew', e: string): RawBuilder<unknown> {
  const holds = test(env, ref('t.value'), op, e, false);
  // FTS5 refuses a query string holding NUL (an error, not an answer): such a search reads the path's terms.
  const indexed = [...e].length >= 3 && !(env.dialect === 'sqlite' && e.includes('\u0000'));
  if (env.dialect === 'postgres') {
    // LIKE is what pg_trgm's index serves (without the extension, the path's terms are read); `holds` decides.
    const like = indexed ? sql<SqlBool>`t.value LIKE ${`%${e.replace(/[\\%_]/g, (c) => `\\${c}`)}${op === 'co' ? '%' : ''}`}` : TRUE;
    return sql`SELECT v.user_id FROM scim_value_terms t JOIN scim_user_values v ON v.path = t.path AND v.value COLLATE "C" = t.value WHERE t.path = ${key} AND ${like} AND ${holds}`;
  }
  // SQLite: from the trigram index's rows to the terms, then to the values (CROSS JOIN keeps that
  // order; left to itself the planner read every term of the path and tested each against the index).
  const values = sql`CROSS JOIN scim_user_values v ON v.path = t.path AND v.value = t.value`;
  if (!indexed) return sql`SELECT v.user_id FROM scim_value_terms t ${values} WHERE t.path = ${key} AND ${holds}`;
  const match = `"${e.replace(/"/g, '""')}"`;
  return sql`SELECT v.user_id FROM scim_value_terms_fts CROSS JOIN scim_value_terms t ON t.id = scim_value_terms_fts.rowid ${values} WHERE scim_value_terms_fts MATCH ${match} AND t.path = ${key} AND ${holds}`;
}

/** The resource of a platform user SCIM never wrote, without what differs between them. */
const PLATFORM_TEMPLATE = { schemas: [URN.user], emails: [{ type: 'work', primary: true }], meta: { resourceType: 'User' } };

/** An atom whose outcome is the same for every user of the set: decided here, by the evaluator. */
function constant(filter: Filter, resource: Parameters<typeof matches>[1]): Cond | undefined {
  try {
    return matches(filter, resource) ? TRUE : FALSE;
  } catch {
    return undefined; // the evaluator refuses it (when it meets a value): left to it
  }
}

function atomSql(env: SqlEnv, scope: Scope, atom: Atom): Cond | undefined {
  const { path } = atom;
  if (!isCore(path.urn)) {
    if (scope === 'platform') return constant(atom, PLATFORM_TEMPLATE);
    const key = valueKey(path);
    return key ? kept(env, scope, atom, key) : undefined;
  }
  const attr = path.attr.toLowerCase();
  const sub = path.sub?.toLowerCase();
  const always = TRUE;
  if (!sub) {
    if (attr === 'id') return single(env, atom, userId(scope), always, 'exact');
    if (attr === 'username') return scope === 'scim' ? single(env, atom, ref('s.user_name_lower'), always, 'lower') : single(env, atom, ref('p.email'), always, 'lower');
    if (attr === 'active') return active(env, atom, scope);
    if (attr === 'externalid') {
      if (scope === 'platform') return constant(atom, PLATFORM_TEMPLATE);
      const x = ref('s.external_id');
      // Rendered only when it is not empty.
      return single(env, atom, x, sql<SqlBool>`(${x} IS NOT NULL AND ${x} <> '')`, 'exact');
    }
  }
  if (attr === 'meta') {
    const column = sub === 'created' ? 'created_at' : sub === 'lastmodified' ? (scope === 'scim' ? 'updated_at' : 'created_at') : undefined;
    if (column) return single(env, atom, ref(`${scope === 'scim' ? 's' : 'p'}.${column}`), always, 'datetime');
    return sub === 'resourcetype' ? constant(atom, PLATFORM_TEMPLATE) : undefined;
  }
  if (attr === 'groups') return sub === 'value' ? memberships(env, scope, atom) : scope === 'platform' ? constant(atom, PLATFORM_TEMPLATE) : undefined;
  if (scope === 'platform') {
    if (attr === 'emails' && sub === 'value') return single(env, atom, ref('p.email'), always, 'lower');
    if (attr === 'displayname' || (attr === 'emails' && !sub) || attr === 'id' || attr === 'username' || attr === 'active' || attr === 'externalid') return undefined;
    return constant(atom, PLATFORM_TEMPLATE);
  }
  const key = valueKey(path);
  return key ? kept(env, scope, atom, key) : undefined;
}

/**
 * A filter that is one condition on stored values (`name.familyName co "…"`, `emails[…]`, the
 * enterprise department): the users of the `scim` scope it matches, as a query of `user_id`s
 * (a user once per matching value), read off the values' indexes alone. The list needs no check
 * of each match against `scim_users` then: values are only kept for users SCIM wrote and did not
 * delete. Undefined for any other filter.
 */
export function scimIdsOf(env: SqlEnv, filter: Filter): RawBuilder<unknown> | undefined {
  if (filter.op === 'valuePath') return valuePathIds(env, filter);
  if (!('path' in filter)) return undefined; // and, or, not
  const key = keptKeyOf(filter.path);
  return key === undefined ? undefined : keptIds(env, filter, key);
}

/** The `scim_user_values` path an atom reads in the `scim` scope (as atomSql routes it); undefined for a column or a computed attribute. */
function keptKeyOf(path: AttrPath): string | undefined {
  if (isCore(path.urn)) {
    const attr = path.attr.toLowerCase();
    if (!path.sub && ['id', 'username', 'active', 'externalid'].includes(attr)) return undefined;
    if (attr === 'meta' || attr === 'groups') return undefined;
  }
  return valueKey(path);
}

/** The conjuncts of a filter: `a and (b and c)` → a, b, c. */
export function conjuncts(filter: Filter): Filter[] {
  return filter.op === 'and' ? [...conjuncts(filter.left), ...conjuncts(filter.right)] : [filter];
}

/** A condition that needs a value of its own path to be there (it can lead a value filter's query). */
const needsValue = (f: Filter): f is Atom => f.op === 'pr' || ('value' in f && f.op !== 'ne' && typeof f.value === 'string');

/**
 * `emails[type eq "work" and value eq "…"]`: some element meets every condition. The query starts
 * from the rows of one condition that needs a value (`value eq "…"`: an index lookup), and the
 * others are asked of the same element (same user, same item).
 */
function valuePathSql(env: SqlEnv, scope: Scope, filter: Extract<Filter, { op: 'valuePath' }>): Cond | undefined {
  const { path } = filter;
  if (scope === 'platform') {
    // One element, of emails: { value: email, type: "work", primary: true }.
    const attr = path.attr.toLowerCase();
    if (isCore(path.urn) && attr === 'meta') return undefined;
    if (!isCore(path.urn) || attr !== 'emails') return constant(filter, PLATFORM_TEMPLATE);
    return inner(filter.filter, (atom) => (atom.path.attr.toLowerCase() === 'value' ? single(env, atom, ref('p.email'), TRUE, 'lower') : constant(atom, PLATFORM_TEMPLATE.emails[0]!)));
  }
  const ids = valuePathIds(env, filter);
  return ids && sql<SqlBool>`${userId(scope)} IN (${ids})`;
}

/** The users SCIM wrote with an element meeting a value filter, as a query of `user_id`s. */
function valuePathIds(env: SqlEnv, filter: Extract<Filter, { op: 'valuePath' }>): RawBuilder<unknown> | undefined {
  const { path } = filter;
  const keyOf = (sub: AttrPath) => (sub.urn || sub.sub ? undefined : valueKey({ urn: path.urn, attr: path.attr, sub: sub.attr }));
  const parts = conjuncts(filter.filter);
  // The lead is the condition likely to select fewest rows: an equality over a sub-attribute that
  // tells elements apart (`value eq "…"`, not `type eq "work"`, which most users' emails meet).
  const score = (p: Filter) => {
    if (!needsValue(p) || keyOf(p.path) === undefined || env.irregular.has(keyOf(p.path)!)) return -1;
    const broad = ['type', 'primary'].includes(p.path.attr.toLowerCase());
    return (p.op === 'eq' ? 4 : p.op === 'sw' ? 2 : 1) - (broad ? 3 : 0) + 3;
  };
  const scores = parts.map(score);
  const lead = scores.indexOf(Math.max(...scores));
  if (lead < 0 || scores[lead]! < 0) return undefined;
  const first = parts[lead] as Atom;
  const leadKey = keyOf(first.path)!;
  const leadCond = atomOn(env, first, ref('d.value'));
  if (!leadCond) return undefined;
  // Each other condition, on the values of the lead row's element.
  let rest: Cond | undefined = TRUE;
  for (const [i, part] of parts.entries()) {
    if (i === lead || !rest) continue;
    const cond = inner(part, (atom) => {
      const key = keyOf(atom.path);
      if (!key || env.irregular.has(key)) return undefined;
      const exists = (c: Cond) => sql<SqlBool>`EXISTS (SELECT 1 FROM scim_user_values w WHERE w.user_id = d.user_id AND w.item = d.item AND w.path = ${key} AND ${c})`;
      return several(env, atom, exists, ref('w.value'), 'lower', true);
    });
    rest = cond && and(rest, cond);
  }
  if (!rest) return undefined;
  return sql`SELECT d.user_id FROM scim_user_values d WHERE d.path = ${leadKey} AND ${leadCond} AND ${rest}`;
}

/** The lead condition of a value filter, on its row's value. */
function atomOn(env: SqlEnv, atom: Atom, x: RawBuilder<unknown>): Cond | undefined {
  if (atom.op === 'pr') return sql<SqlBool>`${x} <> ''`;
  if (typeof atom.value !== 'string' || atom.op === 'ne') return undefined;
  return test(env, x, atom.op, atom.value.toLowerCase(), true);
}

/** A value filter's own filter, its atoms translated by `leaf`; a value filter in a value filter is left to memory. */
function inner(filter: Filter, leaf: (atom: Atom) => Cond | undefined): Cond | undefined {
  switch (filter.op) {
    case 'and':
    case 'or': {
      const l = inner(filter.left, leaf);
      const r = l && inner(filter.right, leaf);
      return l && r && (filter.op === 'and' ? and(l, r) : or(l, r));
    }
    case 'not': {
      const f = inner(filter.filter, leaf);
      return f && not(f);
    }
    case 'valuePath':
      return undefined;
    default:
      return filter.path.urn || filter.path.sub ? undefined : leaf(filter);
  }
}

/** The filter as a condition on one scope's users, or undefined where SQL cannot say it exactly. */
export function filterSql(env: SqlEnv, scope: Scope, filter: Filter): Cond | undefined {
  switch (filter.op) {
    case 'and':
    case 'or': {
      const l = filterSql(env, scope, filter.left);
      const r = l && filterSql(env, scope, filter.right);
      return l && r && (filter.op === 'and' ? and(l, r) : or(l, r));
    }
    case 'not': {
      const f = filterSql(env, scope, filter.filter);
      return f && not(f);
    }
    case 'valuePath':
      return valuePathSql(env, scope, filter);
    default:
      return atomSql(env, scope, filter);
  }
}

/**
 * A condition every match meets (more users may meet it): the conjuncts that translate. The
 * in-memory evaluator then decides among the users it selects.
 */
export function prefilterSql(env: SqlEnv, scope: Scope, filter: Filter): Cond {
  return conjuncts(filter)
    .map((c) => filterSql(env, scope, c))
    .filter((c): c is Cond => c !== undefined)
    .reduce(and, TRUE);
}

/** The `scim_user_values` paths a filter compares (to ask which of them hold irregular values). */
export function keptPaths(filter: Filter, within?: AttrPath): string[] {
  switch (filter.op) {
    case 'and':
    case 'or':
      return [...keptPaths(filter.left, within), ...keptPaths(filter.right, within)];
    case 'not':
      return keptPaths(filter.filter, within);
    case 'valuePath':
      return within ? [] : keptPaths(filter.filter, filter.path);
    default: {
      const path = within ? (filter.path.urn || filter.path.sub ? undefined : { urn: within.urn, attr: within.attr, sub: filter.path.attr }) : filter.path;
      const key = path && valueKey(path);
      return key ? [key] : [];
    }
  }
}
