/**
 * Asking for a change: the request is checked against the catalog (the entitlement and the
 * principal exist, the entitlement can be granted to that kind of principal, a revoke is of a
 * direct grant, an account to create does not exist yet), then the task, its audit event and its
 * job (or, for a manual task, the owners' notifications) are written in one transaction. A bad
 * request leaves nothing behind.
 */
import { grantId, parseEntitlementId, type ResourceRef } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { TaskTable } from '../../db/schema.js';
import { ConflictError, InvalidError } from '../../errors.js';
import { appOwnerIds, loadApp } from '../apps/apps.js';
import { audit, type Actor } from '../audit/audit.js';
import { findAccountsByEmail, findEntitlement, findGrants, findResource } from '../catalog/queries.js';
import { notify } from '../notifications/notify.js';
import { TASK_JOB, type TaskOrigin, type TaskRequest } from './model.js';
import { planTask } from './plan.js';
import { appendLog, presentTasks } from './store.js';

export interface Requester {
  actor: Actor;
  /** The platform user asking, or null when the platform itself asks (an expiry). */
  userId: string | null;
}

export interface TaskOriginRef {
  origin: TaskOrigin;
  originId?: string | null;
}

const field = (path: string, message: string) => [{ field: `body.${path}`, message }];

async function principalName(ctx: Context, appId: string, principal: ResourceRef): Promise<string> {
  const r = await findResource(ctx, appId, principal.type, principal.id);
  if (!r) throw new InvalidError(`no ${principal.type} ${principal.id} in this app's catalog`, field('input.principal', 'not found in the catalog'));
  return r.displayName;
}

/** Checks the request and says what it will do, in words; throws InvalidError / ConflictError. */
async function check(ctx: Context, req: TaskRequest): Promise<{ summary: string; resourceType: string; dedupe: string }> {
  const appId = req.appId;
  switch (req.kind) {
    case 'grant':
    case 'revoke': {
      const { entitlementId, principal } = req.input;
      try {
        parseEntitlementId(entitlementId);
      } catch (err) {
        throw new InvalidError((err as Error).message, field('input.entitlementId', 'expected <resource type>:<resource id>:<slug>'));
      }
      const ent = await findEntitlement(ctx, appId, entitlementId);
      if (!ent) throw new InvalidError(`no entitlement ${entitlementId} in this app's catalog`, field('input.entitlementId', 'not found in the catalog'));
      const who = await principalName(ctx, appId, principal);
      const held = await findGrants(ctx, appId, entitlementId, principal);
      const direct = held.find((g) => !g.inherited);
      if (req.kind === 'grant') {
        // An empty list means the connector grants it to nobody (PagerDuty's rotations): a person can, as a manual task.
        if (ent.grantableTo.length && !ent.grantableTo.includes(principal.type)) {
          throw new InvalidError(`${ent.displayName} can be granted to ${ent.grantableTo.join(' or ')} only, not to a ${principal.type}`, field('input.principal.type', `must be ${ent.grantableTo.join(' or ')}`));
        }
        if (direct) throw new ConflictError(`${who} already holds ${ent.displayName} (grant ${direct.id})`, { grantId: direct.id });
        return { summary: `Grant ${ent.displayName} to ${who}`, resourceType: ent.resource.type, dedupe: grantId(entitlementId, principal) };
      }
      if (!direct) {
        const through = held.filter((g) => g.inherited).flatMap((g) => g.sources);
        if (through.length) {
          throw new InvalidError(`${who} holds ${ent.displayName} through ${through.join(', ')}, not directly: revoke their membership there instead (${through.map((s) => `revoke ${s} from ${principal.type}:${principal.id}`).join('; ')})`, field('input', 'an inherited grant'), { inheritedThrough: through });
        }
        throw new InvalidError(`${who} does not hold ${ent.displayName}`, field('input', 'no such grant in the catalog'));
      }
      return { summary: `Revoke ${ent.displayName} from ${who}`, resourceType: ent.resource.type, dedupe: direct.id };
    }
    case 'create_account': {
      const existing = await findAccountsByEmail(ctx, appId, req.input.login ?? req.input.email);
      if (existing.length) {
        const a = existing[0]!;
        throw new ConflictError(`the app already has an account for ${req.input.login ?? req.input.email}: ${a.displayName} (user:${a.id}); nothing was created`, { existingAccount: { type: 'user', id: a.id, displayName: a.displayName } });
      }
      return { summary: `Create an account for ${req.input.email}`, resourceType: 'user', dedupe: `account:${(req.input.login ?? req.input.email).toLowerCase()}` };
    }
    case 'update_account': {
      const who = await principalName(ctx, appId, { type: 'user', id: req.input.accountId });
      const what = Object.entries(req.input.changes)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => (k === 'active' ? (v ? 'reactivate' : 'deactivate') : `${k} → ${String(v)}`));
      return { summary: `Update the account of ${who}: ${what.join(', ')}`, resourceType: 'user', dedupe: `update:${req.input.accountId}` };
    }
    case 'deprovision_account': {
      const who = await principalName(ctx, appId, { type: 'user', id: req.input.accountId });
      return { summary: `${req.input.mode === 'delete' ? 'Delete' : 'Deprovision'} the account of ${who}`, resourceType: 'user', dedupe: `account:${req.input.accountId}` };
    }
  }
}

