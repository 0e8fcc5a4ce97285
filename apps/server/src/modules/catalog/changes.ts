/**
 * Changes the platform itself made in an app (provisioning tasks), shown in the catalog at once
 * rather than at the next sync: a grant added or removed, an account created or deprovisioned,
 * each with a catalog event naming the task. And drift: a sync that contradicts a task.
 *
 * These write the app's current generation and note the key they changed (catalog_local_changes):
 * the next incremental ingest, which applies only what changed between two sync files, sets those
 * keys to what the new sync says. A sync that started before the task ended may not have seen the
 * change: the tasks module re-applies such changes after that sync's ingest (see
 * `reapplyAfterIngest` in tasks/verification.ts).
 */
import { grantId, parseEntitlementId, type Resource, type ResourceRef } from '@gatehouse/sdk';
import type { Kysely, Transaction } from 'kysely';
import type { CatalogCounts, Database } from '../../db/schema.js';
import { ACCOUNT_TYPE } from '../people/matching.js';
import { resourceRow } from './rows.js';

type Tx = Kysely<Database> | Transaction<Database>;

async function generationOf(tx: Tx, appId: string): Promise<{ generation: number; counts: CatalogCounts }> {
  const a = await tx.selectFrom('apps').select(['catalog_generation', 'catalog_counts']).where('id', '=', appId).executeTakeFirstOrThrow();
  const counts = a.catalog_counts ? (JSON.parse(a.catalog_counts) as CatalogCounts) : { accounts: 0, entitlements: 0, grants: 0, inherited: 0 };
  return { generation: a.catalog_generation, counts };
}

/** The key of an account in catalog_local_changes. */
export function accountKey(ref: ResourceRef): string {
  return JSON.stringify([ref.type, ref.id]);
}

/** Notes a key the platform changed in the catalog, for the next incremental ingest to reconcile. */
async function noteLocalChange(tx: Tx, appId: string, kind: 'grant' | 'account', key: string): Promise<void> {
  const changedAt = new Date().toISOString();
  await tx
    .insertInto('catalog_local_changes')
    .values({ app_id: appId, kind, key, changed_at: changedAt })
    .onConflict((oc) => oc.columns(['app_id', 'kind', 'key']).doUpdateSet({ changed_at: changedAt }))
    .execute();
}

async function saveCounts(tx: Tx, appId: string, counts: CatalogCounts): Promise<void> {
  await tx.updateTable('apps').set({ catalog_counts: JSON.stringify(counts) }).where('id', '=', appId).execute();
}

interface EventInput {
  appId: string;
  taskId: string;
  syncRunId?: string | null;
  kind: 'task_granted' | 'task_revoked' | 'drift';
  entitlementId: string;
  principal: ResourceRef;
}

