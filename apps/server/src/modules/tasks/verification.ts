/**
 * Did the change stick? Right after a task succeeds, a targeted read of the resource it changed
 * (the connector's own listing of that resource's grants) can confirm it; the next sync that
 * started after the task ended decides: the change is there (confirmed) or it is not (drift, an
 * event on the task and the app, and the app's owners are told). A sync that started before the
 * task ended may not have seen the change: its ingest would hide it, so it is shown again.
 */
import type { Connector, ResourceRef } from '@gatehouse/sdk';
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

async function setVerification(ctx: Context, taskId: string, v: Verification, message: string, level: 'info' | 'warn' = 'info'): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('tasks').set({ verification: v, updated_at: new Date().toISOString() }).where('id', '=', taskId).execute();
    await appendLog(tx, taskId, level, message);
  });
}

/** Reads the changed resource's grants back from the app; confirms a grant or revoke it sees. */
export async function confirmByRead(ctx: Context, connector: Connector, task: TaskTable): Promise<void> {
  if (task.kind !== 'grant' && task.kind !== 'revoke') return;
  const { entitlementId, principal } = JSON.parse(task.input) as GrantInput;
  const { resource } = parseEntitlementId(entitlementId);
  const r = await findResource(ctx, task.app_id, resource.type, resource.id);
  if (!r) return;
  let token: string | undefined;
  let seen = false;
  for (let page = 0; page < READ_PAGES; page++) {
    const res = await connector.listGrants(r, token);
    if (res.items.some((g) => g.entitlementId === entitlementId && g.principal.type === principal.type && g.principal.id === principal.id)) seen = true;
    token = res.nextPageToken;
    if (seen || !token) break;
  }
  const complete = !token || seen;
  if (task.kind === 'grant' && seen) return setVerification(ctx, task.id, 'read_confirmed', `read back from the app: ${r.displayName} lists the grant`);
  if (task.kind === 'revoke' && !seen && complete) return setVerification(ctx, task.id, 'read_confirmed', `read back from the app: ${r.displayName} no longer lists the grant`);
  await appendLog(ctx.db.db, task.id, 'info', `a read of ${r.displayName} does not show the change yet; the next sync decides`);
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
