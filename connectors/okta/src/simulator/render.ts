/** Okta's JSON shapes for the simulator's records (Management API schemas). */
import { STANDARD_ROLES, type OktaStore, type SimApp, type SimGroup, type SimRoleAssignment, type SimUser } from './store.js';

export function renderUser(base: string, u: SimUser) {
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: u.lastLogin,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: 'oty1defaultusertype0' },
    profile: u.profile,
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${base}/api/v1/users/${u.id}` } },
  };
}

export function renderGroup(base: string, g: SimGroup) {
  return {
    id: g.id,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    objectClass: [g.type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group'],
    type: g.type,
    profile: g.profile,
    _links: {
      logo: [{ name: 'medium', href: `${base}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' }],
      users: { href: `${base}/api/v1/groups/${g.id}/users` },
      apps: { href: `${base}/api/v1/groups/${g.id}/apps` },
    },
  };
}

export function renderApp(base: string, a: SimApp) {
  return {
    id: a.id,
    name: a.name,
    label: a.label,
    status: a.status,
    signOnMode: a.signOnMode,
    created: a.created,
    lastUpdated: a.lastUpdated,
    features: [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: {} },
    accessibility: { selfService: false },
    _links: {
      users: { href: `${base}/api/v1/apps/${a.id}/users` },
      groups: { href: `${base}/api/v1/apps/${a.id}/groups` },
      deactivate: { href: `${base}/api/v1/apps/${a.id}/lifecycle/deactivate` },
    },
  };
}

export function renderAppUser(base: string, store: OktaStore, a: SimApp, userId: string, scope: 'USER' | 'GROUP', expandUser = false) {
  const u = store.users.get(userId);
  const at = a.users.get(userId) ?? a.created;
  const body: Record<string, unknown> = {
    id: userId,
    created: at,
    lastUpdated: at,
    scope,
    status: 'PROVISIONED',
    statusChanged: at,
    passwordChanged: null,
    syncState: 'DISABLED',
    credentials: { userName: u?.profile.login ?? userId },
    profile: {},
    _links: {
      app: { href: `${base}/api/v1/apps/${a.id}` },
      user: { href: `${base}/api/v1/users/${userId}` },
    },
  };
  if (expandUser && u) body._embedded = { user: renderUser(base, u) };
  return body;
}

export function renderAppGroup(base: string, a: SimApp, groupId: string) {
  const g = a.groups.get(groupId)!;
  return {
    id: groupId,
    priority: g.priority,
    lastUpdated: g.at,
    profile: {},
    _links: {
      app: { href: `${base}/api/v1/apps/${a.id}` },
      group: { href: `${base}/api/v1/groups/${groupId}` },
    },
  };
}

export function renderRole(base: string, store: OktaStore, r: SimRoleAssignment, assignmentType: 'USER' | 'GROUP', owner: string) {
  const body: Record<string, unknown> = {
    id: r.id,
    label: store.roleLabel(r),
    type: r.type,
    status: 'ACTIVE',
    created: r.created,
    lastUpdated: r.lastUpdated,
    assignmentType,
    _links: {
      assignee: { href: `${base}/api/v1/${assignmentType === 'USER' ? 'users' : 'groups'}/${owner}` },
    },
  };
  if (r.type === 'CUSTOM') {
    body.role = r.role;
    body['resource-set'] = r.resourceSet;
  }
  return body;
}

export function isStandardRole(type: string): boolean {
  return type in STANDARD_ROLES;
}
