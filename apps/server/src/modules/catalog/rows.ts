/** Catalog rows from what a connector returned: one mapping for ingests and for the platform's own changes. */
import type { Entitlement, GrantRow, Resource } from '@gatehouse/sdk';
import type { EntitlementTable, GrantTable, ResourceTable } from '../../db/schema.js';

export function resourceRow(appId: string, generation: number, r: Resource): ResourceTable {
  return {
    app_id: appId,
    generation,
    type: r.id.type,
    id: r.id.id,
    display_name: r.displayName,
    parent_type: r.parent?.type ?? null,
    parent_id: r.parent?.id ?? null,
    email: r.user?.emails[0]?.toLowerCase() ?? null,
    login: r.user?.login.toLowerCase() ?? null,
    data: JSON.stringify(r),
  };
}

export function entitlementRow(appId: string, generation: number, e: Entitlement): EntitlementTable {
  return { app_id: appId, generation, id: e.id, resource_type: e.resource.type, resource_id: e.resource.id, slug: e.slug, display_name: e.displayName, data: JSON.stringify(e) };
}

export function grantRow(appId: string, generation: number, g: GrantRow): GrantTable {
  return {
    app_id: appId,
    generation,
    id: g.id,
    entitlement_id: g.entitlementId,
    resource_type: g.resourceType,
    resource_id: g.resourceId,
    principal_type: g.principalType,
    principal_id: g.principalId,
    direct: g.inherited ? 0 : 1,
    sources: g.sources.length ? JSON.stringify(g.sources) : null,
  };
}
