/**
 * Access requests: asked for (checked against what may be requested, by whom, for how long), the
 * policy decides (approve at once, deny with its message, or approval steps), approvers approve or
 * deny, and an approved request becomes a grant task. Its duration counts from the moment the access
 * is live (`lifecycle.ts` moves it on as its tasks end). The holder may give it back early, or ask
 * for an extension (a new request through the same policy). Every step is in the request's history
 * and the audit log.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { AccessRequestTable, Database, PersonTable } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../errors.js';
import { appOwnerIds } from '../apps/apps.js';
import { audit, type Actor } from '../audit/audit.js';
import { findEntitlement, findGrants } from '../catalog/queries.js';
import { notify } from '../notifications/notify.js';
import { createTask } from '../tasks/index.js';
import { approversOf, decide, gatherFacts, policyOf, type PolicyDecision } from './evaluate.js';
import { UNDECIDED_DAYS, type ApprovalStep, type RequestInput, type RequestSettings, type RequestState } from './model.js';
import { effectiveSettings } from './settings.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Requester {
  actor: Actor;
  userId: string;
  email: string;
  /** May act on anyone's request (cancel, see): governance administrators. */
  admin: boolean;
}

const field = (path: string, message: string) => [{ field: `body.${path}`, message }];
const OPEN: RequestState[] = ['pending', 'provisioning', 'active', 'revoking'];

export async function loadRequest(ctx: Context, id: string, db: Db = ctx.db.db): Promise<AccessRequestTable> {
  const r = await db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError('request', id);
  return r;
}

export async function event(db: Db, requestId: string, kind: string, actorId: string | null, detail: string, at = new Date().toISOString()): Promise<void> {
  await db.insertInto('request_events').values({ request_id: requestId, at, kind, actor_id: actorId, detail }).execute();
}

/**
 * People's emails are lower-cased (they come from accounts' emails, lower-cased at ingest: catalog/rows.ts),
 * so an equality on the column finds them through its unique index; `lower(email) = …` scanned every
 * person on PostgreSQL (3 ms of a 15 ms plan at 3,000 people, far more at 80,000).
 */
