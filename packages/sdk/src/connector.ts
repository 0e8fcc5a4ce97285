/**
 * The connector contract (docs/ARCHITECTURE.md, "Packages"). A connector package exports one ConnectorDefinition; the
 * engine, the CLI and the server only ever talk to connectors through it.
 */
import type { z } from 'zod';
import type { ConnectorHttpOptions, RateLimitedEvent } from './http/client.js';
import type { OutboundPolicy } from './http/outbound.js';
import type { Logger } from './log.js';
import type { Entitlement, Grant, Resource, ResourceRef, ResourceType } from './model.js';

export type Capability = 'sync' | 'provision' | 'createAccount' | 'updateAccount' | 'deleteAccount';

export interface Page<T> {
  items: T[];
  /**
   * Only on pages of resources: grants the vendor hands out inside the resources themselves
   * (a PingOne user names its population), stored with the page so no second pass is needed.
   */
  grants?: Grant[];
  /**
   * Only on pages of resources: further listings of the same type, run alongside this one, each
   * from its own first page token. For lists an API cannot page through whole (PagerDuty stops at
   * offset 10,000) and that the connector splits into parts.
   */
  forks?: string[];
  /** Opaque; absent on the last page. The engine stores it in the sync file to resume. */
  nextPageToken?: string;
}

export interface ConnectorContext {
  logger: Logger;
  /** Records a warning once per code (e.g. a permission the token lacks); the sync still succeeds. */
  warn(code: string, message: string): void;
  /**
   * The outbound address policy every request must pass; connectors hand it to their HTTP
   * clients. The server always gives one; the CLI none (a user there calls the URLs they typed).
   */
  outbound?: OutboundPolicy;
  /**
   * Told of every 429 the connector's HTTP clients receive (the server counts them per connector).
   * Connectors do not call it: they hand `httpOptions(ctx)` to each HTTP client, which does.
   */
  onRateLimited?: (event: RateLimitedEvent) => void;
}

/**
 * What every HTTP client of a connector takes from its context: the logger, the outbound address
 * policy and the 429 observer (`new HttpClient({ baseUrl, ...httpOptions(ctx) })`). Connectors
 * pass it whole, so a hook added to the context reaches all of them.
 */
export function httpOptions(ctx: ConnectorContext): ConnectorHttpOptions {
  return { logger: ctx.logger, outbound: ctx.outbound, onRateLimited: ctx.onRateLimited };
}

export interface AccountInput {
  email: string;
  login?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  /** Connector-specific switches (Okta: activate, sendEmail). */
  options?: Record<string, unknown>;
}

export interface ChangeResult {
  /**
   * False when the connector found the desired state already in place (operations are idempotent).
   * 'unknown' when it made an idempotent call whose answer does not say whether anything changed
   * (Okta answers 204 to a membership's PUT and DELETE either way): looking first would cost a call
   * per change, half an app's rate limit in a burst of expiries. The task's read-back, or the next
   * sync, confirms the state all the same.
   */
  changed: boolean | 'unknown';
  detail?: string;
}

export type DeleteMode = 'deprovision' | 'delete';

/** Changes to an existing account; what is absent is left as it is. */
export interface AccountChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  /** false deactivates (the account stays, unable to sign in), true reactivates. */
  active?: boolean;
}

export interface Connector {
  /** Checks that the credentials work; throws AuthenticationError or ConfigError with a clear message. */
  validate(): Promise<void>;
  /**
   * The resource types this instance syncs, when they depend on what the service offers (a SCIM app
   * without /Groups has no group type) or on configuration. Called after validate(); without it, the
   * definition's types are synced.
   */
  resourceTypes?(): Promise<ResourceType[]>;
  listResources(type: ResourceType, pageToken?: string): Promise<Page<Resource>>;
  listEntitlements(resource: Resource, pageToken?: string): Promise<Page<Entitlement>>;
  /**
   * Grants on this resource's entitlements. A connector may also return grants of other resources'
   * entitlements when the API hands them out from here (Okta lists a group's admin roles with it).
   */
  listGrants(resource: Resource, pageToken?: string): Promise<Page<Grant>>;
  /**
   * Grants that the vendor lists per resource type rather than per resource (bulk endpoints such as
   * Okta's "users with role assignments"). Called once per type, paged.
   */
  listTypeGrants?(type: ResourceType, pageToken?: string): Promise<Page<Grant>>;
  grant?(entitlementId: string, principal: ResourceRef): Promise<ChangeResult>;
  revoke?(entitlementId: string, principal: ResourceRef): Promise<ChangeResult>;
  createAccount?(input: AccountInput): Promise<Resource>;
  updateAccount?(user: ResourceRef, changes: AccountChanges): Promise<ChangeResult>;
  deleteAccount?(user: ResourceRef, mode: DeleteMode): Promise<ChangeResult>;
  /** API calls made so far (for summaries and benchmarks). */
  apiCalls(): number;
  close(): Promise<void>;
}

export interface AccountOption {
  description: string;
  kind: 'boolean' | 'string';
}

export interface ConnectorDefinition<Schema extends z.ZodObject = z.ZodObject> {
  /** Short name used in commands and env vars: `okta` → `gatehouse sync okta`, `GATEHOUSE_OKTA_*`. */
  name: string;
  displayName: string;
  description: string;
  configSchema: Schema;
  resourceTypes: ResourceType[];
  /** What the connector can do per resource type id. */
  capabilities: Record<string, Capability[]>;
  /** Principal resource types, used to parse grant ids (`<entitlement>:<type>:<id>`). */
  principalTypes: string[];
  /**
   * Where this config sends its secrets: the base URLs of every API the connector calls with
   * them. The server checks them against its outbound address policy when a config is saved, and
   * refuses an edit that changes them unless the secrets are entered again (so a changed domain
   * can never carry the stored token to another host).
   */
  destinations(config: z.output<Schema>): string[];
  /** Account creation options that the CLI exposes as flags (switches, or values such as a population). */
  accountOptions?: Record<string, AccountOption>;
  create(config: z.output<Schema>, ctx: ConnectorContext): Connector;
}

export function defineConnector<Schema extends z.ZodObject>(def: ConnectorDefinition<Schema>): ConnectorDefinition<Schema> {
  return def;
}
