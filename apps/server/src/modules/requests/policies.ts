/** Request policies: rules (a CEL condition and an outcome) checked in order, then a baseline; every condition is checked when saved. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { RequestPolicyTable } from '../../db/schema.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { platformGroupNames } from '../scim/platform-groups.js';
import { conditionProblem } from './cel.js';
import type { Outcome, PolicyRule, RequestPolicyInput } from './model.js';

export interface RequestPolicyView {
  id: string;
  name: string;
  description: string;
  rules: PolicyRule[];
  baseline: Outcome;
  createdAt: string;
  updatedAt: string;
}

export const presentRequestPolicy = (p: RequestPolicyTable): RequestPolicyView => ({ id: p.id, name: p.name, description: p.description, rules: JSON.parse(p.rules) as PolicyRule[], baseline: JSON.parse(p.baseline) as Outcome, createdAt: p.created_at, updatedAt: p.updated_at });

async function check(ctx: Context, input: RequestPolicyInput): Promise<void> {
  input.rules.forEach((r, i) => {
    const problem = conditionProblem(r.condition);
    if (problem) throw new InvalidError(`rule ${i + 1} ("${r.name}"): the condition is not valid CEL: ${problem}`, [{ field: `body.rules.${i}.condition`, message: problem }]);
  });
  await checkGroups(ctx, input);
}

/** A group step names at least one platform group, and only groups that exist (a typo would leave the step without approvers). */
async function checkGroups(ctx: Context, input: RequestPolicyInput): Promise<void> {
  const outcomes: [string, string, Outcome][] = [...input.rules.map((r, i): [string, string, Outcome] => [`rules.${i}.outcome`, `rule ${i + 1} ("${r.name}")`, r.outcome]), ['baseline', 'the baseline', input.baseline]];
  const steps = outcomes.flatMap(([path, where, o]) => (o.kind === 'steps' ? o.steps.map((s, j) => ({ field: `body.${path}.steps.${j}.groupIds`, where: `${where}, step ${j + 1}`, step: s })) : [])).filter((x) => x.step.approvers === 'group');
  const known = await platformGroupNames(ctx.db.db, [...new Set(steps.flatMap((x) => x.step.groupIds ?? []))]);
  for (const x of steps) {
    if (!x.step.groupIds?.length) throw new InvalidError(`${x.where}: name the group whose members approve`, [{ field: x.field, message: 'at least one group' }]);
    const unknown = x.step.groupIds.filter((g) => !known.has(g));
    if (unknown.length) throw new InvalidError(`${x.where}: no platform group with id ${unknown.join(', ')}`, [{ field: x.field, message: 'unknown group' }]);
  }
}

export async function loadRequestPolicy(ctx: Context, id: string): Promise<RequestPolicyTable> {
  const p = await ctx.db.db.selectFrom('request_policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new NotFoundError('request policy', id);
  return p;
}

export async function listRequestPolicies(ctx: Context): Promise<RequestPolicyView[]> {
  return (await ctx.db.db.selectFrom('request_policies').selectAll().orderBy('name').execute()).map(presentRequestPolicy);
}

async function nameFree(ctx: Context, name: string, except?: string): Promise<void> {
  const other = await ctx.db.db.selectFrom('request_policies').select('id').where('name', '=', name).executeTakeFirst();
  if (other && other.id !== except) throw new ConflictError(`a request policy named "${name}" exists already`, { policyId: other.id });
}

export async function createRequestPolicy(ctx: Context, actor: Actor, input: RequestPolicyInput): Promise<RequestPolicyView> {
  await check(ctx, input);
  await nameFree(ctx, input.name);
  const now = new Date().toISOString();
  const row: RequestPolicyTable = { id: randomUUID(), name: input.name, description: input.description, rules: JSON.stringify(input.rules), baseline: JSON.stringify(input.baseline), created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('request_policies').values(row).execute();
    await audit(tx, actor, { action: 'request_policy.create', targetType: 'request_policy', targetId: row.id, after: input });
  });
  return presentRequestPolicy(row);
}

export async function updateRequestPolicy(ctx: Context, actor: Actor, id: string, input: RequestPolicyInput): Promise<RequestPolicyView> {
  const before = await loadRequestPolicy(ctx, id);
  await check(ctx, input);
  await nameFree(ctx, input.name, id);
  const row: RequestPolicyTable = { ...before, name: input.name, description: input.description, rules: JSON.stringify(input.rules), baseline: JSON.stringify(input.baseline), updated_at: new Date().toISOString() };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('request_policies').set(row).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'request_policy.update', targetType: 'request_policy', targetId: id, before: presentRequestPolicy(before), after: input });
  });
  return presentRequestPolicy(row);
}

export async function deleteRequestPolicy(ctx: Context, actor: Actor, id: string): Promise<void> {
  const p = await loadRequestPolicy(ctx, id);
  const used = (await ctx.db.db.selectFrom('request_settings').select(['app_id', 'settings']).execute()).find((s) => (JSON.parse(s.settings) as { policyId?: string }).policyId === id);
  if (used) throw new ConflictError('requestable entitlements use this policy: choose another for them first', { appId: used.app_id });
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('request_policies').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'request_policy.delete', targetType: 'request_policy', targetId: id, before: { name: p.name } });
  });
}
