/**
 * Catalog ingest: a sync file becomes the app's resources, entitlements and grants, in one of two
 * ways, both atomically visible (readers see the old catalog or the new one, never half):
 *  - **incremental** (re-syncs): the difference from the sync file the catalog was built from,
 *    kept on disk by the caller (`previous`), plus the keys the platform changed itself since
 *    (catalog_local_changes), applied in one transaction. A million-grant tenant where a few
 *    hundred grants changed writes a few hundred rows.
 *  - **rewrite** (the first sync, no usable previous file, or a difference larger than
 *    REWRITE_SHARE of the catalog): rows are written under the app's next generation (invisible to
 *    readers, who read the current one); one short transaction records the diff as events and
 *    switches the app to the new generation. A failed or killed rewrite leaves the last good
 *    generation in place; its half-written rows are removed by the next attempt.
 * Either way the grants added and removed are recorded as catalog events, and the identity of the
 * ingested file is recorded on the app, so a later ingest knows whether a kept file is still its base.
 */
import { SyncFile, type SyncChanges } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { refreshStatistics, type Db } from '../../db/database.js';
import { slices } from '../../db/slices.js';
import type { CatalogCounts, EntitlementTable, GrantTable, ResourceTable } from '../../db/schema.js';
import { ACCOUNT_TYPE } from '../people/matching.js';
import { accountKey } from './changes.js';
import { entitlementRow, grantRow, resourceRow } from './rows.js';

export interface IngestResult {
  mode: 'incremental' | 'rewrite';
  generation: number;
  resources: number;
  entitlements: number;
  grants: number;
  grantsAdded: number;
  grantsRemoved: number;
  /** Rows written or deleted (incremental), or rows written (rewrite). */
  rowsWritten: number;
  /** Incremental: comparing the two sync files, and writing the difference. */
  phases?: { diffMs: number; applyMs: number };
}

export interface IngestOptions {
  /** The sync file the app's catalog was last built from, if the caller kept it. */
  previous?: string;
}

/** Above this share of the catalog changed, writing a new generation is cheaper than applying the difference. */
export const REWRITE_SHARE = 0.1;

type Table = 'resources' | 'entitlements' | 'grants';
type Row = ResourceTable | EntitlementTable | GrantTable;

const COLUMNS: Record<Table, string[]> = {
  resources: ['app_id', 'generation', 'type', 'id', 'display_name', 'parent_type', 'parent_id', 'email', 'login', 'data'],
  entitlements: ['app_id', 'generation', 'id', 'resource_type', 'resource_id', 'slug', 'display_name', 'data'],
  grants: ['app_id', 'generation', 'id', 'entitlement_id', 'resource_type', 'resource_id', 'principal_type', 'principal_id', 'direct', 'sources'],
};

/**
 * Inserts rows in bulk through the database's fastest ordinary path: prepared multi-row INSERTs in
 * large transactions on SQLite, multi-row INSERTs on PostgreSQL. On SQLite each statement is also a
 * savepoint at which the resources' full-text index (migration 0019, kept by triggers) writes what
 * it holds: a statement per row made that index cost 15 times the insert itself.
 */
/** Rows per INSERT statement on SQLite (10 columns each: far below its 32,766 parameters). */
export const SQLITE_ROWS_PER_STATEMENT = 100;

export class BulkWriter {
  private buffer: Row[] = [];
  count = 0;
  constructor(
    private readonly store: Db,
    private readonly table: Table,
    private readonly batch = store.dialect === 'sqlite' ? 5_000 : 1_000,
  ) {}

