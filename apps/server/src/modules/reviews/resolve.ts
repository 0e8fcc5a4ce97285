/**
 * Who reviews an item at a step. The step names its reviewers (the holder's manager, the app's or
 * the entitlement's owners, named users, a platform group's members, the holder); nobody reviews their own access unless the
 * step allows it; when the step's reviewers are missing or excluded, its fallback reviewers do;
 * a reviewer away (an active delegation) hands new items to their delegate. Among several
 * eligible reviewers the items are spread to whoever has the fewest so far.
 *
 * Pure: the directory, the owners, the groups and the delegations are looked up once per campaign start
 * (`loadDirectory`) so that assigning a million items makes no query per item.
 */
import type { Kysely, Transaction } from 'kysely';
import TinyQueue from 'tinyqueue';
import type { Database } from '../../db/schema.js';
import { platformGroupMembers, platformGroupNames } from '../scim/platform-groups.js';
import type { ReviewStep } from './model.js';

export interface Directory {
  /** Enabled platform users by lowercased email. */
  userByEmail: Map<string, string>;
  userName: Map<string, string>;
  appOwners: Map<string, string[]>;
  /** Key `<appId>\u0000<entitlementId>`. */
  entitlementOwners: Map<string, string[]>;
  /** The platform groups the policies name that still exist: their names and enabled members. A group named but absent was deleted. */
  groups: Map<string, { name: string; members: string[] }>;
  /** Active delegations at the moment of assignment: user → delegate. */
  delegateOf: Map<string, string>;
  /** Items assigned so far per reviewer, for spreading. */
  load: Map<string, number>;
}

/** What the resolver needs to know of an item. */
export interface ItemHolder {
  appId: string;
  entitlementId: string;
  /** The email of the holder (their person's, else the account's). */
  holderEmail: string | null;
  /** The holder's manager's email from the directory. */
  managerEmail: string | null;
}

export type Assignment = { reviewerId: string; because: string } | { reviewerId: null; because: string };

/** The platform groups steps name (to load with the directory). */
export function stepGroupIds(steps: ReviewStep[]): string[] {
  return [...new Set(steps.flatMap((s) => (s.reviewers.kind === 'group' ? s.reviewers.groupIds : [])))];
}

