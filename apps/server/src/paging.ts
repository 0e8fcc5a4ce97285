/**
 * Cursor pagination: `?limit=&cursor=`, the cursor being the last item's sort key, opaque to
 * callers. Modules page with `Cursor` parts; routes take `pageQuery` from the query string.
 */
import { z } from 'zod';
import { InvalidError } from './errors.js';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2000).optional(),
};

export const encodeCursor = (parts: string[]) => Buffer.from(parts.join('\u0000')).toString('base64url');

/** The parts of a cursor this page made, exactly `count` of them; anything else is refused. */
export function decodeCursor(cursor: string | undefined, count: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  const parts = /^[A-Za-z0-9_-]*$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8').split('\u0000') : [];
  if (parts.length !== count || parts.some((p) => p === '')) throw new InvalidError('the cursor is not one this list gave out', [{ field: 'querystring.cursor', message: 'invalid cursor' }]);
  return parts;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

/** Takes `limit + 1` rows fetched in key order and returns the page with the next cursor. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => string[]): Paged<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(key(items[items.length - 1]!)) : null };
}

/** A page whose rows are shown differently than they are stored. */
export function mapPage<T, U>(page: Paged<T>, fn: (row: T) => U): Paged<U> {
  return { items: page.items.map(fn), nextCursor: page.nextCursor };
}

export const pagedOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
