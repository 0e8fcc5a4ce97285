/**
 * The generic SCIM 2.0 connector: governs any app that offers SCIM. It first learns what the
 * service provider supports (discovery.ts) and adapts: no Groups, no group type; no filtering, no
 * filter is sent (it pages instead, and only ever sends `eq`); no PATCH, changes go by PUT; a create
 * refused as not implemented is reported unsupported with the provider's reason. Role-like user
 * attributes (Panther's `pantherRole`, the core `roles`) become resource types of their own.
 */
import {
  checkedBaseUrl,
  ConfigError,
  httpOptions,
  NotFoundError,
  parseEntitlementId,
  UnsupportedOperationError,
  type AccountChanges,
  type AccountInput,
  type ChangeResult,
  type Connector,
  type ConnectorContext,
  type DeleteMode,
  type Entitlement,
  type Grant,
  type Page,
  type Resource,
  type ResourceRef,
  type ResourceType,
} from '@gatehouse/sdk';
import { scimPatch, type ScimPatchOperation as LibPatchOperation } from 'scim-patch';
import { SCIM_SCHEMAS, ScimApiError, ScimClient, type ScimEndpoint, type ScimPatchOperation, type ScimResource } from './client.js';
import { parseRoleAttributes, type RoleAttribute, type ScimConfig } from './config.js';
import { discover, type Capabilities } from './discovery.js';
import {
  GROUP_TYPE,
  groupEntitlement,
  groupResource,
  memberGrants,
  primaryEmail,
  readAttribute,
  roleEntitlement,
  roleResource,
  rolesOf,
  roleType,
  roleValues,
  USER_TYPE,
  userResource,
} from './mapping.js';

/** How many parts a long listing is split into, read side by side. */
const PARALLEL_PARTS = 8;

/** A string as a SCIM filter literal (RFC 7644 §3.4.2.2: JSON string rules). */
const literal = (s: string) => JSON.stringify(s);

export class ScimConnector implements Connector {
  readonly client: ScimClient;
  private readonly roles: RoleAttribute[];
  private caps?: Promise<Capabilities>;

  constructor(
    private readonly config: ScimConfig,
    private readonly ctx: ConnectorContext,
  ) {
    const headers = config.authHeader ? { [config.authHeader]: config.token } : { authorization: `Bearer ${config.token}` };
    this.client = new ScimClient({ baseUrl: checkedBaseUrl(config.baseUrl, 'baseUrl'), headers, ...httpOptions(ctx) });
    this.roles = parseRoleAttributes(config.roleAttributes);
  }

