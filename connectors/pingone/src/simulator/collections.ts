/**
 * PingOne collections: SCIM filters on the attributes each list supports, cursor paging over a
 * sorted id list with an opaque cursor, and the HAL envelope (`_embedded`, `_links.next`, `size`,
 * `count`).
 */
import { indexAfter } from '@gatehouse/sdk/simkit';
import { filter as compileFilter, parse as parseScimFilter, type Filter } from 'scim2-parse-filter';
import { errors } from './errors.js';

/** Page sizes [default, maximum]. PingOne documents 200 for users ("may be smaller"); the spec allows 1000 elsewhere. */
export const PAGE_SIZES = { users: 200, other: 1000 } as const;

export interface FilterRules {
  /** Attribute paths that may appear, each with the operators allowed on it. */
  attributes: Record<string, string[]>;
  /** Multi-valued attributes that take a `[…]` value filter, with the attributes allowed inside. */
  valuePaths?: Record<string, Record<string, string[]>>;
}

export function parseFilter(raw: string | null, rules: FilterRules): Filter | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  let ast: Filter;
  try {
    ast = parseScimFilter(raw);
  } catch (e) {
    throw errors.badFilter(`Invalid filter "${raw}": ${(e as Error).message}`);
  }
  check(ast, rules.attributes, rules);
  return ast;
}

function check(f: Filter, attributes: Record<string, string[]>, rules: FilterRules): void {
  switch (f.op) {
    case 'and':
    case 'or':
      for (const sub of f.filters) check(sub, attributes, rules);
      return;
    case 'not':
      throw errors.badFilter('The "not" operator is not supported');
    case '[]': {
      const inner = rules.valuePaths?.[f.attrPath];
      if (!inner || attributes !== rules.attributes) throw errors.badFilter(`Filtering on "${f.attrPath}[…]" is not supported`);
      check(f.valFilter, inner, rules);
      return;
    }
    default: {
      const ops = attributes[f.attrPath];
      if (!ops) throw errors.badFilter(`Filtering on attribute "${f.attrPath}" is not supported`);
      if (!ops.includes(f.op)) throw errors.badFilter(`Operator "${f.op}" is not supported on attribute "${f.attrPath}"`);
    }
  }
}

/** The value of `attr eq "v"` if the filter is that comparison or an `and` containing it: lets a list use an index. */
export function equalityOn(f: Filter | undefined, attr: string, inside?: string): string | undefined {
  if (!f) return undefined;
  if (f.op === 'and') {
    for (const sub of f.filters) {
      const v = equalityOn(sub, attr, inside);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  if (inside !== undefined) {
    if (f.op === '[]' && f.attrPath === inside) return equalityOn(f.valFilter, attr);
    return undefined;
  }
  return f.op === 'eq' && f.attrPath === attr && typeof f.compValue === 'string' ? f.compValue : undefined;
}

export function predicate(f: Filter | undefined): (view: unknown) => boolean {
  return f ? compileFilter(f) : () => true;
}

interface Cursor {
  after: string;
}

export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after } satisfies Cursor)).toString('base64url');
}

function decodeCursor(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.after === 'string') return c.after;
  } catch {
    // fall through
  }
  throw errors.invalid('INVALID_VALUE', 'cursor', 'The cursor is invalid or has expired');
}

export function pageLimit(url: URL, maximum: number): number {
  const raw = url.searchParams.get('limit');
  if (raw === null) return maximum;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw errors.invalid('OUT_OF_RANGE', 'limit', 'limit must be an integer between 1 and 1000');
  return Math.min(n, maximum);
}

/**
 * One page of the ids that `keep` accepts, after the request's cursor, in the HAL envelope. The
 * next link repeats the request's own query with the new cursor. `count` (the total) is given only
 * for result sets small enough to count cheaply, as PingOne leaves it out of large ones.
 */
export function halPage<T>(
  url: URL,
  selfBase: string,
  embeddedKey: string,
  sorted: readonly string[],
  maximum: number,
  keep: (id: string) => boolean,
  render: (id: string) => T,
): Record<string, unknown> {
  const limit = pageLimit(url, maximum);
  const start = indexAfter(sorted, decodeCursor(url.searchParams.get('cursor')));
  const items: T[] = [];
  let last: string | undefined;
  let i = start;
  for (; i < sorted.length && items.length < limit; i++) {
    if (!keep(sorted[i]!)) continue;
    items.push(render(sorted[i]!));
    last = sorted[i];
  }
  let more = false;
  for (let j = i; j < sorted.length && !more; j++) more = keep(sorted[j]!);
  const self = `${selfBase}${url.pathname}${url.search}`;
  const links: Record<string, { href: string }> = { self: { href: self } };
  if (more && last !== undefined) {
    const next = new URL(self);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('cursor', encodeCursor(last));
    links.next = { href: next.toString() };
  }
  const body: Record<string, unknown> = { _links: links, _embedded: { [embeddedKey]: items }, size: items.length };
  if (sorted.length <= 10_000) body.count = sorted.filter(keep).length;
  return body;
}
