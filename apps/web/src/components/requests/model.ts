/** What the UI knows about access requests: states, durations in words, policies' outcomes in words, and the queries pages share. */
import type { QueryClient } from '@tanstack/react-query';
import { get, query, type AccessRequest, type ApprovalStep, type Outcome, type RequestState, type Severity } from '../../api';

export const REQUEST_STATES: RequestState[] = ['pending', 'provisioning', 'active', 'revoking', 'ended', 'denied', 'cancelled', 'expired', 'failed'];
/** Requests still under way: waiting for approval, being granted, live, being removed. */
export const OPEN_STATES: RequestState[] = ['pending', 'provisioning', 'active', 'revoking'];

export const REQUEST_STATE_LABEL: Record<RequestState, string> = {
  pending: 'Waiting for approval',
  provisioning: 'Being granted',
  active: 'Active',
  revoking: 'Being removed',
  ended: 'Ended',
  denied: 'Denied',
  cancelled: 'Withdrawn',
  expired: 'Expired undecided',
  failed: 'Failed',
};
export const REQUEST_STATE_COLOR: Record<RequestState, string> = {
  pending: 'yellow',
  provisioning: 'blue',
  active: 'green',
  revoking: 'orange',
  ended: 'gray',
  denied: 'red',
  cancelled: 'gray',
  expired: 'gray',
  failed: 'red',
};

export const SEVERITY_COLOR: Record<Severity, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };
export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
export const SEVERITY_LABEL: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export type ApproverKind = ApprovalStep['approvers'];
export const APPROVER_KINDS: ApproverKind[] = ['manager', 'app_owners', 'entitlement_owners', 'users', 'group'];
export const APPROVER_KIND_LABEL: Record<ApproverKind, string> = {
  manager: 'The person’s manager',
  app_owners: 'The app’s owners',
  entitlement_owners: 'The entitlement’s owners',
  users: 'Named approvers',
  group: 'Anyone in a group',
};

const MIN_PER = { week: 10_080, day: 1440, hour: 60 } as const;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** 90 → "1 hour 30 minutes", 1440 → "1 day", null → "permanent". */
export function durationText(minutes: number | null): string {
  if (minutes === null) return 'permanent';
  if (minutes % MIN_PER.week === 0) return plural(minutes / MIN_PER.week, 'week');
  if (minutes >= MIN_PER.day) {
    const d = Math.floor(minutes / MIN_PER.day);
    const h = Math.round((minutes % MIN_PER.day) / 60);
    return h ? `${plural(d, 'day')} ${plural(h, 'hour')}` : plural(d, 'day');
  }
  if (minutes >= 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${plural(h, 'hour')} ${plural(m, 'minute')}` : plural(h, 'hour');
  }
  return plural(minutes, 'minute');
}

const PRESETS = [15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10_080, 20_160, 43_200, 129_600, 525_600];
/** The value of "permanent" in a duration select. */
export const PERMANENT = 'permanent';

/** The durations one may ask for: the usual ones up to the maximum, the default and the maximum themselves, permanent when there is no maximum. */
export function durationChoices(max: number | null, fallback: number, min = 5): { value: string; label: string }[] {
  const values = new Set(PRESETS.filter((m) => m >= min && (max === null || m <= max)));
  values.add(fallback);
  if (max !== null) values.add(max);
  const out = [...values].sort((a, b) => a - b).map((m) => ({ value: String(m), label: durationText(m) }));
  if (max === null) out.push({ value: PERMANENT, label: 'Permanent (until given back or removed)' });
  return out;
}

/** What is left until `iso`, shortly: "1 h 59 min", "3 d 4 h", "40 s". */
export function timeLeft(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return 'ending now';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${s} s`;
}

/** Names of platform groups by id, where known (a role without users:read does not list them). */
export type GroupNames = (ids: string[]) => string;

/** A step in words: "Manager: the person’s manager, 72 h, then denied"; a group step names its groups when `groups` knows them. */
export function stepText(s: ApprovalStep, names?: (ids: string[]) => string, groups?: GroupNames): string {
  const who =
    s.approvers === 'users'
      ? `${APPROVER_KIND_LABEL.users}${names ? `: ${names(s.userIds)}` : ` (${s.userIds.length})`}`
      : s.approvers === 'group'
        ? `Anyone in ${groups ? groups(s.groupIds ?? []) : plural(s.groupIds?.length ?? 0, 'group')}`
        : APPROVER_KIND_LABEL[s.approvers];
  const then = s.onTimeout === 'escalate' ? `escalated${s.escalateTo.length ? ` to ${names ? names(s.escalateTo) : `${s.escalateTo.length} named`}` : ' to the app’s owners'}` : 'denied';
  return `${s.name ? `${s.name}: ` : ''}${who}; after ${s.timeoutHours} h undecided, ${then}`;
}

/** An outcome in words. */
export function outcomeText(o: Outcome, groups?: GroupNames): string {
  if (o.kind === 'approve') return 'Approved at once';
  if (o.kind === 'deny') return `Denied: ${o.message}`;
  return `${plural(o.steps.length, 'approval step')}: ${o.steps.map((s) => s.name || (s.approvers === 'group' && groups ? `anyone in ${groups(s.groupIds ?? [])}` : APPROVER_KIND_LABEL[s.approvers])).join(' → ')}`;
}

/** The request as one line, for rows' and buttons' accessible names. */
export const requestLabel = (r: Pick<AccessRequest, 'person' | 'entitlement' | 'app'>) => `${r.person.name}: ${r.entitlement.name} (${r.app.name})`;

/** After a change to requests: every list (mine, approvals, the nav's count), each request's page, the catalog. */
export function refreshRequests(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([['requests'], ['request'], ['request-catalog']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** Lists refresh quickly while a request moves on by itself (a task running), slowly otherwise. */
export const moving = (rows: Pick<AccessRequest, 'state'>[] | undefined) => (rows ?? []).some((r) => r.state === 'provisioning' || r.state === 'revoking');

/** The requests waiting for my approval: the Approvals page and the count in the navigation share it. */
export const approvalsQuery = {
  queryKey: ['requests', 'approvals'],
  queryFn: () => get<{ items: AccessRequest[] }>(`/requests${query({ kind: 'approvals', limit: 500 })}`),
};
