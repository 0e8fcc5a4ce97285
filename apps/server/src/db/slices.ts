/**
 * Rows in slices for multi-row statements: `IN (…)` lists and multi-row INSERTs stay within both
 * databases' parameter limits, and on SQLite each slice holds the write lock only briefly.
 */
export function slices<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
