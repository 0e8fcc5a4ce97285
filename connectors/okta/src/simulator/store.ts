/**
 * The simulated Okta org: plain in-memory records plus the derived views the API needs
 * (sorted id lists for cursor paging, app users including group-derived ones). Mutations go
 * through methods here so the server, the data generator and tests share one set of rules.
 */
import { STANDARD_ROLES } from '../connector/roles.js';
import { Random, SortedIds } from '@gatehouse/sdk/simkit';
import { oktaId } from './ids.js';

export type UserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'PROVISIONED'
  | 'RECOVERY'
  | 'STAGED'
  | 'SUSPENDED';

export interface SimUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: {
    login: string;
    email: string;
    firstName: string;
    lastName: string;
    displayName?: string;
    department?: string;
    title?: string;
    managerId?: string;
    manager?: string;
    employeeNumber?: string;
    [key: string]: unknown;
  };
}

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface SimGroup {
  id: string;
  type: GroupType;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string };
  members: Set<string>;
}

export type AppStatus = 'ACTIVE' | 'INACTIVE';

export interface SimApp {
  id: string;
  name: string;
  label: string;
  status: AppStatus;
  signOnMode: 'SAML_2_0' | 'OPENID_CONNECT' | 'BOOKMARK' | 'AUTO_LOGIN';
  created: string;
  lastUpdated: string;
  /** Direct (scope USER) assignments: user id → assigned at. */
  users: Map<string, string>;
  /** Group assignments: group id → { priority, at }. */
  groups: Map<string, { priority: number; at: string }>;
}

export { STANDARD_ROLES };

export interface SimCustomRole {
  id: string;
  label: string;
  description: string;
  created: string;
  lastUpdated: string;
}

export interface SimRoleAssignment {
  id: string;
  /** A standard role type, or CUSTOM. */
  type: string;
  /** The custom role id (CUSTOM only). */
  role?: string;
  resourceSet?: string;
  created: string;
  lastUpdated: string;
}

export type TokenKind = 'super-admin' | 'read-only' | 'read-only-app-group-admin';
export const TOKEN_KINDS: TokenKind[] = ['super-admin', 'read-only', 'read-only-app-group-admin'];

export class OktaStore {
  readonly users = new Map<string, SimUser>();
  readonly groups = new Map<string, SimGroup>();
  readonly apps = new Map<string, SimApp>();
  readonly customRoles = new Map<string, SimCustomRole>();
  readonly userRoles = new Map<string, SimRoleAssignment[]>();
  readonly groupRoles = new Map<string, SimRoleAssignment[]>();
  readonly tokens = new Map<string, TokenKind>();
  readonly userIndex = new SortedIds(() => this.users.keys());
  readonly groupIndex = new SortedIds(() => this.groups.keys());
  readonly appIndex = new SortedIds(() => this.apps.keys());
  private readonly groupMemberIndex = new Map<string, string[]>();
  private readonly appUserIndex = new Map<string, { id: string; scope: 'USER' | 'GROUP' }[]>();
  /** Ids made after generation (created users, role assignments) come from here. */
  readonly ids: Random;
  readonly now: () => Date;

  constructor(seed: number, now: () => Date = () => new Date()) {
    this.ids = new Random(seed ^ 0x5f3759df);
    this.now = now;
  }

  tokenOf(kind: TokenKind): string {
    for (const [token, k] of this.tokens) if (k === kind) return token;
    throw new Error(`no ${kind} token`);
  }

  newId(prefix: string): string {
    return oktaId(this.ids, prefix);
  }

  // ---- derived views ---------------------------------------------------------------------------

  groupMembers(groupId: string): string[] {
    let list = this.groupMemberIndex.get(groupId);
    if (!list) {
      list = [...this.groups.get(groupId)!.members].sort();
      this.groupMemberIndex.set(groupId, list);
    }
    return list;
  }