async function personByEmail(ctx: Context, email: string): Promise<PersonTable | undefined> {
  return ctx.db.db.selectFrom('people').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

async function mayAsk(ctx: Context, s: RequestSettings, requester: PersonTable | undefined): Promise<boolean> {
  if (s.whoMay.everyone) return true;
  if (!requester) return false;
  if (requester.department && s.whoMay.departments.map((d) => d.toLowerCase()).includes(requester.department.toLowerCase())) return true;
  for (const h of s.whoMay.holdersOf) {
    const links = await ctx.db.db.selectFrom('account_links').select('account_id').where('person_id', '=', requester.id).where('app_id', '=', h.appId).execute();
    for (const l of links) if ((await findGrants(ctx, h.appId, h.entitlementId, { type: 'user', id: l.account_id })).length) return true;
  }
  return false;
}

/** The duration asked for, checked against the settings (null: permanent). */
function durationOf(s: RequestSettings, input: RequestInput): number | null {
  if (input.emergency) return s.emergencyDurationMinutes;
  const asked = input.durationMinutes === undefined ? s.defaultDurationMinutes : input.durationMinutes;
  if (asked === null) {
    if (s.maxDurationMinutes !== null) throw new InvalidError(`this entitlement is granted for at most ${s.maxDurationMinutes} minutes: permanent access cannot be requested`, field('durationMinutes', `at most ${s.maxDurationMinutes}`));
    return null;
  }
  if (s.maxDurationMinutes !== null && asked > s.maxDurationMinutes) throw new InvalidError(`${asked} minutes is longer than the maximum of ${s.maxDurationMinutes} minutes for this entitlement`, field('durationMinutes', `at most ${s.maxDurationMinutes}`));
  return asked;
}

/** With access conflicts, an approval at once is not enough: the rules' owners approve (the policy may also deny with `size(conflicts) > 0`). */
function withConflictOwners(decision: PolicyDecision, owners: string[]): PolicyDecision {
  if (!owners.length || decision.outcome.kind !== 'approve') return decision;
  const step: ApprovalStep = { name: 'Access conflict owner', approvers: 'users', userIds: owners, timeoutHours: 72, onTimeout: 'deny', escalateTo: [] };
  return { ...decision, rule: `${decision.rule ?? 'baseline'} (routed to the conflict rule's owner)`, outcome: { kind: 'steps', steps: [step] } };
}

export interface NewRequest {
  input: RequestInput;
  target: PersonTable;
  accountId: string;
  entitlementName: string;
  duration: number | null;
  settings: RequestSettings;
  /** The policy that decided (id null: the default one). */
  policy: { id: string | null; name: string };
  decision: PolicyDecision;
  conflicts: Awaited<ReturnType<typeof gatherFacts>>['conflicts'];
}

/**
 * Checks a request and says what the policy would do with it, writing nothing (also the "test this
 * policy" panel, which names the policy to evaluate instead of the entitlement's: `policyId`).
 */
export async function planRequest(ctx: Context, who: Pick<Requester, 'userId' | 'email'>, input: RequestInput, now = new Date(), options: { policyId?: string } = {}): Promise<NewRequest> {
  // Lookups that do not depend on each other are asked at once (on PostgreSQL each is a round trip);
  // the checks below keep their order.
  const [settings, ent, requesterPerson, other] = await Promise.all([
    effectiveSettings(ctx, input.appId, input.entitlementId),
    findEntitlement(ctx, input.appId, input.entitlementId),
    personByEmail(ctx, who.email),
    input.forPersonId ? ctx.db.db.selectFrom('people').selectAll().where('id', '=', input.forPersonId).executeTakeFirst() : undefined,
  ]);
  if (!settings?.requestable) throw new InvalidError('this entitlement cannot be requested (ask its owners to make it requestable)', field('entitlementId', 'not requestable'));
  if (!ent) throw new InvalidError(`no entitlement ${input.entitlementId} in this app's catalog`, field('entitlementId', 'not found in the catalog'));
  const target = input.forPersonId ? other : requesterPerson;
  if (!target) throw new InvalidError(input.forPersonId ? `no person with id ${input.forPersonId}` : `${who.email} is no person of the directory: access is requested for people`, field(input.forPersonId ? 'forPersonId' : 'appId', 'no such person'));
  if (target.id !== requesterPerson?.id && !settings.onBehalfAllowed) throw new ForbiddenError('this entitlement is requested by the person who needs it, not on their behalf');
  if (!(await mayAsk(ctx, settings, requesterPerson))) throw new ForbiddenError('you may not request this entitlement (its settings name who may)');
  if (input.emergency && !settings.emergencyAllowed) throw new InvalidError('this entitlement has no emergency (break-glass) access', field('emergency', 'not allowed for this entitlement'));
  if (settings.reasonRequired && !input.reason.trim()) throw new InvalidError('say why you need it', field('reason', 'required'));
  const duration = durationOf(settings, input);
  const link = await ctx.db.db.selectFrom('account_links').select('account_id').where('app_id', '=', input.appId).where('person_id', '=', target.id).executeTakeFirst();
  if (!link) throw new InvalidError(`${target.display_name} has no account in this app: an account must exist before access to it is requested`, field('appId', 'no account'));
  const held = (await findGrants(ctx, input.appId, input.entitlementId, { type: 'user', id: link.account_id })).find((g) => !g.inherited);
  if (held) throw new ConflictError(`${target.display_name} already holds ${ent.displayName}`, { grantId: held.id });
  const [facts, policy] = await Promise.all([
    gatherFacts(ctx, { requesterEmail: who.email, requesterPerson, target, appId: input.appId, entitlementId: input.entitlementId, durationMinutes: duration, emergency: input.emergency, now }),
    policyOf(ctx, options.policyId ?? settings.policyId),
  ]);
  const decided: PolicyDecision = input.emergency ? { rule: 'emergency access (break-glass)', outcome: { kind: 'approve' }, errors: [] } : decide(policy.rules, policy.baseline, facts.input);
  const decision = input.emergency ? decided : withConflictOwners(decided, [...new Set(facts.conflicts.map((c) => c.ownerId))]);
  return { input, target, accountId: link.account_id, entitlementName: ent.displayName, duration, settings, policy: { id: policy.id, name: policy.name }, decision, conflicts: facts.conflicts };
}

export async function createRequest(ctx: Context, who: Requester, input: RequestInput, options: { extendsId?: string; bundle?: { id: string; requestId: string } } = {}): Promise<AccessRequestTable> {
  const now = new Date();
  const plan = await planRequest(ctx, who, input, now).catch(async (err: unknown) => {
    // An extension is asked while the grant is held: the "already holds" check does not apply to it.
    if (options.extendsId && err instanceof ConflictError && err.details.grantId) return planExtension(ctx, who, input, now);
    throw err;
  });
  const open = await ctx.db.db.selectFrom('access_requests').select(['id', 'state']).where('person_id', '=', plan.target.id).where('app_id', '=', input.appId).where('entitlement_id', '=', input.entitlementId).where('state', 'in', OPEN).where('id', '!=', options.extendsId ?? '').execute();
  const blocking = open.filter((o) => !options.extendsId || o.state === 'pending');
  if (blocking.length) throw new ConflictError(`a request for this access is already ${blocking[0]!.state} (${blocking[0]!.id})${blocking[0]!.state === 'active' ? ': ask for an extension of it instead' : ''}`, { requestId: blocking[0]!.id });
  const at = now.toISOString();
  const outcome = plan.decision.outcome;
  const row: AccessRequestTable = {
    id: randomUUID(),
    requester_id: who.userId,
    person_id: plan.target.id,
    app_id: input.appId,
    account_id: plan.accountId,
    entitlement_id: input.entitlementId,
    entitlement_name: plan.entitlementName,
    duration_minutes: plan.duration,
    reason: input.reason,
    emergency: input.emergency ? 1 : 0,
    state: outcome.kind === 'approve' ? 'provisioning' : outcome.kind === 'deny' ? 'denied' : 'pending',
    decision: JSON.stringify({ rule: plan.decision.rule, outcome, errors: plan.decision.errors }),
    step: 0,
    approver_ids: null,
    step_due_at: null,
    conflicts: plan.conflicts.length ? JSON.stringify(plan.conflicts) : null,
    extends_id: options.extendsId ?? null,
    bundle_id: options.bundle?.id ?? null,
    bundle_request_id: options.bundle?.requestId ?? null,
    task_id: null,
    revoke_task_id: null,
    granted_at: null,
    expires_at: null,
    warned: null,
    decide_by: new Date(now.getTime() + UNDECIDED_DAYS * 86_400_000).toISOString(),
    created_at: at,
    updated_at: at,
  };
  if (outcome.kind === 'steps') {
    const step = outcome.steps[0]!;
    row.approver_ids = JSON.stringify(await approversOf(ctx, step, { appId: row.app_id, entitlementId: row.entitlement_id, target: plan.target, requesterId: who.userId }));
    row.step_due_at = new Date(now.getTime() + step.timeoutHours * 3_600_000).toISOString();
  }
  const forWhom = plan.target.email.toLowerCase() === who.email.toLowerCase() ? '' : ` for ${plan.target.display_name}`;
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('access_requests').values(row).execute();
    await event(tx, row.id, 'created', who.userId, `asked for ${plan.entitlementName}${forWhom}, ${plan.duration === null ? 'permanently' : `for ${plan.duration} minutes`}${input.emergency ? ' (emergency)' : ''}: ${input.reason || 'no reason given'}`, at);
    if (plan.conflicts.length) await event(tx, row.id, 'conflicts', null, `would create access conflicts: ${plan.conflicts.map((c) => `${c.name} (${c.severity})`).join(', ')}`, at);
    await event(tx, row.id, 'policy', null, `${plan.decision.rule ? `rule "${plan.decision.rule}"` : 'the baseline'}: ${outcome.kind === 'approve' ? 'approved' : outcome.kind === 'deny' ? `denied: ${outcome.message}` : `${outcome.steps.length} approval step${outcome.steps.length === 1 ? '' : 's'}`}`, at);
    await audit(tx, who.actor, { action: 'request.create', targetType: 'access_request', targetId: row.id, after: { appId: row.app_id, entitlementId: row.entitlement_id, personId: row.person_id, durationMinutes: row.duration_minutes, emergency: input.emergency, state: row.state, rule: plan.decision.rule } });
    if (row.state === 'pending') await notifyApprovers(ctx, tx, row, plan.target.display_name);
    if (row.state === 'denied') {
      await notify(ctx, tx, { event: 'request.decided', recipients: [who.userId], subject: `Request denied: ${plan.entitlementName}`, text: `Your request for ${plan.entitlementName} was denied by policy: ${(outcome as { message: string }).message}`, link: `/requests/${row.id}`, data: { requestId: row.id } });
    }
    if (input.emergency) {
      const admins = (await tx.selectFrom('platform_users').select('id').where('role', '=', 'super_admin').where('disabled', '=', 0).execute()).map((u) => u.id);
      await notify(ctx, tx, {
        event: 'request.emergency',
        recipients: [...admins, ...(await appOwnerIds(ctx, row.app_id, tx))],
        subject: `Emergency access: ${plan.target.display_name} → ${plan.entitlementName}`,
        text: `${plan.target.display_name} took emergency (break-glass) access to ${plan.entitlementName} for ${plan.duration} minutes. Reason: ${input.reason || 'none given'}. Review it afterwards.`,
        link: `/requests/${row.id}`,
        data: { requestId: row.id },
      });
    }
  });
  if (row.state === 'provisioning') await fulfil(ctx, row);
  return loadRequest(ctx, row.id);
}

