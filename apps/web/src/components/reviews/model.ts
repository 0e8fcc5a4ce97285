/** What the UI knows about access reviews: states, labels, how a step or a scope reads in words, and the queries pages share. */
import type { QueryClient } from '@tanstack/react-query';
import { get, type CampaignDetail, type CampaignScope, type CampaignState, type DueAction, type ReviewDecision, type ReviewItem, type ReviewItemState, type ReviewStep } from '../../api';

export const CAMPAIGN_STATES: CampaignState[] = ['running', 'starting', 'draft', 'completed', 'cancelled'];

export const CAMPAIGN_STATE_LABEL: Record<CampaignState, string> = { draft: 'Draft', starting: 'Starting', running: 'Running', completed: 'Completed', cancelled: 'Cancelled' };
export const CAMPAIGN_STATE_COLOR: Record<CampaignState, string> = { draft: 'gray', starting: 'blue', running: 'indigo', completed: 'green', cancelled: 'dark' };

export const ITEM_STATES: ReviewItemState[] = ['pending', 'approved', 'revoked', 'not_reviewed', 'removed'];
export const ITEM_STATE_LABEL: Record<ReviewItemState, string> = { pending: 'Pending', approved: 'Approved', revoked: 'Revoked', not_reviewed: 'Not reviewed', removed: 'Removed outside' };
export const ITEM_STATE_COLOR: Record<ReviewItemState, string> = { pending: 'gray', approved: 'green', revoked: 'red', not_reviewed: 'orange', removed: 'dark' };

export const DECISION_LABEL: Record<ReviewDecision, string> = { approve: 'Approve', revoke: 'Revoke' };

export const DUE_ACTION_LABEL: Record<DueAction, string> = {
  leave_open: 'Leave open',
  close: 'Close as not reviewed',
  revoke: 'Revoke undecided access',
};
export const DUE_ACTION_TEXT: Record<DueAction, string> = {
  leave_open: 'Reviewers can still decide after the due date; the campaign shows as overdue and reminders go out daily.',
  close: 'Undecided items close as "not reviewed" (the access stays) and the campaign completes.',
  revoke: 'Every item still undecided at the due date is revoked, unreviewed: people lose that access.',
};

export type ReviewerKind = ReviewStep['reviewers']['kind'];
export const REVIEWER_KINDS: ReviewerKind[] = ['manager', 'app_owners', 'entitlement_owners', 'users', 'group', 'self'];
export const REVIEWER_KIND_LABEL: Record<ReviewerKind, string> = {
  manager: 'The holder’s manager',
  app_owners: 'The app’s owners',
  entitlement_owners: 'The entitlement’s owners',
  users: 'Named reviewers',
  group: 'A platform group’s members',
  self: 'The holder (self-attestation)',
};

/** A step in words: "Manager → fallback: 2 people". `groups` names platform groups (a deleted one has no name). */
export function stepText(s: ReviewStep, names?: (ids: string[]) => string, groups?: (ids: string[]) => string): string {
  const r = s.reviewers;
  const who =
    r.kind === 'users'
      ? `${REVIEWER_KIND_LABEL.users}${names ? `: ${names(r.userIds)}` : ` (${r.userIds.length})`}`
      : r.kind === 'group'
        ? `Members of ${groups ? groups(r.groupIds) : `${r.groupIds.length} platform group${r.groupIds.length === 1 ? '' : 's'}`}`
        : REVIEWER_KIND_LABEL[r.kind];
  const fallback = s.fallbackUserIds?.length ? `; fallback ${names ? names(s.fallbackUserIds) : `${s.fallbackUserIds.length} ${s.fallbackUserIds.length === 1 ? 'person' : 'people'}`}` : '; fallback: the campaign owner';
  return `${s.name ? `${s.name}: ` : ''}${who}${fallback}${s.allowSelfReview ? '; self review allowed' : ''}`;
}

/** A recurring campaign's schedule as the wizard offers it: a word the server knows, or a cron expression. */
export type ScheduleChoice = 'quarterly' | 'monthly' | 'cron';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const list = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : (xs[0] ?? ''));
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** A list of plain numbers in a cron field ("1,15"), within bounds; undefined for anything else (ranges, steps, names). */
function numbers(field: string, min: number, max: number): number[] | undefined {
  if (!/^\d+(,\d+)*$/.test(field)) return undefined;
  const ns = field.split(',').map(Number);
  return ns.every((n) => n >= min && n <= max) ? ns : undefined;
}

/**
 * A schedule in words: "Every quarter (1 January, April, July and October) at 09:00". Cron
 * expressions of the usual shapes (a time, and days of the month, months or weekdays as plain
 * lists) are described; any other is shown as it is. Times are the server's clock.
 */
