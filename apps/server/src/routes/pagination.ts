/** Cursor pagination: `?limit=&cursor=`, the cursor being the last item's sort key, opaque. */
import { z } from 'zod';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
};

export const encodeCursor = (key: string) => Buffer.from(key).toString('base64url');
export const decodeCursor = (cursor: string | undefined) => (cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined);

/** Takes `limit + 1` rows fetched in key order and returns the page with the next cursor. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(key(items[items.length - 1]!)) : null };
}
