/**
 * The Okta connector: syncs users, groups, apps and admin roles with the fewest calls Okta's page
 * sizes allow, and provisions group membership, app assignment, admin roles and accounts.
 */
import {
  NotFoundError,
  PermissionDeniedError,
  UnsupportedOperationError,
  decodeToken,
  encodeToken,
  grantOf,
  httpOptions,
  mapConcurrent,
  parseEntitlementId,
  type AccountInput,
  type ChangeResult,
  type Connector,
  type ConnectorContext,
  type DeleteMode,
  type Entitlement,
  type Grant,
  type HttpClient,
  type Page,
  type Resource,
  type ResourceRef,
  type ResourceType,
} from '@gatehouse/sdk';
import { bodyNextToken, createOktaClient, nextLinkToken } from './api.js';
import { oktaBaseUrl, type OktaConfig } from './config.js';
import {
  appResource,
  entitlementOf,
  groupExpansion,
  groupResource,
  roleIdOf,
  roleResource,
  userResource,
  type OktaApp,
  type OktaGroup,
  type OktaRoleAssignment,
  type OktaUser,
} from './mapping.js';
import { STANDARD_ROLES } from './roles.js';

/** Okta's maximum page size per list: asking for it keeps the number of calls near the minimum. */
export const MAX_PAGE = { users: 200, groups: 10000, groupUsers: 1000, apps: 200, appUsers: 500, appGroups: 200, iamRoles: 100, assignees: 100 };

export class OktaConnector implements Connector {
  readonly api: HttpClient;
  private rolesReadable: boolean | undefined;

  constructor(
    private readonly config: OktaConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.api = createOktaClient(oktaBaseUrl(config.domain), config.apiToken, httpOptions(ctx));
  }

  apiCalls(): number {
    return this.api.apiCalls();
  }

  async close(): Promise<void> {
    await this.api.close();
  }

  async validate(): Promise<void> {
    await this.api.get('/api/v1/users', { query: { limit: 1 } });
  }

  // ---- sync: resources -------------------------------------------------------------------------

  async listResources(type: ResourceType, pageToken?: string): Promise<Page<Resource>> {
    switch (type.id) {
      case 'user':
        return this.listUsers(pageToken);
      case 'group': {
        const res = await this.api.get<OktaGroup[]>(pageToken ?? '/api/v1/groups', pageToken ? {} : { query: { limit: MAX_PAGE.groups } });
        return { items: res.body.map(groupResource), nextPageToken: nextLinkToken(res.headers) };
      }
      case 'app': {
        const query = { limit: MAX_PAGE.apps, filter: this.config.syncInactiveApps ? undefined : 'status eq "ACTIVE"' };
        const res = await this.api.get<OktaApp[]>(pageToken ?? '/api/v1/apps', pageToken ? {} : { query });
        return { items: res.body.map(appResource), nextPageToken: nextLinkToken(res.headers) };
      }
      case 'role':
        return this.listRoles(pageToken);
      default:
        throw new Error(`okta has no resource type "${type.id}"`);
    }
  }

  /**
   * The default user list leaves DEPROVISIONED users out; when they are wanted, a second pass
   * lists exactly them with a filter, so no user is fetched twice.
   */
  private async listUsers(pageToken?: string): Promise<Page<Resource>> {
    const state = decodeToken<{ phase: 'main' | 'deprovisioned'; next?: string }>(pageToken, { phase: 'main' });
    const query =
      state.phase === 'main' ? { limit: MAX_PAGE.users } : { limit: MAX_PAGE.users, filter: 'status eq "DEPROVISIONED"' };
    const res = await this.api.get<OktaUser[]>(state.next ?? '/api/v1/users', state.next ? {} : { query });
    const next = nextLinkToken(res.headers);
    let token: string | undefined;
    if (next) token = encodeToken({ phase: state.phase, next });
    else if (state.phase === 'main' && this.config.syncDeprovisionedUsers) token = encodeToken({ phase: 'deprovisioned' });
    return { items: res.body.map(userResource), nextPageToken: token };
  }

