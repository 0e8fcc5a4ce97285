/**
 * User access reviews: the shapes of policies, scopes and campaigns, as the API takes them and the
 * tables keep them (JSON). A campaign reviews a snapshot of grants (its items); each item walks the
 * policy's steps, each step with a reviewer resolved from the directory, the apps' and
 * entitlements' owners, named users, the members of a platform group or the holder themselves.
 */
import { z } from 'zod';

const id = z.string().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);

/** Who reviews at a step. */
export const stepReviewers = z.discriminatedUnion('kind', [
  /** The holder's manager in the directory (as a platform user with the manager's email). */
  z.object({ kind: z.literal('manager') }),
  z.object({ kind: z.literal('app_owners') }),
  z.object({ kind: z.literal('entitlement_owners') }),
  /** Named platform users: the items are spread among them. */
  z.object({ kind: z.literal('users'), userIds: z.array(id).min(1).max(100) }),
  /** The members of platform groups (the identity provider's, pushed by SCIM): the items are spread among them. */
  z.object({ kind: z.literal('group'), groupIds: z.array(id).min(1).max(20) }),
  /** The account holder attests their own access. */
  z.object({ kind: z.literal('self') }),
]);
export type StepReviewers = z.infer<typeof stepReviewers>;

export const reviewStep = z.object({
  name: text(200).optional(),
  reviewers: stepReviewers,
  /** Who reviews when the step's reviewers are missing or would review their own access. */
  fallbackUserIds: z.array(id).max(100).default([]),
  /** Whether a reviewer may decide on their own access at this step (self-attestation always may). */
  allowSelfReview: z.boolean().default(false),
});
export type ReviewStep = z.infer<typeof reviewStep>;

export const policyInput = z.object({
  name: text(200),
  description: z.string().trim().max(2000).default(''),
  steps: z.array(reviewStep).min(1).max(10),
});
export type PolicyInput = z.infer<typeof policyInput>;

export const ACCOUNT_FILTERS = ['all', 'without_person', 'of_inactive_people'] as const;

export const campaignScope = z
  .object({
    /** The apps reviewed: each whole, or only chosen entitlements or resource types. None: every managed app (of the people chosen). */
    apps: z
      .array(
        z.object({
          appId: id,
          entitlementIds: z.array(z.string().min(1).max(1000)).max(5000).optional(),
          /** Entitlements of these resource types only (`group`: "who is in each group"). */
          resourceTypes: z.array(z.string().min(1).max(200)).max(50).optional(),
        }),
      )
      .max(200)
      .default([]),
    /** Whose access: everyone (nothing given), or people of these departments, these managers' reports, or these people. */
    people: z
      .object({
        departments: z.array(text(200)).max(200).optional(),
        managerIds: z.array(id).max(200).optional(),
        personIds: z.array(id).max(5000).optional(),
      })
      .default({}),
    /** Grants held through a group too, not only direct ones. */
    includeInherited: z.boolean().default(false),
    /** Only grants the catalog first saw within the last N days. */
    grantedWithinDays: z.number().int().min(1).max(3650).optional(),
    /** Only accounts no person is linked to, or accounts of people who are disabled or gone from the directory. */
    accounts: z.enum(ACCOUNT_FILTERS).default('all'),
    /** Only access whose last use (sign-in, token use) the app reports as older than N days. */
    unusedForDays: z.number().int().min(1).max(3650).optional(),
    /** Only grants that make an open access conflict (one side of a rule its holder breaks). */
    inViolation: z.boolean().default(false),
  })
  .refine((s) => s.apps.length > 0 || Object.values(s.people).some((v) => v?.length), { message: 'choose apps, people, or both' });
export type CampaignScope = z.infer<typeof campaignScope>;

export const DUE_ACTIONS = ['leave_open', 'close', 'revoke'] as const;
export type DueAction = (typeof DUE_ACTIONS)[number];

export const campaignInput = z.object({
  name: text(200),
  description: z.string().trim().max(5000).default(''),
  /** A Campaign Administrator or Super Administrator; default the creator. */
  ownerId: id.optional(),
  scope: campaignScope,
  policyId: id,
  dueAt: z.string().datetime({ offset: true }),
  /** What happens to undecided items at the due date. `revoke` takes access away unreviewed: say so with `confirmRevokeAtDue`. */
  dueAction: z.enum(DUE_ACTIONS).default('leave_open'),
  confirmRevokeAtDue: z.boolean().optional(),
  approveCommentRequired: z.boolean().default(false),
});
export type CampaignInput = z.infer<typeof campaignInput>;

export const CAMPAIGN_STATES = ['draft', 'starting', 'running', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** pending: waiting for a decision; the rest are final. `removed`: the grant disappeared outside the campaign before it was decided. */
export const ITEM_STATES = ['pending', 'approved', 'revoked', 'not_reviewed', 'removed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const DECISIONS = ['approve', 'revoke'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The holder as they were when the campaign started. */
export interface ItemPerson {
  name: string;
  email: string;
  title: string | null;
  department: string | null;
  status: string;
  manager: string | null;
  managerEmail: string | null;
}

export const REVIEW_START_JOB = 'review.start';
export const REVIEW_REMEDIATE_JOB = 'review.remediate';

/** Person statuses that mean someone should no longer hold access (the directory's words, folded). */
export function inactivePersonStatus(status: string | null | undefined): boolean {
  return /^(deprovisioned|suspended|disabled|deleted|inactive|not in directory)$/i.test(status ?? '');
}