/** An extension's plan: the same checks and policy, for access already held. */
async function planExtension(ctx: Context, who: Pick<Requester, 'userId' | 'email'>, input: RequestInput, now: Date): Promise<NewRequest> {
  const settings = (await effectiveSettings(ctx, input.appId, input.entitlementId))!;
  const requesterPerson = await personByEmail(ctx, who.email);
  const target = input.forPersonId ? (await ctx.db.db.selectFrom('people').selectAll().where('id', '=', input.forPersonId).executeTakeFirst())! : requesterPerson!;
  const link = (await ctx.db.db.selectFrom('account_links').select('account_id').where('app_id', '=', input.appId).where('person_id', '=', target.id).executeTakeFirst())!;
  const ent = (await findEntitlement(ctx, input.appId, input.entitlementId))!;
  const duration = durationOf(settings, input);
  const facts = await gatherFacts(ctx, { requesterEmail: who.email, requesterPerson, target, appId: input.appId, entitlementId: input.entitlementId, durationMinutes: duration, emergency: false, now });
  const policy = await policyOf(ctx, settings.policyId);
  return { input, target, accountId: link.account_id, entitlementName: ent.displayName, duration, settings, policy: { id: policy.id, name: policy.name }, decision: decide(policy.rules, policy.baseline, facts.input), conflicts: facts.conflicts };
}

