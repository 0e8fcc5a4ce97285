/**
 * What people do with a task after asking: cancel it before it runs, retry it after it failed,
 * and — for a manual task — say it is done in the app, or cannot be done, with a comment.
 */
import type { Context } from '../../context.js';
import { ConflictError } from '../../errors.js';
import type { Actor } from '../audit/audit.js';
import { TASK_JOB } from './model.js';
import { planTask } from './plan.js';
import { showInCatalog } from './show.js';
import { loadTask, presentTasks, transition } from './store.js';

async function view(ctx: Context, id: string) {
  const t = await loadTask(ctx, id);
  return (await presentTasks(ctx, [t])).get(t.id)!;
}

export async function cancelTask(ctx: Context, actor: Actor, id: string, comment?: string) {
  const task = await loadTask(ctx, id);
  if (task.state === 'running') throw new ConflictError('the task is running: it cannot be cancelled now (wait for it to end)');
  if (!['pending', 'manual'].includes(task.state)) throw new ConflictError(`the task is ${task.state}: only pending and manual tasks can be cancelled`);
  const moved = await ctx.db.db.transaction().execute((tx) => transition(tx, task, ['pending', 'manual'], { state: 'cancelled', actor, log: `cancelled${comment ? `: ${comment}` : ''}`, set: { comment: comment ?? null } }));
  if (!moved) throw new ConflictError('the task changed state meanwhile: reload it');
  return view(ctx, id);
}

/** A failed task (or a manual one, after provisioning was turned on) runs again. */
export async function retryTask(ctx: Context, actor: Actor, id: string) {
  const task = await loadTask(ctx, id);
  if (!['failed', 'manual'].includes(task.state)) throw new ConflictError(`the task is ${task.state}: only failed and manual tasks can be retried`);
  const input = JSON.parse(task.input) as { entitlementId?: string };
  const plan = await planTask(ctx, task.app_id, task.kind as never, input.entitlementId ? input.entitlementId.split(':')[0]! : 'user');
  if (plan.manualBecause) throw new ConflictError(`the task would be manual again: ${plan.manualBecause}`);
  await ctx.db.db.transaction().execute(async (tx) => {
    const moved = await transition(tx, task, ['failed', 'manual'], { state: 'pending', actor, log: 'retry asked', set: { connector_id: plan.connector!.id, error: null, ended_at: null } });
    if (!moved) throw new ConflictError('the task changed state meanwhile: reload it');
    await ctx.jobs.enqueue(TASK_JOB, { taskId: task.id }, { db: tx, dedupeKey: `task:${task.id}`, maxAttempts: 6 });
  });
  ctx.jobs.poke();
  return view(ctx, id);
}

/** An app owner made a manual change by hand (done) or could not (not_possible). */
export async function completeTask(ctx: Context, actor: Actor, userId: string, id: string, outcome: 'done' | 'not_possible', comment: string) {
  const task = await loadTask(ctx, id);
  if (task.state !== 'manual') throw new ConflictError(`the task is ${task.state}: only manual tasks are completed by hand`);
  await ctx.db.db.transaction().execute(async (tx) => {
    const moved = await transition(tx, task, ['manual'], {
      state: outcome === 'done' ? 'succeeded' : 'failed',
      actor,
      log: outcome === 'done' ? `done by hand: ${comment}` : `not possible: ${comment}`,
      set: { completed_by: userId, completion: outcome, comment, verification: outcome === 'done' ? 'pending' : null, error: outcome === 'done' ? null : `not possible: ${comment}` },
    });
    if (!moved) throw new ConflictError('the task changed state meanwhile: reload it');
    if (outcome === 'done') await showInCatalog(tx, task, null);
  });
  return view(ctx, id);
}
