/**
 * A request's life after its decision, on a short tick (every process; each move is a conditional
 * write): a granted task makes the access live (its duration counts from then) or the request
 * failed; time-bound access is announced a day and an hour before it ends and revoked at its end
 * (a server down at that moment revokes as soon as it is back); undecided requests expire after
 * seven days; approval steps that timed out deny or escalate.
 */
import { mapConcurrent } from '@gatehouse/sdk';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Context } from '../../context.js';
import type { AccessRequestTable } from '../../db/schema.js';
import { notify } from '../notifications/notify.js';
import { approversOf } from './evaluate.js';
import type { ApprovalStep } from './model.js';
import { event, fulfil, revokeGrant } from './requests.js';

const HOUR = 3_600_000;
/** Expired requests revoked at once (PostgreSQL's pool has 10 connections; the task workers use two). */
const EXPIRIES_AT_ONCE = 4;

async function provisioned(ctx: Context, now: Date): Promise<void> {
  const { db } = ctx.db;
  const rows = await db.selectFrom('access_requests').selectAll().where('state', '=', 'provisioning').execute();
  for (const r of rows) {
    if (!r.task_id) {
      await fulfil(ctx, r);
      continue;
    }
    const task = await db.selectFrom('tasks').select(['state', 'ended_at', 'error']).where('id', '=', r.task_id).executeTakeFirst();
    if (!task || !['succeeded', 'failed', 'cancelled'].includes(task.state)) continue;
    const at = now.toISOString();
    await db.transaction().execute(async (tx) => {
      if (task.state === 'succeeded') {
        // The duration counts from the moment the access is live.
        const live = task.ended_at ?? at;
        const expires = r.duration_minutes === null ? null : new Date(Date.parse(live) + r.duration_minutes * 60_000).toISOString();
        const moved = await tx.updateTable('access_requests').set({ state: 'active', granted_at: live, expires_at: expires, updated_at: at }).where('id', '=', r.id).where('state', '=', 'provisioning').executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return;
        await event(tx, r.id, 'active', null, `the access is live${expires ? ` until ${expires}` : ' (permanent)'}`, at);
        await notify(ctx, tx, { event: 'request.live', recipients: [r.requester_id], subject: `Your access is live: ${r.entitlement_name}`, text: `${r.entitlement_name} is granted${expires ? ` until ${expires}` : ''}. Give it back when you are done.`, link: `/requests/${r.id}`, data: { requestId: r.id, expiresAt: expires } });
      } else {
        const moved = await tx.updateTable('access_requests').set({ state: 'failed', updated_at: at }).where('id', '=', r.id).where('state', '=', 'provisioning').executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return;
        await event(tx, r.id, 'failed', null, `the grant task ${task.state}${task.error ? `: ${task.error}` : ''}`, at);
        await notify(ctx, tx, { event: 'request.decided', recipients: [r.requester_id], subject: `Your access could not be granted: ${r.entitlement_name}`, text: `The grant of ${r.entitlement_name} ${task.state}${task.error ? `: ${task.error}` : ''}.`, link: `/requests/${r.id}`, data: { requestId: r.id } });
      }
    });
    await yieldToEventLoop();
  }
}

async function expiring(ctx: Context, now: Date): Promise<void> {
  const { db } = ctx.db;
  const at = now.toISOString();
  // Due: revoke (also what came due while the server was down).
  const due = await db.selectFrom('access_requests').selectAll().where('state', '=', 'active').where('expires_at', '<=', at).execute();
  // A revoke's checks and writes are a dozen round trips to PostgreSQL: made a few at once, a burst
  // of expiries stays ahead of the task workers, whose read-backs are then shared per group
  // (tasks/verification.ts) instead of one per revoke, each an API call off the app's rate limit.
  await mapConcurrent(due, EXPIRIES_AT_ONCE, async (r) => {
    await revokeGrant(ctx, r, 'expiry', `expired at ${r.expires_at}`);
    // better-sqlite3 answers without giving the thread back: without this, 2,000 expiries at once
    // held the server (the task workers, HTTP) for 10-20 s, and the first revoke waited for the last.
    await yieldToEventLoop();
  });
  // Warnings, a day and an hour before.
  const soon = new Date(now.getTime() + 24 * HOUR).toISOString();
  for (const r of await db.selectFrom('access_requests').selectAll().where('state', '=', 'active').where('expires_at', '<=', soon).where('expires_at', '>', at).execute()) {
    const left = Date.parse(r.expires_at!) - now.getTime();
    const warned = new Set((JSON.parse(r.warned ?? '[]') as string[]));
    const which = left <= HOUR ? 'hour' : 'day';
    // Access granted for less than a day is not warned a day before; only the hour counts then.
    if (warned.has(which) || (which === 'day' && (r.duration_minutes ?? 0) * 60_000 <= 24 * HOUR)) continue;
    const next = JSON.stringify([...warned, which]);
    await db.transaction().execute(async (tx) => {
      const moved = await tx.updateTable('access_requests').set({ warned: next }).where('id', '=', r.id).where('warned', r.warned === null ? 'is' : '=', r.warned).executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return;
      await notify(ctx, tx, { event: 'request.expiring', recipients: [r.requester_id], subject: `${r.entitlement_name} ends in ${which === 'hour' ? 'less than an hour' : 'a day'}`, text: `Your access to ${r.entitlement_name} ends ${r.expires_at}. Ask for an extension if you still need it.`, link: `/requests/${r.id}`, data: { requestId: r.id, expiresAt: r.expires_at } });
    });
  }
}