  private async listRoles(pageToken?: string): Promise<Page<Resource>> {
    // Custom roles first: the call also tells whether this token may read roles at all.
    const res = await this.api.get<{ roles?: { id: string; label: string; description?: string }[]; _links?: { next?: { href?: string } } }>(
      pageToken ?? '/api/v1/iam/roles',
      pageToken ? {} : { query: { limit: MAX_PAGE.iamRoles } },
    );
    this.rolesReadable = true;
    const items = (res.body.roles ?? []).map((r) => roleResource(r.id, r.label, true, r.description));
    if (!pageToken) items.unshift(...Object.entries(STANDARD_ROLES).map(([id, label]) => roleResource(id, label, false)));
    return { items, nextPageToken: bodyNextToken(res.body) };
  }

  async listEntitlements(resource: Resource): Promise<Page<Entitlement>> {
    return { items: [entitlementOf(resource)] };
  }

  // ---- sync: grants ---------------------------------------------------------------------------

  async listGrants(resource: Resource, pageToken?: string): Promise<Page<Grant>> {
    if (resource.id.type === 'group') return this.listGroupGrants(resource, pageToken);
    if (resource.id.type === 'app') return this.listAppGrants(resource, pageToken);
    // Role grants come in bulk from listTypeGrants (users) and with each group (groups).
    return { items: [] };
  }

  private keepUser(status: string): boolean {
    return this.config.syncDeprovisionedUsers || status !== 'DEPROVISIONED';
  }

  private async listGroupGrants(group: Resource, pageToken?: string): Promise<Page<Grant>> {
    const page = await this.groupMembers(group, pageToken);
    // A group's admin roles are read with its first page of members.
    if (!pageToken) page.items.push(...(await this.groupRoleGrants(group.id.id)));
    return page;
  }

  /**
   * One page of a group's members as grants. A page is up to 1,000 whole user objects of which
   * only the id and status are kept: the parsed page is dropped here, before the roles call that
   * follows the first page, rather than held through it.
   */
  private async groupMembers(group: Resource, pageToken?: string): Promise<Page<Grant>> {
    const res = await this.api.get<OktaUser[]>(pageToken ?? `/api/v1/groups/${group.id.id}/users`, pageToken ? {} : { query: { limit: MAX_PAGE.groupUsers } });
    const items = res.body.filter((u) => this.keepUser(u.status)).map((u) => grantOf(group.id, 'member', { type: 'user', id: u.id }));
    return { items, nextPageToken: nextLinkToken(res.headers) };
  }

  private async groupRoleGrants(gid: string): Promise<Grant[]> {
    if (this.rolesReadable === false) return [];
    try {
      const res = await this.api.get<OktaRoleAssignment[]>(`/api/v1/groups/${gid}/roles`);
      this.rolesReadable = true;
      return res.body.map((r) =>
        grantOf({ type: 'role', id: roleIdOf(r) }, 'assigned', { type: 'group', id: gid }, { expandable: groupExpansion(gid), data: { assignmentId: r.id } }),
      );
    } catch (err) {
      if (!(err instanceof PermissionDeniedError)) throw err;
      this.rolesReadable = false;
      this.ctx.warn(`permission:${err.permission}`, `Admin role not synced: ${err.message}`);
      return [];
    }
  }

  /** An app's grants: its direct user assignments, then its group assignments (expandable). */
  private async listAppGrants(app: Resource, pageToken?: string): Promise<Page<Grant>> {
    const aid = app.id.id;
    const state = decodeToken<{ phase: 'users' | 'groups'; next?: string }>(pageToken, { phase: 'users' });
    if (state.phase === 'users') {
      const res = await this.api.get<{ id: string; scope: string }[]>(state.next ?? `/api/v1/apps/${aid}/users`, state.next ? {} : { query: { limit: MAX_PAGE.appUsers } });
      // Users with scope GROUP hold the app through a group: the group's grant expands to them.
      const items = res.body.filter((u) => u.scope === 'USER').map((u) => grantOf(app.id, 'access', { type: 'user', id: u.id }));
      const next = nextLinkToken(res.headers);
      return { items, nextPageToken: encodeToken(next ? { phase: 'users', next } : { phase: 'groups' }) };
    }
    const res = await this.api.get<{ id: string; priority?: number }[]>(state.next ?? `/api/v1/apps/${aid}/groups`, state.next ? {} : { query: { limit: MAX_PAGE.appGroups } });
    const items = res.body.map((g) => grantOf(app.id, 'access', { type: 'group', id: g.id }, { expandable: groupExpansion(g.id), data: { priority: g.priority } }));
    const next = nextLinkToken(res.headers);
    return { items, nextPageToken: next ? encodeToken({ phase: 'groups', next }) : undefined };
  }

