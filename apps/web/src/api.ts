/**
 * The API client: JSON over fetch with the session cookie, and RFC 9457 problems turned into an
 * ApiError that pages show (title, detail and the failing fields).
 */
import type { paths } from './api-types';

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
    /** The problem's other members (a 409 names what it conflicts with: `taskId`, `existingAccount`, …). */
    readonly extra: Record<string, unknown> = {},
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
    const { title, detail, errors, ...extra } = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[] } & Record<string, unknown>;
    throw new ApiError(res.status, title ?? `HTTP ${res.status}`, detail ?? '', errors ?? [], extra);
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

// ---- shapes the pages use: the server's response schemas, from api-types.ts (generated) ---------

/** The API's paths as the UI writes them, without the /api/v1 prefix: a path that does not exist is a type error. */
type Path = keyof paths extends infer K ? (K extends `/api/v1${infer P}` ? P : never) : never;
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON `GET path` answers with 200. */
type Get<P extends Path> = paths[`/api/v1${P}`] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
/** The JSON `POST path` answers with `status`. */
type Post<P extends Path, S extends number> = paths[`/api/v1${P}`] extends { post: { responses: Record<S, infer R> } } ? Json<R> : never;
/** One item of a paged or listed answer. */
type Item<T> = T extends { items: (infer I)[] } ? I : never;

export type Me = Get<'/auth/me'>;
export type Permission = Me['permissions'][number];

export type AppSummary = Item<Get<'/apps'>>;
export type ConnectorStatus = AppSummary['status'];
export type AppDetail = Get<'/apps/{id}'>;
export type Connector = Get<'/connectors/{id}'>;
export type ConnectorType = Item<Get<'/connector-types'>>;
export type ConfigField = ConnectorType['fields'][number];
export type SyncRun = Item<Get<'/connectors/{id}/sync-runs'>>;

export type ResourceRow = Item<Get<'/resources'>>;
export type EntitlementRow = Item<Get<'/entitlements'>>;
export type GrantRowNamed = Item<Get<'/grants'>>;

export type Person = Item<Get<'/people'>>;
export type PersonDetail = Get<'/people/{id}'>;
export type AccessRow = Item<Get<'/people/{id}/access'>>;
export type AccountRow = Item<Get<'/accounts'>>;

export type AuditEvent = Item<Get<'/audit'>>;
export type Stats = Get<'/stats'>;

// ---- provisioning tasks ----------------------------------------------------------------------------

export type Task = Item<Get<'/tasks'>>;
export type TaskDetail = Get<'/tasks/{id}'>;
export type TaskState = Task['state'];
export type TaskCounts = Get<'/tasks/counts'>;
/** What POST /tasks takes: the kind decides the input's shape. */
export type TaskRequest = paths['/api/v1/tasks']['post']['requestBody']['content']['application/json'];
export type TaskKind = TaskRequest['kind'];
export type TaskCreated = Post<'/tasks', 201>;

// ---- notifications -------------------------------------------------------------------------------

export type InboxItem = Item<Get<'/inbox'>>;
export type NotificationRecord = Item<Get<'/notifications'>>;
export type Delivery = NotificationRecord['deliveries'][number];
export type Webhook = Item<Get<'/webhooks'>>;
export type NotificationEvent = Webhook['events'][number];
export type NotificationSettings = Get<'/notifications/settings'>;

// ---- access reviews -------------------------------------------------------------------------------

