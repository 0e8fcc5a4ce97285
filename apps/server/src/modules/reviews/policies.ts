/**
 * Review policies (defined once, chosen per campaign) and the preferred policy of an app or an
 * entitlement, which wins over the campaign's for its items. A campaign keeps the policies as they
 * were at its start, so editing a policy never changes a running review.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { ReviewPolicyTable } from '../../db/schema.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import { loadApp } from '../apps/apps.js';
import { audit, type Actor } from '../audit/audit.js';
import { platformGroupNames } from '../scim/platform-groups.js';
import type { PolicyInput, ReviewStep } from './model.js';
import { stepGroupIds } from './resolve.js';

export interface PolicyView {
  id: string;
  name: string;
  description: string;
  steps: ReviewStep[];
  createdAt: string;
  updatedAt: string;
}

export const presentPolicy = (p: ReviewPolicyTable): PolicyView => ({ id: p.id, name: p.name, description: p.description, steps: JSON.parse(p.steps) as ReviewStep[], createdAt: p.created_at, updatedAt: p.updated_at });

/** Refuses steps that name users who are not (enabled) platform users, or platform groups that do not exist. */
async function checkSteps(ctx: Context, steps: ReviewStep[]): Promise<void> {
  const usersOf = (s: ReviewStep) => [...(s.reviewers.kind === 'users' ? s.reviewers.userIds : []), ...s.fallbackUserIds];
  const named = [...new Set(steps.flatMap(usersOf))];
  const known = new Set(named.length ? (await ctx.db.db.selectFrom('platform_users').select('id').where('id', 'in', named).where('disabled', '=', 0).execute()).map((u) => u.id) : []);
  const groups = await platformGroupNames(ctx.db.db, stepGroupIds(steps));
  steps.forEach((s, i) => {
    const unknown = usersOf(s).filter((u) => !known.has(u));
    if (unknown.length) throw new InvalidError(`step ${i + 1} names ${unknown.join(', ')}, which is no enabled platform user`, [{ field: `body.steps.${i}`, message: `unknown user ${unknown.join(', ')}` }]);
    const missing = s.reviewers.kind === 'group' ? s.reviewers.groupIds.filter((g) => !groups.has(g)) : [];
    if (missing.length) throw new InvalidError(`step ${i + 1} names the platform group ${missing.join(', ')}, which does not exist (deleted, or never pushed by the identity provider)`, [{ field: `body.steps.${i}.reviewers.groupIds`, message: `unknown group ${missing.join(', ')}` }]);
  });
}

export async function listPolicies(ctx: Context): Promise<PolicyView[]> {
  return (await ctx.db.db.selectFrom('review_policies').selectAll().orderBy('name').execute()).map(presentPolicy);
}

export async function loadPolicy(ctx: Context, id: string): Promise<ReviewPolicyTable> {
  const p = await ctx.db.db.selectFrom('review_policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new NotFoundError('review policy', id);
  return p;
}

async function nameTaken(ctx: Context, name: string, except?: string): Promise<void> {
  const other = await ctx.db.db.selectFrom('review_policies').select('id').where('name', '=', name).executeTakeFirst();
  if (other && other.id !== except) throw new ConflictError(`a review policy named "${name}" exists already (${other.id})`, { policyId: other.id });
}

export async function createPolicy(ctx: Context, actor: Actor, input: PolicyInput): Promise<PolicyView> {
  await checkSteps(ctx, input.steps);
  await nameTaken(ctx, input.name);
  const now = new Date().toISOString();
  const row: ReviewPolicyTable = { id: randomUUID(), name: input.name, description: input.description, steps: JSON.stringify(input.steps), created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('review_policies').values(row).execute();
    await audit(tx, actor, { action: 'review_policy.create', targetType: 'review_policy', targetId: row.id, after: { name: row.name, steps: input.steps } });
  });
  return presentPolicy(row);
}

export async function updatePolicy(ctx: Context, actor: Actor, id: string, input: PolicyInput): Promise<PolicyView> {
  const before = await loadPolicy(ctx, id);
  await checkSteps(ctx, input.steps);
  await nameTaken(ctx, input.name, id);
  const set = { name: input.name, description: input.description, steps: JSON.stringify(input.steps), updated_at: new Date().toISOString() };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('review_policies').set(set).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'review_policy.update', targetType: 'review_policy', targetId: id, before: { name: before.name, steps: JSON.parse(before.steps) }, after: { name: input.name, steps: input.steps } });
  });
  return presentPolicy({ ...before, ...set });
}

export async function deletePolicy(ctx: Context, actor: Actor, id: string): Promise<void> {
  const p = await loadPolicy(ctx, id);
  const used = await ctx.db.db.selectFrom('campaigns').select(['id', 'name']).where('policy_id', '=', id).where('state', 'in', ['draft', 'starting']).executeTakeFirst();
  if (used) throw new ConflictError(`campaign "${used.name}" is about to use this policy: choose another policy for it first`, { campaignId: used.id });
  const templates = await ctx.db.db.selectFrom('campaign_templates').select(['id', 'name', 'definition']).execute();
  const template = templates.find((t) => (JSON.parse(t.definition) as { policyId?: string }).policyId === id);
  if (template) throw new ConflictError(`the recurring campaign "${template.name}" uses this policy`, { templateId: template.id });
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('review_policies').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'review_policy.delete', targetType: 'review_policy', targetId: id, before: { name: p.name } });
  });
}

/** An app's ('' entitlement) or an entitlement's preferred policy; null clears it. */
export async function setPreferredPolicy(ctx: Context, actor: Actor, appId: string, entitlementId: string, policyId: string | null): Promise<void> {
  await loadApp(ctx, appId);
  if (policyId) await loadPolicy(ctx, policyId);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('review_policy_preferences').where('app_id', '=', appId).where('entitlement_id', '=', entitlementId).execute();
    if (policyId) await tx.insertInto('review_policy_preferences').values({ app_id: appId, entitlement_id: entitlementId, policy_id: policyId }).execute();
    await audit(tx, actor, { action: 'review_policy.prefer', targetType: 'app', targetId: appId, after: { entitlementId: entitlementId || null, policyId } });
  });
}

export async function preferredPolicies(ctx: Context, appId: string): Promise<{ entitlementId: string | null; policyId: string }[]> {
  const rows = await ctx.db.db.selectFrom('review_policy_preferences').select(['entitlement_id', 'policy_id']).where('app_id', '=', appId).execute();
  return rows.map((r) => ({ entitlementId: r.entitlement_id || null, policyId: r.policy_id }));
}
