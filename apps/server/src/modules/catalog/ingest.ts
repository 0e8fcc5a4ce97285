/**
 * Catalog ingest: a sync file becomes the app's resources, entitlements and grants. Rows are
 * written under the app's next generation (invisible to readers, who read the current one); one
 * short transaction then records the diff (grants added and removed) as events and switches the
 * app to the new generation. A failed or killed ingest leaves the last good generation in place;
 * its half-written rows are removed by the next attempt.
 */
import { SyncFile } from '@gatehouse/sdk';
import { refreshStatistics, type Db } from '../../db/database.js';
import type { CatalogCounts, EntitlementTable, GrantTable, ResourceTable } from '../../db/schema.js';
import { ACCOUNT_TYPE } from '../people/matching.js';

export interface IngestResult {
  generation: number;
  resources: number;
  entitlements: number;
  grants: number;
  grantsAdded: number;
  grantsRemoved: number;
}

type Table = 'resources' | 'entitlements' | 'grants';
type Row = ResourceTable | EntitlementTable | GrantTable;

const COLUMNS: Record<Table, string[]> = {
  resources: ['app_id', 'generation', 'type', 'id', 'display_name', 'parent_type', 'parent_id', 'email', 'login', 'data'],
  entitlements: ['app_id', 'generation', 'id', 'resource_type', 'resource_id', 'slug', 'display_name', 'data'],
  grants: ['app_id', 'generation', 'id', 'entitlement_id', 'resource_type', 'resource_id', 'principal_type', 'principal_id', 'direct', 'sources'],
};

/**
 * Inserts rows in bulk through the database's fastest ordinary path: prepared statements in large
 * transactions on SQLite, multi-row INSERTs on PostgreSQL.
 */
export class BulkWriter {
  private buffer: Row[] = [];
  count = 0;
  constructor(
    private readonly store: Db,
    private readonly table: Table,
    private readonly batch = store.dialect === 'sqlite' ? 10_000 : 1_000,
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
      const stmt = this.store.sqlite.prepare(`INSERT INTO ${this.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      this.store.sqlite.transaction(() => {
        for (const r of rows) stmt.run(...cols.map((c) => (r as unknown as Record<string, unknown>)[c] ?? null));
      })();
      return;
    }
    await this.store.db.insertInto(this.table).values(rows as never).execute();
  }
}

export async function ingestSyncFile(store: Db, appId: string, syncRunId: string, path: string): Promise<IngestResult> {
  const { db } = store;
  const app = await db.selectFrom('apps').select('catalog_generation').where('id', '=', appId).executeTakeFirstOrThrow();
  const generation = app.catalog_generation + 1;
  for (const t of ['resources', 'entitlements', 'grants'] as const) {
    await db.deleteFrom(t).where('app_id', '=', appId).where('generation', '>=', generation).execute();
  }

  const file = SyncFile.openReadOnly(path);
  const writers = { resources: new BulkWriter(store, 'resources'), entitlements: new BulkWriter(store, 'entitlements'), grants: new BulkWriter(store, 'grants') };
  const counts: CatalogCounts = { accounts: 0, entitlements: 0, grants: 0, inherited: 0 };
  try {
    for (const r of file.resources()) {
      if (r.id.type === ACCOUNT_TYPE) counts.accounts++;
      await writers.resources.add({
        app_id: appId,
        generation,
        type: r.id.type,
        id: r.id.id,
        display_name: r.displayName,
        parent_type: r.parent?.type ?? null,
        parent_id: r.parent?.id ?? null,
        email: r.user?.emails[0]?.toLowerCase() ?? null,
        login: r.user?.login.toLowerCase() ?? null,
        data: JSON.stringify(r),
      });
    }
    for (const e of file.entitlements()) {
      await writers.entitlements.add({ app_id: appId, generation, id: e.id, resource_type: e.resource.type, resource_id: e.resource.id, slug: e.slug, display_name: e.displayName, data: JSON.stringify(e) });
    }
    for (const g of file.grants()) {
      if (g.inherited) counts.inherited++;
      await writers.grants.add({
        app_id: appId,
        generation,
        id: g.id,
        entitlement_id: g.entitlementId,
        resource_type: g.resourceType,
        resource_id: g.resourceId,
        principal_type: g.principalType,
        principal_id: g.principalId,
        direct: g.inherited ? 0 : 1,
        sources: g.sources.length ? JSON.stringify(g.sources) : null,
      });
    }
    for (const w of Object.values(writers)) await w.flush();
  } finally {
    file.close();
  }

  const now = new Date().toISOString();
  const result = await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('apps').select('catalog_generation').where('id', '=', appId).executeTakeFirstOrThrow();
    if (current.catalog_generation !== generation - 1) throw new Error('another ingest of this app finished first; this one is dropped');
    const diff = (kind: 'grant_added' | 'grant_removed', from: number, against: number) =>
      tx
        .insertInto('catalog_events')
        .columns(['app_id', 'sync_run_id', 'kind', 'grant_id', 'entitlement_id', 'principal_type', 'principal_id', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('grants as g')
            .select((s) => [
              s.val(appId).as('app_id'),
              s.val(syncRunId).as('sync_run_id'),
              s.val(kind).as('kind'),
              'g.id',
              'g.entitlement_id',
              'g.principal_type',
              'g.principal_id',
              s.val(now).as('created_at'),
            ])
            .where('g.app_id', '=', appId)
            .where('g.generation', '=', from)
            .where((w) =>
              w.not(w.exists(w.selectFrom('grants as o').select('o.id').where('o.app_id', '=', appId).where('o.generation', '=', against).whereRef('o.id', '=', 'g.id'))),
            ),
        )
        .executeTakeFirst();
    // The first sync of an app is its baseline, not a flood of "added" events.
    const added = generation === 1 ? 0 : Number((await diff('grant_added', generation, generation - 1)).numInsertedOrUpdatedRows ?? 0);
    const removed = generation === 1 ? 0 : Number((await diff('grant_removed', generation - 1, generation)).numInsertedOrUpdatedRows ?? 0);
    counts.entitlements = writers.entitlements.count;
    counts.grants = writers.grants.count;
    await tx.updateTable('apps').set({ catalog_generation: generation, catalog_counts: JSON.stringify(counts), updated_at: now }).where('id', '=', appId).execute();
    return { added, removed };
  });

  // The old generation is no longer read by anyone who starts now.
  for (const t of ['resources', 'entitlements', 'grants'] as const) {
    await db.deleteFrom(t).where('app_id', '=', appId).where('generation', '<', generation).execute();
  }
  await refreshStatistics(store, ['resources', 'entitlements', 'grants']);
  return {
    generation,
    resources: writers.resources.count,
    entitlements: writers.entitlements.count,
    grants: writers.grants.count,
    grantsAdded: result.added,
    grantsRemoved: result.removed,
  };
}
