/**
 * The task job: carries out one task through its connector, once. Connector operations are
 * idempotent (a grant already held, an account with the same login already there, change
 * nothing), so an attempt cut off by a crash or a timeout is simply made again: the connector
 * finds what the first attempt did and does not do it twice. Transient errors retry with backoff
 * (the job queue's); refusals fail at once with the vendor's message; a change the connector
 * cannot make becomes manual.
 */
import { UnsupportedOperationError, type AccountChanges, type ChangeResult, type Connector, type Resource } from '@gatehouse/sdk';
import type { Context } from '../../context.js';
import type { TaskTable } from '../../db/schema.js';
import { PermanentJobError, type JobRecord } from '../../jobs/queue.js';
import { appOwnerIds, loadApp } from '../apps/apps.js';
import { notify } from '../notifications/notify.js';
import { notifyManual } from './create.js';
import type { CreateAccountInput, DeprovisionAccountInput, GrantInput, UpdateAccountInput } from './model.js';
import { showInCatalog } from './show.js';
import { classify, describeError } from './outcome.js';
import { appendLog, loadTask, transition, type Tx } from './store.js';
import { confirmByRead } from './verification.js';

export interface Done {
  result: ChangeResult & { account?: Resource };
}

async function perform(connector: Connector, label: string, task: TaskTable): Promise<Done> {
  const input = JSON.parse(task.input) as unknown;
  const missing = (op: string): never => {
    throw new UnsupportedOperationError(`the ${label} connector cannot ${op}`);
  };
  switch (task.kind) {
    case 'grant': {
      const { entitlementId, principal } = input as GrantInput;
      if (!connector.grant) missing('grant entitlements');
      return { result: await connector.grant!(entitlementId, principal) };
    }
    case 'revoke': {
      const { entitlementId, principal } = input as GrantInput;
      if (!connector.revoke) missing('revoke grants');
      return { result: await connector.revoke!(entitlementId, principal) };
    }
    case 'create_account': {
      const a = input as CreateAccountInput;
      if (!connector.createAccount) missing('create accounts');
      const account = await connector.createAccount!({ email: a.email, login: a.login, firstName: a.firstName, lastName: a.lastName, displayName: a.displayName, options: a.options });
      return { result: { changed: true, detail: `account ${account.id.type}:${account.id.id}`, account } };
    }
    case 'update_account': {
      const u = input as UpdateAccountInput;
      if (!connector.updateAccount) missing('update accounts');
      return { result: await connector.updateAccount!({ type: 'user', id: u.accountId }, u.changes as AccountChanges) };
    }
    case 'deprovision_account': {
      const d = input as DeprovisionAccountInput;
      if (!connector.deleteAccount) missing('deprovision accounts');
      return { result: await connector.deleteAccount!({ type: 'user', id: d.accountId }, d.mode) };
    }
    default:
      throw new PermanentJobError(`unknown task kind ${task.kind}`);
  }
}