/** `groupIds`: the platform groups the policies in use name (`stepGroupIds`); only those are loaded. */
export async function loadDirectory(db: Kysely<Database> | Transaction<Database>, now: string, groupIds: string[] = []): Promise<Directory> {
  const users = await db.selectFrom('platform_users').select(['id', 'email', 'name']).where('disabled', '=', 0).execute();
  const grouped = <T extends { key: string; user_id: string }>(rows: T[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(r.key, [...(m.get(r.key) ?? []), r.user_id]);
    return m;
  };
  const appOwners = grouped((await db.selectFrom('app_owners').select(['app_id', 'user_id']).execute()).map((r) => ({ key: r.app_id, user_id: r.user_id })));
  const entitlementOwners = grouped((await db.selectFrom('entitlement_owners').select(['app_id', 'entitlement_id', 'user_id']).execute()).map((r) => ({ key: `${r.app_id}\u0000${r.entitlement_id}`, user_id: r.user_id })));
  const enabled = new Set(users.map((u) => u.id));
  const delegations = await db.selectFrom('review_delegations').select(['user_id', 'delegate_id']).where('starts_at', '<=', now).where('ends_at', '>', now).orderBy('created_at').execute();
  const delegateOf = new Map(delegations.filter((d) => enabled.has(d.delegate_id)).map((d) => [d.user_id, d.delegate_id]));
  const groupNames = await platformGroupNames(db, groupIds);
  const members = await platformGroupMembers(db, [...groupNames.keys()]);
  return {
    userByEmail: new Map(users.map((u) => [u.email.toLowerCase(), u.id])),
    userName: new Map(users.map((u) => [u.id, u.name])),
    appOwners: new Map([...appOwners].map(([k, v]) => [k, v.filter((u) => enabled.has(u))])),
    entitlementOwners: new Map([...entitlementOwners].map(([k, v]) => [k, v.filter((u) => enabled.has(u))])),
    groups: new Map([...groupNames].map(([id, name]) => [id, { name, members: (members.get(id) ?? []).filter((u) => enabled.has(u)) }])),
    delegateOf,
    load: new Map(),
  };
}

interface GroupPool {
  ids: string[];
  missing: string;
  /** The (first) group of the step each member is in, for the reason of the assignment. */
  groupOf: Map<string, string>;
  /** The members by load, to find the least loaded without walking the group per item. */
  heap: LoadHeap;
}

/** A reviewer as the heap files them: under the load they had then, and their place in the list. */
type Filed = { load: number; index: number; id: string };

/**
 * The least loaded of a fixed list of reviewers, and among equals the first of the list, as a walk
 * of the list would choose, in O(log n). Loads live in `Directory.load` and only grow (other steps
 * and delegations add to them too): an entry keeps the load it was filed under, and one found
 * stale at the top is filed again under its load now, so the top, once current, is the least.
 */
class LoadHeap {
  private readonly queue: TinyQueue<Filed>;

  constructor(
    ids: string[],
    private readonly load: Map<string, number>,
  ) {
    this.queue = new TinyQueue(
      ids.map((id, index) => ({ load: load.get(id) ?? 0, index, id })),
      (x, y) => x.load - y.load || x.index - y.index,
    );
  }

  /** The least loaded that is not `except` (the holder, who may not review their own access). */
  least(except: string | undefined): string | undefined {
    const least = this.current();
    if (!least || least.id !== except) return least?.id;
    // Lift the holder out, look again, put them back.
    const holder = this.queue.pop()!;
    const next = this.current()?.id;
    this.queue.push(holder);
    return next;
  }

  private current(): Filed | undefined {
    for (;;) {
      const top = this.queue.peek();
      if (!top) return undefined;
      const now = this.load.get(top.id) ?? 0;
      if (now === top.load) return top;
      this.queue.pop();
      top.load = now;
      this.queue.push(top);
    }
  }
}

/** A group step's members, worked out once per directory and step rather than once per item (a group may have thousands). */
const pools = new WeakMap<Directory, WeakMap<object, GroupPool>>();

function groupPool(r: { groupIds: string[] }, dir: Directory): GroupPool {
  const byStep = pools.get(dir) ?? new WeakMap<object, GroupPool>();
  pools.set(dir, byStep);
  const cached = byStep.get(r);
  if (cached) return cached;
  const groupOf = new Map<string, string>();
  const empty: string[] = [];
  const deleted: string[] = [];
  for (const id of r.groupIds) {
    const g = dir.groups.get(id);
    if (!g) deleted.push(id);
    else if (!g.members.length) empty.push(`"${g.name}"`);
    for (const m of g?.members ?? []) if (!groupOf.has(m)) groupOf.set(m, g!.name);
  }
  const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
  const missing = [
    empty.length ? `the platform group${plural(empty.length, '', 's')} ${empty.join(', ')} ${plural(empty.length, 'has', 'have')} no enabled member` : '',
    deleted.length ? `the platform group${plural(deleted.length, '', 's')} with id ${deleted.join(', ')} ${plural(deleted.length, 'was', 'were')} deleted` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const ids = [...groupOf.keys()];
  const pool = { ids, missing, groupOf, heap: new LoadHeap(ids, dir.load) };
  byStep.set(r, pool);
  return pool;
}

function stepCandidates(step: ReviewStep, item: ItemHolder, dir: Directory, holderUser: string | undefined): { ids: string[]; missing: string } {
  const r = step.reviewers;
  switch (r.kind) {
    case 'manager': {
      if (!item.managerEmail) return { ids: [], missing: 'the holder has no manager in the directory' };
      const m = dir.userByEmail.get(item.managerEmail.toLowerCase());
      return m ? { ids: [m], missing: '' } : { ids: [], missing: `the manager (${item.managerEmail}) has no Gatehouse account` };
    }
    case 'app_owners': {
      const ids = dir.appOwners.get(item.appId) ?? [];
      return { ids, missing: 'the app has no owner' };
    }
    case 'entitlement_owners': {
      const ids = dir.entitlementOwners.get(`${item.appId}\u0000${item.entitlementId}`) ?? [];
      return { ids, missing: 'the entitlement has no owner' };
    }
    case 'users':
      return { ids: r.userIds.filter((u) => dir.userName.has(u)), missing: 'none of the named reviewers is an enabled user' };
    case 'group': {
      const pool = groupPool(r, dir);
      return { ids: pool.ids, missing: pool.missing };
    }
    case 'self':
      return holderUser ? { ids: [holderUser], missing: '' } : { ids: [], missing: 'the holder has no Gatehouse account' };
  }
}

const RULE_WORDS: Record<ReviewStep['reviewers']['kind'], string> = {
  manager: 'manager',
  app_owners: 'app owner',
  entitlement_owners: 'entitlement owner',
  users: 'named reviewer',
  group: 'group member',
  self: 'self-attestation',
};

function leastLoaded(ids: string[], dir: Directory): string {
  let best = ids[0]!;
  for (const id of ids) if ((dir.load.get(id) ?? 0) < (dir.load.get(best) ?? 0)) best = id;
  return best;
}

/** The reviewer of `item` at `step`, and why; counts the assignment in `dir.load`. */
export function resolveReviewer(step: ReviewStep, item: ItemHolder, dir: Directory): Assignment {
  const holderUser = item.holderEmail ? dir.userByEmail.get(item.holderEmail.toLowerCase()) : undefined;
  const selfAllowed = step.allowSelfReview || step.reviewers.kind === 'self';
  const eligible = (ids: string[]) => (selfAllowed ? ids : ids.filter((id) => id !== holderUser));
  const found = stepCandidates(step, item, dir, holderUser);
  let because: string = RULE_WORDS[step.reviewers.kind];
  // A group may have thousands of members: its pool's heap finds the least loaded one (not the
  // holder, unless allowed) without a copy or a walk of the group per item.
  const r = step.reviewers;
  const pool = r.kind === 'group' ? groupPool(r, dir) : undefined;
  let reviewer = pool ? pool.heap.least(selfAllowed ? undefined : holderUser) : undefined;
  if (reviewer === undefined) {
    const ids = pool ? [] : eligible(found.ids);
    if (ids.length) reviewer = leastLoaded(ids, dir);
    else {
      const why = found.ids.length ? 'the reviewer would review their own access' : found.missing;
      const fallback = eligible(step.fallbackUserIds.filter((u) => dir.userName.has(u)));
      if (!fallback.length) return { reviewerId: null, because: `no reviewer: ${why}, and the step has no fallback reviewer who may review it` };
      because = `fallback (${why})`;
      reviewer = leastLoaded(fallback, dir);
    }
  } else if (pool) because = `member of ${pool.groupOf.get(reviewer) ?? 'the group'}`;
  const delegate = dir.delegateOf.get(reviewer);
  // A delegate never receives their own access to review.
  if (delegate && (selfAllowed || delegate !== holderUser)) {
    because = `${because}; delegated by ${dir.userName.get(reviewer) ?? reviewer}`;
    reviewer = delegate;
  }
  dir.load.set(reviewer, (dir.load.get(reviewer) ?? 0) + 1);
  return { reviewerId: reviewer, because };
}