  apiCalls(): number {
    return this.client.apiCalls();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** What the service provider supports, learnt once per connector. */
  capabilities(): Promise<Capabilities> {
    this.caps ??= discover(this.client, this.ctx.logger).catch((err: unknown) => {
      this.caps = undefined;
      throw err;
    });
    return this.caps;
  }

  async validate(): Promise<void> {
    try {
      await this.client.list('Users', 1, 1);
    } catch (err) {
      if (err instanceof NotFoundError) throw new ConfigError(`no SCIM Users endpoint at ${this.config.baseUrl}/Users: check baseUrl (it ends before /Users)`);
      throw err;
    }
    await this.capabilities();
  }

  async resourceTypes(): Promise<ResourceType[]> {
    const caps = await this.capabilities();
    return [USER_TYPE, ...(caps.groups ? [GROUP_TYPE] : []), ...this.roles.map(roleType)];
  }

  private async pageSize(): Promise<number> {
    const caps = await this.capabilities();
    return Math.max(1, Math.min(this.config.pageSize, caps.maxResults ?? Number.MAX_SAFE_INTEGER));
  }

  // ---- sync -------------------------------------------------------------------------------------

  /**
   * One page of a listing. Its token is `<startIndex>` (1-based) or `<startIndex>-<last>` for a part
   * of a split listing. The first page tells how many there are: the rest is split into parts that
   * run side by side (Page.forks), since SCIM's index paging lets any page be asked for directly.
   */
  private async listPage(endpoint: ScimEndpoint, pageToken?: string, split = false): Promise<{ items: ScimResource[]; next?: string; forks?: string[] }> {
    const [from, to] = (pageToken ?? '1').split('-').map(Number) as [number, number | undefined];
    const size = await this.pageSize();
    const page = await this.client.list(endpoint, from, to === undefined ? size : Math.min(size, to - from + 1));
    const items = page.Resources ?? [];
    const last = Math.min(to ?? page.totalResults, page.totalResults);
    const next = from + items.length;
    if (items.length === 0 || next > last) return { items };
    const remaining = last - next + 1;
    if (!split || pageToken || remaining <= size * 2) return { items, next: to === undefined ? String(next) : `${next}-${last}` };
    const parts = Math.min(PARALLEL_PARTS, Math.ceil(remaining / size));
    const perPart = Math.ceil(remaining / parts / size) * size;
    const forks: string[] = [];
    for (let start = next; start <= last; start += perPart) forks.push(`${start}-${Math.min(last, start + perPart - 1)}`);
    return { items, forks };
  }

  async listResources(type: ResourceType, pageToken?: string): Promise<Page<Resource>> {
    if (type.id === 'user') {
      const { items, next, forks } = await this.listPage('Users', pageToken, true);
      const resources: Resource[] = items.map(userResource);
      const grants: Grant[] = [];
      // The role values in use come with the users, as resources of their role type.
      const roleSeen = new Set<string>();
      for (const u of items) {
        const held = rolesOf(u, this.roles);
        grants.push(...held.grants);
        for (const r of held.resources) {
          const key = `${r.id.type}:${r.id.id}`;
          if (!roleSeen.has(key)) resources.push(r);
          roleSeen.add(key);
        }
      }
      return { items: resources, grants, forks, nextPageToken: next };
    }
    if (type.id === 'group') {
      const { items, next, forks } = await this.listPage('Groups', pageToken, true);
      // A provider may leave members out of lists (large groups): those are read one by one.
      const listed = items.filter((g) => Array.isArray(g.members));
      return {
        items: items.map(groupResource),
        grants: listed.flatMap(memberGrants),
        forks,
        nextPageToken: next,
      };
    }
    const role = this.roles.find((r) => r.type === type.id);
    if (!role) throw new Error(`scim has no resource type "${type.id}"`);
    // Values nobody holds yet are known only from /Schemas (canonicalValues).
    const caps = await this.capabilities();
    const canonical = caps.userAttributes.get(role.attribute.toLowerCase())?.canonicalValues ?? [];
    return { items: canonical.map((v) => roleResource(role.type, v)) };
  }

  async listEntitlements(resource: Resource): Promise<Page<Entitlement>> {
    if (resource.id.type === 'group') return { items: [groupEntitlement(resource)] };
    if (this.roles.some((r) => r.type === resource.id.type)) return { items: [roleEntitlement(resource)] };
    return { items: [] };
  }

  async listGrants(resource: Resource): Promise<Page<Grant>> {
    if (resource.id.type !== 'group' || resource.profile?.membersListed !== false) return { items: [] };
    const group = await this.client.get('Groups', resource.id.id);
    return { items: group ? memberGrants(group) : [] };
  }

  // ---- changes ----------------------------------------------------------------------------------

  /** PATCH when the provider has it; otherwise the same operations applied here and PUT whole. */
  private async modify(endpoint: ScimEndpoint, id: string, operations: ScimPatchOperation[]): Promise<void> {
    if ((await this.capabilities()).patch) {
      await this.client.patch(endpoint, id, operations);
      return;
    }
    const current = await this.client.get(endpoint, id);
    if (!current) throw new NotFoundError(`SCIM ${endpoint} ${id} does not exist`);
    const { meta: _, ...rest } = current;
    const patched = scimPatch({ ...rest, meta: { created: new Date(), lastModified: new Date() } } as never, operations as LibPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true });
    const { meta: __, ...body } = patched as Record<string, unknown>;
    await this.client.replace(endpoint, id, body);
  }

