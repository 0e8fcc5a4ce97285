/**
 * The PingOne connector: syncs users (with their population and admin roles), populations, groups
 * (members and nesting) and the admin role catalogue with the fewest calls PingOne's page sizes
 * allow, and provisions accounts, group membership, population moves and environment-scope roles.
 */
import {
  NotFoundError,
  PermissionDeniedError,
  UnsupportedOperationError,
  decodeToken,
  encodeToken,
  grantOf,
  httpOptions,
  inheritedByMembers,
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
import { createPingOneClient, embedded, nextHref, type HalCollection, type PingOneClient } from './api.js';
import { pingoneEndpoints, type PingOneConfig } from './config.js';
import {
  entitlementOf,
  groupResource,
  populationResource,
  roleGrants,
  roleResource,
  slugOf,
  userResource,
  type P1Group,
  type P1Population,
  type P1Role,
  type P1RoleAssignment,
  type P1User,
} from './mapping.js';

/** PingOne's largest pages: 200 users (documented), 1000 elsewhere (the spec's maximum). */
export const MAX_PAGE = { users: 200, other: 1000 };

type GroupPhase = 'members' | 'parents' | 'roles';

export class PingOneConnector implements Connector {
  private readonly client: PingOneClient;
  private readonly env: string;
  /** Set once a role read was refused: the remaining per-user reads would be refused too. */
  private rolesReadable: boolean | undefined;

  constructor(
    private readonly config: PingOneConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.client = createPingOneClient(pingoneEndpoints(config), config, httpOptions(ctx));
    this.env = `environments/${encodeURIComponent(config.environmentId)}`;
  }

  private get api(): HttpClient {
    return this.client.http;
  }

  apiCalls(): number {
    return this.api.apiCalls();
  }

  /** Access tokens fetched (not counted as API calls: the token endpoint is the auth host's). */
  tokensIssued(): number {
    return this.client.auth.tokensIssued;
  }

  async close(): Promise<void> {
    await Promise.all([this.api.close(), this.client.auth.close()]);
  }

  /**
   * The client credentials must yield a token and the token must be accepted. A 403 still means
   * the credentials work: the missing scope is reported where it matters (its type is skipped).
   */
  async validate(): Promise<void> {
    try {
      await this.api.get(`${this.env}/users`, { query: { limit: 1 } });
    } catch (err) {
      if (!(err instanceof PermissionDeniedError)) throw err;
    }
  }

  private async collection<T>(pathOrHref: string, key: string, query?: Record<string, string | number>): Promise<{ items: T[]; next?: string }> {
    const res = await this.api.get<HalCollection<T>>(pathOrHref, query ? { query } : {});
    return { items: embedded(res.body, key), next: nextHref(res.body) };
  }

  // ---- sync: resources -------------------------------------------------------------------------

  async listResources(type: ResourceType, pageToken?: string): Promise<Page<Resource>> {
    const first = !pageToken;
    switch (type.id) {
      case 'user': {
        // Each user names its population: those grants come with the page, no second pass.
        const page = await this.collection<P1User>(pageToken ?? `${this.env}/users`, 'users', first ? { limit: MAX_PAGE.users } : undefined);
        const grants = page.items.filter((u) => u.population?.id).map((u) => grantOf({ type: 'population', id: u.population!.id }, 'member', { type: 'user', id: u.id }));
        return { items: page.items.map(userResource), grants, nextPageToken: page.next };
      }
      case 'population': {
        const page = await this.collection<P1Population>(pageToken ?? `${this.env}/populations`, 'populations', first ? { limit: MAX_PAGE.other } : undefined);
        return { items: page.items.map(populationResource), nextPageToken: page.next };
      }
      case 'group': {
        const page = await this.collection<P1Group>(pageToken ?? `${this.env}/groups`, 'groups', first ? { limit: MAX_PAGE.other } : undefined);
        return { items: page.items.map(groupResource), nextPageToken: page.next };
      }
      case 'role': {
        // The role catalogue is global (/v1/roles), not per environment.
        const page = await this.collection<P1Role>(pageToken ?? 'roles', 'roles', first ? { limit: MAX_PAGE.other } : undefined);
        this.rolesReadable = true;
        return { items: page.items.map(roleResource), nextPageToken: page.next };
      }
      default:
        throw new Error(`pingone has no resource type "${type.id}"`);
    }
  }

  async listEntitlements(resource: Resource): Promise<Page<Entitlement>> {
    return { items: slugOf(resource.id.type) ? [entitlementOf(resource)] : [] };
  }

  // ---- sync: grants ---------------------------------------------------------------------------

  async listGrants(resource: Resource, pageToken?: string): Promise<Page<Grant>> {
    switch (resource.id.type) {
      case 'user':
        return { items: await this.roleGrantsOf(resource.id) };
      case 'group':
        return this.listGroupGrants(resource.id.id, pageToken);
      default:
        // Population members come with the users; role holders with users and groups.
        return { items: [] };
    }
  }

  private async roleGrantsOf(principal: ResourceRef): Promise<Grant[]> {
    if (this.rolesReadable === false) return [];
    try {
      return roleGrants(await this.assignmentsOf(principal), principal);
    } catch (err) {
      if (err instanceof NotFoundError) return []; // deleted since it was listed
      if (!(err instanceof PermissionDeniedError)) throw err;
      this.rolesReadable = false;
      this.ctx.warn(`permission:${err.permission}`, `Admin role assignments not synced: ${err.message}`);
      return [];
    }
  }

  /**
   * A group's grants in three phases: its direct members (the users list filtered by group), the
   * groups it is nested in (their grants reach its members), and its own role assignments.
   */
  private async listGroupGrants(groupId: string, pageToken?: string): Promise<Page<Grant>> {
    const state = decodeToken<{ phase: GroupPhase; next?: string }>(pageToken, { phase: 'members' });
    const group = { type: 'group', id: groupId };
    if (state.phase === 'members') {
      const query = state.next ? undefined : { filter: `memberOfGroups[id eq "${groupId}"]`, limit: MAX_PAGE.users };
      const page = await this.collection<P1User>(state.next ?? `${this.env}/users`, 'users', query);
      const items = page.items.map((u) => grantOf(group, 'member', { type: 'user', id: u.id }));
      return { items, nextPageToken: encodeToken(page.next ? { phase: 'members', next: page.next } : { phase: 'parents' }) };
    }
    if (state.phase === 'parents') {
      const path = `${this.env}/groups/${groupId}/memberOfGroups`;
      const page = await this.collection<{ id: string }>(state.next ?? path, 'groupMemberships', state.next ? undefined : { limit: MAX_PAGE.other });
      // "Group A is a member of group B": B's membership reaches A's members.
      const items = page.items.map((parent) => grantOf({ type: 'group', id: parent.id }, 'member', group, { expandable: inheritedByMembers(group) }));
      return { items, nextPageToken: encodeToken(page.next ? { phase: 'parents', next: page.next } : { phase: 'roles' }) };
    }
    return { items: await this.roleGrantsOf(group) };
  }

  // ---- provisioning -----------------------------------------------------------------------------

  private target(entitlementIdValue: string, principal: ResourceRef): ResourceRef {
    const { resource, slug } = parseEntitlementId(entitlementIdValue);
    const expected = slugOf(resource.type);
    if (!expected) throw new UnsupportedOperationError(`pingone cannot grant entitlements of resource type "${resource.type}"`);
    if (slug !== expected) throw new UnsupportedOperationError(`pingone ${resource.type} entitlements are "${expected}", not "${slug}"`);
    const allowed = resource.type === 'role' ? ['user', 'group'] : ['user'];
    if (!allowed.includes(principal.type)) {
      throw new UnsupportedOperationError(`pingone cannot grant ${resource.type} ${expected} to a ${principal.type} (only to: ${allowed.join(', ')})`);
    }
    return resource;
  }

  async grant(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const resource = this.target(entitlementIdValue, principal);
    if (resource.type === 'group') {
      if (await this.isMember(principal.id, resource.id)) return { changed: false };
      await this.api.post(`${this.env}/users/${principal.id}/memberOfGroups`, { body: { id: resource.id } });
      return { changed: true };
    }
    if (resource.type === 'population') {
      // A user is in exactly one population: granting another one moves the user.
      const current = await this.api.get<{ id: string }>(`${this.env}/users/${principal.id}/population`);
      if (current.body.id === resource.id) return { changed: false };
      await this.api.put(`${this.env}/users/${principal.id}/population`, { body: { id: resource.id } });
      return { changed: true, detail: `moved from population ${current.body.id}` };
    }
    const held = await this.environmentAssignments(principal, resource.id);
    if (held.length > 0) return { changed: false };
    const role = (await this.api.get<P1Role>(`roles/${resource.id}`)).body;
    if (role.applicableTo && !role.applicableTo.includes('ENVIRONMENT')) {
      throw new UnsupportedOperationError(`role "${role.name}" can be assigned at ${role.applicableTo.join(' or ')} scope only; Gatehouse assigns roles at environment scope (assign it in PingOne)`);
    }
    await this.api.post(`${this.env}/${principal.type === 'user' ? 'users' : 'groups'}/${principal.id}/roleAssignments`, {
      body: { role: { id: resource.id }, scope: { type: 'ENVIRONMENT', id: this.config.environmentId } },
    });
    return { changed: true };
  }

  async revoke(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const resource = this.target(entitlementIdValue, principal);
    if (resource.type === 'group') {
      if (!(await this.isMember(principal.id, resource.id))) return { changed: false };
      await this.api.delete(`${this.env}/users/${principal.id}/memberOfGroups/${resource.id}`);
      return { changed: true };
    }
    if (resource.type === 'population') {
      throw new UnsupportedOperationError(
        'a PingOne user must belong to a population, so population membership cannot be revoked: grant the user another population to move them',
      );
    }
    const all = await this.assignmentsOf(principal);
    const mine = all.filter((a) => a.role.id === resource.id);
    const atEnvironment = mine.filter((a) => a.scope.type === 'ENVIRONMENT');
    const base = `${this.env}/${principal.type === 'user' ? 'users' : 'groups'}/${principal.id}/roleAssignments`;
    for (const a of atEnvironment) await this.api.delete(`${base}/${a.id}`);
    const left = mine.filter((a) => a.scope.type !== 'ENVIRONMENT');
    if (left.length > 0) {
      return { changed: atEnvironment.length > 0, detail: `still assigned at ${left.map((a) => `${a.scope.type} ${a.scope.id}`).join(', ')}; only environment-scope assignments are revoked` };
    }
    return { changed: atEnvironment.length > 0 };
  }

  private async isMember(userId: string, groupId: string): Promise<boolean> {
    try {
      await this.api.get(`${this.env}/users/${userId}/memberOfGroups/${groupId}`);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  private async assignmentsOf(principal: ResourceRef): Promise<P1RoleAssignment[]> {
    const path = `${this.env}/${principal.type === 'user' ? 'users' : 'groups'}/${principal.id}/roleAssignments`;
    const out: P1RoleAssignment[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: { items: P1RoleAssignment[]; next?: string } = await this.collection<P1RoleAssignment>(next, 'roleAssignments', next === path ? { limit: MAX_PAGE.other } : undefined);
      out.push(...page.items);
      next = page.next;
    }
    return out;
  }

  private async environmentAssignments(principal: ResourceRef, roleId: string): Promise<P1RoleAssignment[]> {
    return (await this.assignmentsOf(principal)).filter((a) => a.role.id === roleId && a.scope.type === 'ENVIRONMENT');
  }

  // ---- accounts ---------------------------------------------------------------------------------

  /**
   * Creates a user without a password (they set one through PingOne's own flows). An account with
   * the same username already there is returned unchanged. `population` may name a population by
   * id or name; the environment's default population otherwise.
   */
  async createAccount(input: AccountInput): Promise<Resource> {
    const username = input.login ?? input.email;
    const existing = await this.collection<P1User>(`${this.env}/users`, 'users', { filter: `username eq "${username.replace(/["\\]/g, '\\$&')}"`, limit: 1 });
    if (existing.items[0]) return userResource(existing.items[0]);
    const population = await this.populationFor(input.options?.population);
    const body: Record<string, unknown> = {
      username,
      email: input.email,
      name: { given: input.firstName ?? '', family: input.lastName ?? '', formatted: input.displayName ?? [input.firstName, input.lastName].filter(Boolean).join(' ') },
    };
    if (population) body.population = { id: population };
    const created = await this.api.post<P1User>(`${this.env}/users`, { body });
    return userResource(created.body);
  }

  private async populationFor(option: unknown): Promise<string | undefined> {
    if (option === undefined || option === null || option === '') return undefined;
    const wanted = String(option);
    const page = await this.collection<P1Population>(`${this.env}/populations`, 'populations', { limit: MAX_PAGE.other });
    const found = page.items.find((p) => p.id === wanted) ?? page.items.find((p) => p.name.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new UnsupportedOperationError(`no population "${wanted}" in this environment (known: ${page.items.map((p) => p.name).join(', ')})`);
    return found.id;
  }

  /**
   * Deprovisioning deletes the user, or disables it when configured `deprovision: disable` (the
   * user keeps its history and can be enabled again); `delete` always deletes.
   */
  async deleteAccount(user: ResourceRef, mode: DeleteMode): Promise<ChangeResult> {
    if (user.type !== 'user') throw new UnsupportedOperationError(`pingone accounts are users, not ${user.type}`);
    const path = `${this.env}/users/${user.id}`;
    let current: P1User;
    try {
      current = (await this.api.get<P1User>(path)).body;
    } catch (err) {
      if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
      throw err;
    }
    if (mode === 'deprovision' && this.config.deprovision === 'disable') {
      if (current.enabled === false) return { changed: false, detail: 'already disabled' };
      await this.api.put(`${path}/enabled`, { body: { enabled: false } });
      return { changed: true, detail: 'disabled' };
    }
    try {
      await this.api.delete(path);
    } catch (err) {
      if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
      throw err;
    }
    return { changed: true, detail: 'deleted' };
  }
}


