/**
 * SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: add, replace and remove, with a path
 * (`name.givenName`, `emails[type eq "work"].value`, `members[value eq "…"]`, an extension's
 * `urn:…:User:manager`) or without one (the value is an object of attributes). Pure: the caller
 * reads the resource, applies the operations and stores the result as a replacement (one code
 * path with PUT).
 *
 * As identity providers really send it: `op` in any case (Entra's "Replace", "Add"); booleans as
 * strings (Entra's "True"/"False", coerced by the schema); Okta's path-less
 * `{"op":"replace","value":{"active":false}}`; path-less keys that are paths themselves
 * (`{"name.givenName": "…"}`, an extension URN with an object); Entra's `remove` of `members` with
 * the members to remove in `value`; and a `replace`/`add` on `emails[type eq "work"].value` where
 * no email of that type exists yet, which Entra means as adding one (RFC 7644 would answer
 * noTarget; for a filter of one `eq` the element is created instead).
 */
import { ScimError } from './errors.js';
import { containerOf, getKey, keyOf, matches, parseAttrPath, parseTokens, tokenize, type AttrPath, type Filter, type Json } from './filter.js';
import { findAttr, findSub, type AttrDef, type ResourceSchema } from './schemas.js';

type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

export interface PatchPath extends AttrPath {
  filter?: Filter;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
  filterSub?: string;
  /** The path names a whole extension (`urn:…:enterprise:2.0:User`). */
  wholeExtension?: boolean;
}

const badPath = (m: string) => new ScimError(m, 'invalidPath');

export function parsePatchPath(text: string, schema: ResourceSchema): PatchPath {
  const ext = Object.keys(schema.extensions).find((u) => u.toLowerCase() === text.trim().toLowerCase());
  if (ext) return { urn: ext, attr: '', wholeExtension: true };
  let tokens;
  try {
    tokens = tokenize(text);
  } catch {
    throw badPath(`"${text}" is not a path`);
  }
  const first = tokens[0];
  if (first?.kind !== 'word') throw badPath(`"${text}" is not a path`);
  const path: PatchPath = parseAttrPath(first.text, badPath);
  if (tokens.length === 1) return path;
  if (tokens[1]?.kind !== '[' || path.sub) throw badPath(`"${text}" is not a path`);
  const close = tokens.findIndex((t) => t.kind === ']');
  if (close < 0) throw badPath(`"${text}": the value filter is not closed`);
  try {
    path.filter = parseTokens(tokens.slice(2, close));
  } catch (err) {
    throw badPath(`"${text}": ${(err as Error).message}`);
  }
  const rest = tokens.slice(close + 1);
  if (rest.length > 1) throw badPath(`"${text}" is not a path`);
  if (rest.length === 1) {
    const sub = rest[0]!;
    if (sub.kind !== 'word' || !/^\.\$?[A-Za-z][\w$-]*$/.test(sub.text)) throw badPath(`"${text}" is not a path`);
    path.filterSub = sub.text.slice(1);
  }
  return path;
}

/** Brings a value to its attribute's type where clients are known to send another: "True" → true. */
export function coerce(def: AttrDef | undefined, value: unknown): Json {
  if (!def) return value as Json;
  if (def.multiValued && !Array.isArray(value) && value !== null && value !== undefined) return coerce(def, [value]);
  if (Array.isArray(value)) return value.map((v) => coerce({ ...def, multiValued: false }, v));
  if (def.type === 'boolean' && typeof value === 'string') {
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
    throw new ScimError(`${def.name} must be true or false, not "${value}"`, 'invalidValue');
  }
  // Entra sends the enterprise manager as its id alone: "manager": "26118915-…".
  if (def.type === 'complex' && typeof value === 'string' && findSub(def, 'value')) return { value };
  if (def.type === 'complex' && isObj(value) && def.subAttributes) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      const sub = findSub(def, k);
      out[sub?.name ?? k] = coerce(sub, v);
    }
    return out;
  }
  return value as Json;
}

/** Sets `key` in `o` under the name it already has there, or the canonical one. */
function put(o: Obj, name: string, value: Json): void {
  o[keyOf(o, name) ?? name] = value;
}
function drop(o: Obj, name: string): void {
  const k = keyOf(o, name);
  if (k !== undefined) delete o[k];
}

const sameItem = (a: Json, b: Json) => (isObj(a) && isObj(b) && getKey(a, 'value') !== undefined ? getKey(a, 'value') === getKey(b, 'value') && (getKey(a, 'type') ?? null) === (getKey(b, 'type') ?? null) : JSON.stringify(a) === JSON.stringify(b));