async function notifyApprovers(ctx: Context, db: Db, r: AccessRequestTable, targetName: string): Promise<void> {
  const approvers = JSON.parse(r.approver_ids ?? '[]') as string[];
  const app = await db.selectFrom('apps').select('name').where('id', '=', r.app_id).executeTakeFirst();
  await notify(ctx, db, {
    event: 'request.approval_needed',
    recipients: approvers,
    subject: `Approve ${r.entitlement_name} in ${app?.name ?? 'an app'} for ${targetName}?`,
    text: `${targetName} asks for ${r.entitlement_name} (${app?.name ?? r.app_id}) ${r.duration_minutes === null ? 'permanently' : `for ${r.duration_minutes} minutes`}. Reason: ${r.reason || 'none given'}.${r.conflicts ? ` It would create access conflicts: ${(JSON.parse(r.conflicts) as { name: string }[]).map((c) => c.name).join(', ')}.` : ''}`,
    link: `/requests/${r.id}`,
    data: { requestId: r.id },
  });
}

function stepsOf(r: AccessRequestTable): ApprovalStep[] {
  const d = JSON.parse(r.decision ?? '{}') as { outcome?: { kind: string; steps?: ApprovalStep[] } };
  return d.outcome?.kind === 'steps' ? (d.outcome.steps ?? []) : [];
}

