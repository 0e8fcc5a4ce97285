/**
 * The rules of access reviews that need no server: who reviews an item at a step (the policy's
 * reviewers, the fallback, no self-review, delegation, spreading), the recommendation beside each
 * item, and the reminder schedule on a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { reviewStep } from '../src/modules/reviews/model.js';
import { recommend } from '../src/modules/reviews/recommend.js';
import { latestReminderMoment } from '../src/modules/reviews/deadlines.js';
import { inertCell } from '../src/modules/reviews/evidence/report.js';
import { resolveReviewer, type Directory, type ItemHolder } from '../src/modules/reviews/resolve.js';

function directory(over: Partial<Directory> = {}): Directory {
  const users = { ada: 'ada@x.example', bob: 'bob@x.example', cy: 'cy@x.example', dee: 'dee@x.example', fallback: 'fallback@x.example' };
  return {
    userByEmail: new Map(Object.entries(users).map(([id, email]) => [email, id])),
    userName: new Map(Object.keys(users).map((id) => [id, id.toUpperCase()])),
    appOwners: new Map([['app1', ['bob', 'cy']]]),
    entitlementOwners: new Map([['app1\u0000group:g1:member', ['dee']]]),
    // Platform groups as loaded: members who can act (a disabled member is not among them).
    groups: new Map([
      ['sre', { name: 'sre-leads', members: ['bob', 'cy'] }],
      ['auditors', { name: 'auditors', members: [] }],
      ['ada-only', { name: 'ada-only', members: ['ada'] }],
      ['ops', { name: 'ops', members: ['cy', 'dee'] }],
    ]),
    delegateOf: new Map(),
    load: new Map(),
    ...over,
  };
}
const item = (over: Partial<ItemHolder> = {}): ItemHolder => ({ appId: 'app1', entitlementId: 'group:g1:member', holderEmail: 'emp@x.example', managerEmail: 'ada@x.example', ...over });
const step = (s: unknown) => reviewStep.parse(s);

describe('reviewer resolution', () => {
  it('the manager reviews, by their email in the directory', () => {
    expect(resolveReviewer(step({ reviewers: { kind: 'manager' }, fallbackUserIds: ['fallback'] }), item(), directory())).toEqual({ reviewerId: 'ada', because: 'manager' });
  });

  it('a missing manager, or one without an account, falls back, saying why', () => {
    const s = step({ reviewers: { kind: 'manager' }, fallbackUserIds: ['fallback'] });
    expect(resolveReviewer(s, item({ managerEmail: null }), directory())).toEqual({ reviewerId: 'fallback', because: 'fallback (the holder has no manager in the directory)' });
    expect(resolveReviewer(s, item({ managerEmail: 'gone@x.example' }), directory()).because).toMatch(/fallback \(the manager \(gone@x.example\) has no Gatehouse account\)/);
  });

  it('without a fallback an item finds no reviewer (the preview lists it)', () => {
    const a = resolveReviewer(step({ reviewers: { kind: 'entitlement_owners' } }), item({ entitlementId: 'group:g2:member' }), directory());
    expect(a.reviewerId).toBeNull();
    expect(a.because).toMatch(/no reviewer: the entitlement has no owner/);
  });

  it('nobody reviews their own access unless the step allows it; self-attestation always may', () => {
    const own = item({ holderEmail: 'ada@x.example', managerEmail: 'ada@x.example' });
    expect(resolveReviewer(step({ reviewers: { kind: 'manager' }, fallbackUserIds: ['fallback'] }), own, directory())).toEqual({ reviewerId: 'fallback', because: 'fallback (the reviewer would review their own access)' });
    expect(resolveReviewer(step({ reviewers: { kind: 'manager' }, fallbackUserIds: ['ada'] }), own, directory()).reviewerId).toBeNull();
    expect(resolveReviewer(step({ reviewers: { kind: 'manager' }, allowSelfReview: true }), own, directory()).reviewerId).toBe('ada');
    expect(resolveReviewer(step({ reviewers: { kind: 'self' } }), own, directory())).toEqual({ reviewerId: 'ada', because: 'self-attestation' });
    // An app owner holding the access: the other owner reviews it.
    expect(resolveReviewer(step({ reviewers: { kind: 'app_owners' } }), item({ holderEmail: 'bob@x.example' }), directory()).reviewerId).toBe('cy');
  });

  it('spreads items among several reviewers, to whoever has fewest', () => {
    const dir = directory();
    const s = step({ reviewers: { kind: 'app_owners' } });
    const got = Array.from({ length: 6 }, () => resolveReviewer(s, item(), dir).reviewerId);
    expect(got.filter((r) => r === 'bob')).toHaveLength(3);
    expect(got.filter((r) => r === 'cy')).toHaveLength(3);
  });

  it('an active delegation sends new items to the delegate, never the delegate\u2019s own access', () => {
    const dir = directory({ delegateOf: new Map([['ada', 'dee']]) });
    const s = step({ reviewers: { kind: 'manager' }, fallbackUserIds: ['fallback'] });
    expect(resolveReviewer(s, item(), dir)).toEqual({ reviewerId: 'dee', because: 'manager; delegated by ADA' });
    expect(resolveReviewer(s, item({ holderEmail: 'dee@x.example' }), dir).reviewerId).toBe('ada');
  });

  it('a platform group\u2019s members review, the items spread among them', () => {
    const dir = directory();
    const s = step({ reviewers: { kind: 'group', groupIds: ['sre'] }, fallbackUserIds: ['fallback'] });
    const got = Array.from({ length: 4 }, () => resolveReviewer(s, item(), dir));
    expect(got.map((a) => a.reviewerId).sort()).toEqual(['bob', 'bob', 'cy', 'cy']);
    expect(got[0]!.because).toBe('member of sre-leads');
    // Several groups: their members once each, whichever group they are in.
    const both = directory();
    const two = step({ reviewers: { kind: 'group', groupIds: ['sre', 'ops'] } });
    const assigned = Array.from({ length: 6 }, () => resolveReviewer(two, item(), both).reviewerId);
    expect(new Map(['bob', 'cy', 'dee'].map((u) => [u, assigned.filter((r) => r === u).length]))).toEqual(new Map([['bob', 2], ['cy', 2], ['dee', 2]]));
  });

  it('a group member never reviews their own access; a group of only the holder falls back', () => {
    const s = step({ reviewers: { kind: 'group', groupIds: ['sre'] }, fallbackUserIds: ['fallback'] });
    const dir = directory();
    for (let i = 0; i < 3; i++) expect(resolveReviewer(s, item({ holderEmail: 'bob@x.example' }), dir).reviewerId).toBe('cy');
    const onlyHolder = step({ reviewers: { kind: 'group', groupIds: ['ada-only'] }, fallbackUserIds: ['fallback'] });
    expect(resolveReviewer(onlyHolder, item({ holderEmail: 'ada@x.example' }), directory())).toEqual({ reviewerId: 'fallback', because: 'fallback (the reviewer would review their own access)' });
    expect(resolveReviewer(step({ reviewers: { kind: 'group', groupIds: ['ada-only'] }, allowSelfReview: true }), item({ holderEmail: 'ada@x.example' }), directory()).reviewerId).toBe('ada');
  });

  it('an empty or deleted group falls back, saying which; without a fallback the item has no reviewer', () => {
    const empty = resolveReviewer(step({ reviewers: { kind: 'group', groupIds: ['auditors'] }, fallbackUserIds: ['fallback'] }), item(), directory());
    expect(empty).toEqual({ reviewerId: 'fallback', because: 'fallback (the platform group "auditors" has no enabled member)' });
    const deleted = resolveReviewer(step({ reviewers: { kind: 'group', groupIds: ['gone', 'auditors'] } }), item(), directory());
    expect(deleted).toEqual({ reviewerId: null, because: 'no reviewer: the platform group "auditors" has no enabled member; the platform group with id gone was deleted, and the step has no fallback reviewer who may review it' });
    // A deleted group beside one with members: the members review.
    expect(resolveReviewer(step({ reviewers: { kind: 'group', groupIds: ['gone', 'ops'] } }), item(), directory()).reviewerId).toMatch(/^(cy|dee)$/);
  });

  it('a group member away hands new items to their delegate', () => {
    const dir = directory({ delegateOf: new Map([['bob', 'ada']]) });
    const s = step({ reviewers: { kind: 'group', groupIds: ['sre'] } });
    expect(resolveReviewer(s, item(), dir)).toEqual({ reviewerId: 'ada', because: 'member of sre-leads; delegated by BOB' });
  });

  it('a group of thousands assigns as a walk of the group would (the least loaded, the first among equals), with holders, delegates and another step adding to the loads', () => {
    const members = Array.from({ length: 3000 }, (_, i) => `m${i}`);
    const people = [...members, 'other1', 'other2'];
    const big = (): Directory => ({
      ...directory(),
      userByEmail: new Map(people.map((id) => [`${id}@x.example`, id])),
      userName: new Map(people.map((id) => [id, id.toUpperCase()])),
      groups: new Map([['everyone', { name: 'everyone', members }]]),
      // Two members away: their delegates (one a member, one not) take their items.
      delegateOf: new Map([['m5', 'm7'], ['m9', 'other1']]),
    });
    const group = step({ reviewers: { kind: 'group', groupIds: ['everyone'] }, fallbackUserIds: ['other2'] });
    const named = step({ reviewers: { kind: 'users', userIds: ['m0', 'm1', 'm2', 'other1'] } });
    // What the resolver did before its heap: filter out the holder, walk for the least loaded.
    const walk = (dir: Directory, holder: string | undefined) => {
      let best: string | undefined;
      for (const id of members) if (id !== holder && (best === undefined || (dir.load.get(id) ?? 0) < (dir.load.get(best) ?? 0))) best = id;
      const delegate = dir.delegateOf.get(best!);
      const reviewer = delegate && delegate !== holder ? delegate : best!;
      dir.load.set(reviewer, (dir.load.get(reviewer) ?? 0) + 1);
      return reviewer;
    };
    const fast = big();
    const reference = big();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 20000; i++) {
      const holder = random() < 0.3 ? members[Math.floor(random() * 40)] : undefined;
      const it = item({ holderEmail: holder ? `${holder}@x.example` : 'emp@x.example' });
      if (random() < 0.1) {
        const a = resolveReviewer(named, it, fast);
        expect(resolveReviewer(named, it, reference).reviewerId).toBe(a.reviewerId);
        continue;
      }
      const got = resolveReviewer(group, it, fast).reviewerId;
      expect(got, `item ${i}`).toBe(walk(reference, holder));
      expect(got).not.toBe(holder);
    }
    expect(fast.load).toEqual(reference.load);
  });

  it('named users who are gone are skipped', () => {
    expect(resolveReviewer(step({ reviewers: { kind: 'users', userIds: ['left-company', 'cy'] } }), item(), directory()).reviewerId).toBe('cy');
  });
});

describe('recommendations', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const person = { name: 'Emp', email: 'emp@x.example', title: 'Engineer', department: 'IT', status: 'ACTIVE', manager: 'Ada', managerEmail: 'ada@x.example' };
  const base = { now, principalType: 'user', person, accountStatus: 'enabled', lastUse: '2026-11-20T00:00:00Z', peersHolding: 2, peersTotal: 10 };
  it('revoke for people gone or disabled, accounts without a person or disabled, access unused for 90 days, or that no peer holds', () => {
    expect(recommend({ ...base, person: { ...person, status: 'DEPROVISIONED' } })).toEqual({ decision: 'revoke', reason: 'Emp is deprovisioned in the directory' });
    expect(recommend({ ...base, person: { ...person, status: 'not in directory' } })?.decision).toBe('revoke');
    expect(recommend({ ...base, person: undefined })).toEqual({ decision: 'revoke', reason: 'no person is linked to this account' });
    expect(recommend({ ...base, accountStatus: 'disabled' })?.reason).toBe('the account is disabled in the app');
    expect(recommend({ ...base, lastUse: '2026-08-01T00:00:00Z' })).toEqual({ decision: 'revoke', reason: 'not used for 122 days' });
    expect(recommend({ ...base, peersHolding: 1 })?.reason).toMatch(/no peer holds it \(0 of 9/);
  });
  it('approve where most peers hold it; nothing said for small peer groups or groups as principals', () => {
    expect(recommend({ ...base, peersHolding: 8 })).toEqual({ decision: 'approve', reason: '8 of 10 peers (same title and department) hold it' });
    expect(recommend({ ...base })).toBeUndefined();
    expect(recommend({ ...base, peersHolding: 1, peersTotal: 2 })).toBeUndefined();
    expect(recommend({ ...base, principalType: 'group', person: undefined, peersHolding: null, peersTotal: null })).toBeUndefined();
  });
});

describe('the reminder schedule', () => {
  const start = new Date('2026-12-01T09:00:00Z');
  const due = new Date('2026-12-29T09:00:00Z');
  const at = (days: number) => new Date(start.getTime() + days * 86_400_000);
  const moment = (days: number) => latestReminderMoment(start, due, at(days))?.toISOString();
  it('weekly, then 3 days and 1 day before the due date, then daily while overdue', () => {
    expect(moment(6.9)).toBeUndefined();
    expect(moment(7)).toBe(at(7).toISOString());
    expect(moment(13)).toBe(at(7).toISOString());
    expect(moment(14.5)).toBe(at(14).toISOString());
    expect(moment(21.5)).toBe(at(21).toISOString());
    // 28-day campaign: no weekly reminder within 3 days of the due date, the 3-day one instead.
    expect(moment(25.2)).toBe(at(25).toISOString());
    expect(moment(27.5)).toBe(at(27).toISOString());
    expect(moment(28.5)).toBe(at(27).toISOString());
    expect(moment(29)).toBe(at(29).toISOString());
    expect(moment(31.3)).toBe(at(31).toISOString());
  });
  it('a short campaign has only the reminders that fit', () => {
    const shortDue = new Date(start.getTime() + 2 * 86_400_000);
    expect(latestReminderMoment(start, shortDue, at(0.5))).toBeUndefined();
    expect(latestReminderMoment(start, shortDue, at(1.2))?.toISOString()).toBe(at(1).toISOString());
  });
});

describe('evidence CSV cells', () => {
  it('a value that starts like a formula is written inert; others, and numbers, as they are', () => {
    expect(inertCell('=HYPERLINK("http://evil.example","click")')).toBe('\'=HYPERLINK("http://evil.example","click")');
    for (const v of ['+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(inertCell(v)).toBe(`'${v}`);
    expect(inertCell('Member of Admins')).toBe('Member of Admins');
    expect(inertCell(-3)).toBe(-3);
    expect(inertCell('')).toBe('');
  });
});
