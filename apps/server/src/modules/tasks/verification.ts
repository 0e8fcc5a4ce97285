/**
 * Did the change stick? Right after a task succeeds, a targeted read of the resource it changed
 * (the connector's own listing of that resource's grants) can confirm it; the next sync that
 * started after the task ended decides: the change is there (confirmed) or it is not (drift, an
 * event on the task and the app, and the app's owners are told). A sync that started before the
 * task ended may not have seen the change: its ingest would hide it, so it is shown again.
 */
import type { Connector, ResourceRef } from '@gatehouse/sdk';
import { sql } from 'kysely';
import { parseEntitlementId } from '@gatehouse/sdk';
import type { Context } from '../../context.js';
import type { TaskTable } from '../../db/schema.js';
import { appOwnerIds, loadApp } from '../apps/apps.js';
import { audit, SYSTEM } from '../audit/audit.js';
import { accountState, grantHeld, recordEvent } from '../catalog/changes.js';
import { findResource } from '../catalog/queries.js';
import { notify } from '../notifications/notify.js';
import type { DeprovisionAccountInput, GrantInput, Verification } from './model.js';
import { showInCatalog } from './show.js';
import { appendLog } from './store.js';

/** How many pages of a resource's grants a targeted read reads at most (a group of 100,000 is left to the sync). */
const READ_PAGES = 20;

/** `whilePending`: only if nothing (a sync) has decided since. */
async function setVerification(ctx: Context, taskId: string, v: Verification, message: string, level: 'info' | 'warn' = 'info', whilePending = false): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    let q = tx.updateTable('tasks').set({ verification: v, updated_at: new Date().toISOString() }).where('id', '=', taskId);
    if (whilePending) q = q.where('verification', '=', 'pending');
    const moved = await q.executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 1) await appendLog(tx, taskId, level, message);
  });
}

/** How long a change waits for the read of a later change to the same resource (after that, the sync decides). */
const SHARED_READ_MS = 24 * 3_600_000;

const targetKey = (entitlementId: string, principal: ResourceRef) => `${entitlementId}\n${principal.type}\n${principal.id}`;

/**
 * The grant and revoke tasks of an app that change `resource`, in the given states. Their change
 * keys start with `<kind>|<resource type>:<resource id>:`, which narrows the rows; the input says
 * exactly (an id may hold a colon).
 */
async function changesTo(ctx: Context, appId: string, resource: ResourceRef, states: TaskTable['state'][], only?: { verification: Verification; endedSince: string }) {
  const prefix = `${resource.type}:${resource.id}:`;
  let q = ctx.db.db
    .selectFrom('tasks')
    .select(['id', 'kind', 'input', 'ended_at'])
    .where('app_id', '=', appId)
    .where('state', 'in', states)
    .where('kind', 'in', ['grant', 'revoke'])
    .where((eb) => eb.or(['grant', 'revoke'].map((kind) => eb(sql<string>`substr(change_key, 1, ${sql.lit(kind.length + 1 + prefix.length)})`, '=', `${kind}|${prefix}`))));
  if (only) q = q.where('verification', '=', only.verification).where('ended_at', '>=', only.endedSince);
  const rows = await q.orderBy('ended_at').orderBy('id').execute();
  return rows
    .map((t) => ({ ...t, input: JSON.parse(t.input) as GrantInput }))
    .filter((t) => {
      const r = parseEntitlementId(t.input.entitlementId).resource;
      return r.type === resource.type && r.id === resource.id;
    });
}

/**
 * Reads the changed resource's grants back from the app and confirms the grants and revokes it
 * sees. Changes to one resource that run close together (a thousand expiries from one group, a
 * review's revocations) share one read: while another grant or revoke of the same resource is
 * still to run, the read is left to the last of them, which confirms every change of the last day
 * still waiting for one. Otherwise a burst would spend more of the app's rate limit reading than
 * changing (a revoke reads the whole group to see the member gone). A task that ends without
 * succeeding (failed, manual) still makes the read for those waiting (`task` is then not among
 * them). Only a task's own read says "does not show the change yet"; the others stay pending,
 * and the next sync decides, as it does for anything a read cannot confirm.
 */
