/**
 * Case-insensitive substring search, the same on both databases: SQLite's LIKE ignores ASCII case,
 * PostgreSQL's ILIKE does too and is served by the pg_trgm indexes of migration 0010. A `%` or `_`
 * a person types is a character, not a wildcard.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect } from './database.js';

export function contains(dialect: Dialect, column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return dialect === 'postgres' ? sql<boolean>`${sql.ref(column)} ILIKE ${pattern}` : sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}

/** The resource columns the SQLite trigram index (`resources_fts`, migration 0019) covers. */
type ResourceTextColumn = 'display_name' | 'email' | 'login';

/**
 * Above this many rows holding the text, a scan in the page's order finds a page of them sooner
 * than reading every one of them by rowid and sorting them (16,000 took 100 ms).
 */
const INDEXED_MATCHES_AT_MOST = 2_000;

/**
 * `text` in any of a resource's given columns, or (`orId`) the resource's id equal to it; `alias`
 * names the `resources` row. On SQLite the trigram index (three characters or more) first says
 * how many resources hold the text: when few do, the page reads just those rows (the index
 * narrows a scan of every resource of an app, 130 ms at 81,000, to a few milliseconds); when many
 * do, or the text is shorter than a trigram, it scans in order, where matches come soon. The LIKE
 * runs either way, so the answer is exactly what `contains` says (the index folds case more
 * widely than LIKE, and an id equal to the text holds it).
 */
export async function resourceContains(store: Db, alias: string, columns: ResourceTextColumn[], text: string, orId = false): Promise<RawBuilder<boolean>> {
  const exact = sql.join([...columns.map((c) => contains(store.dialect, `${alias}.${c}`, text)), ...(orId ? [sql<boolean>`${sql.ref(`${alias}.id`)} = ${text}`] : [])], sql` OR `);
  if (!store.sqlite || [...text].length < 3) return sql<boolean>`(${exact})`;
  // An FTS5 phrase in double quotes is the text as it is (quotes doubled); the column filter
  // keeps the match to the columns asked for.
  const query = `{${[...columns, ...(orId ? ['id'] : [])].join(' ')}} : "${text.replace(/"/g, '""')}"`;
  const held = store.sqlite.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM resources_fts WHERE resources_fts MATCH ? LIMIT ?)').get(query, INDEXED_MATCHES_AT_MOST + 1) as { n: number };
  if (held.n > INDEXED_MATCHES_AT_MOST) return sql<boolean>`(${exact})`;
  return sql<boolean>`(${sql.ref(`${alias}.rowid`)} IN (SELECT rowid FROM resources_fts WHERE resources_fts MATCH ${query}) AND (${exact}))`;
}