/** An approver approves the current step: the next step's approvers are asked, or the access is granted. */
export async function approveRequest(ctx: Context, who: Requester, id: string, comment?: string): Promise<AccessRequestTable> {
  const r = await loadRequest(ctx, id);
  if (r.state !== 'pending') throw new ConflictError(`the request is ${r.state}: only a pending request is approved`);
  if (r.requester_id === who.userId) throw new ForbiddenError('nobody approves their own request');
  const approvers = JSON.parse(r.approver_ids ?? '[]') as string[];
  if (!approvers.includes(who.userId)) throw new ForbiddenError('you are not an approver of this request at its current step');
  const steps = stepsOf(r);
  const now = new Date();
  const at = now.toISOString();
  const last = r.step + 1 >= steps.length;
  const target = await ctx.db.db.selectFrom('people').selectAll().where('id', '=', r.person_id).executeTakeFirstOrThrow();
  const nextApprovers = last ? [] : await approversOf(ctx, steps[r.step + 1]!, { appId: r.app_id, entitlementId: r.entitlement_id, target, requesterId: r.requester_id });
  await ctx.db.db.transaction().execute(async (tx) => {
    const set = last
      ? { state: 'provisioning', approver_ids: null, step_due_at: null, updated_at: at }
      : { step: r.step + 1, approver_ids: JSON.stringify(nextApprovers.filter((a) => a !== who.userId)), step_due_at: new Date(now.getTime() + steps[r.step + 1]!.timeoutHours * 3_600_000).toISOString(), updated_at: at };
    const moved = await tx.updateTable('access_requests').set(set).where('id', '=', id).where('state', '=', 'pending').where('step', '=', r.step).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new ConflictError('the request changed meanwhile: reload it');
    await event(tx, id, 'approved', who.userId, `approved step ${r.step + 1}${steps[r.step]?.name ? ` (${steps[r.step]!.name})` : ''}${comment ? `: ${comment}` : ''}`, at);
    await audit(tx, who.actor, { action: 'request.approve', targetType: 'access_request', targetId: id, after: { step: r.step, comment: comment ?? null, final: last } });
    if (!last) await notifyApprovers(ctx, tx, { ...r, approver_ids: set.approver_ids ?? null }, target.display_name);
    else await notify(ctx, tx, { event: 'request.decided', recipients: [r.requester_id], subject: `Request approved: ${r.entitlement_name}`, text: `Your request for ${r.entitlement_name} was approved; the access is being granted, and you will be told when it is live.`, link: `/requests/${id}`, data: { requestId: id } });
  });
  const after = await loadRequest(ctx, id);
  if (after.state === 'provisioning') await fulfil(ctx, after);
  return loadRequest(ctx, id);
}

