/**
 * A campaign as run, in words, for the people who read the report rather than parse it: its scope,
 * its review policies with their steps, its due action. The PDF summary and the workbook's Summary
 * sheet say the same thing.
 */
import type { Context } from '../../../context.js';
import type { DueAction, StepReviewers } from '../model.js';
import type { ReportContext, ReportSummary } from './report.js';

const DUE_ACTION_WORDS: Record<DueAction, string> = {
  leave_open: 'leave undecided items open past the due date',
  close: 'close undecided items as not reviewed at the due date',
  revoke: 'revoke undecided items at the due date (access taken away unreviewed)',
};

export const dueActionInWords = (a: string): string => DUE_ACTION_WORDS[a as DueAction] ?? a;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Names for the ids a scope and the policies mention: apps, people, platform users. */
export interface Names {
  app: (id: string) => string;
  person: (id: string) => string;
  user: (id: string) => string;
  group: (id: string) => string;
}

export async function namesOf(ctx: Context, r: Pick<ReportContext, 'summary' | 'users'>): Promise<Names> {
  const { scope } = r.summary;
  const appIds = [...new Set([...(scope.apps ?? []).map((a) => a.appId), ...Object.keys(r.summary.policies.preferred).map((k) => k.split('\u0000')[0]!)])];
  const personIds = [...new Set([...(scope.people?.managerIds ?? []), ...(scope.people?.personIds ?? []).slice(0, 20)])];
  const apps = new Map(appIds.length ? (await ctx.db.db.selectFrom('apps').select(['id', 'name']).where('id', 'in', appIds).execute()).map((a) => [a.id, a.name]) : []);
  const people = new Map(personIds.length ? (await ctx.db.db.selectFrom('people').select(['id', 'display_name', 'email']).where('id', 'in', personIds).execute()).map((p) => [p.id, `${p.display_name} <${p.email}>`]) : []);
  return {
    app: (id) => apps.get(id) ?? `${id} (a deleted app)`,
    person: (id) => people.get(id) ?? `person ${id}`,
    user: (id) => r.users.get(id)?.email ?? id,
    group: (id) => r.summary.policies.groups?.[id] ?? `${id} (a deleted group)`,
  };
}

/** The scope as sentences: which apps, whose access, which grants. */
export function scopeInWords(summary: ReportSummary, names: Names): string[] {
  const s = summary.scope;
  const out: string[] = [];
  const apps = s.apps ?? [];
  if (!apps.length) out.push('Apps: every managed app.');
  for (const a of apps) {
    const parts = [a.entitlementIds?.length ? plural(a.entitlementIds.length, 'chosen entitlement') : '', a.resourceTypes?.length ? `entitlements of ${a.resourceTypes.join(', ')}` : ''].filter(Boolean);
    out.push(`App ${names.app(a.appId)}: ${parts.length ? parts.join(', ') : 'every entitlement'}.`);
  }
  const p = s.people ?? {};
  const who: string[] = [];
  if (p.departments?.length) who.push(`people of ${p.departments.join(', ')}`);
  if (p.managerIds?.length) who.push(`the reports of ${p.managerIds.map(names.person).join(', ')}`);
  if (p.personIds?.length) who.push(p.personIds.length <= 20 ? p.personIds.map(names.person).join(', ') : plural(p.personIds.length, 'chosen person', 'chosen people'));
  out.push(`Whose access: ${who.length ? who.join('; or ') : 'everyone'}.`);
  const grants: string[] = [s.includeInherited ? 'direct grants and grants held through a group' : 'direct grants only'];
  if (s.grantedWithinDays) grants.push(`granted within the last ${plural(s.grantedWithinDays, 'day')} before the start`);
  if (s.unusedForDays) grants.push(`unused for more than ${plural(s.unusedForDays, 'day')}`);
  if (s.accounts === 'without_person') grants.push('accounts no person is linked to');
  if (s.accounts === 'of_inactive_people') grants.push('accounts of people disabled or gone from the directory');
  out.push(`Grants: ${grants.join('; ')}.`);
  return out;
}