/** The JSON body `POST path` takes. */
type PostBody<P extends Path> = paths[`/api/v1${P}`] extends { post: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

/** A running campaign with items waiting for me (GET /reviews). */
export type MyCampaign = Item<Get<'/reviews'>>;
export type ReviewItem = Item<Get<'/reviews/items'>>;
export type ReviewItemDetail = Get<'/reviews/items/{id}'>;
export type ReviewItemState = ReviewItem['state'];
export type ReviewDecision = NonNullable<ReviewItem['decision']>;
export type Delegation = Item<Get<'/reviews/delegations'>>;
/** A platform user to reassign or delegate to. */
export type ReviewerUser = Item<Get<'/reviews/reviewers'>>;
export type DecisionsBody = PostBody<'/reviews/decisions'>;
export type Submitted = Post<'/reviews/submit', 200>;

export type Campaign = Item<Get<'/campaigns'>>;
export type CampaignDetail = Get<'/campaigns/{id}'>;
export type CampaignState = Campaign['state'];
export type DueAction = Campaign['dueAction'];
export type CampaignScope = Campaign['scope'];
export type CampaignInput = PostBody<'/campaigns'>;
export type CampaignPreview = Get<'/campaigns/{id}/preview'>;
export type CampaignProgress = Get<'/campaigns/{id}/progress'>;
export type Remediation = CampaignDetail['remediation'];
export type EvidenceReport = Item<Get<'/campaigns/{id}/reports'>>;
export type ReviewPolicy = Item<Get<'/review-policies'>>;
export type ReviewStep = ReviewPolicy['steps'][number];
export type PolicyInput = PostBody<'/review-policies'>;
/** A recurring campaign: a definition without dates, and a schedule. */
export type CampaignTemplate = Item<Get<'/campaign-templates'>>;
export type TemplateInput = PostBody<'/campaign-templates'>;
/** A platform user as user readers list them (with their role), e.g. to choose a campaign's owner. */
export type PlatformUser = Item<Get<'/users'>>;
export type Department = Item<Get<'/people/departments'>>;

// ---- access requests -----------------------------------------------------------------------------

/** The JSON body `PUT path` takes. */
type PutBody<P extends Path> = paths[`/api/v1${P}`] extends { put: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

export type CatalogEntry = Item<Get<'/request-catalog'>>;
export type AccessRequest = Item<Get<'/requests'>>;
export type AccessRequestDetail = Get<'/requests/{id}'>;
export type RequestState = AccessRequest['state'];
export type RequestHistoryEntry = AccessRequestDetail['history'][number];
export type RequestInput = PostBody<'/requests'>;
export type PreviewInput = PostBody<'/requests/preview'>;
export type RequestPreview = Post<'/requests/preview', 200>;
export type RequestPerson = Item<Get<'/request-catalog/people'>>;
export type RequestPolicy = Item<Get<'/request-policies'>>;
export type RequestPolicyInput = PostBody<'/request-policies'>;
export type PolicyRule = RequestPolicy['rules'][number];
export type Outcome = RequestPolicy['baseline'];
export type ApprovalStep = Extract<Outcome, { kind: 'steps' }>['steps'][number];
export type RequestSettingsRow = Item<Get<'/apps/{id}/request-settings'>>;
export type RequestSettings = RequestSettingsRow['settings'];
export type RequestSettingsBody = PutBody<'/apps/{id}/request-settings'>;
export type RequestBundle = Item<Get<'/request-bundles'>>;
export type RequestBundleInput = PostBody<'/request-bundles'>;
export type BundleRequestInput = PostBody<'/requests/bundle'>;
export type BundleRequested = Post<'/requests/bundle', 201>;
/** A platform group (the identity provider's, pushed through SCIM), e.g. a step's approvers. */
export type PlatformGroup = Item<Get<'/platform-groups'>>;

// ---- access conflicts ------------------------------------------------------------------------------

export type ConflictRule = Item<Get<'/conflict-rules'>>;
export type ConflictRuleInput = PostBody<'/conflict-rules'>;
export type Severity = ConflictRule['severity'];
export type ConflictSideEntry = ConflictRule['sideA'][number];
export type Violation = Item<Get<'/violations'>>;
export type ViolationState = Violation['state'];

// A shape whose route lost its response schema would be `never`, which any use type-checks against:
// name each one here so that the typecheck fails instead (with the names in the error).
type Unresolved<T> = { [K in keyof T]: [T[K]] extends [never] ? K : never }[keyof T];
type MustBeNone<T extends never> = T;
export type _EveryShapeResolves = MustBeNone<
  Unresolved<{
    Me: Me;
    AppSummary: AppSummary;
    AppDetail: AppDetail;
    Connector: Connector;
    ConnectorType: ConnectorType;
    SyncRun: SyncRun;
    ResourceRow: ResourceRow;
    EntitlementRow: EntitlementRow;
    GrantRowNamed: GrantRowNamed;
    Person: Person;
    PersonDetail: PersonDetail;
    AccessRow: AccessRow;
    AccountRow: AccountRow;
    AuditEvent: AuditEvent;
    Stats: Stats;
    Task: Task;
    TaskDetail: TaskDetail;
    TaskCounts: TaskCounts;
    TaskCreated: TaskCreated;
    InboxItem: InboxItem;
    NotificationRecord: NotificationRecord;
    Webhook: Webhook;
    NotificationSettings: NotificationSettings;
    MyCampaign: MyCampaign;
    ReviewItem: ReviewItem;
    ReviewItemDetail: ReviewItemDetail;
    Delegation: Delegation;
    ReviewerUser: ReviewerUser;
    DecisionsBody: DecisionsBody;
    Submitted: Submitted;
    Campaign: Campaign;
    CampaignDetail: CampaignDetail;
    CampaignInput: CampaignInput;
    CampaignPreview: CampaignPreview;
    CampaignProgress: CampaignProgress;
    EvidenceReport: EvidenceReport;
    ReviewPolicy: ReviewPolicy;
    PolicyInput: PolicyInput;
    CampaignTemplate: CampaignTemplate;
    TemplateInput: TemplateInput;
    PlatformUser: PlatformUser;
    Department: Department;
    CatalogEntry: CatalogEntry;
    AccessRequest: AccessRequest;
    AccessRequestDetail: AccessRequestDetail;
    RequestInput: RequestInput;
    PreviewInput: PreviewInput;
    RequestPreview: RequestPreview;
    RequestPerson: RequestPerson;
    RequestPolicy: RequestPolicy;
    RequestPolicyInput: RequestPolicyInput;
    ApprovalStep: ApprovalStep;
    RequestSettingsRow: RequestSettingsRow;
    RequestSettingsBody: RequestSettingsBody;
    RequestBundle: RequestBundle;
    RequestBundleInput: RequestBundleInput;
    BundleRequestInput: BundleRequestInput;
    BundleRequested: BundleRequested;
    PlatformGroup: PlatformGroup;
    ConflictRule: ConflictRule;
    ConflictRuleInput: ConflictRuleInput;
    Violation: Violation;
  }>
>;
