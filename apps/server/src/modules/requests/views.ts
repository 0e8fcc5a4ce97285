/** Requests as people see them: mine (asked by me or for me), waiting for my approval, or all (governance readers; App owners: their apps'). */
import type { Context } from '../../context.js';
import type { AccessRequestTable } from '../../db/schema.js';
import { ForbiddenError } from '../../errors.js';
import type { Scope } from '../catalog/queries.js';
import type { Outcome, RequestState } from './model.js';
import { loadRequest } from './requests.js';

export async function presentRequests(ctx: Context, rows: AccessRequestTable[]) {
  const { db } = ctx.db;
  const userIds = [...new Set(rows.flatMap((r) => [r.requester_id, ...(JSON.parse(r.approver_ids ?? '[]') as string[])]))];
  const users = new Map(userIds.length ? (await db.selectFrom('platform_users').select(['id', 'name', 'email']).where('id', 'in', userIds).execute()).map((u) => [u.id, u]) : []);
  const personIds = [...new Set(rows.map((r) => r.person_id))];
  const people = new Map(personIds.length ? (await db.selectFrom('people').select(['id', 'display_name', 'email']).where('id', 'in', personIds).execute()).map((p) => [p.id, p]) : []);
  const apps = new Map((await db.selectFrom('apps').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
  const taskIds = rows.flatMap((r) => [r.task_id, r.revoke_task_id]).filter((t): t is string => Boolean(t));
  const tasks = new Map(taskIds.length ? (await db.selectFrom('tasks').select(['id', 'state', 'verification']).where('id', 'in', taskIds).execute()).map((t) => [t.id, t]) : []);
  const user = (id: string) => users.get(id) ?? { id, name: id, email: '' };
  return rows.map((r) => {
    const d = JSON.parse(r.decision ?? '{}') as { rule?: string | null; outcome?: Outcome };
    const person = people.get(r.person_id);
    const task = (id: string | null) => (id && tasks.get(id) ? { id, state: tasks.get(id)!.state, verification: tasks.get(id)!.verification } : null);
    return {
      id: r.id,
      requester: user(r.requester_id),
      person: { id: r.person_id, name: person?.display_name ?? r.person_id, email: person?.email ?? '' },
      app: { id: r.app_id, name: apps.get(r.app_id) ?? r.app_id },
      entitlement: { id: r.entitlement_id, name: r.entitlement_name },
      accountId: r.account_id,
      durationMinutes: r.duration_minutes,
      reason: r.reason,
      emergency: r.emergency === 1,
      state: r.state as RequestState,
      policy: { rule: d.rule ?? null, outcome: d.outcome?.kind ?? 'steps', steps: d.outcome?.kind === 'steps' ? d.outcome.steps.length : 0, message: d.outcome?.kind === 'deny' ? d.outcome.message : null },
      step: r.step,
      approvers: (JSON.parse(r.approver_ids ?? '[]') as string[]).map(user),
      stepDueAt: r.step_due_at,
      conflicts: r.conflicts ? (JSON.parse(r.conflicts) as { ruleId: string; name: string; severity: string }[]).map((c) => ({ ruleId: c.ruleId, name: c.name, severity: c.severity })) : [],
      extendsId: r.extends_id,
      bundleRequestId: r.bundle_request_id,
      task: task(r.task_id),
      revokeTask: task(r.revoke_task_id),
      grantedAt: r.granted_at,
      expiresAt: r.expires_at,
      decideBy: r.decide_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

export type RequestListKind = 'mine' | 'approvals' | 'all';

export async function listRequests(ctx: Context, who: { userId: string; email: string }, scope: Scope | 'none', q: { kind: RequestListKind; state?: RequestState; limit: number }) {
  const { db } = ctx.db;
  let query = db.selectFrom('access_requests').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.kind === 'mine') {
    const me = await db.selectFrom('people').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', who.email.toLowerCase())).executeTakeFirst();
    query = query.where((w) => w.or([w('requester_id', '=', who.userId), w('person_id', '=', me?.id ?? '')]));
  } else if (q.kind === 'approvals') {
    // Approver lists are small JSON arrays: a quoted id matches one element exactly.
    query = query.where('state', '=', 'pending').where('approver_ids', 'like', `%"${who.userId}"%`);
  } else {
    if (scope === 'none') throw new ForbiddenError('your role does not show every request: list yours (kind=mine) or your approvals (kind=approvals)');
    if (scope) query = query.where('app_id', 'in', scope.length ? scope : ['']);
  }
  return { items: await presentRequests(ctx, await query.execute()), nextCursor: null };
}

/** A request with its history, for whoever may see it: its requester, its person, its approvers, governance readers. */
export async function requestDetail(ctx: Context, who: { userId: string; email: string }, scope: Scope | 'none', id: string) {
  const r = await loadRequest(ctx, id);
  const person = await ctx.db.db.selectFrom('people').select('email').where('id', '=', r.person_id).executeTakeFirst();
  const involved = r.requester_id === who.userId || person?.email.toLowerCase() === who.email.toLowerCase() || (r.approver_ids ?? '').includes(`"${who.userId}"`);
  const wasApprover = involved || Boolean(await ctx.db.db.selectFrom('request_events').select('seq').where('request_id', '=', id).where('actor_id', '=', who.userId).limit(1).executeTakeFirst());
  const reader = scope !== 'none' && (scope === undefined || scope.includes(r.app_id));
  if (!wasApprover && !reader) throw new ForbiddenError('this request is neither yours nor yours to approve');
  const history = await ctx.db.db.selectFrom('request_events as e').leftJoin('platform_users as u', 'u.id', 'e.actor_id').select(['e.at', 'e.kind', 'e.detail', 'e.actor_id', 'u.name']).where('e.request_id', '=', id).orderBy('e.seq').execute();
  const [view] = await presentRequests(ctx, [r]);
  return { ...view!, history: history.map((h) => ({ at: h.at, kind: h.kind, detail: h.detail, actor: h.actor_id ? { id: h.actor_id, name: h.name ?? h.actor_id } : null })) };
}
