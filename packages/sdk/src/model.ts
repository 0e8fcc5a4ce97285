/**
 * The connector data model. It follows the shape the identity-governance field has
 * converged on (resource types, resources, entitlements, grants) so that people and tools who know
 * one connector framework recognise this one.
 */

export type Trait = 'user' | 'group' | 'role' | 'app' | 'secret';

export interface ResourceType {
  id: string;
  displayName: string;
  traits: Trait[];
  /** Users carry no entitlements of their own: the engine then never asks for them. */
  skipEntitlementsAndGrants?: boolean;
  /** The resources hold grants (a user's admin roles) but offer no entitlements: only grants are listed. */
  skipEntitlements?: boolean;
  description?: string;
}

export interface ResourceRef {
  type: string;
  id: string;
}

export type UserStatus = 'enabled' | 'disabled' | 'deleted';

export interface UserTrait {
  emails: string[];
  login: string;
  status: UserStatus;
  /** The vendor's own status word (e.g. Okta's LOCKED_OUT), kept because `status` folds it. */
  vendorStatus?: string;
  profile: Record<string, unknown>;
  lastLogin?: string | null;
  managerId?: string | null;
  managerEmail?: string | null;
}

export interface Resource {
  id: ResourceRef;
  displayName: string;
  parent?: ResourceRef;
  externalId?: string;
  description?: string;
  user?: UserTrait;
  /** Free-form attributes shown to people (app status, group type, ...). */
  profile?: Record<string, unknown>;
}

export type EntitlementPurpose = 'assignment' | 'permission';

export interface Entitlement {
  id: string;
  resource: ResourceRef;
  slug: string;
  displayName: string;
  description?: string;
  grantableTo: string[];
  purpose: EntitlementPurpose;
}

export interface Expandable {
  /**
   * The principal's entitlements whose holders inherit this grant: a grant of `app:A:access` to
   * group G names `group:G:member`, so every member of G holds `app:A:access` too.
   */
  entitlementIds: string[];
}

export interface Grant {
  id: string;
  entitlementId: string;
  principal: ResourceRef;
  expandable?: Expandable;
  /** Vendor detail worth keeping (assignment ids, scopes, priorities). */
  data?: Record<string, unknown>;
}

export function entitlementId(resource: ResourceRef, slug: string): string {
  return `${resource.type}:${resource.id}:${slug}`;
}

export function grantId(entitlement: string, principal: ResourceRef): string {
  return `${entitlement}:${principal.type}:${principal.id}`;
}

/** A grant of `resource`'s `slug` entitlement to `principal`. */
export function grantOf(resource: ResourceRef, slug: string, principal: ResourceRef, extra: Partial<Grant> = {}): Grant {
  const entitlement = entitlementId(resource, slug);
  return { id: grantId(entitlement, principal), entitlementId: entitlement, principal, ...extra };
}

/** A grant made to a group reaches the group's members: the holders of its `member` entitlement. */
export function inheritedByMembers(group: ResourceRef, slug = 'member'): Expandable {
  return { entitlementIds: [entitlementId(group, slug)] };
}

/** How a connector describes the one entitlement a resource type offers. */
export interface EntitlementSpec {
  slug: string;
  grantableTo: string[];
  /** Leads the display name: "Member of" + the resource's name. */
  verb: string;
  purpose: EntitlementPurpose;
}

export function entitlementFrom(resource: Resource, spec: EntitlementSpec): Entitlement {
  return {
    id: entitlementId(resource.id, spec.slug),
    resource: resource.id,
    slug: spec.slug,
    displayName: `${spec.verb} ${resource.displayName}`,
    grantableTo: spec.grantableTo,
    purpose: spec.purpose,
  };
}

/** Parses `<type>:<id>:<slug>`. Ids may contain colons; type and slug may not. */
export function parseEntitlementId(id: string): { resource: ResourceRef; slug: string } {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  if (first <= 0 || last <= first + 1 || last === id.length - 1) {
    throw new Error(`invalid entitlement id "${id}": expected <resource type>:<resource id>:<slug>`);
  }
  return { resource: { type: id.slice(0, first), id: id.slice(first + 1, last) }, slug: id.slice(last + 1) };
}

/** Parses `<type>:<id>` as given on command lines. */
export function parseResourceRef(ref: string): ResourceRef {
  const i = ref.indexOf(':');
  if (i <= 0 || i === ref.length - 1) throw new Error(`invalid principal "${ref}": expected <resource type>:<resource id>`);
  return { type: ref.slice(0, i), id: ref.slice(i + 1) };
}

/**
 * Parses `<entitlement id>:<principal type>:<principal id>`. The entitlement id's own colons make
 * this ambiguous in general, so the caller names the principal types it knows.
 */
export function parseGrantId(id: string, principalTypes: string[]): { entitlementId: string; principal: ResourceRef } {
  for (const type of principalTypes) {
    const marker = `:${type}:`;
    let at = id.lastIndexOf(marker);
    while (at > 0) {
      const entitlement = id.slice(0, at);
      const principalId = id.slice(at + marker.length);
      try {
        parseEntitlementId(entitlement);
        if (principalId) return { entitlementId: entitlement, principal: { type, id: principalId } };
      } catch {
        // not a split point; try an earlier occurrence
      }
      at = id.lastIndexOf(marker, at - 1);
    }
  }
  throw new Error(`invalid grant id "${id}": expected <entitlement id>:<principal type>:<principal id>`);
}