  /** Users' admin roles in bulk: the users who hold any, then each one's role list. */
  async listTypeGrants(type: ResourceType, pageToken?: string): Promise<Page<Grant>> {
    if (type.id !== 'role') return { items: [] };
    const res = await this.api.get<{ value?: { id: string }[]; _links?: { next?: { href?: string } } }>(
      pageToken ?? '/api/v1/iam/assignees/users',
      pageToken ? {} : { query: { limit: MAX_PAGE.assignees } },
    );
    this.rolesReadable = true;
    const perUser = await mapConcurrent(res.body.value ?? [], 8, async ({ id }) => {
      try {
        const roles = await this.api.get<OktaRoleAssignment[]>(`/api/v1/users/${id}/roles`);
        return roles.body
          .filter((r) => r.assignmentType === 'USER')
          .map((r) => grantOf({ type: 'role', id: roleIdOf(r) }, 'assigned', { type: 'user', id }, { data: { assignmentId: r.id } }));
      } catch (err) {
        if (err instanceof NotFoundError) return []; // deleted between the two calls
        throw err;
      }
    });
    return { items: perUser.flat(), nextPageToken: bodyNextToken(res.body) };
  }

  // ---- provisioning -----------------------------------------------------------------------------

  private target(entitlementIdValue: string, principal: ResourceRef) {
    const { resource, slug } = parseEntitlementId(entitlementIdValue);
    const expected = { group: 'member', app: 'access', role: 'assigned' }[resource.type];
    if (!expected) throw new UnsupportedOperationError(`okta cannot grant entitlements of resource type "${resource.type}"`);
    if (slug !== expected) throw new UnsupportedOperationError(`okta ${resource.type} entitlements are "${expected}", not "${slug}"`);
    const allowed = resource.type === 'group' ? ['user'] : ['user', 'group'];
    if (!allowed.includes(principal.type)) {
      throw new UnsupportedOperationError(`okta cannot grant ${resource.type} ${expected} to a ${principal.type} (only to: ${allowed.join(', ')})`);
    }
    return resource;
  }

  async grant(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const resource = this.target(entitlementIdValue, principal);
    if (resource.type === 'group') {
      // Okta answers 204 whether or not the user was a member already: the PUT alone is idempotent,
      // and a look first would double the calls of every grant.
      await this.api.put(`/api/v1/groups/${resource.id}/users/${principal.id}`);
      return { changed: 'unknown' };
    }
    if (resource.type === 'app') {
      if (principal.type === 'user') {
        const current = await this.appUser(resource.id, principal.id);
        if (current?.scope === 'USER') return { changed: false };
        await this.api.post(`/api/v1/apps/${resource.id}/users`, { body: { id: principal.id, scope: 'USER' } });
        return { changed: true };
      }
      if (await this.exists(`/api/v1/apps/${resource.id}/groups/${principal.id}`)) return { changed: false };
      await this.api.put(`/api/v1/apps/${resource.id}/groups/${principal.id}`, { body: {} });
      return { changed: true };
    }
    // role
    const base = principal.type === 'user' ? `/api/v1/users/${principal.id}/roles` : `/api/v1/groups/${principal.id}/roles`;
    const roles = await this.directRoles(base, principal.type);
    if (roles.some((r) => roleIdOf(r) === resource.id)) return { changed: false };
    if (!(resource.id in STANDARD_ROLES)) {
      throw new UnsupportedOperationError(`custom role ${resource.id} can only be assigned together with a resource set; assign it in Okta`);
    }
    await this.api.post(base, { body: { type: resource.id } });
    return { changed: true };
  }