  private target(entitlementIdValue: string, principal: ResourceRef): { kind: 'group'; groupId: string } | { kind: 'role'; role: RoleAttribute; value: string } {
    const { resource, slug } = parseEntitlementId(entitlementIdValue);
    if (resource.type === 'group' && slug === 'member') {
      if (principal.type !== 'user' && principal.type !== 'group') throw new UnsupportedOperationError(`SCIM group members are users or groups, not ${principal.type}`);
      return { kind: 'group', groupId: resource.id };
    }
    const role = this.roles.find((r) => r.type === resource.type);
    if (role && slug === 'assigned') {
      if (principal.type !== 'user') throw new UnsupportedOperationError(`${role.attribute} is held by users, not ${principal.type}`);
      return { kind: 'role', role, value: resource.id };
    }
    throw new UnsupportedOperationError(`the SCIM connector provisions group:<id>:member and <role type>:<value>:assigned, not ${entitlementIdValue}`);
  }

  private async isMember(groupId: string, memberId: string): Promise<boolean> {
    const group = await this.client.get('Groups', groupId);
    if (!group) throw new NotFoundError(`SCIM group ${groupId} does not exist`);
    return (Array.isArray(group.members) ? group.members : []).some((m) => m.value === memberId);
  }

  private async user(id: string): Promise<ScimResource> {
    const user = await this.client.get('Users', id);
    if (!user) throw new NotFoundError(`SCIM user ${id} does not exist`);
    return user;
  }

  /** Whether a role attribute holds a list (`roles: [{value}]`) rather than one value (`pantherRole`). */
  private async multiValued(role: RoleAttribute, current: unknown): Promise<boolean> {
    const described = (await this.capabilities()).userAttributes.get(role.attribute.toLowerCase());
    return described?.multiValued ?? Array.isArray(current);
  }

  async grant(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const t = this.target(entitlementIdValue, principal);
    if (t.kind === 'group') {
      if (await this.isMember(t.groupId, principal.id)) return { changed: false };
      await this.modify('Groups', t.groupId, [{ op: 'add', path: 'members', value: [{ value: principal.id, type: principal.type === 'group' ? 'Group' : 'User' }] }]);
      return { changed: true };
    }
    const user = await this.user(principal.id);
    const current = readAttribute(user, t.role.attribute);
    if (roleValues(current).includes(t.value)) return { changed: false };
    if (await this.multiValued(t.role, current)) {
      await this.modify('Users', principal.id, [{ op: 'add', path: t.role.attribute, value: [{ value: t.value }] }]);
      return { changed: true };
    }
    // One value: granting another replaces it (the provider refuses a value it does not know).
    await this.modify('Users', principal.id, [{ op: 'replace', path: t.role.attribute, value: t.value }]);
    const before = roleValues(current)[0];
    return { changed: true, detail: before ? `${t.role.attribute} ${before} replaced by ${t.value}` : undefined };
  }

  async revoke(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const t = this.target(entitlementIdValue, principal);
    if (t.kind === 'group') {
      if (!(await this.isMember(t.groupId, principal.id))) return { changed: false };
      await this.modify('Groups', t.groupId, [{ op: 'remove', path: `members[value eq ${literal(principal.id)}]` }]);
      return { changed: true };
    }
    const user = await this.user(principal.id);
    const current = readAttribute(user, t.role.attribute);
    if (!roleValues(current).includes(t.value)) return { changed: false };
    const multi = await this.multiValued(t.role, current);
    await this.modify('Users', principal.id, [{ op: 'remove', path: multi ? `${t.role.attribute}[value eq ${literal(t.value)}]` : t.role.attribute }]);
    return { changed: true };
  }

  // ---- accounts ---------------------------------------------------------------------------------

  /** A user by userName: with an `eq` filter where the provider filters, else by paging through. */
  private async findUser(userName: string): Promise<ScimResource | undefined> {
    const caps = await this.capabilities();
    const wanted = userName.toLowerCase();
    if (caps.filter) {
      try {
        const page = await this.client.list('Users', 1, 10, `userName eq ${literal(userName)}`);
        return (page.Resources ?? []).find((u) => u.userName?.toLowerCase() === wanted);
      } catch (err) {
        if (!(err instanceof ScimApiError && err.scimType === 'invalidFilter')) throw err;
        caps.filter = false;
      }
    }
    for (let token: string | undefined = '1'; token; ) {
      const { items, next } = await this.listPage('Users', token);
      const found = items.find((u) => u.userName?.toLowerCase() === wanted);
      if (found) return found;
      token = next;
    }
    return undefined;
  }