export function scheduleText(schedule: string): string {
  if (schedule === 'quarterly') return 'Every quarter (1 January, April, July and October) at 09:00';
  if (schedule === 'monthly') return 'Every month on the 1st at 09:00';
  const raw = `Cron “${schedule}”`;
  const f = schedule.trim().split(/\s+/);
  if (f.length !== 5) return raw;
  const [m, h, dom, mon, dow] = f as [string, string, string, string, string];
  const minute = numbers(m, 0, 59);
  const hour = numbers(h, 0, 23);
  if (minute?.length !== 1) return raw;
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = hour ? `at ${list(hour.map((x) => `${pad(x)}:${pad(minute[0]!)}`))}` : h === '*' ? `every hour at minute ${minute[0]}` : undefined;
  if (!time) return raw;
  const days = dom === '*' ? undefined : numbers(dom, 1, 31);
  const months = mon === '*' ? undefined : numbers(mon, 1, 12);
  const weekdays = dow === '*' ? undefined : numbers(dow, 0, 7);
  if ((dom !== '*' && !days) || (mon !== '*' && !months) || (dow !== '*' && !weekdays) || (days && weekdays)) return raw;
  const inMonths = months ? ` of ${list(months.map((x) => MONTHS[x - 1]!))}` : '';
  if (days) return `${months ? 'On' : 'Every month on'} the ${list(days.map(ordinal))}${inMonths} ${time}`;
  if (weekdays) return `Every ${list(weekdays.map((x) => WEEKDAYS[x]!))}${months ? ` in ${list(months.map((x) => MONTHS[x - 1]!))}` : ''} ${time}`;
  return `${months ? `Every day in ${list(months.map((x) => MONTHS[x - 1]!))}` : 'Every day'} ${time}`;
}

/** A campaign's scope in words, for lists and the campaign's page. */
export function scopeText(scope: CampaignScope, appName: (id: string) => string): string[] {
  const lines: string[] = [];
  const apps = scope.apps ?? [];
  if (!apps.length) lines.push('Every managed app');
  for (const a of apps) {
    const what = a.entitlementIds?.length ? `${a.entitlementIds.length} chosen entitlement${a.entitlementIds.length === 1 ? '' : 's'}` : a.resourceTypes?.length ? `entitlements of type ${a.resourceTypes.join(', ')}` : 'every entitlement';
    lines.push(`${appName(a.appId)}: ${what}`);
  }
  const p = scope.people ?? {};
  const whose = [
    p.departments?.length ? `departments ${p.departments.join(', ')}` : '',
    p.managerIds?.length ? `reports of ${p.managerIds.length} manager${p.managerIds.length === 1 ? '' : 's'}` : '',
    p.personIds?.length ? `${p.personIds.length} chosen ${p.personIds.length === 1 ? 'person' : 'people'}` : '',
  ].filter(Boolean);
  lines.push(whose.length ? `Access of ${whose.join(' or ')}` : 'Everyone’s access');
  const filters = [
    scope.includeInherited ? 'access held through groups too' : 'direct grants only',
    scope.grantedWithinDays ? `granted within ${scope.grantedWithinDays} days` : '',
    scope.accounts === 'without_person' ? 'accounts without a person' : scope.accounts === 'of_inactive_people' ? 'accounts of inactive people' : '',
    scope.unusedForDays ? `unused for ${scope.unusedForDays}+ days` : '',
  ].filter(Boolean);
  lines.push(filters.join(', '));
  return lines;
}

/** "through Engineering, Everyone" or "direct". */
export const holdText = (i: Pick<ReviewItem, 'direct' | 'sources'>) => (i.direct ? 'direct' : `through ${i.sources.join(', ') || 'a group'}`);

/** Who holds the access: the person, or the account when no person is linked. */
export const holderName = (i: Pick<ReviewItem, 'person' | 'principal'>) => i.person?.name ?? i.principal.name;

/** The item as one line, for buttons' and rows' accessible names. */
export const itemLabel = (i: Pick<ReviewItem, 'person' | 'principal' | 'entitlement' | 'app'>) => `${holderName(i)}: ${i.entitlement.name} (${i.app.name})`;

export const decidedCount = (c: Pick<CampaignDetail, 'counts'>) => c.counts.items - c.counts.pending;

export const isActive = (state: string) => state === 'starting' || state === 'running';

/** One campaign, polled while its snapshot is written. */
export function campaignQuery(id: string) {
  return {
    queryKey: ['campaign', id],
    queryFn: () => get<CampaignDetail>(`/campaigns/${id}`),
    refetchInterval: (q: { state: { data?: CampaignDetail } }) => (q.state.data?.state === 'starting' ? 1000 : q.state.data?.state === 'running' ? 10_000 : false),
  };
}

/** After a change to a campaign: its views, the list, and reviewers' inboxes (the same browser may be both). */
export function refreshCampaign(queryClient: QueryClient, id: string): Promise<unknown> {
  return Promise.all([['campaign', id], ['campaigns'], ['campaign-items', id], ['campaign-progress', id], ['campaign-preview', id], ['reviews']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A date input's value (yyyy-mm-dd, local) and back: a due date is the end of that day. */
export function dateInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
export const endOfDay = (value: string) => new Date(`${value}T23:59:59`);
export const startOfDay = (value: string) => new Date(`${value}T00:00:00`);

export const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '–');