export async function denyRequest(ctx: Context, who: Requester, id: string, reason: string): Promise<AccessRequestTable> {
  const r = await loadRequest(ctx, id);
  if (r.state !== 'pending') throw new ConflictError(`the request is ${r.state}: only a pending request is denied`);
  if (!(JSON.parse(r.approver_ids ?? '[]') as string[]).includes(who.userId)) throw new ForbiddenError('you are not an approver of this request at its current step');
  if (!reason.trim()) throw new InvalidError('say why you deny it', field('reason', 'required'));
  const at = new Date().toISOString();
  await ctx.db.db.transaction().execute(async (tx) => {
    const moved = await tx.updateTable('access_requests').set({ state: 'denied', approver_ids: null, step_due_at: null, updated_at: at }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new ConflictError('the request changed meanwhile: reload it');
    await event(tx, id, 'denied', who.userId, `denied: ${reason}`, at);
    await audit(tx, who.actor, { action: 'request.deny', targetType: 'access_request', targetId: id, after: { reason } });
    await notify(ctx, tx, { event: 'request.decided', recipients: [r.requester_id], subject: `Request denied: ${r.entitlement_name}`, text: `Your request for ${r.entitlement_name} was denied: ${reason}`, link: `/requests/${id}`, data: { requestId: id } });
  });
  return loadRequest(ctx, id);
}

/** The requester (or an administrator) withdraws a pending request. */
export async function cancelRequest(ctx: Context, who: Requester, id: string): Promise<AccessRequestTable> {
  const r = await loadRequest(ctx, id);
  if (r.requester_id !== who.userId && !who.admin) throw new ForbiddenError('only the requester withdraws a request');
  if (r.state !== 'pending') throw new ConflictError(`the request is ${r.state}: only a pending request is withdrawn${r.state === 'active' ? ' (give the access back instead)' : ''}`);
  const at = new Date().toISOString();
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('access_requests').set({ state: 'cancelled', approver_ids: null, step_due_at: null, updated_at: at }).where('id', '=', id).where('state', '=', 'pending').execute();
    await event(tx, id, 'cancelled', who.userId, 'withdrawn', at);
    await audit(tx, who.actor, { action: 'request.cancel', targetType: 'access_request', targetId: id });
  });
  return loadRequest(ctx, id);
}

/** "I'm done": the access goes now (only what this request granted). */
export async function releaseRequest(ctx: Context, who: Requester, id: string): Promise<AccessRequestTable> {
  const r = await loadRequest(ctx, id);
  const holder = await ctx.db.db.selectFrom('people').select('email').where('id', '=', r.person_id).executeTakeFirst();
  if (r.requester_id !== who.userId && holder?.email.toLowerCase() !== who.email.toLowerCase() && !who.admin) throw new ForbiddenError('only the holder gives access back');
  if (r.state !== 'active') throw new ConflictError(`the request is ${r.state}: only active access is given back`);
  await revokeGrant(ctx, r, 'request', `given back early by ${who.email}`, who);
  return loadRequest(ctx, id);
}

/** Asks for more time on active access: a new request through the same policy, which on approval moves the expiry. */
export async function extendRequest(ctx: Context, who: Requester, id: string, input: { durationMinutes: number; reason: string }): Promise<AccessRequestTable> {
  const r = await loadRequest(ctx, id);
  if (r.state !== 'active' || !r.expires_at) throw new ConflictError(`the request is ${r.state}${r.state === 'active' ? ' and permanent' : ''}: only active, time-bound access is extended`);
  const person = await ctx.db.db.selectFrom('people').select('email').where('id', '=', r.person_id).executeTakeFirstOrThrow();
  const forSelf = person.email.toLowerCase() === who.email.toLowerCase();
  return createRequest(ctx, who, { appId: r.app_id, entitlementId: r.entitlement_id, forPersonId: forSelf ? undefined : r.person_id, durationMinutes: input.durationMinutes, reason: input.reason, emergency: false }, { extendsId: r.id });
}

/**
 * Carries out an approved request: a grant task with the request as its origin (found again after
 * a crash by its origin); an extension moves the expiry of the grant it extends instead.
 */
