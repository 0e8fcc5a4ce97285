/**
 * Request policy evaluation as tables: which rule decides for which facts, the baseline when none
 * does, conditions that fail at run time (treated as not matching, and reported), and the
 * conditions refused when a policy is saved. Then who approves a group step (platform groups pushed
 * through SCIM, against a server on SQLite and PostgreSQL): anyone in the groups who can act, never
 * the requester nor the person the access is for, nobody for an empty or deleted group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonTable } from '../src/db/schema.js';
import { conditionProblem, type ConditionInput } from '../src/modules/requests/cel.js';
import { approversOf, decide } from '../src/modules/requests/evaluate.js';
import { approvalStep, policyRule, type Outcome, type PolicyRule } from '../src/modules/requests/model.js';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

const person = (over: Partial<ConditionInput['requester']> = {}): ConditionInput['requester'] => ({ email: 'ada@acme.example', department: 'Engineering', title: 'Engineer', manager: 'grace@acme.example', holds: ['group:eng:member', 'Okta:group:eng:member'], ...over });
const facts = (over: Partial<ConditionInput> = {}): ConditionInput => ({
  requester: person(),
  target: person(),
  forSomeoneElse: false,
  entitlement: { id: 'group:prod:member', appId: 'okta', name: 'Member of prod-admins', resourceType: 'group', slug: 'member' },
  app: { id: 'okta', name: 'Okta' },
  durationMinutes: 60n,
  emergency: false,
  now: { hour: 14n, weekday: 3n, iso: '2026-12-02T14:00:00Z' },
  onCall: false,
  conflicts: [],
  ...over,
});
const rule = (name: string, condition: string, outcome: Outcome): PolicyRule => policyRule.parse({ name, condition, outcome });
const steps: Outcome = { kind: 'steps', steps: [{ approvers: 'manager', userIds: [], timeoutHours: 72, onTimeout: 'deny', escalateTo: [] }] };
const RULES = [
  rule('conflicts', 'size(conflicts) > 0', { kind: 'deny', message: 'separation of duties' }),
  rule('on call', 'onCall && durationMinutes != null && durationMinutes <= 240', { kind: 'approve' }),
  rule('engineers, office hours', 'target.department == "Engineering" && now.hour >= 9 && now.hour < 18 && "group:eng:member" in target.holds && durationMinutes != null && durationMinutes <= 60', { kind: 'approve' }),
  rule('permanent', 'durationMinutes == null', { kind: 'deny', message: 'no standing access' }),
];

describe('request policy evaluation', () => {
  it.each([
    ['a conflict denies, before anything else', facts({ onCall: true, conflicts: ['IdP and SIEM admin'] }), 'conflicts', 'deny'],
    ['on call, 4 hours: approved', facts({ onCall: true, durationMinutes: 240n }), 'on call', 'approve'],
    ['on call, 5 hours: not by that rule', facts({ onCall: true, durationMinutes: 300n, now: { hour: 20n, weekday: 3n, iso: '' } }), null, 'steps'],
    ['an engineer in office hours for an hour', facts(), 'engineers, office hours', 'approve'],
    ['an engineer at night', facts({ now: { hour: 23n, weekday: 3n, iso: '' } }), null, 'steps'],
    ['someone of sales', facts({ target: person({ department: 'Sales', holds: [] }) }), null, 'steps'],
    ['permanent access', facts({ durationMinutes: null }), 'permanent', 'deny'],
    ['no department known', facts({ target: person({ department: null }) }), null, 'steps'],
  ])('%s', (_, input, ruleName, kind) => {
    const d = decide(RULES, steps, input);
    expect(d.rule).toBe(ruleName);
    expect(d.outcome.kind).toBe(kind);
  });

  it('a condition that fails at run time does not match, and says why', () => {
    const d = decide([rule('bad', 'durationMinutes > 10', { kind: 'approve' })], steps, facts({ durationMinutes: null }));
    expect(d.rule).toBeNull();
    expect(d.errors).toEqual([{ rule: 'bad', error: expect.any(String) }]);
  });

  it('conditions that cannot be saved: syntax errors with their position, unknown variables', () => {
    expect(conditionProblem('onCall &&')).toMatch(/\^/);
    expect(conditionProblem('requester.department == "x" && whoever')).toMatch(/Unknown variable: whoever/);
    expect(conditionProblem('requester.department == "x" && size(conflicts) == 0 && emergency == false')).toBeUndefined();
  });

  it('with 200 rules, none matching or only the last one (the benchmark measures the time)', () => {
    const many = Array.from({ length: 200 }, (_, i) => rule(`r${i}`, `app.name == "App ${i}" && durationMinutes <= ${i + 1}`, { kind: 'approve' }));
    expect(decide(many, steps, facts()).rule).toBeNull();
    expect(decide(many, steps, facts({ app: { id: 'x', name: 'App 199' } })).rule).toBe('r199');
  });
});

describe.each(DIALECTS)('group approval steps on %s', (dialect) => {
  let t: TestServer;
  let scim: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;
  // Platform users by name; the person the access is for has the email of `target`.
  const u: Record<'requester' | 'target' | 'ana' | 'ben' | 'cy' | 'dan', string> = { requester: '', target: '', ana: '', ben: '', cy: '', dan: '' };
  const g: Record<'sre' | 'leads' | 'empty' | 'gone', string> = { sre: '', leads: '', empty: '', gone: '' };
  let target: PersonTable;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    const client = await t.admin('POST', '/scim-clients', { name: 'Okta' });
    scim = async (method, path, body) => {
      const res = await fetch(`${t.server.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${client.body.token}`, 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    for (const name of Object.keys(u) as (keyof typeof u)[]) u[name] = (await t.userWithRole('basic_user', `${name}@acme.example`)).id;
    const group = async (displayName: string, members: string[]) => {
      const res = await scim('POST', '/Groups', { displayName, members: members.map((value) => ({ value })) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    g.sre = await group('sre', [u.requester, u.target, u.ana, u.ben, u.cy]);
    g.leads = await group('leads', [u.ben, u.dan]);
    g.empty = await group('nobody yet', []);
    g.gone = await group('gone', [u.dan]);
    expect((await scim('DELETE', `/Groups/${g.gone}`)).status).toBe(204);
    // Disabled: can no longer act, so is no approver.
    expect((await t.admin('PATCH', `/users/${u.cy}`, { disabled: true })).status).toBe(200);
    const at = new Date().toISOString();
    target = { id: 'person-target', email: 'target@acme.example', display_name: 'Target', status: 'active', manager_id: null, source_app_id: null, source_account_id: null, title: null, department: null, created_at: at, updated_at: at };
  });
  afterAll(() => t?.stop());

  it.each<[string, (keyof typeof g)[], (keyof typeof u)[]]>([
    ['anyone in the group, but not the requester, the person it is for, or a disabled member', ['sre'], ['ana', 'ben']],
    ['two groups: anyone in either, once', ['sre', 'leads'], ['ana', 'ben', 'dan']],
    ['a group with nobody in it: nobody (the step waits for its timeout)', ['empty'], []],
    ['a group deleted since the policy was saved: nobody', ['gone'], []],
    ['a deleted group beside a live one: the live one\u2019s members', ['gone', 'leads'], ['ben', 'dan']],
  ])('%s', async (_, groups, expected) => {
    const step = approvalStep.parse({ approvers: 'group', groupIds: groups.map((x) => g[x]) });
    const ids = await approversOf(t.server.ctx, step, { appId: 'app', entitlementId: 'group:x:member', target, requesterId: u.requester });
    expect(ids.sort()).toEqual(expected.map((x) => u[x]).sort());
  });

  it('a policy naming no group, or a group that does not exist, is refused when saved', async () => {
    const save = (groupIds: string[]) => t.admin('POST', '/request-policies', { name: `G ${Math.random()}`, rules: [{ name: 'big', condition: 'durationMinutes == null', outcome: { kind: 'steps', steps: [{ approvers: 'manager' }, { approvers: 'group', groupIds }] } }] });
    const none = await save([]);
    expect(none.status).toBe(400);
    expect(none.body.detail).toMatch(/rule 1 \("big"\), step 2: name the group/);
    expect(none.body.errors).toEqual([{ field: 'body.rules.0.outcome.steps.1.groupIds', message: 'at least one group' }]);
    const unknown = await save([g.sre, g.gone]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(new RegExp(`no platform group with id ${g.gone}`));
    const ok = await t.admin('POST', '/request-policies', { name: 'SRE approves', baseline: { kind: 'steps', steps: [{ approvers: 'group', groupIds: [g.sre] }] } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.baseline.steps[0]).toMatchObject({ approvers: 'group', groupIds: [g.sre] });
  });
});
