/**
 * The connectors this build of Gatehouse knows: the one list that the server and the CLI read
 * (a new connector is added here once). Simulators are listed in `./simulators` so that the
 * server, which never runs them, does not load them.
 */
import { oktaConnector } from '@gatehouse/connector-okta';
import { pagerdutyConnector } from '@gatehouse/connector-pagerduty';
import { pantherConnector } from '@gatehouse/connector-panther';
import { pingoneConnector } from '@gatehouse/connector-pingone';
import { scimConnector } from '@gatehouse/connector-scim';
import type { ConnectorDefinition } from '@gatehouse/sdk';

export interface RegisteredConnector {
  definition: ConnectorDefinition;
  /** Its users are the company's people (Okta, PingOne): the first such app becomes the directory. */
  directory: boolean;
}

export const CONNECTORS: Readonly<Record<string, RegisteredConnector>> = {
  okta: { definition: oktaConnector, directory: true },
  pingone: { definition: pingoneConnector, directory: true },
  pagerduty: { definition: pagerdutyConnector, directory: false },
  panther: { definition: pantherConnector, directory: false },
  scim: { definition: scimConnector, directory: false },
};

/** The connector registered under `name`, or undefined. */
export function findConnector(name: string): RegisteredConnector | undefined {
  return Object.hasOwn(CONNECTORS, name) ? CONNECTORS[name] : undefined;
}
