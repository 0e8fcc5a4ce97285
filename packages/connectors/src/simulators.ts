/** The simulators of the registered connectors (SCIM has none: any SCIM app is its simulator). */
import { oktaSimulator } from '@gatehouse/connector-okta/simulator';
import { pagerdutySimulator } from '@gatehouse/connector-pagerduty/simulator';
import { pantherSimulator } from '@gatehouse/connector-panther/simulator';
import { pingoneSimulator } from '@gatehouse/connector-pingone/simulator';
import type { SimulatorDefinition } from '@gatehouse/sdk';

export const SIMULATORS: Readonly<Record<string, SimulatorDefinition>> = {
  okta: oktaSimulator,
  pingone: pingoneSimulator,
  pagerduty: pagerdutySimulator,
  panther: pantherSimulator,
};
