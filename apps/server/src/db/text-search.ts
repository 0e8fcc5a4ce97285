/**
 * Case-insensitive substring search, the same on both databases: SQLite's LIKE ignores ASCII case,
 * PostgreSQL's ILIKE does too and is served by the pg_trgm indexes of migration 0010. A `%` or `_`
 * a person types is a character, not a wildcard.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './database.js';

export function contains(dialect: Dialect, column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return dialect === 'postgres' ? sql<boolean>`${sql.ref(column)} ILIKE ${pattern}` : sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}