  async createAccount(input: AccountInput): Promise<Resource> {
    const caps = await this.capabilities();
    if (caps.createRefused) throw new UnsupportedOperationError(`this SCIM service provider does not create users: ${caps.createRefused}`);
    const userName = (input.login || input.email).trim();
    const existing = await this.findUser(userName);
    if (existing) return userResource(existing);
    const body: Record<string, unknown> = {
      schemas: [SCIM_SCHEMAS.user],
      userName,
      name: { givenName: input.firstName, familyName: input.lastName },
      displayName: input.displayName || [input.firstName, input.lastName].filter(Boolean).join(' ') || undefined,
      emails: [{ value: input.email.trim(), type: 'work', primary: true }],
      active: true,
    };
    try {
      return userResource(await this.client.create('Users', body));
    } catch (err) {
      if (err instanceof ScimApiError && [405, 501].includes(err.status)) {
        caps.createRefused = err.detail || `POST /Users answered ${err.status}`;
        throw new UnsupportedOperationError(`this SCIM service provider does not create users: ${caps.createRefused}`);
      }
      if (err instanceof ScimApiError && err.status === 409) {
        const now = await this.findUser(userName);
        if (now) return userResource(now);
      }
      throw err;
    }
  }

  async updateAccount(ref: ResourceRef, changes: AccountChanges): Promise<ChangeResult> {
    if (ref.type !== 'user') throw new UnsupportedOperationError(`SCIM accounts are users, not ${ref.type}`);
    const user = await this.user(ref.id);
    const ops: ScimPatchOperation[] = [];
    const done: string[] = [];
    const set = (path: string, value: unknown, what: string) => {
      ops.push({ op: 'replace', path, value });
      done.push(what);
    };
    if (changes.firstName !== undefined && changes.firstName !== user.name?.givenName) set('name.givenName', changes.firstName, 'first name');
    if (changes.lastName !== undefined && changes.lastName !== user.name?.familyName) set('name.familyName', changes.lastName, 'last name');
    if (changes.displayName !== undefined && changes.displayName !== user.displayName) set('displayName', changes.displayName, 'display name');
    const email = primaryEmail(user);
    if (changes.email !== undefined && changes.email !== email) {
      set('emails', [{ value: changes.email, type: 'work', primary: true }], 'email');
      // A userName that was the email follows it.
      if (user.userName && user.userName === email) set('userName', changes.email, 'userName');
    }
    if (changes.active !== undefined && changes.active !== (user.active !== false)) set('active', changes.active, changes.active ? 'reactivated' : 'deactivated');
    if (!ops.length) return { changed: false };
    await this.modify('Users', ref.id, ops);
    return { changed: true, detail: done.join(', ') };
  }

  /** Deprovisioning deactivates (`active: false`); deleting needs allowDelete and a provider that deletes. */
  async deleteAccount(ref: ResourceRef, mode: DeleteMode): Promise<ChangeResult> {
    if (ref.type !== 'user') throw new UnsupportedOperationError(`SCIM accounts are users, not ${ref.type}`);
    if (mode === 'deprovision') {
      try {
        const result = await this.updateAccount(ref, { active: false });
        return result.changed ? { changed: true, detail: 'deactivated' } : { changed: false, detail: 'already deactivated' };
      } catch (err) {
        if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
        throw err;
      }
    }
    if (!this.config.allowDelete) throw new UnsupportedOperationError('deleting SCIM users is off: set allowDelete to allow it (deprovisioning deactivates instead)');
    try {
      return (await this.client.remove('Users', ref.id)) ? { changed: true, detail: 'deleted' } : { changed: false, detail: 'no such user' };
    } catch (err) {
      if (err instanceof ScimApiError && [405, 501].includes(err.status)) throw new UnsupportedOperationError(`this SCIM service provider does not delete users: ${err.detail}`);
      throw err;
    }
  }
}
