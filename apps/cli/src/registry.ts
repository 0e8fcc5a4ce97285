/** The CLI's view of the connector registry (@gatehouse/connectors): each connector with its simulator. */
import { CONNECTORS as REGISTERED } from '@gatehouse/connectors';
import { SIMULATORS } from '@gatehouse/connectors/simulators';
import type { ConnectorDefinition, SimulatorDefinition } from '@gatehouse/sdk';

export interface CliConnector {
  definition: ConnectorDefinition;
  /** Absent for connectors that govern a protocol rather than one vendor (SCIM): any app is their simulator. */
  simulator?: SimulatorDefinition;
}

export const CONNECTORS: Record<string, CliConnector> = Object.fromEntries(Object.entries(REGISTERED).map(([name, { definition }]) => [name, { definition, simulator: SIMULATORS[name] }]));

export function connectorNamed(name: string): CliConnector {
  const c = CONNECTORS[name];
  if (!c) throw new UsageError(`unknown connector "${name}"; known: ${Object.keys(CONNECTORS).join(', ')}`);
  return c;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
