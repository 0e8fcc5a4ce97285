/** SCIM Users and Groups (RFC 7643) → Gatehouse resources, entitlements and grants. */
import { entitlementFrom, grantOf, inheritedByMembers, type Entitlement, type Grant, type Resource, type ResourceType } from '@gatehouse/sdk';
import type { ScimResource } from './client.js';
import type { RoleAttribute } from './config.js';

export const USER_TYPE: ResourceType = { id: 'user', displayName: 'User', traits: ['user'], skipEntitlementsAndGrants: true, description: 'SCIM Users' };
export const GROUP_TYPE: ResourceType = { id: 'group', displayName: 'Group', traits: ['group'], description: 'SCIM Groups; entitlement `member`' };

export function roleType(r: RoleAttribute): ResourceType {
  return { id: r.type, displayName: `${r.type} (${r.attribute})`, traits: ['role'], description: `Values of the user attribute ${r.attribute}; entitlement \`assigned\`` };
}

export function primaryEmail(u: ScimResource): string | undefined {
  const emails = Array.isArray(u.emails) ? u.emails : [];
  return (emails.find((e) => e.primary) ?? emails[0])?.value;
}

export function userResource(u: ScimResource): Resource {
  const email = primaryEmail(u);
  const name = u.displayName || [u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ') || u.userName || u.id;
  return {
    id: { type: 'user', id: u.id },
    displayName: name,
    externalId: u.externalId,
    user: {
      emails: (Array.isArray(u.emails) ? u.emails : []).map((e) => e.value).filter((v): v is string => Boolean(v)),
      login: u.userName ?? email ?? u.id,
      // RFC 7643: active defaults to… nothing; a provider that omits it has no deactivated users.
      status: u.active === false ? 'disabled' : 'enabled',
      vendorStatus: u.active === false ? 'inactive' : 'active',
      profile: { givenName: u.name?.givenName ?? null, familyName: u.name?.familyName ?? null, lastModified: u.meta?.lastModified ?? null },
    },
  };
}

/** Reads an attribute, `urn:…:User:attr` or a plain name, as SCIM JSON holds it. */
export function readAttribute(u: ScimResource, attribute: string): unknown {
  const colon = attribute.lastIndexOf(':');
  if (attribute.startsWith('urn:') && colon > 0) {
    const schema = attribute.slice(0, colon);
    const name = attribute.slice(colon + 1);
    const ext = u[schema] as Record<string, unknown> | undefined;
    return ext?.[name] ?? (schema === 'urn:ietf:params:scim:schemas:core:2.0:User' ? u[name] : undefined);
  }
  return u[attribute];
}

/** The role values a user holds in one attribute: a string, or a multi-valued list (`roles: [{value}]`). */
export function roleValues(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'string' ? v : typeof v?.value === 'string' ? v.value : undefined)).filter((v): v is string => Boolean(v));
  }
  return [];
}

export function roleResource(type: string, value: string): Resource {
  return { id: { type, id: value }, displayName: value };
}

export function roleEntitlement(role: Resource): Entitlement {
  return entitlementFrom(role, { slug: 'assigned', grantableTo: ['user'], verb: 'Role', purpose: 'assignment' });
}

/** A user's roles, as the resources they name and the grants the user holds. */
export function rolesOf(u: ScimResource, roles: RoleAttribute[]): { resources: Resource[]; grants: Grant[] } {
  const resources: Resource[] = [];
  const grants: Grant[] = [];
  for (const r of roles) {
    for (const value of roleValues(readAttribute(u, r.attribute))) {
      resources.push(roleResource(r.type, value));
      grants.push(grantOf({ type: r.type, id: value }, 'assigned', { type: 'user', id: u.id }));
    }
  }
  return { resources, grants };
}

/** `membersListed` false: the list left the members out, so they are read with the group itself. */
export function groupResource(g: ScimResource): Resource {
  const listed = Array.isArray(g.members);
  return { id: { type: 'group', id: g.id }, displayName: g.displayName ?? g.id, externalId: g.externalId, profile: { members: listed ? g.members!.length : null, membersListed: listed } };
}

export function groupEntitlement(group: Resource): Entitlement {
  return entitlementFrom(group, { slug: 'member', grantableTo: ['user', 'group'], verb: 'Member of', purpose: 'assignment' });
}

/** Members of a group: users directly, and nested groups whose own members inherit the membership. */
export function memberGrants(g: ScimResource): Grant[] {
  return (Array.isArray(g.members) ? g.members : [])
    .filter((m) => m.value)
    .map((m) =>
      (m.type ?? '').toLowerCase() === 'group'
        ? grantOf({ type: 'group', id: g.id }, 'member', { type: 'group', id: m.value! }, { expandable: inheritedByMembers({ type: 'group', id: m.value! }) })
        : grantOf({ type: 'group', id: g.id }, 'member', { type: 'user', id: m.value! }),
    );
}
