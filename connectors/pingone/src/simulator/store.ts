/**
 * The simulated PingOne environment: users, populations, groups (nested), the global role
 * catalogue and role assignments, plus the worker-app clients and the tokens they were issued.
 * Mutations go through methods here so the routes, the generator and the tests share one set of
 * rules (a user is in exactly one population; a group is never its own ancestor).
 */
import { Random, seededUuid, SortedIds } from '@gatehouse/sdk/simkit';

export type ScopeType = 'ORGANIZATION' | 'ENVIRONMENT' | 'POPULATION' | 'APPLICATION';

export interface SimUser {
  id: string;
  username: string;
  email: string;
  name: { given: string; family: string; formatted: string };
  title?: string;
  enabled: boolean;
  lifecycleStatus: 'ACCOUNT_OK' | 'VERIFICATION_REQUIRED';
  accountStatus: 'OK' | 'LOCKED';
  lockedAt?: string;
  populationId: string;
  /** Groups the user was added to directly. */
  groups: Set<string>;
  createdAt: string;
  updatedAt: string;
  lastSignOn?: { at: string; remoteIp: string };
  mfaEnabled: boolean;
  externalId?: string;
}

export interface SimPopulation {
  id: string;
  name: string;
  description: string;
  default: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SimGroup {
  id: string;
  name: string;
  description: string;
  /** Population groups belong to one population; environment groups to none. */
  populationId?: string;
  /** Groups this group is a member of (its members are members of those too). */
  parents: Set<string>;
  createdAt: string;
  updatedAt: string;
}

export interface SimRole {
  id: string;
  name: string;
  description: string;
  applicableTo: ScopeType[];
}

export interface SimRoleAssignment {
  id: string;
  roleId: string;
  scope: { type: ScopeType; id: string };
  principal: { type: 'user' | 'group'; id: string };
  readOnly: boolean;
}

export interface SimClient {
  secret: string;
  scopes: Set<string>;
}

export const ALL_SCOPES = [
  'p1:read:user',
  'p1:create:user',
  'p1:update:user',
  'p1:delete:user',
  'p1:read:userGroup',
  'p1:update:userGroup',
  'p1:read:population',
  'p1:read:role',
  'p1:update:role',
] as const;

export class PingOneStore {
  readonly organizationId: string;
  readonly environmentId: string;
  readonly users = new Map<string, SimUser>();
  readonly populations = new Map<string, SimPopulation>();
  readonly groups = new Map<string, SimGroup>();
  readonly roles = new Map<string, SimRole>();
  readonly roleAssignments = new Map<string, SimRoleAssignment>();
  /** Application ids that APPLICATION-scoped assignments point at. */
  readonly applications: string[] = [];
  readonly clients = new Map<string, SimClient>();
  readonly tokens = new Map<string, { clientId: string; expiresAt: number; scopes: Set<string> }>();
  readonly userIds = new SortedIds(() => this.users.keys());
  readonly groupIds = new SortedIds(() => this.groups.keys());
  readonly populationIds = new SortedIds(() => this.populations.keys());
  private readonly groupMembers = new Map<string, Set<string>>();
  private readonly populationMembers = new Map<string, Set<string>>();
  private readonly random: Random;

  constructor(
    seed: number,
    readonly now: () => Date = () => new Date(),
  ) {
    this.random = new Random(seed * 31 + 7);
    this.organizationId = this.newId();
    this.environmentId = this.newId();
  }

