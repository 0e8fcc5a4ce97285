/**
 * Just-in-time access requests: the shapes of what may be requested (settings per entitlement, or
 * an app's defaults), request policies (CEL rules with outcomes, and a baseline), and requests.
 * A request walks: pending (approval steps) → provisioning (a grant task) → active (until its
 * expiry) → revoking (a revoke task) → ended; or denied, cancelled, expired undecided, failed.
 */
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const requestSettings = z.object({
  requestable: z.boolean().default(true),
  /** Who may ask: everyone, or holders of these entitlements (`<appId>:<entitlementId>`, e.g. a group), or people of these departments. */
  whoMay: z.object({ everyone: z.boolean().default(true), holdersOf: z.array(z.object({ appId: id, entitlementId: z.string().min(1).max(1000) })).max(50).default([]), departments: z.array(z.string().min(1).max(200)).max(50).default([]) }).default({ everyone: true, holdersOf: [], departments: [] }),
  /** The longest a grant may last, in minutes; null: permanent access may be asked for. */
  maxDurationMinutes: z.number().int().min(5).max(525_600).nullable().default(480),
  defaultDurationMinutes: z.number().int().min(5).max(525_600).default(60),
  reasonRequired: z.boolean().default(true),
  policyId: id.nullable().default(null),
  /** Break-glass: granted at once for `emergencyDurationMinutes`, flagged, and reviewed afterwards. */
  emergencyAllowed: z.boolean().default(false),
  emergencyDurationMinutes: z.number().int().min(5).max(1440).default(60),
  /** Who may ask for someone else: anyone who may ask, or nobody. */
  onBehalfAllowed: z.boolean().default(false),
});
export type RequestSettings = z.infer<typeof requestSettings>;

/** Who approves at a step: `group` is anyone in one of `groupIds` (platform groups, the identity provider's groups pushed through SCIM). */
export const approverKind = z.enum(['manager', 'app_owners', 'entitlement_owners', 'users', 'group']);
export const approvalStep = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  approvers: approverKind,
  userIds: z.array(id).max(100).default([]),
  /** For `group`: the platform groups (absent for the other kinds). */
  groupIds: z.array(id).max(20).optional(),
  /** Hours until the step times out; then `onTimeout`. */
  timeoutHours: z.number().min(0.1).max(720).default(72),
  onTimeout: z.enum(['deny', 'escalate']).default('deny'),
  /** Who decides when the step timed out with `escalate`. */
  escalateTo: z.array(id).max(100).default([]),
});
export type ApprovalStep = z.infer<typeof approvalStep>;

export const outcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approve') }),
  z.object({ kind: z.literal('deny'), message: z.string().trim().min(1).max(500) }),
  z.object({ kind: z.literal('steps'), steps: z.array(approvalStep).min(1).max(5) }),
]);
export type Outcome = z.infer<typeof outcome>;

export const policyRule = z.object({
  name: z.string().trim().min(1).max(200),
  /** A CEL expression over `requester`, `target`, `entitlement`, `app`, `durationMinutes`, `now`, `onCall`, `conflicts`, `forSomeoneElse`. */
  condition: z.string().trim().min(1).max(2000),
  outcome,
});
export type PolicyRule = z.infer<typeof policyRule>;

export const requestPolicyInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  rules: z.array(policyRule).max(500).default([]),
  /** What happens when no rule matches. */
  baseline: outcome.default({ kind: 'steps', steps: [{ approvers: 'manager', userIds: [], timeoutHours: 72, onTimeout: 'deny', escalateTo: [] }] }),
});
export type RequestPolicyInput = z.infer<typeof requestPolicyInput>;

export const requestInput = z.object({
  appId: id,
  entitlementId: z.string().min(1).max(1000),
  /** Someone else's access (when the entitlement allows it); default the requester's own. */
  forPersonId: id.optional(),
  /** null: permanent (when allowed). Default: the entitlement's default duration. */
  durationMinutes: z.number().int().min(5).max(525_600).nullable().optional(),
  reason: z.string().trim().max(2000).default(''),
  emergency: z.boolean().default(false),
});
export type RequestInput = z.infer<typeof requestInput>;

export const REQUEST_STATES = ['pending', 'denied', 'cancelled', 'expired', 'provisioning', 'active', 'revoking', 'ended', 'failed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The default policy when an entitlement names none: its owners (or the app's) approve. */
export const DEFAULT_OUTCOME: Outcome = { kind: 'steps', steps: [{ approvers: 'entitlement_owners', userIds: [], timeoutHours: 72, onTimeout: 'escalate', escalateTo: [] }] };

/** How long a request may wait for its decision. */
export const UNDECIDED_DAYS = 7;
