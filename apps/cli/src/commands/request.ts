/**
 * `gatehouse request create|list|show|approve|deny|cancel|release`: just-in-time access requests on
 * a running server, for scripts and chat bots. Text for people (a table, or a request's lines with
 * its history), `--json` for machines (the API's JSON as it is). What the server refuses is said
 * as it says it (the problem's detail), exit 1; a command called wrong exits 2.
 */
import { Command } from 'commander';
import { UsageError } from '../registry.js';
import { printJson, printTable } from '../output.js';
import { addServerOptions, serverClient, type ServerCall, type ServerOptions } from '../server-client.js';

interface User {
  id: string;
  name: string;
  email: string;
}

interface TaskRef {
  id: string;
  state: string;
  verification: string | null;
}

export interface AccessRequest {
  id: string;
  requester: User;
  person: User;
  app: { id: string; name: string };
  entitlement: { id: string; name: string };
  accountId: string;
  durationMinutes: number | null;
  reason: string;
  emergency: boolean;
  state: string;
  policy: { rule: string | null; outcome: string; steps: number };
  step: number;
  approvers: User[];
  stepDueAt: string | null;
  conflicts: { ruleId: string; name: string; severity: string }[];
  extendsId: string | null;
  task: TaskRef | null;
  revokeTask: TaskRef | null;
  grantedAt: string | null;
  expiresAt: string | null;
  decideBy: string;
  createdAt: string;
  updatedAt: string;
  history?: { at: string; kind: string; detail: string; actor: { id: string; name: string } | null }[];
}

type Opts = ServerOptions & { json?: boolean };

const KINDS = ['mine', 'approvals', 'all'];
const STATES = ['pending', 'denied', 'cancelled', 'expired', 'provisioning', 'active', 'revoking', 'ended', 'failed'];

