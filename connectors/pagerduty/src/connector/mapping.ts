/** PagerDuty objects → Gatehouse resources, entitlements and grants. */
import { entitlementFrom, grantOf, type Entitlement, type EntitlementSpec, type Grant, type Resource, type ResourceType } from '@gatehouse/sdk';

export interface PdUser {
  id: string;
  name: string;
  email: string;
  role: string;
  time_zone?: string;
  job_title?: string | null;
  created_via_sso?: boolean;
  invitation_sent?: boolean;
  teams?: { id: string; summary?: string }[];
}

export interface PdTeam {
  id: string;
  name: string;
  description?: string | null;
}

export interface PdSchedule {
  id: string;
  name: string;
  description?: string | null;
  time_zone?: string;
  users?: { id: string }[];
  teams?: { id: string }[];
}

export interface PdOnCall {
  schedule?: { id: string } | null;
  user: { id: string };
  escalation_level?: number;
  start?: string | null;
  end?: string | null;
}

/** PagerDuty's base roles, each a resource with one entitlement; every user holds exactly one. */
export const BASE_ROLES: Record<string, string> = {
  owner: 'Account Owner',
  admin: 'Global Admin',
  user: 'Manager (User)',
  limited_user: 'Responder (Limited User)',
  observer: 'Observer',
  restricted_access: 'Restricted Access',
  read_only_user: 'Full Stakeholder (Read-only User)',
  read_only_limited_user: 'Limited Stakeholder (Read-only Limited User)',
};
export const TEAM_ROLES = ['manager', 'responder', 'observer'] as const;

export const RESOURCE_TYPES: ResourceType[] = [
  { id: 'user', displayName: 'User', traits: ['user'], skipEntitlementsAndGrants: true, description: 'PagerDuty users; their base role comes with them' },
  { id: 'role', displayName: 'Base role', traits: ['role'], description: 'PagerDuty base roles; entitlement `assigned` (every user holds exactly one)' },
  { id: 'team', displayName: 'Team', traits: ['group'], description: 'PagerDuty teams; entitlements `manager`, `responder`, `observer` (one per member)' },
  { id: 'schedule', displayName: 'Schedule', traits: ['group'], description: 'On-call schedules; entitlements `member` (in a layer) and `on-call` (on call now); sync only' },
];

export function userResource(u: PdUser): Resource {
  return {
    id: { type: 'user', id: u.id },
    displayName: u.name,
    user: {
      emails: [u.email],
      login: u.email,
      status: 'enabled',
      vendorStatus: u.invitation_sent ? 'INVITED' : 'ACTIVE',
      profile: { role: u.role, timeZone: u.time_zone, jobTitle: u.job_title ?? null, createdViaSso: u.created_via_sso ?? false, teams: (u.teams ?? []).map((t) => t.id) },
      lastLogin: null,
    },
  };
}

export function roleResource(id: string): Resource {
  return { id: { type: 'role', id }, displayName: BASE_ROLES[id] ?? id, profile: { role: id } };
}

export function teamResource(t: PdTeam): Resource {
  return { id: { type: 'team', id: t.id }, displayName: t.name, description: t.description ?? undefined };
}

export function scheduleResource(s: PdSchedule): Resource {
  return { id: { type: 'schedule', id: s.id }, displayName: s.name, description: s.description ?? undefined, profile: { timeZone: s.time_zone, teams: (s.teams ?? []).map((t) => t.id) } };
}

const SPECS: Record<string, EntitlementSpec[]> = {
  role: [{ slug: 'assigned', grantableTo: ['user'], verb: 'Base role', purpose: 'permission' }],
  team: [
    { slug: 'manager', grantableTo: ['user'], verb: 'Manager of', purpose: 'permission' },
    { slug: 'responder', grantableTo: ['user'], verb: 'Responder in', purpose: 'assignment' },
    { slug: 'observer', grantableTo: ['user'], verb: 'Observer of', purpose: 'assignment' },
  ],
  schedule: [
    { slug: 'member', grantableTo: [], verb: 'In the rotation of', purpose: 'assignment' },
    { slug: 'on-call', grantableTo: [], verb: 'On call now for', purpose: 'assignment' },
  ],
};

export function entitlementsOf(resource: Resource): Entitlement[] {
  return (SPECS[resource.id.type] ?? []).map((spec) => entitlementFrom(resource, spec));
}

export function roleGrant(u: PdUser): Grant {
  return grantOf({ type: 'role', id: u.role }, 'assigned', { type: 'user', id: u.id });
}