export async function runTaskJob(ctx: Context, job: JobRecord): Promise<void> {
  const { db } = ctx.db;
  const task = await loadTask(ctx, String(job.payload.taskId)).catch(() => undefined);
  if (!task) throw new PermanentJobError(`task ${String(job.payload.taskId)} is gone`);
  // Cancelled, completed or made manual meanwhile: nothing to do.
  if (task.state !== 'pending' && task.state !== 'running') return;
  const app = await loadApp(ctx, task.app_id);
  const row = task.connector_id ? await db.selectFrom('connectors').selectAll().where('id', '=', task.connector_id).executeTakeFirst() : undefined;
  if (!row || !row.provisioning) {
    const because = !row ? 'the connector was removed' : 'provisioning was turned off for the connector';
    await db.transaction().execute(async (tx) => {
      if (await transition(tx, task, ['pending', 'running'], { state: 'manual', log: `manual: ${because}` })) await notifyManual(ctx, tx, task, app.name, because);
    });
    return;
  }

  const resumed = task.state === 'running';
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('tasks').set({ state: 'running', attempts: job.attempts, started_at: task.started_at ?? new Date().toISOString(), updated_at: new Date().toISOString() }).where('id', '=', task.id).execute();
    await appendLog(tx, task.id, 'info', resumed ? `attempt ${job.attempts}: the last attempt was cut off; the connector first checks what it already did` : `attempt ${job.attempts}: carrying it out through the ${row.type} connector`);
  });
  const started = Date.now();
  const fields = { process: ctx.jobs.workerId, task: task.id, app: task.app_id, kind: task.kind, attempt: job.attempts };
  ctx.logger.info(fields, 'task started');
  await ctx.connectors.use(row, async (connector, def) => {
    try {
      const done = await perform(connector, def.displayName, task);
      ctx.logger.info({ ...fields, changed: done.result.changed, durationMs: Date.now() - started }, 'task succeeded');
      const result = { changed: done.result.changed, detail: done.result.detail, account: done.result.account };
      const said = done.result.changed ? `succeeded${done.result.detail ? `: ${done.result.detail}` : ''}` : `succeeded: nothing to change, the app already had it${done.result.detail ? ` (${done.result.detail})` : ''}`;
      await db.transaction().execute(async (tx) => {
        if (await transition(tx, task, ['pending', 'running'], { state: 'succeeded', log: said, set: { result: JSON.stringify(result), error: null, verification: 'pending' } })) await showInCatalog(tx, task, result);
      });
      await confirmByRead(ctx, connector, task).catch((err: unknown) => appendLog(db, task.id, 'warn', `could not read the change back (${(err as Error).message}); the next sync confirms it`));
    } catch (err) {
      ctx.logger.warn({ ...fields, err: describeError(err), error: classify(err), durationMs: Date.now() - started }, 'task attempt failed');
      // Changes to the same resource that waited for this one's read (verification.ts) get it even so.
      await failed(ctx, task, app.name, job, err, () => confirmByRead(ctx, connector, task, false).catch(() => undefined));
    }
  });
}

/** An attempt that threw: manual, another attempt, or failed for good. */
async function failed(ctx: Context, task: TaskTable, appName: string, job: JobRecord, err: unknown, readForOthers: () => Promise<void>): Promise<void> {
  const { db } = ctx.db;
  const kind = classify(err);
  const message = describeError(err);
  if (kind === 'unsupported') {
    await db.transaction().execute(async (tx) => {
      if (await transition(tx, task, ['pending', 'running'], { state: 'manual', level: 'warn', log: `manual: the connector cannot do this (${message})`, set: { error: message } })) await notifyManual(ctx, tx, task, appName, message);
    });
    await readForOthers();
    return;
  }
  if (kind === 'transient' && job.attempts < job.maxAttempts) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('tasks').set({ state: 'pending', error: message, updated_at: new Date().toISOString() }).where('id', '=', task.id).where('state', '=', 'running').execute();
      await appendLog(tx, task.id, 'warn', `attempt ${job.attempts} failed: ${message}; retrying with backoff`);
    });
    throw err;
  }
  await db.transaction().execute(async (tx) => {
    const moved = await transition(tx, task, ['pending', 'running'], { state: 'failed', level: 'error', log: `failed${kind === 'transient' ? ` after ${job.attempts} attempts` : ''}: ${message}`, set: { error: message } });
    if (moved) await notifyFailed(ctx, tx, task, appName, message);
  });
  await readForOthers();
  throw new PermanentJobError(message);
}

async function notifyFailed(ctx: Context, tx: Tx, task: TaskTable, appName: string, message: string): Promise<void> {
  const owners = await appOwnerIds(ctx, task.app_id, tx);
  await notify(ctx, tx, {
    event: 'task.failed',
    recipients: [...(task.requested_by ? [task.requested_by] : []), ...owners],
    subject: `Failed in ${appName}: ${task.summary}`,
    text: `${task.summary} failed.\n\n${appName} answered: ${message}\n\nFix the cause and retry the task, or make the change by hand.`,
    link: `/tasks/${task.id}`,
    data: { taskId: task.id, appId: task.app_id, kind: task.kind },
  });
}
