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
  /** When the token stops authenticating; null: never (tokens made before expiry existed, or asked for). */
  expires_at: string | null;
  revoked: number;
}

/**
 * Sign-in throttling, one row per key (`account:<email>` or `address:<client address>`): the
 * password checks started in the current window, and the lock that stops them. Rows untouched
 * for a day are forgotten.
 */
export interface LoginThrottleTable {
  key: string;
  attempts: number;
  window_start: string;
  /** How many times this key was locked (each lock lasts twice the one before). */
  lockouts: number;
  locked_until: string | null;
  updated_at: string;
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
  /**
   * The identity (SyncFile.identity) of the sync file the catalog was last built from, kept on
   * disk beside the next one: the next ingest applies only the difference between the two.
   */
  catalog_source: string | null;
  /** The ingest running for this app (a random id) and until when its lease holds unless renewed. */
  ingest_owner: string | null;
  ingest_until: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Catalog rows the platform changed itself (a task's grant, revoke, new or removed account) since
 * the last ingest: the sync files do not know of them, so the next incremental ingest sets each
 * of these keys to what the new sync says.
 */
export interface CatalogLocalChangeTable {
  app_id: string;
  /** 'grant' (key: the grant id) or 'account' (key: JSON [type, id] of the account, whose grants go with it). */
  kind: 'grant' | 'account';
  key: string;
  changed_at: string;
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
  /** The sync whose ingest saw the change; null for changes a task made (see task_id). */
  sync_run_id: string | null;
  /** The provisioning task that made or expected the change. */
  task_id: string | null;
  /** grant_added | grant_removed (by a sync) | task_granted | task_revoked | drift */
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
  /** From the directory profile: peers are people with the same title and department. */
  title: string | null;
  department: string | null;
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

/** One change to make in an app: the only way the platform changes an app (docs/ARCHITECTURE.md). */
export interface TaskTable {
  id: string;
  app_id: string;
  /** The connector that carries it out; null when the app has none (manual). */
  connector_id: string | null;
  /** grant | revoke | create_account | update_account | deprovision_account */
  kind: string;
  /** pending | running | succeeded | failed | manual | cancelled */
  state: string;
  /** JSON: what to change (entitlement and principal, account input, account changes). */
  input: string;
  /** The change in words, with the names the catalog had when it was asked for. */
  summary: string;
  /** Two open tasks never make the same change: `<kind>|<grant id or account>` is unique among them. */
  change_key: string;
  /** Who asked: a platform user, or null for the platform itself (an expiry). */
  requested_by: string | null;
  reason: string;
  /** Which feature asked: manual | review | request | expiry */
  origin: string;
  origin_id: string | null;
  /** JSON: the connector's answer (changed, detail, the account created). */
  result: string | null;
  error: string | null;
  /** For manual tasks: who completed it, how (done | not_possible) and why. */
  completed_by: string | null;
  completion: string | null;
  comment: string | null;
  /** pending | confirmed | drift | not_checked: what a read of the app said after success. */
  verification: string | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  updated_at: string;
}

export interface TaskLogTable {
  seq: Generated<number>;
  task_id: string;
  at: string;
  /** info | warn | error */
  level: string;
  message: string;
}

export interface ConnectorOwnerTable {
  connector_id: string;
  user_id: string;
}

/** A notification in a platform user's in-app inbox (the outbox of every other channel too). */
export interface NotificationTable {
  id: string;
  event: string;
  user_id: string;
  subject: string;
  body: string;
  link: string | null;
  data: string;
  created_at: string;
  read_at: string | null;
  /** The event this notification is one recipient's copy of (every channel's deliveries hang off it). */
  event_id: string | null;
}

/** One thing that happened and notified: the inbox rows of its recipients and its deliveries point here. */
export interface NotificationEventTable {
  id: string;
  /** task.manual, connector.error, … (NotificationEvent) */
  event: string;
  subject: string;
  body: string;
  link: string | null;
  data: string;
  created_at: string;
}

/** A signed HTTP receiver of notification events (a Slack incoming webhook, a SIEM, a chat bot). */
export interface WebhookTable {
  id: string;
  name: string;
  url: string;
  /** json | slack */
  format: string;
  /** JSON array of the events it receives. */
  events: string;
  enabled: number;
  /** The HMAC signing secret, sealed with the master key. */
  secret: string;
  created_at: string;
  updated_at: string;
}

/** One channel's copy of a notification event: an email to one recipient, or a POST to one webhook. */
export interface NotificationDeliveryTable {
  id: string;
  event_id: string;
  /** The recipient's inbox row, for emails. */
  notification_id: string | null;
  /** email | webhook */
  channel: string;
  webhook_id: string | null;
  /** The email address, or the webhook's name, when the delivery was made. */
  target: string;
  /** JSON: what is sent, rendered once so every attempt sends the same content. */
  payload: string;
  /** queued | sending | sent | failed | cancelled */
  state: string;
  attempts: number;
  /** The queue job that sends it (its run_at is when the next attempt is due). */
  job_id: string | null;
  last_error: string | null;
  /** What the receiver answered (SMTP reply, HTTP status). */
  response: string | null;
  created_at: string;
  sending_at: string | null;
  sent_at: string | null;
  updated_at: string;
}

/** Keys of notifications sent once until cleared (a connector in error: until it syncs again). */
export interface NotificationOnceTable {
  key: string;
  created_at: string;
}

/** Who else is responsible for one entitlement (beside the app's owners): reviewers and approvers. */
export interface EntitlementOwnerTable {
  app_id: string;
  entitlement_id: string;
  user_id: string;
}

/** How an access review decides: ordered steps, each naming its reviewers (JSON ReviewStep[]). */
export interface ReviewPolicyTable {
  id: string;
  name: string;
  description: string;
  steps: string;
  created_at: string;
  updated_at: string;
}

/** The policy an app ('' entitlement) or one entitlement prefers; it wins over the campaign's. */
export interface ReviewPolicyPreferenceTable {
  app_id: string;
  entitlement_id: string;
  policy_id: string;
}

/** A reviewer's stand-in between two dates: new review items go to the delegate. */
export interface ReviewDelegationTable {
  id: string;
  user_id: string;
  delegate_id: string;
  starts_at: string;
  ends_at: string;
  created_at: string;
}

/** A campaign definition run on a schedule (croner): each run creates and starts a campaign. */
export interface CampaignTemplateTable {
  id: string;
  name: string;
  /** JSON CampaignDefinition (scope, policy, duration in days, due action, …). */
  definition: string;
  schedule: string;
  enabled: number;
  created_by: string | null;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignTable {
  id: string;
  name: string;
  description: string;
  owner_id: string;
  /** JSON CampaignScope. */
  scope: string;
  policy_id: string;
  /** JSON: the policy as run (its steps when the campaign started; later edits do not change it). */
  policy: string;
  due_at: string;
  /** leave_open | close | revoke: what happens to undecided items at the due date. */
  due_action: string;
  approve_comment_required: number;
  /** draft | starting | running | completed | cancelled */
  state: string;
  /** JSON: how far the start's snapshot is (items written). */
  progress: string | null;
  error: string | null;
  template_id: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

/** One grant under review: a snapshot taken at the campaign's start (later syncs do not change it). */
export interface ReviewItemTable {
  id: string;
  campaign_id: string;
  app_id: string;
  app_name: string;
  grant_id: string;
  entitlement_id: string;
  entitlement_name: string;
  resource_type: string;
  resource_id: string;
  principal_type: string;
  principal_id: string;
  principal_name: string;
  /** The account's status in the app (enabled, disabled, …) and its last sign-in or use, if the app reports it. */
  account_status: string | null;
  last_login: string | null;
  direct: number;
  /** JSON: the entitlements an inherited grant comes through (group memberships). */
  sources: string | null;
  /** When the catalog first saw this grant (null: before the app's first sync). */
  first_seen: string | null;
  person_id: string | null;
  /** JSON ItemPerson: name, email, title, department, status, manager as they were at the start. */
  person: string | null;
  /** The policy step the item is at (0-based). */
  step: number;
  reviewer_id: string | null;
  /** Why this reviewer: the step's rule, its fallback, a delegation, a reassignment. */
  assigned_because: string | null;
  /** pending | approved | revoked | not_reviewed | removed */
  state: string;
  /** The current reviewer's decision, changeable until they submit: approve | revoke. */
  decision: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** approve | revoke, and why. */
  recommendation: string | null;
  recommendation_reason: string | null;
  peers_holding: number | null;
  peers_total: number | null;
  /** What the last completed campaign decided for this grant. */
  previous_decision: string | null;
  /** JSON string[]: the revoke tasks of a revoked item. */
  task_ids: string | null;
  closed_at: string | null;
  updated_at: string;
}

/** Everything that happened to a review item: submitted decisions, reassignments, deadline actions. */
export interface ReviewDecisionTable {
  seq: Generated<number>;
  item_id: string;
  campaign_id: string;
  step: number;
  /** decision | reassign | due | removed | step */
  kind: string;
  decision: string | null;
  comment: string | null;
  actor_id: string | null;
  reviewer_id: string | null;
  at: string;
}

/** When a reviewer was last reminded of a campaign (and how many reminders they had). */
/** How many items of a campaign are in a state (pending ones: drafted or not, assigned or not); kept by triggers (migration 0021). */
export interface ReviewItemCountTable {
  campaign_id: string;
  state: string;
  drafted: number;
  unassigned: number;
  n: number;
}

export interface ReviewReminderTable {
  campaign_id: string;
  user_id: string;
  last_sent_at: string;
  sent: number;
}

/** Separation of duties: one person must not hold an entitlement of side A and one of side B together. */
export interface ConflictRuleTable {
  id: string;
  name: string;
  description: string;
  /** low | medium | high | critical */
  severity: string;
  owner_id: string;
  /** JSON ConflictSide: [{ appId, entitlementId }]. */
  side_a: string;
  side_b: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A person found holding both sides of a rule; one row per rule and person, kept across syncs. */
export interface ConflictViolationTable {
  id: string;
  rule_id: string;
  person_id: string;
  /** open | resolved | exempted */
  state: string;
  /** JSON: what the person holds of each side (app, entitlement, account) when last seen. */
  held: string;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  exempt_reason: string | null;
  exempt_until: string | null;
  exempted_by: string | null;
  updated_at: string;
}

/** How an entitlement (or, with entitlement_id '', every entitlement of an app) may be requested: JSON RequestSettings. */
export interface RequestSettingsTable {
  app_id: string;
  entitlement_id: string;
  settings: string;
  updated_at: string;
}

/** A request policy: ordered rules (a CEL condition and an outcome) and a baseline outcome. */
export interface RequestPolicyTable {
  id: string;
  name: string;
  description: string;
  /** JSON PolicyRule[]. */
  rules: string;
  /** JSON Outcome. */
  baseline: string;
  created_at: string;
  updated_at: string;
}

/** Someone asks for an entitlement for a while; approvers decide; a task grants it and another takes it away. */
export interface AccessRequestTable {
  id: string;
  requester_id: string;
  /** Whose access it is (the requester's person, or someone they ask for). */
  person_id: string;
  app_id: string;
  /** The person's account in the app that receives the grant. */
  account_id: string;
  entitlement_id: string;
  entitlement_name: string;
  /** null: permanent. */
  duration_minutes: number | null;
  reason: string;
  emergency: number;
  /** pending | denied | cancelled | expired (undecided) | provisioning | active | revoking | ended | failed */
  state: string;
  /** JSON: what the policy said (the rule that matched and its outcome) and who decided what. */
  decision: string | null;
  step: number;
  /** JSON string[]: who may approve at the current step. */
  approver_ids: string | null;
  /** When the current step times out. */
  step_due_at: string | null;
  /** JSON: the access conflicts the grant would create. */
  conflicts: string | null;
  /** An extension names the request whose grant it extends. */
  extends_id: string | null;
  /** Asked as part of a bundle: the bundle, and the id the requests of that one ask share. */
  bundle_id: string | null;
  bundle_request_id: string | null;
  task_id: string | null;
  revoke_task_id: string | null;
  granted_at: string | null;
  expires_at: string | null;
  /** JSON: which expiry warnings were sent (day, hour). */
  warned: string | null;
  /** A request nobody decides by then expires. */
  decide_by: string;
  created_at: string;
  updated_at: string;
}

/** An OpenID Connect provider people sign in with (modules/sso). */
export interface SsoProviderTable {
  id: string;
  name: string;
  /** The issuer (discovery) URL. */
  issuer: string;
  client_id: string;
  /** Sealed (SecretBox); null for a public client (PKCE only). */
  client_secret: string | null;
  /** Space-separated. */
  scopes: string;
  groups_claim: string;
  /** JSON: [{ group, role }]. */
  role_mapping: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A sign-in under way: what the callback must match (one use, minutes long). */
export interface SsoLoginTable {
  /** sha256 of the state sent to the provider. */
  state: string;
  provider_id: string;
  /** sha256 of the cookie that binds the sign-in to the browser that started it. */
  browser: string;
  nonce: string;
  code_verifier: string;
  expires_at: string;
}

/** A session that came from single sign-on (for RP-initiated logout). */
export interface SsoSessionTable {
  session_id: string;
  provider_id: string;
  /** Sealed: the ID token, the logout's id_token_hint. */
  id_token: string;
}

/** One row (id 1): whether local passwords sign in, and the break-glass account that always may. */
export interface SsoSettingsTable {
  id: number;
  local_passwords: number;
  break_glass_user_id: string | null;
  updated_at: string;
}

/** A bundle (access profile): entitlements across apps requested together ("On-call SRE"). */
export interface RequestBundleTable {
  id: string;
  name: string;
  description: string;
  /** JSON [{ appId, entitlementId }]. */
  items: string;
  created_at: string;
  updated_at: string;
}

/** A request's history, in order. */
export interface RequestEventTable {
  seq: Generated<number>;
  request_id: string;
  at: string;
  kind: string;
  actor_id: string | null;
  detail: string;
}

/** An identity provider pushing users and groups to /scim/v2, with its bearer token (SHA-256). */
export interface ScimClientTable {
  id: string;
  name: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  rotated_at: string | null;
  last_used_at: string | null;
}

/** What SCIM says of a platform user beyond platform_users (the userName as sent, the rest as JSON). */
export interface ScimUserTable {
  user_id: string;
  user_name: string;
  /** Unique: userName is unique case-insensitively. */
  user_name_lower: string;
  external_id: string | null;
  /** JSON: the SCIM attributes (name, emails, the enterprise extension, …) but userName, active, id, meta, groups. */
  attributes: string;
  /** 1: the user's role was set by a mapped SCIM group (and goes back to basic_user when no mapped group holds them). */
  role_from_groups: number;
  /** Deleted through SCIM: hidden from SCIM, the platform user kept disabled (their records name them). */
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A value some user has (or had) at a path of scim_user_values, once: where `co` and `ew` look
 * first (modules/scim/values.ts). Never removed: a term nobody holds any more finds no users.
 * On SQLite the table also has `id INTEGER PRIMARY KEY`, the rowid its full-text index points at.
 */
export interface ScimValueTermTable {
  path: string;
  value: string;
}

/** A value a SCIM filter compares, of a user's stored attributes (modules/scim/values.ts). */
export interface ScimUserValueTable {
  user_id: string;
  /** The attribute path in lower case: `name.familyname`, `emails.value`, `urn:…:enterprise:2.0:user:department`. */
  path: string;
  /** The element of a multi-valued attribute (0 for a single value). */
  item: number;
  /** In lower case, as the filter compares it ('' for kind 1). */
  value: string;
  /** 0: a string or number; 1: another kind of value (filters on its path are evaluated in memory). */
  kind: number;
}

export interface ScimGroupTable {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScimGroupMemberTable {
  group_id: string;
  user_id: string;
}

/** A SCIM group's displayName (lower case) → the platform role its members get (set through the API). */
export interface ScimRoleMapTable {
  group_name: string;
  role: string;
}

export interface Database {
  platform_users: PlatformUserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  apps: AppTable;
  app_owners: AppOwnerTable;
  connectors: ConnectorTable;
  sync_runs: SyncRunTable;
  resources: ResourceTable;
  entitlements: EntitlementTable;
  grants: GrantTable;
  catalog_events: CatalogEventTable;
  catalog_local_changes: CatalogLocalChangeTable;
  tasks: TaskTable;
  task_log: TaskLogTable;
  connector_owners: ConnectorOwnerTable;
  notifications: NotificationTable;
  notification_events: NotificationEventTable;
  notification_deliveries: NotificationDeliveryTable;
  webhooks: WebhookTable;
  notification_once: NotificationOnceTable;
  people: PersonTable;
  account_links: AccountLinkTable;
  audit_events: AuditEventTable;
  jobs: JobTable;
  entitlement_owners: EntitlementOwnerTable;
  review_policies: ReviewPolicyTable;
  review_policy_preferences: ReviewPolicyPreferenceTable;
  review_delegations: ReviewDelegationTable;
  campaign_templates: CampaignTemplateTable;
  campaigns: CampaignTable;
  review_items: ReviewItemTable;
  review_decisions: ReviewDecisionTable;
  review_reminders: ReviewReminderTable;
  review_item_counts: ReviewItemCountTable;
  conflict_rules: ConflictRuleTable;
  conflict_violations: ConflictViolationTable;
  request_settings: RequestSettingsTable;
  request_policies: RequestPolicyTable;
  access_requests: AccessRequestTable;
  request_events: RequestEventTable;
  request_bundles: RequestBundleTable;
  scim_clients: ScimClientTable;
  scim_users: ScimUserTable;
  scim_user_values: ScimUserValueTable;
  scim_value_terms: ScimValueTermTable;
  scim_groups: ScimGroupTable;
  scim_group_members: ScimGroupMemberTable;
  scim_role_map: ScimRoleMapTable;
  sso_providers: SsoProviderTable;
  sso_logins: SsoLoginTable;
  sso_sessions: SsoSessionTable;
  sso_settings: SsoSettingsTable;
}

export interface CatalogCounts {
  accounts: number;
  entitlements: number;
  grants: number;
  inherited: number;
}
