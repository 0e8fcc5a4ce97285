export { OktaSimulator, startOktaSimulator, type OktaSimulatorOptions, type SimulatorCalls } from './server.js';
export { generateOrg, DEFAULT_SIZE, type OrgSize } from './generate.js';
export { OktaStore, STANDARD_ROLES, TOKEN_KINDS, type TokenKind, type SimUser, type SimGroup, type SimApp } from './store.js';
export { PAGE_SIZES, buildRoutes } from './routes.js';
export { oktaSimulator } from './definition.js';