export async function recordEvent(tx: Tx, e: EventInput): Promise<void> {
  await tx
    .insertInto('catalog_events')
    .values({
      app_id: e.appId,
      sync_run_id: e.syncRunId ?? null,
      task_id: e.taskId,
      kind: e.kind,
      grant_id: grantId(e.entitlementId, e.principal),
      entitlement_id: e.entitlementId,
      principal_type: e.principal.type,
      principal_id: e.principal.id,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/**
 * A direct grant the task made. A grant id is one row: a principal who held it only through a
 * group (direct = 0) now holds it directly too, and keeps its sources.
 */
export async function showGranted(tx: Tx, appId: string, taskId: string, entitlementId: string, principal: ResourceRef, withEvent = true): Promise<void> {
  const { generation, counts } = await generationOf(tx, appId);
  if (generation === 0) return;
  const id = grantId(entitlementId, principal);
  await noteLocalChange(tx, appId, 'grant', id);
  const held = await tx.selectFrom('grants').select(['direct']).where('app_id', '=', appId).where('generation', '=', generation).where('id', '=', id).executeTakeFirst();
  if (!held) {
    const { resource } = parseEntitlementId(entitlementId);
    await tx
      .insertInto('grants')
      .values({ app_id: appId, generation, id, entitlement_id: entitlementId, resource_type: resource.type, resource_id: resource.id, principal_type: principal.type, principal_id: principal.id, direct: 1, sources: null })
      .execute();
    await saveCounts(tx, appId, { ...counts, grants: counts.grants + 1 });
  } else if (held.direct === 0) {
    await tx.updateTable('grants').set({ direct: 1 }).where('app_id', '=', appId).where('generation', '=', generation).where('id', '=', id).execute();
    await saveCounts(tx, appId, { ...counts, inherited: Math.max(0, counts.inherited - 1) });
  }
  if (withEvent) await recordEvent(tx, { appId, taskId, kind: 'task_granted', entitlementId, principal });
}

/**
 * The direct grant a task revoked. Held through a group as well, it stays as an inherited grant;
 * inherited grants that came through it (a group's members) go at the next sync.
 */
export async function showRevoked(tx: Tx, appId: string, taskId: string, entitlementId: string, principal: ResourceRef, withEvent = true): Promise<void> {
  const { generation, counts } = await generationOf(tx, appId);
  if (generation === 0) return;
  const id = grantId(entitlementId, principal);
  await noteLocalChange(tx, appId, 'grant', id);
  const row = await tx.selectFrom('grants').select(['direct', 'sources']).where('app_id', '=', appId).where('generation', '=', generation).where('id', '=', id).executeTakeFirst();
  if (row?.direct === 1) {
    const inheritedToo = row.sources !== null && (JSON.parse(row.sources) as string[]).length > 0;
    const where = tx.updateTable('grants').where('app_id', '=', appId).where('generation', '=', generation).where('id', '=', id);
    if (inheritedToo) {
      await where.set({ direct: 0 }).execute();
      await saveCounts(tx, appId, { ...counts, inherited: counts.inherited + 1 });
    } else {
      await tx.deleteFrom('grants').where('app_id', '=', appId).where('generation', '=', generation).where('id', '=', id).execute();
      await saveCounts(tx, appId, { ...counts, grants: Math.max(0, counts.grants - 1) });
    }
  }
  if (withEvent) await recordEvent(tx, { appId, taskId, kind: 'task_revoked', entitlementId, principal });
}

/** An account a task created, as the connector returned it. */
export async function showAccountCreated(tx: Tx, appId: string, account: Resource): Promise<void> {
  const { generation, counts } = await generationOf(tx, appId);
  if (generation === 0) return;
  const held = await tx.selectFrom('resources').select('id').where('app_id', '=', appId).where('generation', '=', generation).where('type', '=', account.id.type).where('id', '=', account.id.id).executeTakeFirst();
  if (held) return;
  await noteLocalChange(tx, appId, 'account', accountKey(account.id));
  await tx.insertInto('resources').values(resourceRow(appId, generation, account)).execute();
  if (account.id.type === ACCOUNT_TYPE) await saveCounts(tx, appId, { ...counts, accounts: counts.accounts + 1 });
}

/** An account a task deprovisioned (disabled) or deleted (gone from the catalog with its grants). */
export async function showAccountDeprovisioned(tx: Tx, appId: string, accountId: string, mode: 'deprovision' | 'delete'): Promise<void> {
  const { generation, counts } = await generationOf(tx, appId);
  if (generation === 0) return;
  const row = await tx.selectFrom('resources').select('data').where('app_id', '=', appId).where('generation', '=', generation).where('type', '=', ACCOUNT_TYPE).where('id', '=', accountId).executeTakeFirst();
  if (!row) return;
  await noteLocalChange(tx, appId, 'account', accountKey({ type: ACCOUNT_TYPE, id: accountId }));
  if (mode === 'delete') {
    await tx.deleteFrom('resources').where('app_id', '=', appId).where('generation', '=', generation).where('type', '=', ACCOUNT_TYPE).where('id', '=', accountId).execute();
    const held = await tx.selectFrom('grants').select('direct').where('app_id', '=', appId).where('generation', '=', generation).where('principal_type', '=', ACCOUNT_TYPE).where('principal_id', '=', accountId).execute();
    await tx.deleteFrom('grants').where('app_id', '=', appId).where('generation', '=', generation).where('principal_type', '=', ACCOUNT_TYPE).where('principal_id', '=', accountId).execute();
    const inherited = held.filter((g) => g.direct === 0).length;
    await saveCounts(tx, appId, { ...counts, accounts: Math.max(0, counts.accounts - 1), grants: Math.max(0, counts.grants - held.length), inherited: Math.max(0, counts.inherited - inherited) });
    return;
  }
  const data = JSON.parse(row.data) as Resource;
  // The vendor's own word (Okta's ACTIVE) would contradict the change until the next sync brings the new one.
  if (data.user) data.user = { ...data.user, status: 'disabled', vendorStatus: undefined };
  await tx.updateTable('resources').set({ data: JSON.stringify(data) }).where('app_id', '=', appId).where('generation', '=', generation).where('type', '=', ACCOUNT_TYPE).where('id', '=', accountId).execute();
}

/** What the app's current generation says about a grant and an account (drift checks). */
export async function grantHeld(tx: Tx, appId: string, entitlementId: string, principal: ResourceRef): Promise<boolean> {
  const { generation } = await generationOf(tx, appId);
  return Boolean(await tx.selectFrom('grants').select('id').where('app_id', '=', appId).where('generation', '=', generation).where('id', '=', grantId(entitlementId, principal)).where('direct', '=', 1).executeTakeFirst());
}

export async function accountState(tx: Tx, appId: string, accountId: string): Promise<'absent' | 'enabled' | 'disabled'> {
  const { generation } = await generationOf(tx, appId);
  const row = await tx.selectFrom('resources').select('data').where('app_id', '=', appId).where('generation', '=', generation).where('type', '=', ACCOUNT_TYPE).where('id', '=', accountId).executeTakeFirst();
  if (!row) return 'absent';
  const status = (JSON.parse(row.data) as Resource).user?.status;
  return status === 'enabled' || status === undefined ? 'enabled' : 'disabled';
}
