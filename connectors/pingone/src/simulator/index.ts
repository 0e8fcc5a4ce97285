export { PingOneSimulator, startPingOneSimulator, type PingOneSimulatorOptions, type SimulatorCalls } from './server.js';
export { generateEnvironment, DEFAULT_CLIENT, type EnvironmentSize } from './generate.js';
export { PingOneStore, ALL_SCOPES, minimumSyncCalls, type SimUser, type SimGroup, type SimPopulation, type SimRole, type SimRoleAssignment, type ScopeType } from './store.js';
export { buildRoutes } from './routes.js';
export { PAGE_SIZES } from './collections.js';
export { STANDARD_ROLES } from './roles.js';
export { pingoneSimulator } from './definition.js';