/** Of a multi-valued attribute, at most one element is primary: the one just set. */
function onePrimary(items: Json[], chosen: Json[]): void {
  const winner = chosen.find((c) => isObj(c) && getKey(c, 'primary') === true);
  if (!winner) return;
  for (const item of items) if (isObj(item) && item !== winner && getKey(item, 'primary') === true) put(item, 'primary', false);
}

/** The operation's attribute definition, checked: known, writable. */
function attrDef(schema: ResourceSchema, path: PatchPath, raw: string): AttrDef {
  if (!path.urn || path.urn.toLowerCase() === schema.core.toLowerCase()) {
    // fine
  } else if (!Object.keys(schema.extensions).some((u) => u.toLowerCase() === path.urn!.toLowerCase())) {
    throw badPath(`"${raw}": no schema ${path.urn}`);
  }
  const def = findAttr(schema, path.urn, path.attr);
  if (!def) throw badPath(`"${raw}": no attribute ${path.attr}`);
  if (def.mutability === 'readOnly') throw new ScimError(`${def.name} is read-only`, 'mutability');
  const sub = path.sub ?? path.filterSub;
  if (sub && !findSub(def, sub)) throw badPath(`"${raw}": ${def.name} has no sub-attribute ${sub}`);
  if (path.filter && !def.multiValued) throw badPath(`"${raw}": a value filter needs a multi-valued attribute`);
  return def;
}

function containerFor(resource: Obj, schema: ResourceSchema, urn: string | undefined, create: boolean): Obj | undefined {
  const found = containerOf(resource, urn);
  if (found || !create || !urn) return found;
  const canonical = Object.keys(schema.extensions).find((u) => u.toLowerCase() === urn.toLowerCase()) ?? urn;
  const ext: Obj = {};
  resource[canonical] = ext;
  const schemas = resource.schemas;
  if (Array.isArray(schemas) && !schemas.some((x) => typeof x === 'string' && x.toLowerCase() === canonical.toLowerCase())) schemas.push(canonical);
  return ext;
}

/** `type eq "work"` (alone): the element such a filter would have matched, for Entra's replace-as-add. */
function elementOf(filter: Filter): Obj | undefined {
  if (filter.op !== 'eq' || filter.path.sub || filter.path.urn || filter.value === null) return undefined;
  return { [filter.path.attr]: filter.value };
}