export async function fulfil(ctx: Context, r: AccessRequestTable): Promise<void> {
  const { db } = ctx.db;
  const at = new Date().toISOString();
  if (r.extends_id) {
    const base = await loadRequest(ctx, r.extends_id);
    const from = base.expires_at && base.expires_at > at ? base.expires_at : at;
    const until = new Date(Date.parse(from) + (r.duration_minutes ?? 0) * 60_000).toISOString();
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('access_requests').set({ expires_at: until, warned: null, updated_at: at }).where('id', '=', base.id).where('state', '=', 'active').execute();
      await tx.updateTable('access_requests').set({ state: 'ended', granted_at: at, expires_at: until, updated_at: at }).where('id', '=', r.id).execute();
      await event(tx, base.id, 'extended', r.requester_id, `extended until ${until} by request ${r.id}`, at);
      await event(tx, r.id, 'extended', null, `the access of request ${base.id} now ends ${until}`, at);
    });
    return;
  }
  const made = await db.selectFrom('tasks').select('id').where('origin', '=', 'request').where('origin_id', '=', r.id).where('kind', '=', 'grant').executeTakeFirst();
  let taskId = made?.id;
  if (!taskId) {
    try {
      const requester = await db.selectFrom('platform_users').select('id').where('id', '=', r.requester_id).executeTakeFirst();
      const t = await createTask(ctx, { actor: { type: 'user', id: requester?.id ?? null }, userId: requester?.id ?? null }, { kind: 'grant', appId: r.app_id, reason: `access request ${r.id}: ${r.reason || 'no reason given'}${r.emergency ? ' (emergency)' : ''}`, input: { entitlementId: r.entitlement_id, principal: { type: 'user', id: r.account_id } } }, { origin: 'request', originId: r.id });
      taskId = t.id;
    } catch (err) {
      if (err instanceof ConflictError && typeof err.details.taskId === 'string') taskId = err.details.taskId;
      else if (err instanceof ConflictError || err instanceof InvalidError) {
        await db.transaction().execute(async (tx) => {
          await tx.updateTable('access_requests').set({ state: 'failed', updated_at: at }).where('id', '=', r.id).execute();
          await event(tx, r.id, 'failed', null, `not granted: ${err.message}`, at);
        });
        return;
      } else throw err;
    }
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('access_requests').set({ task_id: taskId, updated_at: at }).where('id', '=', r.id).execute();
    await event(tx, r.id, 'provisioning', null, `grant task ${taskId} asked`, at);
  });
}

/** Takes what a request granted away: a revoke task (origin request for a give-back, expiry at the end). */
export async function revokeGrant(ctx: Context, r: AccessRequestTable, origin: 'request' | 'expiry', why: string, who?: Requester): Promise<void> {
  const { db } = ctx.db;
  const at = new Date().toISOString();
  const made = await db.selectFrom('tasks').select('id').where('origin', 'in', ['request', 'expiry']).where('origin_id', '=', r.id).where('kind', '=', 'revoke').executeTakeFirst();
  let taskId = made?.id;
  if (!taskId) {
    try {
      const t = await createTask(ctx, { actor: who?.actor ?? { type: 'system', id: null }, userId: who?.userId ?? null }, { kind: 'revoke', appId: r.app_id, reason: `access request ${r.id}: ${why}`, input: { entitlementId: r.entitlement_id, principal: { type: 'user', id: r.account_id } } }, { origin, originId: r.id });
      taskId = t.id;
    } catch (err) {
      if (err instanceof ConflictError && typeof err.details.taskId === 'string') taskId = err.details.taskId;
      else if (err instanceof InvalidError) {
        // Gone already (removed outside Gatehouse): nothing to revoke.
        await db.transaction().execute(async (tx) => {
          await tx.updateTable('access_requests').set({ state: 'ended', updated_at: at }).where('id', '=', r.id).where('state', 'in', ['active', 'revoking']).execute();
          await event(tx, r.id, 'ended', null, `${why}; the grant was already gone from the app`, at);
        });
        return;
      } else throw err;
    }
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('access_requests').set({ state: 'revoking', revoke_task_id: taskId, updated_at: at }).where('id', '=', r.id).where('state', 'in', ['active', 'revoking']).execute();
    await event(tx, r.id, 'revoking', who?.userId ?? null, `${why}: revoke task ${taskId}`, at);
    if (who) await audit(tx, who.actor, { action: 'request.release', targetType: 'access_request', targetId: r.id, after: { taskId } });
  });
}
