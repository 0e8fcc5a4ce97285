/**
 * The Panther connector: users with their role (one GraphQL call: Panther's `users` query is not
 * paged), roles with their permissions, and API tokens. It changes roles (`updateUser`), invites
 * accounts (`inviteUser`), deactivates and reactivates through Panther's SCIM endpoint when
 * `scimUrl` is set (Panther's API cannot), and deletes users only when `allowDelete` is set.
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
import { ScimClient } from '@gatehouse/connector-scim';
import { PantherApiError, PantherGraphQL } from './api.js';
import type { PantherConfig } from './config.js';
import {
  ROLE_FIELDS,
  roleEntitlement,
  roleGrant,
  roleResource,
  TOKEN_FIELDS,
  tokenResource,
  USER_FIELDS,
  userResource,
  type PantherRole,
  type PantherToken,
  type PantherUser,
} from './mapping.js';

/** The permission each part of the connector needs, as Panther's token settings name them. */
export const PERMISSION = {
  readUsers: 'UserRead',
  readRoles: 'GeneralSettingsRead',
  readTokens: 'OrganizationAPITokenRead',
  manageUsers: 'UserModify',
} as const;

export class PantherConnector implements Connector {
  readonly api: PantherGraphQL;
  private readonly scim?: ScimClient;

  constructor(
    private readonly config: PantherConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.api = new PantherGraphQL(checkedBaseUrl(config.apiUrl, 'apiUrl'), config.apiKey, httpOptions(ctx));
    if (config.scimUrl) {
      this.scim = new ScimClient({ baseUrl: checkedBaseUrl(config.scimUrl, 'scimUrl'), headers: { authorization: `Bearer ${config.apiKey}` }, ...httpOptions(ctx) });
    }
  }