function applyOne(resource: Obj, schema: ResourceSchema, op: 'add' | 'replace' | 'remove', rawPath: string, rawValue: unknown): void {
  const path = parsePatchPath(rawPath, schema);
  if (path.wholeExtension) {
    if (op === 'remove') {
      drop(resource, path.urn!);
      return;
    }
    if (!isObj(rawValue)) throw new ScimError(`the value for ${path.urn} must be an object`, 'invalidValue');
    for (const [k, v] of Object.entries(rawValue)) applyOne(resource, schema, op, `${path.urn}:${k}`, v);
    return;
  }
  const def = attrDef(schema, path, rawPath);
  const name = def.name;
  const container = containerFor(resource, schema, path.urn, op !== 'remove');
  if (!container) return;
  if (op !== 'remove' && rawValue === undefined) throw new ScimError(`"${op}" of ${rawPath} needs a value`, 'invalidSyntax');

  if (path.filter) {
    const items = (Array.isArray(getKey(container, name)) ? getKey(container, name) : []) as Json[];
    const hits = items.filter((item) => isObj(item) && matches(path.filter!, item)) as Obj[];
    const subDef = path.filterSub ? findSub(def, path.filterSub) : undefined;
    if (op === 'remove') {
      const kept = path.filterSub ? items : items.filter((item) => !hits.includes(item as Obj));
      if (path.filterSub) for (const h of hits) drop(h, path.filterSub);
      if (kept.length) put(container, name, kept);
      else drop(container, name);
      return;
    }
    if (hits.length === 0) {
      const seed = elementOf(path.filter);
      if (!seed) throw new ScimError(`no value of ${name} matches ${rawPath}`, 'noTarget');
      const created = path.filterSub ? { ...seed, [subDef!.name]: coerce(subDef, rawValue) } : { ...seed, ...(coerce({ ...def, multiValued: false }, rawValue) as Obj) };
      items.push(created);
      onePrimary(items, [created]);
      put(container, name, items);
      return;
    }
    for (const h of hits) {
      if (path.filterSub) put(h, subDef!.name, coerce(subDef, rawValue));
      else {
        const value = coerce({ ...def, multiValued: false }, rawValue);
        if (!isObj(value)) throw new ScimError(`the value for ${rawPath} must be an object`, 'invalidValue');
        if (op === 'replace') for (const k of Object.keys(h)) delete h[k];
        Object.assign(h, value);
      }
    }
    onePrimary(items, hits);
    put(container, name, items);
    return;
  }

  if (path.sub) {
    const subDef = findSub(def, path.sub)!;
    const current = getKey(container, name);
    const targets: Obj[] = def.multiValued ? ((Array.isArray(current) ? current : []).filter(isObj) as Obj[]) : isObj(current) ? [current] : [];
    if (!def.multiValued && targets.length === 0 && op !== 'remove') {
      const fresh: Obj = {};
      put(container, name, fresh);
      targets.push(fresh);
    }
    for (const t of targets) {
      if (op === 'remove') drop(t, subDef.name);
      else put(t, subDef.name, coerce(subDef, rawValue));
    }
    return;
  }

  if (op === 'remove') {
    // Entra removes members by naming them in the value: {"op":"Remove","path":"members","value":[{"value":"…"}]}.
    if (def.multiValued && Array.isArray(rawValue) && rawValue.length) {
      const gone = coerce(def, rawValue) as Json[];
      const kept = ((getKey(container, name) ?? []) as Json[]).filter((item) => !gone.some((g) => sameItem(g, item) || (isObj(g) && isObj(item) && getKey(g, 'value') === getKey(item, 'value'))));
      if (kept.length) put(container, name, kept);
      else drop(container, name);
    } else drop(container, name);
    return;
  }
  const value = coerce(def, rawValue);
  if (def.multiValued) {
    const incoming = value as Json[];
    const existing = op === 'add' && Array.isArray(getKey(container, name)) ? (getKey(container, name) as Json[]) : [];
    const merged = [...existing];
    for (const v of incoming) {
      const at = merged.findIndex((m) => sameItem(m, v));
      if (at >= 0) merged[at] = isObj(merged[at]) && isObj(v) ? { ...(merged[at] as Obj), ...v } : v;
      else merged.push(v);
    }
    onePrimary(merged, incoming);
    put(container, name, merged);
  } else if (def.type === 'complex' && isObj(value)) {
    // A complex attribute's sub-attributes not named stay as they are (RFC 7644 §3.5.2.1, .3).
    const current = getKey(container, name);
    put(container, name, { ...(isObj(current) ? current : {}), ...value });
  } else {
    put(container, name, value);
  }
}

/** Applies the operations in order to a copy of the resource; the copy is returned. */
export function applyPatch(resource: Obj, body: unknown, schema: ResourceSchema): Obj {
  if (!isObj(body)) throw new ScimError('a PATCH body is a JSON object', 'invalidSyntax');
  const ops = getKey(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) throw new ScimError('a PATCH body has "Operations": a non-empty array', 'invalidSyntax');
  const out = structuredClone(resource);
  for (const raw of ops) {
    if (!isObj(raw)) throw new ScimError('each operation is an object', 'invalidSyntax');
    const op = String(getKey(raw, 'op') ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(`"${String(getKey(raw, 'op'))}" is not an operation (add, replace, remove)`, 'invalidSyntax');
    const path = getKey(raw, 'path');
    const value = getKey(raw, 'value');
    if (path !== undefined && path !== null && typeof path !== 'string') throw new ScimError('"path" is a string', 'invalidPath');
    if (path === undefined || path === null || path === '') {
      if (op === 'remove') throw new ScimError('"remove" needs a path', 'noTarget');
      if (!isObj(value)) throw new ScimError(`"${op}" without a path needs an object value`, 'invalidSyntax');
      for (const [k, v] of Object.entries(value)) {
        // A "schemas" key in a path-less value (some clients echo it) changes nothing.
        if (k.toLowerCase() === 'schemas') continue;
        // Nor do read-only ones: Okta renames a group with {"value":{"id":"…","displayName":"…"}}.
        const named = /^urn:/i.test(k) ? undefined : findAttr(schema, undefined, k.split('.')[0]!);
        if (named?.mutability === 'readOnly') continue;
        applyOne(out, schema, op, k, v);
      }
    } else applyOne(out, schema, op, path, value);
  }
  return out;
}
