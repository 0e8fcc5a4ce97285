import { defineConnector } from '@gatehouse/sdk';
import { pagerdutyBaseUrl, pagerdutyConfigSchema } from './connector/config.js';
import { PagerDutyConnector } from './connector/connector.js';
import { RESOURCE_TYPES } from './connector/mapping.js';

export const pagerdutyConnector = defineConnector({
  name: 'pagerduty',
  displayName: 'PagerDuty',
  description: 'Users, base roles, teams and on-call schedules of a PagerDuty account; provisions team membership, base roles and accounts',
  configSchema: pagerdutyConfigSchema,
  resourceTypes: RESOURCE_TYPES,
  capabilities: {
    user: ['sync', 'createAccount', 'deleteAccount'],
    role: ['sync', 'provision'],
    team: ['sync', 'provision'],
    schedule: ['sync'],
  },
  principalTypes: ['user'],
  accountOptions: {
    role: { description: 'Base role of the new user (default user)', kind: 'string' },
    timeZone: { description: 'Time zone of the new user (e.g. Europe/Paris)', kind: 'string' },
  },
  // Where the secrets go: the server checks these against its outbound policy and asks for the
  // secrets again when an edit changes them.
  destinations: (config) => [pagerdutyBaseUrl(config)],
  create: (config, ctx) => new PagerDutyConnector(config, ctx),
});

export { PagerDutyConnector, LOCAL_PART_ENDINGS } from './connector/connector.js';
export { pagerdutyConfigSchema, pagerdutyBaseUrl, type PagerDutyConfig } from './connector/config.js';
export { MAX_LIMIT, OFFSET_CAP } from './connector/api.js';
export { RESOURCE_TYPES, BASE_ROLES } from './connector/mapping.js';
