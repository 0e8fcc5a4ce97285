/**
 * The sync file: one SQLite database per sync run holding everything a connector returned, plus
 * the engine's checkpoint (the task table). Schema documented in packages/sdk/SYNC_FILE.md; bump
 * SCHEMA_VERSION with any change there.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { parseEntitlementId, type Entitlement, type Grant, type Resource, type ResourceRef, type ResourceType } from '../model.js';

export const SCHEMA_VERSION = 1;

/**
 * Page cache of the sync's own connection, in KiB (negative: SQLite's unit for a size). Small on
 * purpose: a page commits the rows of one list, which land on a few leaf pages, so a larger cache
 * buys no speed; and SQLite sizes the sorter of `CREATE INDEX` by it too, so 64 MB here cost
 * 64 MB of cache during the listing and 64 MB more while the grant indexes were built (the sync's
 * peak). 16 MB builds those indexes and runs the expansion as fast as 64 MB did.
 */
const WRITER_CACHE_KIB = -16384;
/** Readers (diffs, ingest) scan and join whole tables: they keep a larger cache. */
const READER_CACHE_KIB = -65536;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sync_run (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  connector TEXT NOT NULL,
  target TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL,
  error TEXT,
  warnings TEXT NOT NULL DEFAULT '[]',
  api_calls INTEGER NOT NULL DEFAULT 0,
  resumes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS resource_types (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  traits TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS resources (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  parent_type TEXT,
  parent_id TEXT,
  data TEXT NOT NULL,
  PRIMARY KEY (type, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entitlements (
  id TEXT PRIMARY KEY,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  slug TEXT NOT NULL,
  display_name TEXT NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grants (
  id TEXT PRIMARY KEY,
  entitlement_id TEXT NOT NULL,
  principal_type TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  direct INTEGER NOT NULL,
  expandable TEXT,
  data TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grant_sources (
  grant_id TEXT NOT NULL,
  source_entitlement_id TEXT NOT NULL,
  PRIMARY KEY (grant_id, source_entitlement_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL DEFAULT '',
  page_token TEXT,
  pages INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, resource_type, resource_id)
);
`;

export type SyncStatus = 'running' | 'expanding' | 'succeeded' | 'failed';
export type TaskKind = 'resources' | 'entitlements' | 'grants' | 'type-grants';

export interface SyncRun {
  connector: string;
  target: string;
  startedAt: string;
  endedAt: string | null;
  status: SyncStatus;
  error: string | null;
  warnings: { code: string; message: string }[];
  apiCalls: number;
  resumes: number;
}

export interface Task {
  id: number;
  kind: TaskKind;
  resourceType: string;
  resourceId: string;
  pageToken: string | null;
  pages: number;
}

export interface GrantRow {
  id: string;
  entitlementId: string;
  resourceType: string;
  resourceId: string;
  slug: string;
  principalType: string;
  principalId: string;
  inherited: boolean;
  sources: string[];
  expandable?: Grant['expandable'];
  data?: Record<string, unknown>;
}

export interface SyncStats {
  connector: string;
  status: SyncStatus;
  startedAt: string;
  endedAt: string | null;
  resources: Record<string, number>;
  entitlements: number;
  grants: number;
  directGrants: number;
  inheritedGrants: number;
  warnings: { code: string; message: string }[];
  apiCalls: number;
  resumes: number;
}

interface RunRow {
  connector: string;
  target: string;
  started_at: string;
  ended_at: string | null;
  status: SyncStatus;
  error: string | null;
  warnings: string;
  api_calls: number;
  resumes: number;
}

/**
 * The sync file. Its SQLite database is private: the engine, grant expansion, diffs and the test
 * kit go through the methods below, so the schema can change in one place.
 */
export interface SyncDiff {
  resources: { added: { type: string; id: string; displayName: string }[]; removed: { type: string; id: string; displayName: string }[] };
  grants: { added: DiffGrant[]; removed: DiffGrant[] };
}

export interface DiffGrant {
  id: string;
  entitlementId: string;
  principalType: string;
  principalId: string;
  inherited: boolean;
}

/** Rows added or changed (`put`) and keys gone (`removed`) from one sync file to a later one. */
export interface SyncChanges {
  /** Rows put plus keys removed, over all three tables. */
  size: number;
  resources: { put: Resource[]; removed: ResourceRef[] };
  entitlements: { put: Entitlement[]; removed: string[] };
  grants: { put: GrantRow[]; removed: string[] };
}

export class SyncFile {
  private readonly db: Database.Database;

  private constructor(
    readonly path: string,
    readonly readonly: boolean,
  ) {
    this.db = new Database(path, { readonly, fileMustExist: readonly });
    if (!readonly) {
      // WAL keeps every committed page across a SIGKILL; NORMAL sync is enough for that (only a
      // power loss could drop the last commits, and the resume fetches them again).
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // Fewer, larger checkpoints: the WAL absorbs a page of grants per commit.
      this.db.pragma('wal_autocheckpoint = 16384');
      this.db.exec(SCHEMA);
      this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    }
    this.db.pragma(`cache_size = ${readonly ? READER_CACHE_KIB : WRITER_CACHE_KIB}`);
  }

  static open(path: string): SyncFile {
    return new SyncFile(path, false);
  }

  static openReadOnly(path: string): SyncFile {
    if (!existsSync(path)) throw new Error(`no sync file at ${path}`);
    const file = new SyncFile(path, true);
    const version = file.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined;
    if (version === undefined) throw new Error(`${path} is not a Gatehouse sync file`);
    if (Number(version) > SCHEMA_VERSION) throw new Error(`${path} has schema version ${version}; this Gatehouse reads up to ${SCHEMA_VERSION}`);
    return file;
  }

  /** Removes a sync file and its WAL side files. */
  static remove(path: string): void {
    for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
  }

  close(): void {
    if (!this.db.open) return;
    if (!this.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  // ---- the run -------------------------------------------------------------------------------

  run(): SyncRun | undefined {
    const row = this.db.prepare('SELECT * FROM sync_run WHERE id = 1').get() as RunRow | undefined;
    if (!row) return undefined;
    return {
      connector: row.connector,
      target: row.target,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      status: row.status,
      error: row.error,
      warnings: JSON.parse(row.warnings) as SyncRun['warnings'],
      apiCalls: row.api_calls,
      resumes: row.resumes,
    };
  }

  /**
   * What names this sync among all others (connector, target, start time): the server records
   * the identity of the file a catalog was built from, to know whether a kept file is still it.
   */
  identity(): string {
    const run = this.run();
    if (!run) throw new Error(`${this.path} holds no sync run`);
    return JSON.stringify([run.connector, run.target, run.startedAt, run.endedAt]);
  }

  startRun(connector: string, target: string): void {
    this.db
      .prepare("INSERT INTO sync_run (id, connector, target, started_at, status) VALUES (1, ?, ?, ?, 'running')")
      .run(connector, target, new Date().toISOString());
  }

  markResumed(): void {
    this.db.prepare("UPDATE sync_run SET status = 'running', error = NULL, resumes = resumes + 1 WHERE id = 1").run();
  }

  setStatus(status: SyncStatus, error?: string): void {
    const ended = status === 'succeeded' || status === 'failed' ? new Date().toISOString() : null;
    this.db.prepare('UPDATE sync_run SET status = ?, error = ?, ended_at = ? WHERE id = 1').run(status, error ?? null, ended);
  }

  addApiCalls(n: number): void {
    if (n > 0) this.db.prepare('UPDATE sync_run SET api_calls = api_calls + ? WHERE id = 1').run(n);
  }

  addWarning(code: string, message: string): boolean {
    const run = this.run();
    if (!run || run.warnings.some((w) => w.code === code)) return false;
    run.warnings.push({ code, message });
    this.db.prepare('UPDATE sync_run SET warnings = ? WHERE id = 1').run(JSON.stringify(run.warnings));
    return true;
  }

  // ---- writing ---------------------------------------------------------------------------------

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  putResourceType(type: ResourceType): void {
    this.db
      .prepare('INSERT OR REPLACE INTO resource_types (id, display_name, traits, data) VALUES (?, ?, ?, ?)')
      .run(type.id, type.displayName, JSON.stringify(type.traits), JSON.stringify(type));
  }

  private stmtCache = new Map<string, Database.Statement>();
  private stmt(sql: string): Database.Statement {
    let s = this.stmtCache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmtCache.set(sql, s);
    }
    return s;
  }

  putResource(r: Resource): void {
    this.stmt(
      'INSERT OR REPLACE INTO resources (type, id, display_name, parent_type, parent_id, data) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(r.id.type, r.id.id, r.displayName, r.parent?.type ?? null, r.parent?.id ?? null, JSON.stringify(r));
  }

  putEntitlement(e: Entitlement): void {
    this.stmt('INSERT OR REPLACE INTO entitlements (id, resource_type, resource_id, slug, display_name, data) VALUES (?, ?, ?, ?, ?, ?)').run(
      e.id,
      e.resource.type,
      e.resource.id,
      e.slug,
      e.displayName,
      JSON.stringify(e),
    );
  }

  putGrant(g: Grant): void {
    this.stmt(
      'INSERT OR REPLACE INTO grants (id, entitlement_id, principal_type, principal_id, direct, expandable, data) VALUES (?, ?, ?, ?, 1, ?, ?)',
    ).run(
      g.id,
      g.entitlementId,
      g.principal.type,
      g.principal.id,
      g.expandable ? JSON.stringify(g.expandable) : null,
      g.data ? JSON.stringify(g.data) : null,
    );
  }

  /** Drops everything of a resource type the credentials may not read. */
  dropResourceType(type: string): void {
    this.db.prepare('DELETE FROM resources WHERE type = ?').run(type);
    this.db.prepare('DELETE FROM entitlements WHERE resource_type = ?').run(type);
    this.db.prepare("DELETE FROM grants WHERE entitlement_id LIKE ? ESCAPE '\\'").run(`${type.replace(/[\\%_]/g, (c) => '\\' + c)}:%`);
    this.db.prepare('DELETE FROM resource_types WHERE id = ?').run(type);
    this.db.prepare('UPDATE tasks SET done = 1 WHERE resource_type = ?').run(type);
  }

  /**
   * Secondary indexes on grants. Built once the lists are fetched (before expansion) rather than
   * kept up to date through a million inserts in random key order, which is several times slower.
   */
  ensureIndexes(): void {
    this.db.exec(`CREATE INDEX IF NOT EXISTS grants_by_entitlement ON grants (entitlement_id);
      CREATE INDEX IF NOT EXISTS grants_by_principal ON grants (principal_type, principal_id);`);
  }

  // ---- tasks (the checkpoint) ------------------------------------------------------------------

  addTask(kind: TaskKind, resourceType: string, resourceId = '', pageToken: string | null = null): Task | undefined {
    const info = this.stmt('INSERT OR IGNORE INTO tasks (kind, resource_type, resource_id, page_token) VALUES (?, ?, ?, ?)').run(kind, resourceType, resourceId, pageToken);
    if (info.changes === 0) return undefined;
    return { id: Number(info.lastInsertRowid), kind, resourceType, resourceId, pageToken, pages: 0 };
  }

  advanceTask(id: number, nextPageToken: string | undefined): void {
    this.stmt('UPDATE tasks SET page_token = ?, pages = pages + 1, done = ? WHERE id = ?').run(nextPageToken ?? null, nextPageToken ? 0 : 1, id);
  }

  finishTask(id: number): void {
    this.stmt('UPDATE tasks SET done = 1 WHERE id = ?').run(id);
  }

  pendingTasks(): Task[] {
    const rows = this.db
      .prepare('SELECT id, kind, resource_type, resource_id, page_token, pages FROM tasks WHERE done = 0 ORDER BY id')
      .all() as { id: number; kind: TaskKind; resource_type: string; resource_id: string; page_token: string | null; pages: number }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, resourceType: r.resource_type, resourceId: r.resource_id, pageToken: r.page_token, pages: r.pages }));
  }

  taskCounts(): { total: number; done: number; pages: number } {
    return this.db.prepare('SELECT count(*) AS total, coalesce(sum(done), 0) AS done, coalesce(sum(pages), 0) AS pages FROM tasks').get() as {
      total: number;
      done: number;
      pages: number;
    };
  }

  // ---- reading ---------------------------------------------------------------------------------

  resourceTypes(): ResourceType[] {
    return (this.db.prepare('SELECT data FROM resource_types ORDER BY rowid').pluck().all() as string[]).map((d) => JSON.parse(d) as ResourceType);
  }

  getResource(type: string, id: string): Resource | undefined {
    const data = this.db.prepare('SELECT data FROM resources WHERE type = ? AND id = ?').pluck().get(type, id) as string | undefined;
    return data ? (JSON.parse(data) as Resource) : undefined;
  }

  *resources(type?: string): Generator<Resource> {
    const sql = type ? 'SELECT data FROM resources WHERE type = ? ORDER BY type, id' : 'SELECT data FROM resources ORDER BY type, id';
    const stmt = this.db.prepare(sql).pluck();
    for (const data of (type ? stmt.iterate(type) : stmt.iterate()) as Iterable<string>) yield JSON.parse(data) as Resource;
  }

  *entitlements(): Generator<Entitlement> {
    for (const data of this.db.prepare('SELECT data FROM entitlements ORDER BY id').pluck().iterate() as Iterable<string>) {
      yield JSON.parse(data) as Entitlement;
    }
  }

  getGrant(id: string): GrantRow | undefined {
    const [row] = this.grants({ id });
    return row;
  }

  *grants(filter: { principal?: { type: string; id: string }; entitlementId?: string; id?: string } = {}): Generator<GrantRow> {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.principal) {
      where.push('g.principal_type = ? AND g.principal_id = ?');
      args.push(filter.principal.type, filter.principal.id);
    }
    if (filter.entitlementId) {
      where.push('g.entitlement_id = ?');
      args.push(filter.entitlementId);
    }
    if (filter.id) {
      where.push('g.id = ?');
      args.push(filter.id);
    }
    yield* this.grantRows(this.db, where.length ? 'WHERE ' + where.join(' AND ') : '', args);
  }

  /**
   * Grants with their entitlement's resource and their sources; `clause` filters `g`, or `keys`
   * names a table of the ids to read (an `id` column, its primary key).
   */
  private *grantRows(db: Database.Database, clause: string, args: string[], keys?: string): Generator<GrantRow> {
    // The keys drive the loop (CROSS JOIN keeps them outer; ordered by their own key): a freshly
    // made temporary table has no statistics, and the planner scanned a million grants to probe it.
    const from = keys ? `${keys} k CROSS JOIN main.grants g ON g.id = k.id` : 'main.grants g';
    const sql = `SELECT g.id, g.entitlement_id, g.principal_type, g.principal_id, g.direct, g.expandable, g.data,
        e.resource_type, e.resource_id, e.slug,
        (SELECT json_group_array(source_entitlement_id) FROM main.grant_sources s WHERE s.grant_id = g.id) AS sources
      FROM ${from} LEFT JOIN main.entitlements e ON e.id = g.entitlement_id
      ${clause} ORDER BY ${keys ? 'k.id' : 'g.id'}`;
    type Row = {
      id: string;
      entitlement_id: string;
      principal_type: string;
      principal_id: string;
      direct: number;
      expandable: string | null;
      data: string | null;
      resource_type: string | null;
      resource_id: string | null;
      slug: string | null;
      sources: string;
    };
    for (const r of db.prepare(sql).iterate(...args) as Iterable<Row>) {
      const fallback = r.slug === null ? parseEntitlementId(r.entitlement_id) : undefined;
      const row: GrantRow = {
        id: r.id,
        entitlementId: r.entitlement_id,
        resourceType: r.resource_type ?? fallback!.resource.type,
        resourceId: r.resource_id ?? fallback!.resource.id,
        slug: r.slug ?? fallback!.slug,
        principalType: r.principal_type,
        principalId: r.principal_id,
        inherited: r.direct === 0,
        sources: JSON.parse(r.sources) as string[],
      };
      if (r.expandable) row.expandable = JSON.parse(r.expandable) as Grant['expandable'];
      if (r.data) row.data = JSON.parse(r.data) as Record<string, unknown>;
      yield row;
    }
  }

  /** Rows so far (the engine's progress). */
  counts(): { resources: number; grants: number } {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return { resources: count('SELECT count(*) FROM resources'), grants: count('SELECT count(*) FROM grants') };
  }

  /** Resources per type and the entitlements: cheap (no scan of the grants). */
  catalogSizes(): { resources: Record<string, number>; entitlements: number } {
    const resources: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT type, count(*) AS n FROM resources GROUP BY type').all() as { type: string; n: number }[]) resources[r.type] = r.n;
    return { resources, entitlements: this.db.prepare('SELECT count(*) FROM entitlements').pluck().get() as number };
  }

  /** Every resource's type and id, in order (cheap: no JSON parsed). */
  resourceKeys(type?: string): { type: string; id: string }[] {
    const sql = `SELECT type, id FROM resources ${type ? 'WHERE type = ? ' : ''}ORDER BY type, id`;
    return (type ? this.db.prepare(sql).all(type) : this.db.prepare(sql).all()) as { type: string; id: string }[];
  }

  /** Every grant id, in order; `inherited` narrows to grants held through a group (or only direct ones). */
  grantIds(inherited?: boolean): string[] {
    const where = inherited === undefined ? '' : `WHERE direct = ${inherited ? 0 : 1} `;
    return this.db.prepare(`SELECT id FROM grants ${where}ORDER BY id`).pluck().all() as string[];
  }

  /**
   * Grant expansion (see expand.ts for what it means): every holder of an expandable grant's
   * source entitlements inherits it, to a fixpoint, in SQL so a million grants never sit in memory.
   * Returns the edges (for cycle reports), the inherited grants and the rounds it took.
   */
  expandGrants(): { edges: { source: string; target: string }[]; inheritedGrants: number; rounds: number } {
    const db = this.db;
    return this.transaction(() => {
      // Start from a clean slate so that an expansion interrupted earlier (or run twice) gives the same result.
      db.exec('DELETE FROM grants WHERE direct = 0; DELETE FROM grant_sources;');
      db.exec(`DROP TABLE IF EXISTS temp.expand_edges;
        CREATE TEMP TABLE expand_edges (source TEXT NOT NULL, target TEXT NOT NULL, target_type TEXT, target_id TEXT);
        INSERT INTO temp.expand_edges (source, target, target_type, target_id)
          SELECT DISTINCT je.value, g.entitlement_id, e.resource_type, e.resource_id
          FROM grants g, json_each(g.expandable, '$.entitlementIds') je
          LEFT JOIN entitlements e ON e.id = g.entitlement_id
          WHERE g.expandable IS NOT NULL;
        CREATE INDEX temp.expand_edges_source ON expand_edges (source);`);
      const edges = db.prepare('SELECT DISTINCT source, target FROM temp.expand_edges').all() as { source: string; target: string }[];
      if (edges.length === 0) return { edges, inheritedGrants: 0, rounds: 0 };
      // Every holder of a source entitlement (direct or already inherited) inherits the target one,
      // except the target resource itself (a group never becomes a member of itself through a cycle).
      const holders = `FROM temp.expand_edges x JOIN grants m ON m.entitlement_id = x.source
        WHERE NOT (x.target_type IS m.principal_type AND x.target_id IS m.principal_id)`;
      const addSources = db.prepare(`INSERT OR IGNORE INTO grant_sources (grant_id, source_entitlement_id)
        SELECT x.target || ':' || m.principal_type || ':' || m.principal_id, x.source ${holders}`);
      const addGrants = db.prepare(`INSERT OR IGNORE INTO grants (id, entitlement_id, principal_type, principal_id, direct)
        SELECT x.target || ':' || m.principal_type || ':' || m.principal_id, x.target, m.principal_type, m.principal_id, 0 ${holders}`);
      let rounds = 0;
      for (;;) {
        rounds++;
        const added = addGrants.run().changes;
        const sourced = addSources.run().changes;
        if (added === 0 && sourced === 0) break;
      }
      const inheritedGrants = db.prepare('SELECT count(*) FROM grants WHERE direct = 0').pluck().get() as number;
      db.exec('DROP TABLE temp.expand_edges');
      return { edges, inheritedGrants, rounds };
    });
  }

  /** What changed from an older sync file to this one: resources and grants added and removed, by id. */
  diffFrom(oldPath: string): SyncDiff {
    SyncFile.openReadOnly(oldPath).close(); // a bad path gets the sync file's own clear error
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      db.prepare('ATTACH DATABASE ? AS old').run(oldPath);
      const resources = (from: string, minus: string) =>
        db
          .prepare(
            `SELECT type, id, display_name AS displayName FROM ${from}.resources a
             WHERE NOT EXISTS (SELECT 1 FROM ${minus}.resources b WHERE b.type = a.type AND b.id = a.id) ORDER BY type, id`,
          )
          .all() as SyncDiff['resources']['added'];
      const grants = (from: string, minus: string) =>
        (
          db
            .prepare(
              `SELECT id, entitlement_id AS entitlementId, principal_type AS principalType, principal_id AS principalId, direct FROM ${from}.grants a
               WHERE NOT EXISTS (SELECT 1 FROM ${minus}.grants b WHERE b.id = a.id) ORDER BY id`,
            )
            .all() as (Omit<DiffGrant, 'inherited'> & { direct: number })[]
        ).map(({ direct, ...g }) => ({ ...g, inherited: direct === 0 }));
      return {
        resources: { added: resources('main', 'old'), removed: resources('old', 'main') },
        grants: { added: grants('main', 'old'), removed: grants('old', 'main') },
      };
    } finally {
      db.close();
    }
  }

  /**
   * Everything that changed from an older sync file to this one, as whole rows: what an
   * incremental ingest writes (rows added or changed) and deletes (keys gone). Compared in SQLite
   * (the old file attached to a private connection), each table as a merge of the two files in
   * primary-key order (`EXCEPT` with an `ORDER BY` of the key: SQLite walks both B-trees side by
   * side, where a join looked each of a million keys up in the other file, twice as slow), so a
   * million unchanged grants cost two scans and no memory. Returns undefined, having read no rows,
   * when more than `limit` rows changed: the caller rewrites everything instead.
   */
  changesSince(oldPath: string, limit = Number.POSITIVE_INFINITY): SyncChanges | undefined {
    SyncFile.openReadOnly(oldPath).close(); // a bad path gets the sync file's own clear error
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`cache_size = ${READER_CACHE_KIB}`);
      db.prepare('ATTACH DATABASE ? AS old').run(oldPath);
      // Keys first (into temporary tables), so the size is known before a row is parsed. Each
      // ORDER BY is the primary key (plus columns it decides), which keeps every EXCEPT a merge.
      db.exec(`
        CREATE TEMP TABLE put_resources AS SELECT type, id FROM (
          SELECT type, id, data FROM main.resources EXCEPT SELECT type, id, data FROM old.resources ORDER BY 1, 2, 3);
        CREATE TEMP TABLE gone_resources AS SELECT type, id FROM (
          SELECT type, id FROM old.resources EXCEPT SELECT type, id FROM main.resources ORDER BY 1, 2);
        CREATE TEMP TABLE put_entitlements AS SELECT id FROM (
          SELECT id, data FROM main.entitlements EXCEPT SELECT id, data FROM old.entitlements ORDER BY 1, 2);
        CREATE TEMP TABLE gone_entitlements AS SELECT id FROM (
          SELECT id FROM old.entitlements EXCEPT SELECT id FROM main.entitlements ORDER BY 1);
        CREATE TEMP TABLE put_grants (id TEXT PRIMARY KEY) WITHOUT ROWID;
        -- New grants and those whose directness changed (the id names the entitlement and the principal).
        INSERT OR IGNORE INTO put_grants SELECT id FROM (
          SELECT id, direct FROM main.grants EXCEPT SELECT id, direct FROM old.grants ORDER BY 1, 2);
        -- Grants whose sources changed: a source added, or one removed from a grant still held.
        INSERT OR IGNORE INTO put_grants SELECT grant_id FROM (
          SELECT grant_id, source_entitlement_id FROM main.grant_sources EXCEPT SELECT grant_id, source_entitlement_id FROM old.grant_sources ORDER BY 1, 2);
        INSERT OR IGNORE INTO put_grants SELECT s.grant_id FROM (
          SELECT grant_id, source_entitlement_id FROM old.grant_sources EXCEPT SELECT grant_id, source_entitlement_id FROM main.grant_sources ORDER BY 1, 2) s
          WHERE EXISTS (SELECT 1 FROM main.grants a WHERE a.id = s.grant_id);
        CREATE TEMP TABLE gone_grants AS SELECT id FROM (
          SELECT id FROM old.grants EXCEPT SELECT id FROM main.grants ORDER BY 1);`);
      const count = (table: string) => db.prepare(`SELECT count(*) FROM temp.${table}`).pluck().get() as number;
      const size = ['put_resources', 'gone_resources', 'put_entitlements', 'gone_entitlements', 'put_grants', 'gone_grants'].reduce((n, t) => n + count(t), 0);
      if (size > limit) return undefined;
      const parse = <T>(sql: string) => (db.prepare(sql).pluck().all() as string[]).map((d) => JSON.parse(d) as T);
      return {
        size,
        resources: {
          put: parse<Resource>('SELECT a.data FROM temp.put_resources k JOIN main.resources a ON a.type = k.type AND a.id = k.id ORDER BY k.type, k.id'),
          removed: db.prepare('SELECT type, id FROM temp.gone_resources ORDER BY type, id').all() as ResourceRef[],
        },
        entitlements: {
          put: parse<Entitlement>('SELECT a.data FROM temp.put_entitlements k JOIN main.entitlements a ON a.id = k.id ORDER BY k.id'),
          removed: db.prepare('SELECT id FROM temp.gone_entitlements ORDER BY id').pluck().all() as string[],
        },
        grants: {
          put: [...this.grantRows(db, '', [], 'temp.put_grants')],
          removed: db.prepare('SELECT id FROM temp.gone_grants ORDER BY id').pluck().all() as string[],
        },
      };
    } finally {
      db.close();
    }
  }

  stats(): SyncStats {
    const run = this.run();
    if (!run) throw new Error(`${this.path} holds no sync run`);
    const resources: Record<string, number> = {};
    for (const t of this.resourceTypes()) resources[t.id] = 0;
    for (const r of this.db.prepare('SELECT type, count(*) AS n FROM resources GROUP BY type').all() as { type: string; n: number }[]) {
      resources[r.type] = r.n;
    }
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    const direct = count('SELECT count(*) FROM grants WHERE direct = 1');
    const all = count('SELECT count(*) FROM grants');
    return {
      connector: run.connector,
      status: run.status,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      resources,
      entitlements: count('SELECT count(*) FROM entitlements'),
      grants: all,
      directGrants: direct,
      inheritedGrants: all - direct,
      warnings: run.warnings,
      apiCalls: run.apiCalls,
      resumes: run.resumes,
    };
  }
}