export async function confirmByRead(ctx: Context, connector: Connector, task: TaskTable, succeeded = true): Promise<void> {
  if (task.kind !== 'grant' && task.kind !== 'revoke') return;
  const { resource } = parseEntitlementId((JSON.parse(task.input) as GrantInput).entitlementId);
  const r = await findResource(ctx, task.app_id, resource.type, resource.id);
  if (!r) return;
  const queued = (await changesTo(ctx, task.app_id, resource, ['pending', 'running'])).filter((t) => t.id !== task.id);
  if (queued.length) {
    if (succeeded) await appendLog(ctx.db.db, task.id, 'info', `${queued.length} more change${queued.length === 1 ? '' : 's'} to ${r.displayName} ${queued.length === 1 ? 'is' : 'are'} queued: the last of them reads it back for all`);
    return;
  }
  // The latest change of each grant waiting for a read (an earlier one was overtaken by it).
  const latest = new Map<string, { id: string; kind: string }>();
  for (const t of await changesTo(ctx, task.app_id, resource, ['succeeded'], { verification: 'pending', endedSince: new Date(Date.now() - SHARED_READ_MS).toISOString() })) latest.set(targetKey(t.input.entitlementId, t.input.principal), { id: t.id, kind: t.kind });
  if (!latest.size) return;
  // Grants to find, and whether some revoke needs the whole listing (to see a grant gone).
  const toFind = new Set([...latest].filter(([, t]) => t.kind === 'grant').map(([k]) => k));
  const needsAll = [...latest.values()].some((t) => t.kind === 'revoke');
  const seen = new Set<string>();
  let token: string | undefined;
  let complete = false;
  for (let page = 0; page < READ_PAGES; page++) {
    const res = await connector.listGrants(r, token);
    for (const g of res.items) {
      const k = targetKey(g.entitlementId, g.principal);
      seen.add(k);
      toFind.delete(k);
    }
    token = res.nextPageToken;
    if (!token) complete = true;
    if (complete || (!needsAll && !toFind.size)) break;
  }
  for (const [k, t] of latest) {
    if (t.kind === 'grant' && seen.has(k)) await setVerification(ctx, t.id, 'read_confirmed', `read back from the app: ${r.displayName} lists the grant`, 'info', t.id !== task.id);
    else if (t.kind === 'revoke' && complete && !seen.has(k)) await setVerification(ctx, t.id, 'read_confirmed', `read back from the app: ${r.displayName} no longer lists the grant`, 'info', t.id !== task.id);
    else if (t.id === task.id) await appendLog(ctx.db.db, t.id, 'info', `a read of ${r.displayName} does not show the change yet; the next sync decides`);
  }
}

/** Whether the app's current catalog (a sync's view) shows what the task did. */
async function showsChange(ctx: Context, task: TaskTable): Promise<boolean | undefined> {
  const db = ctx.db.db;
  const input = JSON.parse(task.input) as Record<string, unknown>;
  switch (task.kind) {
    case 'grant':
      return grantHeld(db, task.app_id, (input as GrantInput).entitlementId, (input as GrantInput).principal);
    case 'revoke':
      return !(await grantHeld(db, task.app_id, (input as GrantInput).entitlementId, (input as GrantInput).principal));
    case 'create_account': {
      const account = (task.result ? (JSON.parse(task.result) as { account?: { id: ResourceRef } }) : {}).account;
      return account ? (await accountState(db, task.app_id, account.id.id)) !== 'absent' : undefined;
    }
    case 'deprovision_account': {
      const d = input as DeprovisionAccountInput;
      const state = await accountState(db, task.app_id, d.accountId);
      return d.mode === 'delete' ? state === 'absent' : state !== 'enabled';
    }
    default:
      return undefined;
  }
}

/** After a sync's ingest: confirm or flag what tasks did before it, re-show what they did during it. */
export async function verifyAfterSync(ctx: Context, sync: { appId: string; runId: string; startedAt: string }): Promise<void> {
  const { db } = ctx.db;
  const done = await db
    .selectFrom('tasks')
    .selectAll()
    .where('app_id', '=', sync.appId)
    .where('state', '=', 'succeeded')
    .where('verification', 'in', ['pending', 'read_confirmed'])
    .execute();
  const app = await loadApp(ctx, sync.appId);
  for (const task of done) {
    if (!task.ended_at || task.ended_at >= sync.startedAt) {
      // The sync may have read the app before the change: show it again over the new generation.
      await db.transaction().execute((tx) => showInCatalog(tx, task, task.result ? JSON.parse(task.result) : null, false));
      continue;
    }
    const shows = await showsChange(ctx, task);
    if (shows === undefined) {
      await setVerification(ctx, task.id, 'not_checked', 'a sync cannot tell whether this change is in place (account updates are not in the catalog)');
    } else if (shows) {
      await setVerification(ctx, task.id, 'confirmed', `confirmed by the sync ${sync.runId}`);
    } else {
      await flagDrift(ctx, task, app.name, sync.runId);
    }
  }
}

async function flagDrift(ctx: Context, task: TaskTable, appName: string, syncRunId: string): Promise<void> {
  const input = JSON.parse(task.input) as Partial<GrantInput> & { accountId?: string };
  const what =
    task.kind === 'revoke' ? 'the revoked grant is still there' : task.kind === 'grant' ? 'the granted access is not there' : task.kind === 'create_account' ? 'the created account is not there' : 'the account is still active';
  const owners = await appOwnerIds(ctx, task.app_id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('tasks').set({ verification: 'drift', updated_at: new Date().toISOString() }).where('id', '=', task.id).execute();
    await appendLog(tx, task.id, 'warn', `drift: the sync ${syncRunId} found that ${what} (changed in the app since, or the change did not hold)`);
    // Account tasks have no entitlement: their events name the account as `user:<id>:account`.
    const entitlementId = input.entitlementId ?? `user:${input.accountId ?? ''}:account`;
    const principal = input.principal ?? { type: 'user', id: input.accountId ?? '' };
    await recordEvent(tx, { appId: task.app_id, taskId: task.id, syncRunId, kind: 'drift', entitlementId, principal });
    await audit(tx, SYSTEM, { action: 'task.drift', targetType: 'task', targetId: task.id, after: { appId: task.app_id, syncRunId, detail: what } });
    await notify(ctx, tx, {
      event: 'task.drift',
      recipients: owners,
      subject: `Drift in ${appName}: ${task.summary}`,
      text: `${task.summary} succeeded, but the sync after it found that ${what}.\n\nSomeone may have changed it in ${appName} directly. Review it and ask for the change again if it is still needed.`,
      link: `/tasks/${task.id}`,
      data: { taskId: task.id, appId: task.app_id, syncRunId },
    });
  });
}
