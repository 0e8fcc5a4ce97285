/** The catalog shows a task's change as soon as it is made (the next sync confirms it: verification.ts). */
import type { Resource } from '@gatehouse/sdk';
import type { TaskTable } from '../../db/schema.js';
import { showAccountCreated, showAccountDeprovisioned, showGranted, showRevoked } from '../catalog/changes.js';
import type { DeprovisionAccountInput, GrantInput } from './model.js';
import type { Tx } from './store.js';

export async function showInCatalog(tx: Tx, task: TaskTable, result: { account?: Resource } | null, withEvents = true): Promise<void> {
  const input = JSON.parse(task.input) as Record<string, unknown>;
  if (task.kind === 'grant') await showGranted(tx, task.app_id, task.id, (input as GrantInput).entitlementId, (input as GrantInput).principal, withEvents);
  if (task.kind === 'revoke') await showRevoked(tx, task.app_id, task.id, (input as GrantInput).entitlementId, (input as GrantInput).principal, withEvents);
  if (task.kind === 'create_account' && result?.account) await showAccountCreated(tx, task.app_id, result.account);
  if (task.kind === 'deprovision_account') await showAccountDeprovisioned(tx, task.app_id, (input as DeprovisionAccountInput).accountId, (input as DeprovisionAccountInput).mode);
}