function reviewersInWords(r: StepReviewers, names: Names): string {
  switch (r.kind) {
    case 'manager':
      return 'the holder\u2019s manager in the directory';
    case 'app_owners':
      return 'the app\u2019s owners';
    case 'entitlement_owners':
      return 'the entitlement\u2019s owners';
    case 'users':
      return `named users (${r.userIds.map(names.user).join(', ')})`;
    case 'group':
      return `members of the platform group${r.groupIds.length === 1 ? '' : 's'} ${r.groupIds.map(names.group).join(', ')}`;
    case 'self':
      return 'the holder, attesting their own access';
  }
}

/** Each review policy as run, with its steps and where it applied. */
export function policiesInWords(summary: ReportSummary, names: Names): { name: string; appliesTo: string; steps: string[] }[] {
  const plan = summary.policies;
  return Object.entries(plan.policies).map(([id, p]) => {
    const preferred = Object.entries(plan.preferred)
      .filter(([, policyId]) => policyId === id)
      .map(([key]) => {
        const [appId, entitlementId] = key.split('\u0000');
        return entitlementId ? `entitlement ${entitlementId} of ${names.app(appId!)}` : names.app(appId!);
      });
    const appliesTo = [id === plan.defaultPolicyId ? 'the campaign\u2019s policy' : '', preferred.length ? `preferred for ${preferred.join(', ')}` : ''].filter(Boolean).join('; ');
    const steps = p.steps.map((s, i) => {
      const fallback = s.fallbackUserIds.length ? `; fallback ${s.fallbackUserIds.map(names.user).join(', ')}` : '; fallback the campaign owner';
      return `Step ${i + 1}${s.name ? ` (${s.name})` : ''}: ${reviewersInWords(s.reviewers, names)}${fallback}${s.allowSelfReview ? '; reviewers may decide on their own access' : ''}.`;
    });
    return { name: p.name, appliesTo, steps };
  });
}

/** The campaign's facts as label and value, in the order both summaries show them. */
export function campaignFacts(summary: ReportSummary, generatedAt: Date): [string, string][] {
  const c = summary.campaign;
  const owner = typeof c.owner === 'string' ? c.owner : `${c.owner.name} <${c.owner.email}>`;
  const day = (at: string | null) => (at ? at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '\u2014');
  return [
    ['Campaign', c.name],
    ...(c.description ? ([['Description', c.description]] as [string, string][]) : []),
    ['State', c.state],
    ['Owner', owner],
    ['Created', day(c.createdAt)],
    ['Started', day(c.startedAt)],
    ['Due', day(c.dueAt)],
    ['At the due date', dueActionInWords(c.dueAction)],
    ['Completed', day(c.completedAt)],
    ['Approvals need a comment', c.approveCommentRequired ? 'yes' : 'no'],
    ['Report generated', day(generatedAt.toISOString())],
  ];
}

/** The outcome counts, in the order of the chart. */
export function outcomes(summary: ReportSummary): { label: string; n: number }[] {
  const c = summary.counts;
  const rows = [
    { label: 'Approved', n: c?.approved ?? 0 },
    { label: 'Revoked', n: c?.revoked ?? 0 },
    { label: 'Not reviewed', n: c?.notReviewed ?? 0 },
    { label: 'Removed', n: c?.removed ?? 0 },
  ];
  return c?.pending ? [...rows, { label: 'Pending', n: c.pending }] : rows;
}

export function remediationFacts(summary: ReportSummary): [string, number][] {
  const m = summary.remediation;
  return [
    ['Revocations', m.total],
    ['In progress', m.inProgress],
    ['Waiting for an owner (manual)', m.manual],
    ['Succeeded', m.succeeded],
    ['Verified by a sync', m.verified],
    ['Failed or cancelled', m.failed],
    ['Drift (access back)', m.drift],
  ];
}
