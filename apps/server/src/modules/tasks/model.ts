/**
 * Provisioning tasks (docs/ARCHITECTURE.md, "How a change reaches an app"): one change in one app — grant, revoke, create, update or
 * deprovision an account — with who asked, why, which feature asked, and every state it went
 * through. The input shapes here are the API's too.
 */
import { z } from 'zod';

export const TASK_KINDS = ['grant', 'revoke', 'create_account', 'update_account', 'deprovision_account'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** pending → running → succeeded | failed | manual | cancelled (manual → succeeded | failed by a person). */
export const TASK_STATES = ['pending', 'running', 'succeeded', 'failed', 'manual', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Which feature asked for the change. */
export const TASK_ORIGINS = ['manual', 'review', 'request', 'expiry'] as const;
export type TaskOrigin = (typeof TASK_ORIGINS)[number];

/** What a read of the app said after the task succeeded. */
export const VERIFICATIONS = ['pending', 'read_confirmed', 'confirmed', 'drift', 'not_checked'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

const ref = z.object({ type: z.string().min(1).max(200), id: z.string().min(1).max(500) });
const text = (max: number) => z.string().trim().min(1).max(max);

export const grantInput = z.object({ entitlementId: text(1000), principal: ref });
export const revokeInput = grantInput;
export const createAccountInput = z.object({
  email: z.string().email().max(320),
  login: text(320).optional(),
  firstName: text(200).optional(),
  lastName: text(200).optional(),
  displayName: text(400).optional(),
  /** Connector-specific switches (Okta: activate, sendEmail; PingOne: population). */
  options: z.record(z.string(), z.union([z.string().max(500), z.boolean()])).optional(),
});
export const updateAccountInput = z.object({
  accountId: text(500),
  changes: z
    .object({ email: z.string().email().max(320).optional(), firstName: text(200).optional(), lastName: text(200).optional(), displayName: text(400).optional(), active: z.boolean().optional() })
    .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'nothing to change: give email, firstName, lastName, displayName or active' }),
});
export const deprovisionAccountInput = z.object({ accountId: text(500), mode: z.enum(['deprovision', 'delete']).default('deprovision') });

export type GrantInput = z.infer<typeof grantInput>;
export type CreateAccountInput = z.infer<typeof createAccountInput>;
export type UpdateAccountInput = z.infer<typeof updateAccountInput>;
export type DeprovisionAccountInput = z.infer<typeof deprovisionAccountInput>;

/** A task as asked for: the kind decides the input's shape. */
export const taskRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grant'), appId: z.string(), reason: text(2000), input: grantInput }),
  z.object({ kind: z.literal('revoke'), appId: z.string(), reason: text(2000), input: revokeInput }),
  z.object({ kind: z.literal('create_account'), appId: z.string(), reason: text(2000), input: createAccountInput }),
  z.object({ kind: z.literal('update_account'), appId: z.string(), reason: text(2000), input: updateAccountInput }),
  z.object({ kind: z.literal('deprovision_account'), appId: z.string(), reason: text(2000), input: deprovisionAccountInput }),
]);
export type TaskRequest = z.infer<typeof taskRequest>;

export const TASK_JOB = 'task';
