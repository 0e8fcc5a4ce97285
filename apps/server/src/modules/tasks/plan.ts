/**
 * Whether a change can go through the app's connector or needs a person: the connector's
 * provisioning switch (off by default, like BATON_PROVISIONING) and its declared capabilities
 * decide. A connector that finds out only when it tries (Panther without a SCIM URL) makes the
 * task manual then (runner.ts).
 */
import { findConnector } from '@gatehouse/connectors';
import type { Capability } from '@gatehouse/sdk';
import type { Context } from '../../context.js';
import type { ConnectorTable } from '../../db/schema.js';
import { connectorsOfApp } from '../apps/connectors.js';
import type { TaskKind } from './model.js';

export interface Plan {
  connector: ConnectorTable | null;
  /** Null when the connector carries it out; else why a person must. */
  manualBecause: string | null;
}

const NEEDS: Record<TaskKind, Capability> = { grant: 'provision', revoke: 'provision', create_account: 'createAccount', update_account: 'updateAccount', deprovision_account: 'deleteAccount' };

/** The capability a connector type declares for a resource type, if it declares that type at all. */
function declares(connector: ConnectorTable, resourceType: string, needed: Capability): boolean | undefined {
  const caps = findConnector(connector.type)?.definition.capabilities[resourceType];
  return caps === undefined ? undefined : caps.includes(needed);
}

export async function planTask(ctx: Context, appId: string, kind: TaskKind, resourceType: string): Promise<Plan> {
  const connectors = await connectorsOfApp(ctx, appId);
  const connector = connectors[0] ?? null;
  if (!connector) return { connector: null, manualBecause: 'the app has no connector' };
  const def = findConnector(connector.type)?.definition;
  const label = def?.displayName ?? connector.type;
  if (!connector.provisioning) return { connector, manualBecause: `provisioning is off for the ${label} connector` };
  const needed = NEEDS[kind];
  // Types a connector learns at run time (SCIM role attributes) are not declared: it is tried.
  if (declares(connector, resourceType, needed) === false) return { connector, manualBecause: `the ${label} connector cannot ${describe(needed)} ${resourceType} resources` };
  return { connector, manualBecause: null };
}

function describe(c: Capability): string {
  return { provision: 'change access to', createAccount: 'create', updateAccount: 'update', deleteAccount: 'deprovision', sync: 'sync' }[c];
}
