/** The connectors this build of Gatehouse knows, and their simulators. */
import { oktaConnector } from '@gatehouse/connector-okta';
import { oktaSimulator } from '@gatehouse/connector-okta/simulator';
import { pagerdutyConnector } from '@gatehouse/connector-pagerduty';
import { pagerdutySimulator } from '@gatehouse/connector-pagerduty/simulator';
import { pantherConnector } from '@gatehouse/connector-panther';
import { pantherSimulator } from '@gatehouse/connector-panther/simulator';
import { pingoneConnector } from '@gatehouse/connector-pingone';
import { pingoneSimulator } from '@gatehouse/connector-pingone/simulator';
import { scimConnector } from '@gatehouse/connector-scim';
import type { ConnectorDefinition, SimulatorDefinition } from '@gatehouse/sdk';

export interface RegisteredConnector {
  definition: ConnectorDefinition;
  /** Absent for connectors that govern a protocol rather than one vendor (SCIM): any app is their simulator. */
  simulator?: SimulatorDefinition;
}

export const CONNECTORS: Record<string, RegisteredConnector> = {
  okta: { definition: oktaConnector as unknown as ConnectorDefinition, simulator: oktaSimulator },
  pingone: { definition: pingoneConnector as unknown as ConnectorDefinition, simulator: pingoneSimulator },
  pagerduty: { definition: pagerdutyConnector as unknown as ConnectorDefinition, simulator: pagerdutySimulator },
  panther: { definition: pantherConnector as unknown as ConnectorDefinition, simulator: pantherSimulator },
  scim: { definition: scimConnector as unknown as ConnectorDefinition },
};

export function connectorNamed(name: string): RegisteredConnector {
  const c = CONNECTORS[name];
  if (!c) throw new UsageError(`unknown connector "${name}"; known: ${Object.keys(CONNECTORS).join(', ')}`);
  return c;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
