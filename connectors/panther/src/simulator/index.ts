export { PantherSimulator, startPantherSimulator, type PantherSimulatorOptions } from './server.js';
export { generateTenant, FULL_TOKEN, type TenantSize } from './generate.js';
export { PantherStore, PERMISSIONS, type Permission, type SimUser, type SimRole, type SimToken } from './store.js';
export { SDL } from './schema.js';
export { REST_MAX_LIMIT, ROLES_MAX_LIMIT } from './rest.js';
export { SCIM_MAX_COUNT, CORE_USER } from './scim.js';
export { pantherSimulator } from './definition.js';