  apiCalls(): number {
    return this.api.apiCalls() + (this.scim?.apiCalls() ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all([this.api.http.close(), this.scim?.close()]);
  }

  /** `__typename` needs no permission: it checks the URL and the token without reading anything. */
  async validate(): Promise<void> {
    await this.api.run('checking the API token', 'a valid API token', '{ __typename }');
  }

  // ---- sync -------------------------------------------------------------------------------------

  async listResources(type: ResourceType): Promise<Page<Resource>> {
    switch (type.id) {
      case 'user': {
        const { users } = await this.api.run<{ users: PantherUser[] }>('listing users', PERMISSION.readUsers, `query users { users { ${USER_FIELDS} } }`);
        return { items: users.map(userResource), grants: users.map(roleGrant) };
      }
      case 'role': {
        const { roles } = await this.api.run<{ roles: PantherRole[] }>('listing roles', PERMISSION.readRoles, `query roles { roles { ${ROLE_FIELDS} } }`);
        return { items: roles.map(roleResource) };
      }
      case 'api-token': {
        const { apiTokens } = await this.api.run<{ apiTokens: PantherToken[] }>('listing API tokens', PERMISSION.readTokens, `query apiTokens { apiTokens { ${TOKEN_FIELDS} } }`);
        return { items: apiTokens.map(tokenResource) };
      }
      default:
        throw new Error(`panther has no resource type "${type.id}"`);
    }
  }

  async listEntitlements(resource: Resource): Promise<Page<Entitlement>> {
    return { items: resource.id.type === 'role' ? [roleEntitlement(resource)] : [] };
  }

  /** Role grants come with the users (Page.grants): nothing to list per role. */
  async listGrants(): Promise<Page<Grant>> {
    return { items: [] };
  }

  // ---- provisioning: roles ------------------------------------------------------------------------

  private roleTarget(entitlementIdValue: string, principal: ResourceRef): string {
    const { resource, slug } = parseEntitlementId(entitlementIdValue);
    if (resource.type !== 'role' || slug !== 'assigned') throw new UnsupportedOperationError(`panther provisions role:<id>:assigned only, not ${entitlementIdValue}`);
    if (principal.type !== 'user') throw new UnsupportedOperationError(`panther roles are held by users, not ${principal.type}`);
    return resource.id;
  }

  private async user(id: string): Promise<PantherUser> {
    return (await this.api.run<{ userById: PantherUser }>(`reading user ${id}`, PERMISSION.readUsers, `query user($id: ID!) { userById(id: $id) { ${USER_FIELDS} } }`, { id })).userById;
  }

  private async setRole(userId: string, role: { kind: 'ID' | 'NAME'; value: string }): Promise<PantherUser> {
    const data = await this.api.run<{ updateUser: { user: PantherUser } }>(
      `changing the role of user ${userId}`,
      PERMISSION.manageUsers,
      `mutation setRole($input: UpdateUserInput!) { updateUser(input: $input) { user { ${USER_FIELDS} } } }`,
      { input: { id: userId, role } },
    );
    return data.updateUser.user;
  }

  /** A Panther user holds one role: granting another replaces it. */
  async grant(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const roleId = this.roleTarget(entitlementIdValue, principal);
    const user = await this.user(principal.id);
    if (user.role.id === roleId) return { changed: false };
    const updated = await this.setRole(principal.id, { kind: 'ID', value: roleId });
    return { changed: true, detail: `role ${user.role.name} replaced by ${updated.role.name}` };
  }

  async revoke(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const roleId = this.roleTarget(entitlementIdValue, principal);
    const user = await this.user(principal.id);
    if (user.role.id !== roleId) return { changed: false };
    const fallback = this.config.revokeRoleTo;
    if (!fallback) {
      throw new UnsupportedOperationError('a Panther user always holds exactly one role: grant the user another role instead, or set revokeRoleTo to the role revoked users fall back to');
    }
    if (fallback === user.role.name || fallback === roleId) {
      throw new UnsupportedOperationError(`${user.role.name} is the role revoked roles fall back to (revokeRoleTo): grant the user another role instead`);
    }
    const updated = await this.setRole(principal.id, { kind: 'NAME', value: fallback });
    return { changed: true, detail: `role set to ${updated.role.name}` };
  }

  // ---- accounts ---------------------------------------------------------------------------------

  private async userByEmail(email: string): Promise<PantherUser | undefined> {
    try {
      return (await this.api.run<{ userByEmail: PantherUser }>(`looking up ${email}`, PERMISSION.readUsers, `query userByEmail($email: String!) { userByEmail(email: $email) { ${USER_FIELDS} } }`, { email })).userByEmail;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  /** Invites a user (Panther emails them); an account with the same email is returned unchanged. */
  async createAccount(input: AccountInput): Promise<Resource> {
    const email = input.email.trim();
    const existing = await this.userByEmail(email);
    if (existing) return userResource(existing);
    const givenName = input.firstName?.trim() || input.displayName?.split(' ')[0];
    const familyName = input.lastName?.trim() || input.displayName?.split(' ').slice(1).join(' ');
    if (!givenName || !familyName) throw new ConfigError('Panther needs a first and a last name to invite a user');
    const role = typeof input.options?.role === 'string' && input.options.role ? input.options.role : this.config.inviteRole;
    try {
      const data = await this.api.run<{ inviteUser: { user: PantherUser } }>(
        `inviting ${email}`,
        PERMISSION.manageUsers,
        `mutation invite($input: InviteUserInput!) { inviteUser(input: $input) { user { ${USER_FIELDS} } } }`,
        { input: { email, givenName, familyName, role: { kind: 'NAME', value: role } } },
      );
      return userResource(data.inviteUser.user);
    } catch (err) {
      // Invited meanwhile (or a retried request that had gone through): the same account.
      if (err instanceof PantherApiError && err.code === 'AlreadyExists') {
        const now = await this.userByEmail(email);
        if (now) return userResource(now);
      }
      throw err;
    }
  }

  /** Names and email through GraphQL; `active` through SCIM, the only way Panther offers. */
  async updateAccount(ref: ResourceRef, changes: AccountChanges): Promise<ChangeResult> {
    if (ref.type !== 'user') throw new UnsupportedOperationError(`panther accounts are users, not ${ref.type}`);
    const user = await this.user(ref.id);
    const input: Record<string, string> = {};
    if (changes.email !== undefined && changes.email !== user.email) input.email = changes.email;
    if (changes.firstName !== undefined && changes.firstName !== user.givenName) input.givenName = changes.firstName;
    if (changes.lastName !== undefined && changes.lastName !== user.familyName) input.familyName = changes.lastName;
    const done: string[] = [];
    if (Object.keys(input).length) {
      await this.api.run(`updating user ${ref.id}`, PERMISSION.manageUsers, `mutation update($input: UpdateUserInput!) { updateUser(input: $input) { user { id } } }`, { input: { id: ref.id, ...input } });
      done.push(`updated ${Object.keys(input).join(', ')}`);
    }
    if (changes.active !== undefined && changes.active !== user.enabled) {
      done.push((await this.scimFor(changes.active ? 'reactivate' : 'deactivate').setActive(ref.id, changes.active)).detail!);
    }
    return done.length ? { changed: true, detail: done.join('; ') } : { changed: false };
  }

  private scimFor(what: string): ScimClient {
    if (!this.scim) throw new UnsupportedOperationError(`Panther's API cannot ${what} users; set scimUrl (the Tenant URL of Panther's SCIM setup) to ${what} them through SCIM`);
    return this.scim;
  }

  /**
   * Deprovisioning deactivates through SCIM when scimUrl is set (the user's history stays); without
   * it, or for `delete`, the user is deleted, but only when allowDelete says so.
   */
  async deleteAccount(ref: ResourceRef, mode: DeleteMode): Promise<ChangeResult> {
    if (ref.type !== 'user') throw new UnsupportedOperationError(`panther accounts are users, not ${ref.type}`);
    if (mode === 'deprovision' && this.scim) {
      try {
        return await this.scim.setActive(ref.id, false);
      } catch (err) {
        if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
        throw err;
      }
    }
    if (!this.config.allowDelete) {
      throw new UnsupportedOperationError(
        mode === 'deprovision'
          ? 'Panther can only deactivate users through SCIM: set scimUrl, or set allowDelete to delete them (their history goes with them)'
          : 'deleting Panther users is off: set allowDelete to allow it (their history goes with them)',
      );
    }
    try {
      await this.api.run(`deleting user ${ref.id}`, PERMISSION.manageUsers, `mutation remove($input: DeleteUserInput!) { deleteUser(input: $input) { id } }`, { input: { id: ref.id } });
    } catch (err) {
      if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
      throw err;
    }
    return { changed: true, detail: 'deleted' };
  }
}
