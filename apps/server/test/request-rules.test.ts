/**
 * Request policy evaluation as tables: which rule decides for which facts, the baseline when none
 * does, conditions that fail at run time (treated as not matching, and reported), and the
 * conditions refused when a policy is saved.
 */
import { describe, expect, it } from 'vitest';
import { conditionProblem, type ConditionInput } from '../src/modules/requests/cel.js';
import { decide } from '../src/modules/requests/evaluate.js';
import { policyRule, type Outcome, type PolicyRule } from '../src/modules/requests/model.js';

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