/** Creates a task; it runs through the connector, or waits for the app's owners (manual). */
export async function createTask(ctx: Context, requester: Requester, req: TaskRequest, origin: TaskOriginRef = { origin: 'manual' }) {
  const app = await loadApp(ctx, req.appId);
  const { summary, resourceType, dedupe } = await check(ctx, req);
  const { db } = ctx.db;
  const changeKey = `${req.kind}|${dedupe}`;
  const openTask = () => db.selectFrom('tasks').select('id').where('app_id', '=', app.id).where('change_key', '=', changeKey).where('state', 'in', ['pending', 'running', 'manual']).executeTakeFirst();
  const already = await openTask();
  if (already) throw new ConflictError(`a task for this change is already open (${already.id})`, { taskId: already.id });

  const plan = await planTask(ctx, app.id, req.kind, resourceType);
  const now = new Date().toISOString();
  const row: TaskTable = {
    id: randomUUID(),
    app_id: app.id,
    connector_id: plan.connector?.id ?? null,
    kind: req.kind,
    state: plan.manualBecause ? 'manual' : 'pending',
    input: JSON.stringify(req.input),
    summary,
    change_key: changeKey,
    requested_by: requester.userId,
    reason: req.reason,
    origin: origin.origin,
    origin_id: origin.originId ?? null,
    result: null,
    error: null,
    completed_by: null,
    completion: null,
    comment: null,
    verification: null,
    attempts: 0,
    created_at: now,
    started_at: null,
    ended_at: null,
    updated_at: now,
  };
  try {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('tasks').values(row).execute();
      await appendLog(tx, row.id, 'info', `asked: ${summary} (reason: ${req.reason})`, now);
      await audit(tx, requester.actor, { action: 'task.create', targetType: 'task', targetId: row.id, after: { appId: app.id, kind: req.kind, summary, reason: req.reason, origin: origin.origin, state: row.state } });
      if (plan.manualBecause) {
        await appendLog(tx, row.id, 'info', `manual: ${plan.manualBecause}; the app's owners are asked to make the change and mark it done`, now);
        await notifyManual(ctx, tx, row, app.name, plan.manualBecause);
      } else {
        await ctx.jobs.enqueue(TASK_JOB, { taskId: row.id }, { db: tx, dedupeKey: `task:${row.id}`, maxAttempts: 6 });
      }
    });
  } catch (err) {
    // The same change asked for at the same moment elsewhere: the unique index kept one.
    const theirs = await openTask();
    if (theirs) throw new ConflictError(`a task for this change is already open (${theirs.id})`, { taskId: theirs.id });
    throw err;
  }
  ctx.jobs.poke();
  return (await presentTasks(ctx, [row])).get(row.id)!;
}

export async function notifyManual(ctx: Context, tx: Parameters<typeof notify>[1], task: TaskTable, appName: string, because: string): Promise<void> {
  const owners = await appOwnerIds(ctx, task.app_id, tx);
  await notify(ctx, tx, {
    event: 'task.manual',
    recipients: owners,
    subject: `Action needed in ${appName}: ${task.summary}`,
    text: `${task.summary}.\n\nGatehouse cannot make this change itself (${because}). Please make it in ${appName}, then mark the task done, or not possible, with a comment.\n\nReason given: ${task.reason}`,
    link: `/tasks/${task.id}`,
    data: { taskId: task.id, appId: task.app_id, kind: task.kind },
  });
}
