/**
 * The API client: JSON over fetch with the session cookie, and RFC 9457 problems turned into an
 * ApiError that pages show (title, detail and the failing fields).
 */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Network error', 'the server cannot be reached; check that it is running');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(res.status, `HTTP ${res.status}`, 'the server sent a response that is not JSON');
  }
  if (!res.ok) {
    const p = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.title ?? `HTTP ${res.status}`, p.detail ?? '', p.errors ?? []);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** Builds `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- shapes the pages use (the server's OpenAPI document has them all) ---------------------------

export type Permission = 'catalog:read' | 'apps:manage' | 'accounts:link' | 'audit:read' | 'users:read' | 'users:manage' | 'settings:manage';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: string;
  roleLabel: string;
  permissions: Permission[];
  ownedApps: string[];
}

export type ConnectorStatus = 'not_connected' | 'syncing' | 'connected' | 'error';

export interface AppSummary {
  id: string;
  name: string;
  description: string;
  managed: boolean;
  isDirectory: boolean;
  discoveredBy: string | null;
  externalId: string | null;
  owners: string[];
  status: ConnectorStatus;
  lastSyncAt: string | null;
  counts: { accounts: number; entitlements: number; grants: number };
}

export interface Connector {
  id: string;
  appId: string;
  type: string;
  config: Record<string, unknown>;
  secrets: Record<string, 'set' | 'not set'>;
  provisioning: boolean;
  schedule: string;
  status: ConnectorStatus;
  statusMessage: string | null;
  lastSyncAt: string | null;
  owners: string[];
}

export interface AppDetail extends Omit<AppSummary, 'status' | 'lastSyncAt' | 'counts'> {
  connectors: Connector[];
}

export interface ConfigField {
  key: string;
  kind: 'string' | 'number' | 'boolean' | 'enum';
  required: boolean;
  default?: unknown;
  choices?: string[];
  secret: boolean;
  description?: string;
  example?: string;
}

export interface ConnectorType {
  type: string;
  displayName: string;
  description: string;
  fields: ConfigField[];
}

export interface SyncRun {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  trigger: string;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  error: string | null;
  warnings: { code: string; message: string }[];
  apiCalls: number;
  counts: { phase?: string; resources?: number | Record<string, number>; entitlements?: number; grants?: number; inheritedGrants?: number; listsDone?: number; lists?: number };
  grantsAdded: number;
  grantsRemoved: number;
  log: string;
}

export interface ResourceRow {
  appId: string;
  appName: string;
  type: string;
  id: string;
  displayName: string;
  parent: { type: string; id: string } | null;
  email: string | null;
  login: string | null;
}

export interface EntitlementRow {
  appId: string;
  appName: string;
  id: string;
  resourceType: string;
  resourceId: string;
  slug: string;
  displayName: string;
}

export interface GrantRow {
  appId: string;
  appName: string;
  id: string;
  entitlementId: string;
  resourceType: string;
  resourceId: string;
  principalType: string;
  principalId: string;
  inherited: boolean;
  sources: string[];
}

export interface Person {
  id: string;
  email: string;
  displayName: string;
  status: string;
  managerId?: string | null;
}

export interface PersonDetail {
  id: string;
  email: string;
  displayName: string;
  status: string;
  manager: { id: string; email: string; displayName: string } | null;
  accounts: { appId: string; appName: string; accountId: string; matchedBy: string; displayName: string; email: string | null; login: string | null; status: string | null; lastLogin: string | null }[];
}

export interface AccessRow {
  appId: string;
  appName: string;
  accountId: string;
  grantId: string;
  entitlementId: string;
  entitlementName: string | null;
  resourceType: string;
  resourceId: string;
  resourceName: string | null;
  inherited: boolean;
  sources: string[];
  sourceNames: string[];
}

export interface AccountRow {
  appId: string;
  appName: string;
  accountId: string;
  displayName: string;
  email: string | null;
  login: string | null;
  personId: string | null;
  matchedBy: string;
}

export interface AuditEvent {
  seq: number;
  id: string;
  at: string;
  actor: { type: string; id: string | null };
  action: string;
  target: { type: string; id: string | null };
  before: unknown;
  after: unknown;
}

export interface Stats {
  apps: { total: number; discovered: number; byStatus: Record<ConnectorStatus, number> };
  grantsPerApp: { appId: string; name: string; grants: number; inherited: number }[];
  people: { total: number; withoutDirectoryAccount: number };
  accounts: { total: number; withoutPerson: number };
}

export interface GrantRowNamed extends GrantRow {
  principalName: string | null;
  entitlementName: string | null;
}

// ---- notifications -------------------------------------------------------------------------------

export type NotificationEvent = 'task.manual' | 'task.failed' | 'task.drift' | 'connector.owner_added' | 'connector.error';

export interface InboxItem {
  id: string;
  event: string;
  subject: string;
  text: string;
  /** A path in this UI (`/apps/…?connector=…`). */
  link: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Delivery {
  id: string;
  channel: 'email' | 'webhook';
  target: string;
  webhookId: string | null;
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  lastError: string | null;
  response: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface NotificationRecord {
  id: string;
  event: string;
  subject: string;
  text: string;
  link: string | null;
  createdAt: string;
  recipients: { notificationId: string; userId: string; email: string | null; readAt: string | null }[];
  deliveries: Delivery[];
}

export interface Webhook {
  id: string;
  name: string;
  url: string;
  format: 'json' | 'slack';
  events: NotificationEvent[];
  enabled: boolean;
  secret: 'set' | 'not set';
  createdAt: string;
  updatedAt: string;
}

export interface NotificationSettings {
  email: { configured: boolean; host: string | null; port: number | null; secure: boolean; requireTls: boolean; user: string | null; password: 'set' | 'not set'; from: string | null };
  publicUrl: string | null;
  outboundAllow: string[];
  events: NotificationEvent[];
}