  async add(row: Row): Promise<void> {
    this.buffer.push(row);
    if (this.buffer.length >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.count += rows.length;
    const cols = COLUMNS[this.table];
    if (this.store.sqlite) {
      const sqlite = this.store.sqlite;
      const statement = (n: number) => sqlite.prepare(`INSERT INTO ${this.table} (${cols.join(', ')}) VALUES ${Array.from({ length: n }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`);
      const full = statement(SQLITE_ROWS_PER_STATEMENT);
      sqlite.transaction(() => {
        for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
          const part = rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
          const values = part.flatMap((r) => cols.map((c) => (r as unknown as Record<string, unknown>)[c] ?? null));
          (part.length === SQLITE_ROWS_PER_STATEMENT ? full : statement(part.length)).run(...values);
        }
      })();
      // better-sqlite3 blocks the thread while it writes: let requests waiting meanwhile be served.
      await yieldToEventLoop();
      return;
    }
    await this.store.db.insertInto(this.table).values(rows as never).execute();
  }
}

/** How long an ingest holds its app without renewing (it renews every third of it). */
const INGEST_LEASE_MS = 60_000;

export const INGEST_BUSY = 'another ingest of this app is running; this one waits for it';

/**
 * One ingest per app at a time, across processes. Two at once would write the same next
 * generation (and the second would clear the first's rows as leftovers); the lease is renewed
 * while the ingest works, and an ingest whose process died is taken over when it expires.
 */
async function withIngestLease<T>(store: Db, appId: string, fn: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const until = () => new Date(Date.now() + INGEST_LEASE_MS).toISOString();
  const taken = await store.db
    .updateTable('apps')
    .set({ ingest_owner: owner, ingest_until: until() })
    .where('id', '=', appId)
    .where((eb) => eb.or([eb('ingest_until', 'is', null), eb('ingest_until', '<', new Date().toISOString())]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) throw new Error(INGEST_BUSY);
  const renew = setInterval(() => {
    store.db.updateTable('apps').set({ ingest_until: until() }).where('id', '=', appId).where('ingest_owner', '=', owner).execute().catch(() => {});
  }, INGEST_LEASE_MS / 3);
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await store.db.updateTable('apps').set({ ingest_owner: null, ingest_until: null }).where('id', '=', appId).where('ingest_owner', '=', owner).execute();
  }
}

/** Every app's ingest lease, released: for a process that knows no other one is alive (embedded SQLite, at start). */
export async function releaseIngestLeases(store: Db): Promise<void> {
  await store.db.updateTable('apps').set({ ingest_owner: null, ingest_until: null }).where('ingest_owner', 'is not', null).execute();
}

export function ingestSyncFile(store: Db, appId: string, syncRunId: string, path: string, options: IngestOptions = {}): Promise<IngestResult> {
  return withIngestLease(store, appId, () => ingestUnderLease(store, appId, syncRunId, path, options));
}

async function ingestUnderLease(store: Db, appId: string, syncRunId: string, path: string, options: IngestOptions): Promise<IngestResult> {
  const app = await store.db.selectFrom('apps').select(['catalog_generation', 'catalog_source', 'catalog_counts']).where('id', '=', appId).executeTakeFirstOrThrow();
  const file = SyncFile.openReadOnly(path);
  try {
    const identity = file.identity();
    if (app.catalog_generation > 0 && app.catalog_source) {
      const size = countsOf(app.catalog_counts);
      const diffStarted = Date.now();
      const changes = changesFromPrevious(file, options.previous, app.catalog_source, size.accounts + size.entitlements + size.grants);
      if (changes) return await applyChanges(store, appId, syncRunId, file, changes, { generation: app.catalog_generation, source: app.catalog_source, identity, diffMs: Date.now() - diffStarted });
    }
    return await rewrite(store, appId, syncRunId, file, { generation: app.catalog_generation + 1, identity });
  } finally {
    file.close();
  }
}

function countsOf(json: string | null): CatalogCounts {
  return json ? (JSON.parse(json) as CatalogCounts) : { accounts: 0, entitlements: 0, grants: 0, inherited: 0 };
}

/** The difference from the previous sync file, if it is the catalog's base and the difference is small enough to apply. */
function changesFromPrevious(file: SyncFile, previous: string | undefined, source: string, catalogSize: number): SyncChanges | undefined {
  if (!previous || !existsSync(previous)) return undefined;
  let identity: string;
  try {
    const old = SyncFile.openReadOnly(previous);
    try {
      identity = old.identity();
    } finally {
      old.close();
    }
  } catch {
    return undefined; // unreadable: rewrite, which needs no base
  }
  if (identity !== source) return undefined; // a file other than the one the catalog was built from
  return file.changesSince(previous, Math.max(1000, Math.floor(catalogSize * REWRITE_SHARE)));
}

