/**
 * The CLI's view of the connector registry (@gatehouse/connectors). The simulators are not here:
 * `gatehouse sim` loads them (commands/sim.ts), so that a sync does not carry them.
 */
import { CONNECTORS as REGISTERED } from '@gatehouse/connectors';
import type { ConnectorDefinition } from '@gatehouse/sdk';

export interface CliConnector {
  definition: ConnectorDefinition;
}

export const CONNECTORS: Record<string, CliConnector> = Object.fromEntries(Object.entries(REGISTERED).map(([name, { definition }]) => [name, { definition }]));

export function connectorNamed(name: string): CliConnector {
  const c = CONNECTORS[name];
  if (!c) throw new UsageError(`unknown connector "${name}"; known: ${Object.keys(CONNECTORS).join(', ')}`);
  return c;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
