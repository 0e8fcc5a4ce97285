export { PagerDutySimulator, startPagerDutySimulator, type PagerDutySimulatorOptions, type SimulatorCalls } from './server.js';
export { generateAccount, type AccountSize } from './generate.js';
export { PagerDutyStore, BASE_ROLES, TEAM_ROLES, type BaseRole, type TeamRole, type SimUser, type SimTeam, type SimSchedule, type KeyKind } from './store.js';
export { buildRoutes, MAX_LIMIT, OFFSET_CAP } from './routes.js';
export { pagerdutySimulator } from './definition.js';