  /** App users as Okta lists them: direct assignments and those through assigned groups. */
  appUsers(appId: string): { id: string; scope: 'USER' | 'GROUP' }[] {
    let list = this.appUserIndex.get(appId);
    if (!list) {
      const app = this.apps.get(appId)!;
      const scope = new Map<string, 'USER' | 'GROUP'>();
      for (const groupId of app.groups.keys()) {
        for (const userId of this.groups.get(groupId)?.members ?? []) {
          if (this.users.get(userId)?.status !== 'DEPROVISIONED') scope.set(userId, 'GROUP');
        }
      }
      for (const userId of app.users.keys()) scope.set(userId, 'USER');
      list = [...scope].map(([id, s]) => ({ id, scope: s })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.appUserIndex.set(appId, list);
    }
    return list;
  }

  private membershipChanged(groupId?: string) {
    if (groupId) this.groupMemberIndex.delete(groupId);
    else this.groupMemberIndex.clear();
    this.appUserIndex.clear();
  }

  // ---- mutations ---------------------------------------------------------------------------------

  stamp(): string {
    return this.now().toISOString();
  }

  addUser(user: SimUser): void {
    this.users.set(user.id, user);
    this.userIndex.invalidate();
    const everyone = this.everyone();
    if (everyone) this.addMember(everyone.id, user.id);
  }

  everyone(): SimGroup | undefined {
    for (const g of this.groups.values()) if (g.type === 'BUILT_IN') return g;
    return undefined;
  }

  addGroup(group: SimGroup): void {
    this.groups.set(group.id, group);
    this.groupIndex.invalidate();
  }

  addApp(app: SimApp): void {
    this.apps.set(app.id, app);
    this.appIndex.invalidate();
  }

  addMember(groupId: string, userId: string): boolean {
    const g = this.groups.get(groupId)!;
    if (g.members.has(userId)) return false;
    g.members.add(userId);
    g.lastMembershipUpdated = this.stamp();
    this.membershipChanged(groupId);
    return true;
  }

  removeMember(groupId: string, userId: string): boolean {
    const g = this.groups.get(groupId)!;
    if (!g.members.delete(userId)) return false;
    g.lastMembershipUpdated = this.stamp();
    this.membershipChanged(groupId);
    return true;
  }

  assignAppUser(appId: string, userId: string): void {
    const app = this.apps.get(appId)!;
    if (!app.users.has(userId)) app.users.set(userId, this.stamp());
    this.appUserIndex.delete(appId);
  }

  unassignAppUser(appId: string, userId: string): void {
    this.apps.get(appId)!.users.delete(userId);
    this.appUserIndex.delete(appId);
  }

  assignAppGroup(appId: string, groupId: string, priority?: number): void {
    const app = this.apps.get(appId)!;
    const existing = app.groups.get(groupId);
    app.groups.set(groupId, { priority: priority ?? existing?.priority ?? app.groups.size, at: existing?.at ?? this.stamp() });
    this.appUserIndex.delete(appId);
  }

  unassignAppGroup(appId: string, groupId: string): void {
    this.apps.get(appId)!.groups.delete(groupId);
    this.appUserIndex.delete(appId);
  }

  setUserStatus(user: SimUser, status: UserStatus): void {
    const at = this.stamp();
    user.status = status;
    user.statusChanged = at;
    user.lastUpdated = at;
    if (status === 'ACTIVE' || status === 'PROVISIONED') user.activated ??= at;
    if (status === 'DEPROVISIONED') {
      // Okta unassigns a deactivated user's apps and admin roles; group memberships stay.
      for (const app of this.apps.values()) app.users.delete(user.id);
      this.userRoles.delete(user.id);
      this.appUserIndex.clear();
    }
  }

  deleteUser(userId: string): void {
    this.users.delete(userId);
    this.userIndex.invalidate();
    for (const g of this.groups.values()) g.members.delete(userId);
    this.membershipChanged();
  }

  addRole(target: 'user' | 'group', id: string, assignment: Omit<SimRoleAssignment, 'id' | 'created' | 'lastUpdated'>): SimRoleAssignment {
    const map = target === 'user' ? this.userRoles : this.groupRoles;
    const at = this.stamp();
    const full: SimRoleAssignment = { ...assignment, id: this.newId(target === 'user' ? 'ra1' : 'ra2'), created: at, lastUpdated: at };
    const list = map.get(id) ?? [];
    list.push(full);
    map.set(id, list);
    return full;
  }

  removeRole(target: 'user' | 'group', id: string, assignmentId: string): boolean {
    const map = target === 'user' ? this.userRoles : this.groupRoles;
    const list = map.get(id) ?? [];
    const i = list.findIndex((r) => r.id === assignmentId);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) map.delete(id);
    return true;
  }

  /** Users with at least one directly assigned admin role, sorted (what /iam/assignees/users pages over). */
  roleAssignees(): string[] {
    return [...this.userRoles.keys()].filter((id) => (this.userRoles.get(id) ?? []).length > 0).sort();
  }

  roleLabel(a: SimRoleAssignment): string {
    if (a.type === 'CUSTOM') return this.customRoles.get(a.role ?? '')?.label ?? a.role ?? 'Custom role';
    return STANDARD_ROLES[a.type] ?? a.type;
  }
}
