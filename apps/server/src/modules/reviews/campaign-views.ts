/** Campaigns as the API shows them: with their owner, counts, whether they are overdue, and (one at a time) their remediation. */
import type { Context } from '../../context.js';
import type { CampaignTable } from '../../db/schema.js';
import { ForbiddenError } from '../../errors.js';
import type { Scope } from '../catalog/queries.js';
import { campaignCounts, loadCampaign } from './campaigns.js';
import type { CampaignScope, CampaignState, DueAction } from './model.js';
import { remediationOf } from './remediation.js';
import type { PolicyPlan } from './snapshot.js';

export async function presentCampaigns(ctx: Context, rows: CampaignTable[]) {
  const owners = new Map(rows.length ? (await ctx.db.db.selectFrom('platform_users').select(['id', 'name', 'email']).where('id', 'in', [...new Set(rows.map((r) => r.owner_id))]).execute()).map((u) => [u.id, u]) : []);
  const counts = await campaignCounts(ctx, rows.map((r) => r.id));
  const policies = new Map(rows.length ? (await ctx.db.db.selectFrom('review_policies').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.policy_id))]).execute()).map((p) => [p.id, p.name]) : []);
  const now = new Date().toISOString();
  return rows.map((c) => {
    const plan = JSON.parse(c.policy) as PolicyPlan;
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      owner: owners.get(c.owner_id) ?? { id: c.owner_id, name: c.owner_id, email: '' },
      scope: JSON.parse(c.scope) as CampaignScope,
      policy: { id: c.policy_id, name: policies.get(c.policy_id) ?? plan.policies[c.policy_id]?.name ?? c.policy_id },
      /** The policies as run: the campaign's and the apps' or entitlements' preferred ones. */
      policiesAsRun: Object.entries(plan.policies).map(([id, p]) => ({ id, name: p.name, steps: p.steps.length })),
      dueAt: c.due_at,
      dueAction: c.due_action as DueAction,
      approveCommentRequired: c.approve_comment_required === 1,
      state: c.state as CampaignState,
      overdue: c.state === 'running' && c.due_at < now,
      progress: c.progress ? (JSON.parse(c.progress) as { items: number; unresolved?: number; byApp?: { appId: string; appName: string; items: number }[] }) : null,
      error: c.error,
      templateId: c.template_id,
      counts: counts.get(c.id)!,
      createdAt: c.created_at,
      startedAt: c.started_at,
      completedAt: c.completed_at,
    };
  });
}

/** Whether an App owner may see a campaign: it reviews one of their apps. */
async function overOwnedApps(ctx: Context, c: CampaignTable, owned: string[]): Promise<boolean> {
  if (!owned.length) return false;
  const scope = JSON.parse(c.scope) as CampaignScope;
  if (scope.apps.some((a) => owned.includes(a.appId))) return true;
  return Boolean(await ctx.db.db.selectFrom('review_items').select('id').where('campaign_id', '=', c.id).where('app_id', 'in', owned).limit(1).executeTakeFirst());
}

export async function listCampaigns(ctx: Context, scope: Scope, q: { state?: CampaignState; limit: number }) {
  let query = ctx.db.db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').limit(scope ? 10_000 : q.limit);
  if (q.state) query = query.where('state', '=', q.state);
  let rows = await query.execute();
  if (scope) {
    const visible: CampaignTable[] = [];
    for (const c of rows) if (await overOwnedApps(ctx, c, scope)) visible.push(c);
    rows = visible.slice(0, q.limit);
  }
  return { items: await presentCampaigns(ctx, rows), nextCursor: null };
}

/** A campaign the caller may see (App owners: over their apps), with its remediation. */
export async function campaignDetail(ctx: Context, scope: Scope, id: string) {
  const c = await visibleCampaign(ctx, scope, id);
  const [view] = await presentCampaigns(ctx, [c]);
  return { ...view!, remediation: await remediationOf(ctx, id) };
}

export async function visibleCampaign(ctx: Context, scope: Scope, id: string): Promise<CampaignTable> {
  const c = await loadCampaign(ctx, id);
  if (scope && !(await overOwnedApps(ctx, c, scope))) throw new ForbiddenError('this campaign reviews none of your apps');
  return c;
}