  newId(): string {
    return seededUuid(this.random);
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  // ---- reads -------------------------------------------------------------------------------------

  membersOf(groupId: string): Set<string> {
    return this.groupMembers.get(groupId) ?? new Set();
  }

  populationMembersOf(populationId: string): Set<string> {
    return this.populationMembers.get(populationId) ?? new Set();
  }

  /** Direct child groups (groups that are members of this one). */
  childGroups(groupId: string): string[] {
    return [...this.groups.values()].filter((g) => g.parents.has(groupId)).map((g) => g.id);
  }

  assignmentsOf(principal: { type: 'user' | 'group'; id: string }): SimRoleAssignment[] {
    return [...this.roleAssignments.values()].filter((a) => a.principal.type === principal.type && a.principal.id === principal.id);
  }

  roleByName(name: string): SimRole | undefined {
    return [...this.roles.values()].find((r) => r.name === name);
  }

  // ---- writes ------------------------------------------------------------------------------------

  addUser(user: SimUser): void {
    this.users.set(user.id, user);
    this.index(this.populationMembers, user.populationId).add(user.id);
    for (const g of user.groups) this.index(this.groupMembers, g).add(user.id);
    this.userIds.invalidate();
  }

  deleteUser(id: string): void {
    const u = this.users.get(id);
    if (!u) return;
    this.populationMembers.get(u.populationId)?.delete(id);
    for (const g of u.groups) this.groupMembers.get(g)?.delete(id);
    for (const a of this.assignmentsOf({ type: 'user', id })) this.roleAssignments.delete(a.id);
    this.users.delete(id);
    this.userIds.invalidate();
  }

  addPopulation(p: SimPopulation): void {
    this.populations.set(p.id, p);
    this.populationIds.invalidate();
  }

  addGroup(g: SimGroup): void {
    this.groups.set(g.id, g);
    this.groupIds.invalidate();
  }

  addToGroup(userId: string, groupId: string): boolean {
    const u = this.users.get(userId)!;
    if (u.groups.has(groupId)) return false;
    u.groups.add(groupId);
    this.index(this.groupMembers, groupId).add(userId);
    u.updatedAt = this.timestamp();
    return true;
  }

  removeFromGroup(userId: string, groupId: string): boolean {
    const u = this.users.get(userId)!;
    if (!u.groups.delete(groupId)) return false;
    this.groupMembers.get(groupId)?.delete(userId);
    u.updatedAt = this.timestamp();
    return true;
  }

  /** Would making `child` a member of `parent` close a loop? */
  wouldCycle(child: string, parent: string): boolean {
    const seen = new Set<string>();
    const stack = [parent];
    while (stack.length) {
      const g = stack.pop()!;
      if (g === child) return true;
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...(this.groups.get(g)?.parents ?? []));
    }
    return false;
  }

  moveToPopulation(userId: string, populationId: string): void {
    const u = this.users.get(userId)!;
    this.populationMembers.get(u.populationId)?.delete(userId);
    u.populationId = populationId;
    this.index(this.populationMembers, populationId).add(userId);
    u.updatedAt = this.timestamp();
  }

  addAssignment(a: Omit<SimRoleAssignment, 'id'>): SimRoleAssignment {
    const assignment = { id: this.newId(), ...a };
    this.roleAssignments.set(assignment.id, assignment);
    return assignment;
  }

  // ---- auth --------------------------------------------------------------------------------------

  issueToken(clientId: string, ttlSeconds: number): string {
    const token = `eyJ${Buffer.from(this.newId() + this.newId()).toString('base64url')}`;
    this.tokens.set(token, { clientId, expiresAt: Date.now() + ttlSeconds * 1000, scopes: this.clients.get(clientId)!.scopes });
    return token;
  }

  private index(map: Map<string, Set<string>>, key: string): Set<string> {
    let s = map.get(key);
    if (!s) {
      s = new Set();
      map.set(key, s);
    }
    return s;
  }
}

/**
 * The fewest API calls any client needs to read the whole environment at PingOne's largest page
 * sizes: the four lists, each group's members (the users list filtered by group), nesting and
 * role assignments, and each user's role assignments (PingOne has no bulk read of them).
 */
export function minimumSyncCalls(store: PingOneStore, pageSizes: { users: number; other: number }): number {
  const pages = (n: number, max: number) => Math.max(1, Math.ceil(n / max));
  let calls = pages(store.users.size, pageSizes.users) + pages(store.populations.size, pageSizes.other) + pages(store.groups.size, pageSizes.other) + pages(store.roles.size, pageSizes.other);
  for (const g of store.groups.values()) calls += pages(store.membersOf(g.id).size, pageSizes.users) + pages(g.parents.size, pageSizes.other) + 1;
  calls += store.users.size;
  return calls;
}