export function durationText(minutes: number | null): string {
  if (minutes === null) return 'permanent';
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return minutes > 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/** What the request waits for, or how it stands, in a few words. */
export function standing(r: AccessRequest): string {
  switch (r.state) {
    case 'pending':
      return `step ${r.step + 1}/${Math.max(1, r.policy.steps)}: ${r.approvers.length ? r.approvers.map((a) => a.email || a.name).join(', ') : 'no approver found'}`;
    case 'provisioning':
      return r.task ? `grant task ${r.task.state}` : 'granting';
    case 'active':
      return r.expiresAt ? `until ${r.expiresAt}` : 'permanent';
    case 'revoking':
      return r.revokeTask ? `revoke task ${r.revokeTask.state}` : 'revoking';
    default:
      return '';
  }
}

function printRequest(r: AccessRequest): void {
  const out = process.stdout;
  const line = (label: string, value: string) => out.write(`  ${`${label}:`.padEnd(14)}${value}\n`);
  out.write(`${r.entitlement.name} in ${r.app.name} for ${r.person.name}${r.emergency ? ' (EMERGENCY)' : ''}\n`);
  line('id', r.id);
  line('state', `${r.state}${standing(r) ? ` (${standing(r)})` : ''}`);
  line('entitlement', `${r.entitlement.id} (app ${r.app.id})`);
  line('for', `${r.person.name}${r.person.email ? ` <${r.person.email}>` : ''}, account ${r.accountId}`);
  line('asked by', `${r.requester.email || r.requester.name} at ${r.createdAt}`);
  line('duration', durationText(r.durationMinutes));
  line('reason', r.reason || '(none given)');
  line('policy', `${r.policy.rule ? `rule "${r.policy.rule}"` : 'the baseline'}: ${r.policy.outcome === 'steps' ? `${r.policy.steps} approval step${r.policy.steps === 1 ? '' : 's'}` : r.policy.outcome}`);
  if (r.state === 'pending') {
    line('approvers', r.approvers.map((a) => `${a.name} <${a.email}>`).join(', ') || '(nobody: the step escalates or denies when it times out)');
    if (r.stepDueAt) line('step due', r.stepDueAt);
    line('decide by', r.decideBy);
  }
  if (r.conflicts.length) line('conflicts', r.conflicts.map((c) => `${c.name} (${c.severity})`).join(', '));
  if (r.grantedAt) line('granted', r.grantedAt);
  if (r.expiresAt) line('expires', r.expiresAt);
  if (r.extendsId) line('extends', r.extendsId);
  if (r.task) line('grant task', `${r.task.id} (${r.task.state}${r.task.verification ? `, ${r.task.verification}` : ''})`);
  if (r.revokeTask) line('revoke task', `${r.revokeTask.id} (${r.revokeTask.state}${r.revokeTask.verification ? `, ${r.revokeTask.verification}` : ''})`);
  if (r.history?.length) {
    out.write('  history:\n');
    for (const h of r.history) out.write(`    ${h.at}  ${h.kind.padEnd(12)} ${h.actor ? `${h.actor.name}: ` : ''}${h.detail}\n`);
  }
}

function minutesOf(value: string | undefined, permanent: boolean | undefined): number | null | undefined {
  if (value !== undefined && permanent) throw new UsageError('give --minutes or --permanent, not both');
  if (permanent) return null;
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--minutes needs a whole number of minutes, not "${value}"`);
  return n;
}

const path = (id: string, action?: string) => `/requests/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export function requestCommand(): Command {
  const request = new Command('request').description('just-in-time access requests on a Gatehouse server: ask, approve or deny, withdraw, give back');

  addServerOptions(
    request
      .command('create')
      .description('ask for an entitlement for a while (the policy approves it, denies it, or asks approvers)')
      .requiredOption('--app <id>', 'the app')
      .requiredOption('--entitlement <id>', 'the entitlement, e.g. group:00g1abc:member')
      .option('--for <personId>', 'for someone else (where the entitlement allows it)')
      .option('--minutes <n>', "how long (default: the entitlement's default duration)")
      .option('--permanent', 'for good (where the entitlement allows it)')
      .option('--reason <text>', 'why (most entitlements require one)')
      .option('--emergency', 'break-glass: granted at once for its emergency duration, announced and reviewed afterwards')
      .option('--json', 'print JSON'),
  ).action(async (opts: Opts & { app: string; entitlement: string; for?: string; minutes?: string; permanent?: boolean; reason?: string; emergency?: boolean }) => {
    const durationMinutes = minutesOf(opts.minutes, opts.permanent);
    if (opts.emergency && durationMinutes !== undefined) throw new UsageError('emergency access lasts its entitlement\u2019s emergency duration: leave out --minutes and --permanent');
    const body = { appId: opts.app, entitlementId: opts.entitlement, forPersonId: opts.for, durationMinutes, reason: opts.reason ?? '', emergency: Boolean(opts.emergency) };
    const r = await serverClient(opts)<AccessRequest>('POST', '/requests', body);
    if (opts.json) return printJson(r);
    printRequest(r);
  });

  addServerOptions(
    request
      .command('list')
      .description('requests, newest first: mine (asked by me or for me), approvals (waiting for me), or all (request readers)')
      .option('--kind <kind>', KINDS.join(', '), 'mine')
      .option('--state <state>', STATES.join(', '))
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'print JSON'),
  ).action(async (opts: Opts & { kind: string; state?: string; limit: string }) => {
    if (!KINDS.includes(opts.kind)) throw new UsageError(`--kind is one of ${KINDS.join(', ')}, not "${opts.kind}"`);
    if (opts.state && !STATES.includes(opts.state)) throw new UsageError(`--state is one of ${STATES.join(', ')}, not "${opts.state}"`);
    const q = new URLSearchParams({ kind: opts.kind, limit: opts.limit });
    if (opts.state) q.set('state', opts.state);
    const page = await serverClient(opts)<{ items: AccessRequest[] }>('GET', `/requests?${q}`);
    if (opts.json) return printJson(page.items);
    if (!page.items.length) {
      process.stdout.write(`no requests (${opts.kind}${opts.state ? `, ${opts.state}` : ''})\n`);
      return;
    }
    printTable(
      page.items.map((r) => ({
        id: r.id,
        state: r.state,
        app: r.app.name,
        entitlement: r.entitlement.name,
        for: r.person.email || r.person.name,
        duration: durationText(r.durationMinutes) + (r.emergency ? ' !' : ''),
        standing: standing(r),
        asked: r.createdAt.slice(0, 16).replace('T', ' '),
      })),
      ['id', 'state', 'app', 'entitlement', 'for', 'duration', 'standing', 'asked'],
    );
  });

  const one = (name: string, description: string, run: (call: ServerCall, id: string, opts: Opts & { comment?: string; reason?: string }) => Promise<AccessRequest>) =>
    addServerOptions(request.command(`${name} <id>`).description(description).option('--json', 'print JSON')).action(async (id: string, opts: Opts & { comment?: string; reason?: string }) => {
      const r = await run(serverClient(opts), id, opts);
      if (opts.json) printJson(r);
      else printRequest(r);
    });
  one('show', 'a request with its whole history', (call, id) => call<AccessRequest>('GET', path(id)));
  one('approve', 'approve the current step (approvers only; never your own request)', (call, id, opts) => call<AccessRequest>('POST', path(id, 'approve'), opts.comment ? { comment: opts.comment } : {})).option('--comment <text>', 'a note for the history');
  one('deny', 'deny, saying why (approvers only)', (call, id, opts) => call<AccessRequest>('POST', path(id, 'deny'), { reason: opts.reason! })).requiredOption('--reason <text>', 'why');
  one('cancel', 'withdraw a pending request', (call, id) => call<AccessRequest>('POST', path(id, 'cancel')));
  one('release', '"I\u2019m done": give active access back now', (call, id) => call<AccessRequest>('POST', path(id, 'release')));
  return request;
}
