/**
 * What Users and Groups share: the list query (filter, sort, page; RFC 7644 §3.4.2), the
 * attributes a response carries (`attributes`, `excludedAttributes`, §3.4.2.5), `meta.version`
 * (a weak ETag of the resource's content) and the base URL resources are located at.
 */
import { createHash } from 'node:crypto';
import { ScimError } from './errors.js';
import { getKey, keyOf, matches, parseAttrPath, parseFilter, sortValue, type AttrPath, type Filter, type Json } from './filter.js';
import { MAX_RESULTS, URN } from './schemas.js';

export type Obj = { [k: string]: Json };
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ListQuery {
  filter?: string;
  startIndex?: string | number;
  count?: string | number;
  sortBy?: string;
  sortOrder?: string;
  attributes?: string;
  excludedAttributes?: string;
}

export interface ListResult {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Obj[];
}

export function parseListFilter(query: ListQuery): Filter | undefined {
  return query.filter === undefined || query.filter === '' ? undefined : parseFilter(query.filter);
}

const intOf = (v: string | number | undefined, fallback: number) => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ScimError(`"${v}" is not an integer`, 'invalidValue');
  return n;
};

/** The page asked for: startIndex from 1, count up to MAX_RESULTS (100 when not given). */
export function pageOf(query: ListQuery): { startIndex: number; count: number } {
  return { startIndex: Math.max(1, intOf(query.startIndex, 1)), count: Math.min(MAX_RESULTS, Math.max(0, intOf(query.count, 100))) };
}

/** Filters, sorts and pages resources already rendered (with their meta). */
export function listOf(resources: Obj[], filter: Filter | undefined, query: ListQuery): ListResult {
  let found = filter ? resources.filter((r) => matches(filter, r)) : resources;
  if (query.sortBy) {
    let path: AttrPath;
    try {
      path = parseAttrPath(query.sortBy);
    } catch {
      throw new ScimError(`sortBy "${query.sortBy}" is not an attribute path`, 'invalidSyntax');
    }
    const order = (query.sortOrder ?? 'ascending').toLowerCase();
    if (order !== 'ascending' && order !== 'descending') throw new ScimError('sortOrder is "ascending" or "descending"', 'invalidValue');
    const sign = order === 'descending' ? -1 : 1;
    const keyed = found.map((r) => ({ r, k: sortValue(r, path) }));
    // Resources without the value sort last either way (RFC 7644 §3.4.2.3).
    keyed.sort((a, b) => (a.k === undefined ? (b.k === undefined ? 0 : 1) : b.k === undefined ? -1 : a.k < b.k ? -sign : a.k > b.k ? sign : 0));
    found = keyed.map((x) => x.r);
  }
  const { startIndex, count } = pageOf(query);
  const page = found.slice(startIndex - 1, startIndex - 1 + count);
  return { schemas: [URN.list], totalResults: found.length, startIndex, itemsPerPage: page.length, Resources: page };
}

/** W/"…": a digest of what the resource says (meta aside), so it changes whenever the resource does. */
export function versionOf(resource: Obj): string {
  const { meta: _meta, ...content } = resource;
  return `W/"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22)}"`;
}

const ALWAYS = new Set(['id', 'schemas']);

function pathsOf(list: string | undefined, core: string): AttrPath[] {
  if (!list) return [];
  return list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const ext = p.toLowerCase();
      // A whole extension: its URN alone.
      if (ext.startsWith('urn:') && !ext.slice(ext.lastIndexOf(':') + 1).match(/^[a-z]/i)) return { urn: p, attr: '' };
      try {
        const parsed = parseAttrPath(p);
        return parsed.urn?.toLowerCase() === core.toLowerCase() ? { ...parsed, urn: undefined } : parsed;
      } catch {
        throw new ScimError(`"${p}" is not an attribute path`, 'invalidSyntax');
      }
    });
}

/** The resource as `attributes` / `excludedAttributes` ask for it (id and schemas always stay). */
export function project(resource: Obj, query: { attributes?: string; excludedAttributes?: string }, core: string): Obj {
  const include = pathsOf(query.attributes, core);
  const exclude = pathsOf(query.excludedAttributes, core);
  if (include.length) {
    const out: Obj = {};
    for (const k of Object.keys(resource)) if (ALWAYS.has(k)) out[k] = resource[k]!;
    for (const p of include) {
      const src: Obj | undefined = p.urn ? (isObj(getKey(resource, p.urn)) ? (getKey(resource, p.urn) as Obj) : undefined) : resource;
      if (!src) continue;
      if (p.urn && !p.attr) {
        out[keyOf(resource, p.urn)!] = src;
        continue;
      }
      const key = keyOf(src, p.attr);
      if (key === undefined) continue;
      const dest: Obj = p.urn ? ((out[keyOf(resource, p.urn)!] as Obj | undefined) ?? (out[keyOf(resource, p.urn)!] = {})) as Obj : out;
      const value = src[key]!;
      if (!p.sub) dest[key] = value;
      else if (Array.isArray(value)) {
        const prev = (Array.isArray(dest[key]) ? dest[key] : value.map(() => ({}))) as Obj[];
        value.forEach((item, i) => {
          const sk = isObj(item) ? keyOf(item, p.sub!) : undefined;
          if (sk !== undefined && isObj(item)) prev[i]![sk] = item[sk]!;
        });
        dest[key] = prev;
      } else if (isObj(value)) {
        const sk = keyOf(value, p.sub);
        if (sk !== undefined) dest[key] = { ...((isObj(dest[key]) ? dest[key] : {}) as Obj), [sk]: value[sk]! };
      }
    }
    return out;
  }
  if (!exclude.length) return resource;
  const out = structuredClone(resource);
  for (const p of exclude) {
    if (!p.urn && ALWAYS.has(p.attr)) continue;
    if (p.urn && !p.attr) {
      const k = keyOf(out, p.urn);
      if (k) delete out[k];
      continue;
    }
    const src = p.urn ? (getKey(out, p.urn) as Obj | undefined) : out;
    if (!isObj(src)) continue;
    const key = keyOf(src, p.attr);
    if (key === undefined) continue;
    if (!p.sub) delete src[key];
    else {
      const v = src[key];
      for (const item of Array.isArray(v) ? v : [v]) {
        if (!isObj(item)) continue;
        const sk = keyOf(item, p.sub);
        if (sk) delete item[sk];
      }
    }
  }
  return out;
}
