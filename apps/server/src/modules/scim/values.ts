/**
 * The values a filter compares, kept beside each SCIM user (`scim_user_values`, owned here) so that
 * filters on attributes held in the user's JSON (`name.familyName co "…"`, `emails[type eq "work"
 * and value eq "…"]`, the enterprise extension's department) are answered by an index instead of
 * reading and parsing every user (sql-filter.ts reads them).
 *
 * One row per value the in-memory evaluator (filter.ts `valuesAt`) would see at a path of the
 * schema: the path in lower case (`name.familyname`, `emails.value`,
 * `urn:…:enterprise:2.0:user:department`), the position of the element in a multi-valued attribute
 * (`item`: a value filter's conditions must hold for one element), and the value as the evaluator
 * compares it, a string in lower case (a number as its string). Anything else a client stored at a
 * leaf (a boolean, an object, a list) is a row of kind 1 with no value: a filter on a path that has
 * such a row anywhere is left to the in-memory evaluator, which compares those in its own ways.
 * Boolean attributes and case-exact ones (`$ref`) are not kept: filters on them are evaluated in memory.
 * Each path's distinct values are kept once more, in `scim_value_terms` (also owned here), for `co`.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { getKey, type AttrPath, type Json } from './filter.js';
import { ENTERPRISE_ATTRS, URN, USER_ATTRS, type AttrDef } from './schemas.js';

type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ValueRow {
  path: string;
  item: number;
  value: string;
  /** 0: a string or a number (`value` as compared); 1: anything else (no value). */
  kind: number;
}

interface Leaf {
  key: string;
  urn?: string;
  attr: string;
  sub?: string;
}

/** Attributes held in the JSON (the rest are columns: userName, externalId, active; or computed: groups, meta). */
const HELD = USER_ATTRS.filter((a) => !['userName', 'active', 'groups'].includes(a.name));
const kept = (d: AttrDef) => d.type !== 'boolean' && !d.caseExact && d.name !== '$ref';

function leavesOf(defs: AttrDef[], urn?: string): Leaf[] {
  const prefix = urn ? `${urn.toLowerCase()}:` : '';
  return defs.flatMap((d): Leaf[] => {
    if (d.type !== 'complex') return kept(d) ? [{ key: prefix + d.name.toLowerCase(), urn, attr: d.name }] : [];
    return (d.subAttributes ?? []).filter(kept).map((s) => ({ key: `${prefix}${d.name.toLowerCase()}.${s.name.toLowerCase()}`, urn, attr: d.name, sub: s.name }));
  });
}

const LEAVES = [...leavesOf(HELD), ...leavesOf(ENTERPRISE_ATTRS, URN.enterprise)];
const BY_KEY = new Map(LEAVES.map((l) => [l.key, l]));

/** The key of a filter's path when its values are kept here; undefined when they are not. */
export function valueKey(path: AttrPath): string | undefined {
  const core = !path.urn || path.urn.toLowerCase() === URN.user.toLowerCase() || path.urn.toLowerCase() === URN.group.toLowerCase();
  const prefix = core ? '' : path.urn!.toLowerCase() === URN.enterprise.toLowerCase() ? `${URN.enterprise.toLowerCase()}:` : undefined;
  if (prefix === undefined) return undefined;
  const key = `${prefix}${path.attr.toLowerCase()}${path.sub ? `.${path.sub.toLowerCase()}` : ''}`;
  return BY_KEY.has(key) ? key : undefined;
}

const scalar = (v: Json): Omit<ValueRow, 'path' | 'item'> => (typeof v === 'string' || typeof v === 'number' ? { value: String(v).toLowerCase(), kind: 0 } : { value: '', kind: 1 });

/**
 * The rows of a user's stored attributes (the JSON of `scim_users.attributes`), as `valuesAt` walks
 * them: an attribute (or a sub-attribute of each element), flattened over lists, nulls left out.
 */
export function valueRows(attributes: Obj): ValueRow[] {
  const rows: ValueRow[] = [];
  for (const leaf of LEAVES) {
    const container = leaf.urn ? getKey(attributes, leaf.urn) : attributes;
    if (!isObj(container)) continue;
    const top = getKey(container, leaf.attr);
    if (top === undefined || top === null) continue;
    const items = Array.isArray(top) ? top : [top];
    items.forEach((element, item) => {
      if (!leaf.sub) {
        rows.push({ path: leaf.key, item, ...scalar(element) });
        return;
      }
      if (!isObj(element)) return;
      const v = getKey(element, leaf.sub);
      if (v === undefined || v === null) return;
      for (const one of Array.isArray(v) ? v : [v]) rows.push({ path: leaf.key, item, ...scalar(one) });
    });
  }
  return rows;
}

/** Replaces a user's rows (every write of a user: create, replace, patch, a row made for a group member). */
export async function writeValues(tx: Transaction<Database>, userId: string, attributes: Obj, replacing: boolean): Promise<void> {
  if (replacing) await tx.deleteFrom('scim_user_values').where('user_id', '=', userId).execute();
  const rows = valueRows(attributes).map((r) => ({ user_id: userId, ...r }));
  // Well under SQLite's parameter limit per statement (5 columns a row).
  for (let i = 0; i < rows.length; i += 150) await tx.insertInto('scim_user_values').values(rows.slice(i, i + 150)).execute();
  await addTerms(tx, rows);
}

/**
 * The values new to their path join `scim_value_terms`, where `co` and `ew` look first (the
 * trigram index is on the terms, not on every user's values). One statement, in one order for
 * every writer: on PostgreSQL two transactions adding the same new term wait for each other, and
 * in the same order they cannot wait crosswise. Terms are never removed: one that nobody holds
 * any more leads a filter to no users, and costs one index probe.
 */
async function addTerms(tx: Transaction<Database>, rows: ValueRow[]): Promise<void> {
  const terms = new Map<string, { path: string; value: string }>();
  for (const r of rows) if (r.kind === 0) terms.set(`${r.path}\u0000${r.value}`, { path: r.path, value: r.value });
  const sorted = [...terms.keys()].sort().map((k) => terms.get(k)!);
  // 2 parameters a term: well under SQLite's limit per statement.
  for (let i = 0; i < sorted.length; i += 400) await tx.insertInto('scim_value_terms').values(sorted.slice(i, i + 400)).onConflict((oc) => oc.doNothing()).execute();
}