/**
 * The incremental path: the difference between the two sync files, widened by the keys the
 * platform changed itself since the base (each set to what the new sync says), written in one
 * transaction at the current generation.
 */
async function applyChanges(
  store: Db,
  appId: string,
  syncRunId: string,
  file: SyncFile,
  changes: SyncChanges,
  base: { generation: number; source: string; identity: string; diffMs: number },
): Promise<IngestResult> {
  const applyStarted = Date.now();
  const { generation } = base;
  const sizes = file.catalogSizes();
  const now = new Date().toISOString();
  const resourcePut = new Map(changes.resources.put.map((r) => [accountKey(r.id), r]));
  const resourceGone = new Map(changes.resources.removed.map((r) => [accountKey(r), r]));
  const grantPut = new Map(changes.grants.put.map((g) => [g.id, g]));
  const grantGone = new Set(changes.grants.removed);

  const result = await store.db.transaction().execute(async (tx) => {
    // Claim the switch first: an ingest of this app that finished meanwhile changed the base.
    const claimed = await tx
      .updateTable('apps')
      .set({ catalog_source: base.identity, updated_at: now })
      .where('id', '=', appId)
      .where('catalog_generation', '=', generation)
      .where('catalog_source', '=', base.source)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new Error('another ingest of this app finished first; this one is dropped');

    const local = await tx.selectFrom('catalog_local_changes').selectAll().where('app_id', '=', appId).execute();
    for (const change of local) {
      if (change.kind === 'grant') {
        const row = file.getGrant(change.key);
        if (row) grantPut.set(row.id, row);
        else {
          grantPut.delete(change.key);
          grantGone.add(change.key);
        }
        continue;
      }
      const [type, id] = JSON.parse(change.key) as [string, string];
      const resource = file.getResource(type, id);
      if (resource) resourcePut.set(change.key, resource);
      else resourceGone.set(change.key, { type, id });
      const held = new Set<string>();
      for (const g of file.grants({ principal: { type, id } })) {
        grantPut.set(g.id, g);
        held.add(g.id);
      }
      const catalogGrants = await tx.selectFrom('grants').select('id').where('app_id', '=', appId).where('generation', '=', generation).where('principal_type', '=', type).where('principal_id', '=', id).execute();
      for (const g of catalogGrants) if (!held.has(g.id)) grantGone.add(g.id);
    }

    // Events: what readers of the catalog saw change, so compared with the catalog (not the old file).
    const events: { kind: 'grant_added' | 'grant_removed'; id: string; entitlement_id: string; principal_type: string; principal_id: string }[] = [];
    // The counts follow what is written: grants and inherited ones from the catalog's own, the
    // small tables from the file (a count of a million grants in the file would cost a scan).
    const before = countsOf((await tx.selectFrom('apps').select('catalog_counts').where('id', '=', appId).executeTakeFirstOrThrow()).catalog_counts);
    const counts: CatalogCounts = { accounts: sizes.resources[ACCOUNT_TYPE] ?? 0, entitlements: sizes.entitlements, grants: before.grants, inherited: before.inherited };
    for (const ids of slices([...grantGone])) {
      const held = await tx.selectFrom('grants').select(['id', 'entitlement_id', 'principal_type', 'principal_id', 'direct']).where('app_id', '=', appId).where('generation', '=', generation).where('id', 'in', ids).execute();
      for (const { direct, ...g } of held) {
        events.push({ kind: 'grant_removed', ...g });
        counts.grants--;
        if (direct === 0) counts.inherited--;
      }
    }
    for (const ids of slices([...grantPut.keys()])) {
      const held = new Map((await tx.selectFrom('grants').select(['id', 'direct']).where('app_id', '=', appId).where('generation', '=', generation).where('id', 'in', ids).execute()).map((g) => [g.id, g.direct]));
      for (const id of ids) {
        const g = grantPut.get(id)!;
        counts.inherited += (g.inherited ? 1 : 0) - (held.get(id) === 0 ? 1 : 0);
        if (held.has(id)) continue;
        counts.grants++;
        events.push({ kind: 'grant_added', id, entitlement_id: g.entitlementId, principal_type: g.principalType, principal_id: g.principalId });
      }
    }
    await tx.updateTable('apps').set({ catalog_counts: JSON.stringify(counts) }).where('id', '=', appId).execute();
    for (const batch of slices(events)) {
      await tx
        .insertInto('catalog_events')
        .values(batch.map((e) => ({ app_id: appId, sync_run_id: syncRunId, kind: e.kind, grant_id: e.id, entitlement_id: e.entitlement_id, principal_type: e.principal_type, principal_id: e.principal_id, created_at: now })))
        .execute();
    }

    // Rows: a changed row is deleted and written again (one code path for both databases).
    for (const ids of slices([...grantGone, ...grantPut.keys()])) {
      await tx.deleteFrom('grants').where('app_id', '=', appId).where('generation', '=', generation).where('id', 'in', ids).execute();
    }
    for (const rows of slices([...grantPut.values()])) await tx.insertInto('grants').values(rows.map((g) => grantRow(appId, generation, g))).execute();
    for (const ids of slices([...changes.entitlements.removed, ...changes.entitlements.put.map((e) => e.id)])) {
      await tx.deleteFrom('entitlements').where('app_id', '=', appId).where('generation', '=', generation).where('id', 'in', ids).execute();
    }
    for (const rows of slices(changes.entitlements.put)) await tx.insertInto('entitlements').values(rows.map((e) => entitlementRow(appId, generation, e))).execute();
    const resourceKeys = [...resourceGone.values(), ...[...resourcePut.values()].map((r) => r.id)];
    for (const type of new Set(resourceKeys.map((r) => r.type))) {
      for (const ids of slices(resourceKeys.filter((r) => r.type === type).map((r) => r.id))) {
        await tx.deleteFrom('resources').where('app_id', '=', appId).where('generation', '=', generation).where('type', '=', type).where('id', 'in', ids).execute();
      }
    }
    for (const rows of slices([...resourcePut.values()])) await tx.insertInto('resources').values(rows.map((r) => resourceRow(appId, generation, r))).execute();

    // The local changes read above are reconciled; one made since (changed_at moved on) stays.
    for (const change of local) {
      await tx.deleteFrom('catalog_local_changes').where('app_id', '=', appId).where('kind', '=', change.kind).where('key', '=', change.key).where('changed_at', '=', change.changed_at).execute();
    }
    return {
      added: events.filter((e) => e.kind === 'grant_added').length,
      removed: events.filter((e) => e.kind === 'grant_removed').length,
      grants: counts.grants,
      rows: grantGone.size + grantPut.size * 2 + changes.entitlements.removed.length + changes.entitlements.put.length * 2 + resourceKeys.length + resourcePut.size,
    };
  });
  return {
    mode: 'incremental',
    generation,
    resources: Object.values(sizes.resources).reduce((a, b) => a + b, 0),
    entitlements: sizes.entitlements,
    grants: result.grants,
    grantsAdded: result.added,
    grantsRemoved: result.removed,
    rowsWritten: result.rows,
    phases: { diffMs: base.diffMs, applyMs: Date.now() - applyStarted },
  };
}

