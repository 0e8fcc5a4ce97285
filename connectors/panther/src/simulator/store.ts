/** The Panther simulator's data: users, roles and API tokens, held in memory. */
import { Random, seededUuid } from '@gatehouse/sdk/simkit';

/** The token permissions Panther's GraphQL schema lists (api-facts §D). */
export const PERMISSIONS = [
  'AlertModify', 'AlertRead', 'BulkUpload', 'CloudsecSourceModify', 'CloudsecSourceRead', 'DataAnalyticsModify', 'DataAnalyticsRead',
  'DestinationModify', 'DestinationRead', 'GeneralSettingsModify', 'GeneralSettingsRead', 'LogSourceModify', 'LogSourceRawDataRead',
  'LogSourceRead', 'LookupModify', 'LookupRead', 'OrganizationAPITokenModify', 'OrganizationAPITokenRead', 'PolicyModify', 'PolicyRead',
  'ResourceModify', 'ResourceRead', 'RuleModify', 'RuleRead', 'RunPantherAI', 'SummaryRead', 'UserModify', 'UserRead',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type LogTypeAccessKind = 'ALLOW' | 'ALLOW_ALL' | 'DENY' | 'DENY_ALL';

export interface SimRole {
  id: string;
  name: string;
  permissions: Permission[];
  logTypeAccessKind: LogTypeAccessKind;
  logTypeAccess: string[] | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * `status` is the Cognito status Panther reports: EXTERNAL_PROVIDER for users who came through SSO,
 * FORCE_CHANGE_PASSWORD for invited users who never signed in, CONFIRMED for password users.
 */
export interface SimUser {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  roleId: string;
  enabled: boolean;
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'EXTERNAL_PROVIDER';
  createdAt: string;
  lastLoggedInAt: string | null;
  /** Last change through SCIM or the API (SCIM's meta.lastModified). */
  updatedAt: string;
}

/** A user's fields as both of Panther's APIs show them (each adds the role its own way). */
export function userFields(u: SimUser) {
  return { id: u.id, email: u.email, givenName: u.givenName, familyName: u.familyName, enabled: u.enabled, status: u.status, createdAt: u.createdAt, lastLoggedInAt: u.lastLoggedInAt };
}

export interface SimToken {
  id: string;
  name: string;
  /** The secret sent in X-API-Key (or as a SCIM bearer token). */
  key: string;
  permissions: Permission[];
  createdByUserId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

/** A Map that counts its changes, so that what is derived from it can be cached until it changes. */
class VersionedMap<K, V> extends Map<K, V> {
  version = 0;
  override set(key: K, value: V): this {
    this.version++;
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.version++;
    return super.delete(key);
  }
}

export class PantherStore {
  readonly users = new VersionedMap<string, SimUser>();
  private sorted?: { version: number; users: SimUser[] };
  readonly roles = new Map<string, SimRole>();
  readonly tokens = new Map<string, SimToken>();
  private readonly ids: Random;

  constructor(
    seed: number,
    readonly now: () => Date,
  ) {
    this.ids = new Random(seed * 31 + 7);
  }

  newId(): string {
    return seededUuid(this.ids);
  }

  tokenByKey(key: string): SimToken | undefined {
    for (const t of this.tokens.values()) if (t.key === key) return t;
    return undefined;
  }

  userByEmail(email: string): SimUser | undefined {
    const wanted = email.toLowerCase();
    for (const u of this.users.values()) if (u.email.toLowerCase() === wanted) return u;
    return undefined;
  }

  roleByName(name: string): SimRole | undefined {
    for (const r of this.roles.values()) if (r.name === name) return r;
    return undefined;
  }

  role(id: string): SimRole {
    const role = this.roles.get(id);
    if (!role) throw new Error(`store: user points at missing role ${id}`);
    return role;
  }

  /** Users in the order Panther lists them (by creation, then id): stable across pages; cached until a user is added or removed. */
  sortedUsers(): SimUser[] {
    if (this.sorted?.version !== this.users.version) {
      const users = [...this.users.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      this.sorted = { version: this.users.version, users };
    }
    return this.sorted.users;
  }

  sortedRoles(direction: 'ascending' | 'descending' = 'ascending'): SimRole[] {
    const roles = [...this.roles.values()].sort((a, b) => a.name.localeCompare(b.name));
    return direction === 'descending' ? roles.reverse() : roles;
  }

  timestamp(): string {
    return this.now().toISOString();
  }
}
