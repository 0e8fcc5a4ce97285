/** The connector types this server can run (the server reaches connectors only through here). */
import { oktaConnector } from '@gatehouse/connector-okta';
import { pagerdutyConnector } from '@gatehouse/connector-pagerduty';
import { pantherConnector } from '@gatehouse/connector-panther';
import { pingoneConnector } from '@gatehouse/connector-pingone';
import { scimConnector } from '@gatehouse/connector-scim';
import type { ConnectorDefinition } from '@gatehouse/sdk';

export const CONNECTOR_TYPES: Record<string, ConnectorDefinition> = {
  okta: oktaConnector as unknown as ConnectorDefinition,
  pingone: pingoneConnector as unknown as ConnectorDefinition,
  pagerduty: pagerdutyConnector as unknown as ConnectorDefinition,
  panther: pantherConnector as unknown as ConnectorDefinition,
  scim: scimConnector as unknown as ConnectorDefinition,
};

/** Connector types whose users are the company's people. */
export const DIRECTORY_TYPES = new Set(['okta', 'pingone']);
