/**
 * The server's tables, as Kysely sees them. Portable across SQLite and PostgreSQL: ids are text
 * (UUIDs), times ISO-8601 text, JSON stored as text, booleans as 0/1 integers.
 */
import type { Generated } from 'kysely';

export interface PlatformUserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role: string;
  disabled: number;
  created_at: string;
}

export interface SessionTable {
  id: string; // sha256 of the cookie value
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked: number;
}

export interface AppTable {
  id: string;
  name: string;
  description: string;
  /** 1: a directory (Okta, PingOne) whose users become people. */
  is_directory: number;
  /** 0: discovered by a directory connector and not yet managed. */
  managed: number;
  /** For discovered apps: the directory connector and the app's id there. */
  discovered_by: string | null;
  external_id: string | null;
  /** The catalog generation readers see; a sync writes the next one and switches atomically. */
  catalog_generation: number;
  /** JSON CatalogCounts of that generation, written with it (lists and dashboards read it, never count). */
  catalog_counts: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppOwnerTable {
  app_id: string;
  user_id: string;
}

export interface ConnectorTable {
  id: string;
  app_id: string;
  type: string;
  /** Non-secret config fields (JSON). */
  config: string;
  /** Secret fields, AES-256-GCM under the master key. */
  secrets: string;
  provisioning: number;
  schedule: string;
  status: string;
  status_message: string | null;
  last_sync_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SyncRunTable {
  id: string;
  connector_id: string;
  app_id: string;
  status: string;
  trigger: string;
  queued_at: string;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  warnings: string;
  api_calls: number;
  counts: string;
  grants_added: number;
  grants_removed: number;
  log: string;
}

export interface ResourceTable {
  app_id: string;
  generation: number;
  type: string;
  id: string;
  display_name: string;
  parent_type: string | null;
  parent_id: string | null;
  email: string | null;
  login: string | null;
  data: string;
}

export interface EntitlementTable {
  app_id: string;
  generation: number;
  id: string;
  resource_type: string;
  resource_id: string;
  slug: string;
  display_name: string;
  data: string;
}

export interface GrantTable {
  app_id: string;
  generation: number;
  id: string;
  entitlement_id: string;
  resource_type: string;
  resource_id: string;
  principal_type: string;
  principal_id: string;
  direct: number;
  sources: string | null;
}

export interface CatalogEventTable {
  seq: Generated<number>;
  app_id: string;
  sync_run_id: string;
  kind: string;
  grant_id: string;
  entitlement_id: string;
  principal_type: string;
  principal_id: string;
  created_at: string;
}

export interface PersonTable {
  id: string;
  email: string;
  display_name: string;
  status: string;
  manager_id: string | null;
  source_app_id: string | null;
  source_account_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Which person an app account belongs to. Rebuilt on every sync, except admin links. */
export interface AccountLinkTable {
  app_id: string;
  account_id: string;
  person_id: string | null;
  /** email | login | directory | manual | manual-unlinked */
  matched_by: string;
  linked_by: string | null;
  updated_at: string;
}

export interface AuditEventTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  status: string;
  dedupe_key: string | null;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  platform_users: PlatformUserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  apps: AppTable;
  app_owners: AppOwnerTable;
  connectors: ConnectorTable;
  sync_runs: SyncRunTable;
  resources: ResourceTable;
  entitlements: EntitlementTable;
  grants: GrantTable;
  catalog_events: CatalogEventTable;
  people: PersonTable;
  account_links: AccountLinkTable;
  audit_events: AuditEventTable;
  jobs: JobTable;
}

export interface CatalogCounts {
  accounts: number;
  entitlements: number;
  grants: number;
  inherited: number;
}
