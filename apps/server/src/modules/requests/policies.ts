/** Request policies: rules (a CEL condition and an outcome) checked in order, then a baseline; every condition is checked when saved. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { RequestPolicyTable } from '../../db/schema.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
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

function check(input: RequestPolicyInput): void {
  input.rules.forEach((r, i) => {
    const problem = conditionProblem(r.condition);
    if (problem) throw new InvalidError(`rule ${i + 1} ("${r.name}"): the condition is not valid CEL: ${problem}`, [{ field: `body.rules.${i}.condition`, message: problem }]);
  });
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
  check(input);
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
  check(input);
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
