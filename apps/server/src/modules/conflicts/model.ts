/**
 * Access conflicts (separation of duties): a rule names two sets of entitlements, possibly across
 * apps, that one person must not hold together (Okta's Super Administrator and Panther's Admin
 * role; whoever pays vendors and whoever approves payments). A person holding something of both
 * sides, directly or through a group, is a violation.
 */
import { z } from 'zod';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VIOLATION_STATES = ['open', 'resolved', 'exempted'] as const;
export type ViolationState = (typeof VIOLATION_STATES)[number];

const side = z.array(z.object({ appId: z.string().min(1).max(200), entitlementId: z.string().min(1).max(1000) })).min(1).max(200);
export type ConflictSide = z.infer<typeof side>;

export const ruleInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  severity: z.enum(SEVERITIES).default('high'),
  /** Who answers for the rule: told of new violations, and (with requests) asked about requests that would create one. */
  ownerId: z.string().min(1).max(200),
  sideA: side,
  sideB: side,
  enabled: z.boolean().default(true),
});
export type RuleInput = z.infer<typeof ruleInput>;

/** What a person holds of one side of a rule. */
export interface Held {
  appId: string;
  entitlementId: string;
  accountId: string;
  /** The grant is held through these group memberships (empty: directly). */
  through: string[];
}