async function dropGenerationsBefore(store: Db, table: Table, appId: string, generation: number): Promise<void> {
  if (!store.sqlite) {
    await store.db.deleteFrom(table).where('app_id', '=', appId).where('generation', '<', generation).execute();
    return;
  }
  const slice = store.sqlite.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE app_id = ? AND generation < ? LIMIT 5000)`);
  while (slice.run(appId, generation).changes > 0) await yieldToEventLoop();
}

/** The rewrite path: every row under the next generation, then one switch. */
async function rewrite(store: Db, appId: string, syncRunId: string, file: SyncFile, next: { generation: number; identity: string }): Promise<IngestResult> {
  const { db } = store;
  const { generation } = next;
  const startedAt = new Date().toISOString();
  for (const t of ['resources', 'entitlements', 'grants'] as const) {
    await db.deleteFrom(t).where('app_id', '=', appId).where('generation', '>=', generation).execute();
  }

  const writers = { resources: new BulkWriter(store, 'resources'), entitlements: new BulkWriter(store, 'entitlements'), grants: new BulkWriter(store, 'grants') };
  const counts: CatalogCounts = { accounts: 0, entitlements: 0, grants: 0, inherited: 0 };
  for (const r of file.resources()) {
    if (r.id.type === ACCOUNT_TYPE) counts.accounts++;
    await writers.resources.add(resourceRow(appId, generation, r));
  }
  for (const e of file.entitlements()) await writers.entitlements.add(entitlementRow(appId, generation, e));
  for (const g of file.grants()) {
    if (g.inherited) counts.inherited++;
    await writers.grants.add(grantRow(appId, generation, g));
  }
  for (const w of Object.values(writers)) await w.flush();

  // The grants added and removed, read before the switch: on SQLite the switch holds the write
  // lock, and a diff of two million-row generations inside it would hold it for seconds.
  const diff = async (from: number, against: number) =>
    db
      .selectFrom('grants as g')
      .select(['g.id', 'g.entitlement_id', 'g.principal_type', 'g.principal_id'])
      .where('g.app_id', '=', appId)
      .where('g.generation', '=', from)
      .where((w) => w.not(w.exists(w.selectFrom('grants as o').select('o.id').where('o.app_id', '=', appId).where('o.generation', '=', against).whereRef('o.id', '=', 'g.id'))))
      .execute();
  // The first sync of an app is its baseline, not a flood of "added" events.
  const added = generation === 1 ? [] : await diff(generation, generation - 1);
  const removed = generation === 1 ? [] : await diff(generation - 1, generation);

  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    counts.entitlements = writers.entitlements.count;
    counts.grants = writers.grants.count;
    const claimed = await tx
      .updateTable('apps')
      .set({ catalog_generation: generation, catalog_counts: JSON.stringify(counts), catalog_source: next.identity, updated_at: now })
      .where('id', '=', appId)
      .where('catalog_generation', '=', generation - 1)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new Error('another ingest of this app finished first; this one is dropped');
    const events = [...added.map((g) => ({ kind: 'grant_added' as const, g })), ...removed.map((g) => ({ kind: 'grant_removed' as const, g }))];
    for (const batch of slices(events)) {
      await tx
        .insertInto('catalog_events')
        .values(batch.map(({ kind, g }) => ({ app_id: appId, sync_run_id: syncRunId, kind, grant_id: g.id, entitlement_id: g.entitlement_id, principal_type: g.principal_type, principal_id: g.principal_id, created_at: now })))
        .execute();
    }
    // The new generation is the whole sync: the platform's own changes before this ingest began are in it or gone.
    await tx.deleteFrom('catalog_local_changes').where('app_id', '=', appId).where('changed_at', '<', startedAt).execute();
  });
  const result = { added: added.length, removed: removed.length };

  // The old generation is no longer read by anyone who starts now. On SQLite in slices, so the
  // write lock is free between them for the server's other writers.
  for (const t of ['resources', 'entitlements', 'grants'] as const) await dropGenerationsBefore(store, t, appId, generation);
  await refreshStatistics(store, ['resources', 'entitlements', 'grants']);
  return {
    mode: 'rewrite',
    generation,
    resources: writers.resources.count,
    entitlements: writers.entitlements.count,
    grants: writers.grants.count,
    grantsAdded: result.added,
    grantsRemoved: result.removed,
    rowsWritten: writers.resources.count + writers.entitlements.count + writers.grants.count,
  };
}