  async revoke(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const resource = this.target(entitlementIdValue, principal);
    if (resource.type === 'group') {
      // As for the grant: 204 whether or not the user was a member, so the DELETE alone is
      // idempotent (a retry changes nothing) and 2,000 expiries cost 2,000 calls, not 4,000.
      await this.api.delete(`/api/v1/groups/${resource.id}/users/${principal.id}`);
      return { changed: 'unknown' };
    }
    if (resource.type === 'app') {
      if (principal.type === 'user') {
        const current = await this.appUser(resource.id, principal.id);
        if (!current) return { changed: false };
        if (current.scope !== 'USER') {
          // No direct assignment to remove; the access that remains comes from a group.
          return { changed: false, detail: `no direct assignment; user ${principal.id} still holds app ${resource.id} through a group` };
        }
        await this.api.delete(`/api/v1/apps/${resource.id}/users/${principal.id}`);
        return { changed: true };
      }
      if (!(await this.exists(`/api/v1/apps/${resource.id}/groups/${principal.id}`))) return { changed: false };
      await this.api.delete(`/api/v1/apps/${resource.id}/groups/${principal.id}`);
      return { changed: true };
    }
    const base = principal.type === 'user' ? `/api/v1/users/${principal.id}/roles` : `/api/v1/groups/${principal.id}/roles`;
    const held = (await this.directRoles(base, principal.type)).filter((r) => roleIdOf(r) === resource.id);
    for (const r of held) await this.api.delete(`${base}/${r.id}`);
    return { changed: held.length > 0 };
  }

  private async directRoles(base: string, principalType: string): Promise<OktaRoleAssignment[]> {
    const res = await this.api.get<OktaRoleAssignment[]>(base);
    const own = principalType === 'user' ? 'USER' : 'GROUP';
    return res.body.filter((r) => r.assignmentType === own);
  }

  private async appUser(appId: string, userId: string): Promise<{ scope: string } | undefined> {
    try {
      return (await this.api.get<{ scope: string }>(`/api/v1/apps/${appId}/users/${userId}`)).body;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await this.api.get(path);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  // ---- accounts ---------------------------------------------------------------------------------

  /**
   * Creates a user (staged, then activated if asked, with or without the activation email). An
   * account with the same login already there is returned unchanged.
   */
  async createAccount(input: AccountInput): Promise<Resource> {
    const login = input.login ?? input.email;
    const existing = await this.api.get<OktaUser[]>('/api/v1/users', { query: { search: `profile.login eq "${login.replace(/"/g, '\\"')}"`, limit: 1 } });
    if (existing.body[0]) return userResource(existing.body[0]);
    const profile = { login, email: input.email, firstName: input.firstName ?? '', lastName: input.lastName ?? '', displayName: input.displayName };
    const created = await this.api.post<OktaUser>('/api/v1/users', { query: { activate: false }, body: { profile } });
    const activate = input.options?.activate !== false;
    if (!activate) return userResource(created.body);
    const sendEmail = input.options?.sendEmail === true;
    await this.api.post(`/api/v1/users/${created.body.id}/lifecycle/activate`, { query: { sendEmail } });
    return userResource((await this.api.get<OktaUser>(`/api/v1/users/${created.body.id}`)).body);
  }

  /** Deprovision deactivates (Okta keeps the user, DEPROVISIONED); delete removes it for good. */
  async deleteAccount(user: ResourceRef, mode: DeleteMode): Promise<ChangeResult> {
    if (user.type !== 'user') throw new UnsupportedOperationError(`okta accounts are users, not ${user.type}`);
    let current: OktaUser;
    try {
      current = (await this.api.get<OktaUser>(`/api/v1/users/${user.id}`)).body;
    } catch (err) {
      if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
      throw err;
    }
    let changed = false;
    if (current.status !== 'DEPROVISIONED') {
      await this.api.post(`/api/v1/users/${user.id}/lifecycle/deactivate`, { query: { sendEmail: false } });
      changed = true;
    }
    if (mode === 'delete') {
      await this.api.delete(`/api/v1/users/${user.id}`, { query: { sendEmail: false } });
      changed = true;
    }
    return { changed, detail: mode === 'delete' ? 'deleted' : 'deactivated' };
  }
}