async function undecided(ctx: Context, now: Date): Promise<void> {
  const { db } = ctx.db;
  const at = now.toISOString();
  for (const r of await db.selectFrom('access_requests').selectAll().where('state', '=', 'pending').execute()) {
    if (r.decide_by <= at) {
      await db.transaction().execute(async (tx) => {
        const moved = await tx.updateTable('access_requests').set({ state: 'expired', approver_ids: null, step_due_at: null, updated_at: at }).where('id', '=', r.id).where('state', '=', 'pending').executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return;
        await event(tx, r.id, 'expired', null, 'nobody decided in time', at);
        await notify(ctx, tx, { event: 'request.decided', recipients: [r.requester_id], subject: `Your request expired: ${r.entitlement_name}`, text: `Nobody decided on your request for ${r.entitlement_name} in time. Ask again if you still need it.`, link: `/requests/${r.id}`, data: { requestId: r.id } });
      });
      continue;
    }
    if (r.step_due_at && r.step_due_at <= at) await stepTimedOut(ctx, r, now);
  }
}

async function stepTimedOut(ctx: Context, r: AccessRequestTable, now: Date): Promise<void> {
  const { db } = ctx.db;
  const at = now.toISOString();
  const steps = ((JSON.parse(r.decision ?? '{}') as { outcome?: { steps?: ApprovalStep[] } }).outcome?.steps ?? []) as ApprovalStep[];
  const step = steps[r.step];
  if (!step) return;
  const target = await db.selectFrom('people').selectAll().where('id', '=', r.person_id).executeTakeFirstOrThrow();
  const escalateTo = step.onTimeout === 'escalate' ? await approversOf(ctx, { ...step, approvers: 'users', userIds: step.escalateTo.length ? step.escalateTo : (await db.selectFrom('app_owners').select('user_id').where('app_id', '=', r.app_id).execute()).map((o) => o.user_id) }, { appId: r.app_id, entitlementId: r.entitlement_id, target, requesterId: r.requester_id }) : [];
  await db.transaction().execute(async (tx) => {
    if (step.onTimeout === 'escalate' && escalateTo.length) {
      const moved = await tx.updateTable('access_requests').set({ approver_ids: JSON.stringify(escalateTo), step_due_at: new Date(now.getTime() + step.timeoutHours * HOUR).toISOString(), updated_at: at }).where('id', '=', r.id).where('step_due_at', '=', r.step_due_at).executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return;
      await event(tx, r.id, 'escalated', null, `step ${r.step + 1} timed out: escalated`, at);
      await notify(ctx, tx, { event: 'request.approval_needed', recipients: escalateTo, subject: `Escalated: approve ${r.entitlement_name} for ${target.display_name}?`, text: `A request for ${r.entitlement_name} waited ${step.timeoutHours} hours for its approvers and is now yours to decide. Reason: ${r.reason || 'none given'}.`, link: `/requests/${r.id}`, data: { requestId: r.id } });
      return;
    }
    const moved = await tx.updateTable('access_requests').set({ state: 'denied', approver_ids: null, step_due_at: null, updated_at: at }).where('id', '=', r.id).where('state', '=', 'pending').where('step_due_at', '=', r.step_due_at).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return;
    await event(tx, r.id, 'denied', null, `step ${r.step + 1} timed out after ${step.timeoutHours} hours`, at);
    await notify(ctx, tx, { event: 'request.decided', recipients: [r.requester_id], subject: `Request denied: ${r.entitlement_name}`, text: `Your request for ${r.entitlement_name} was not approved in time.`, link: `/requests/${r.id}`, data: { requestId: r.id } });
  });
}

async function revoked(ctx: Context, now: Date): Promise<void> {
  const { db } = ctx.db;
  const at = now.toISOString();
  const rows = await db.selectFrom('access_requests as r').innerJoin('tasks as t', 't.id', 'r.revoke_task_id').select(['r.id', 't.state', 't.error']).where('r.state', '=', 'revoking').where('t.state', 'in', ['succeeded', 'failed', 'cancelled']).execute();
  for (const r of rows) {
    await db.transaction().execute(async (tx) => {
      if (r.state !== 'succeeded') {
        // Not revoked: the task's owners were told; the request stays revoking and says why.
        const last = await tx.selectFrom('request_events').select('detail').where('request_id', '=', r.id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const detail = `the revoke task ${r.state}${r.error ? `: ${r.error}` : ''}; the app's owners are asked to remove it (retry the task)`;
        if (last?.detail !== detail) await event(tx, r.id, 'revoke_failed', null, detail, at);
        return;
      }
      const moved = await tx.updateTable('access_requests').set({ state: 'ended', updated_at: at }).where('id', '=', r.id).where('state', '=', 'revoking').executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 1) await event(tx, r.id, 'ended', null, 'the access was removed', at);
    });
    await yieldToEventLoop();
  }
}

/** One pass over every request that waits for time or a task. */
export async function requestTick(ctx: Context, now = new Date()): Promise<void> {
  await provisioned(ctx, now);
  await revoked(ctx, now);
  await expiring(ctx, now);
  await undecided(ctx, now);
}

export function startRequestClock(ctx: Context, everyMs = 5_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void requestTick(ctx)
      .catch((err: unknown) => ctx.logger.error({ err: (err as Error).message }, 'access request clock failed; retried at the next tick'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
