export { startServer, configFromEnv, type RunningServer } from './server.js';
export type { ServerConfig, Context } from './context.js';
export { openDatabase, refreshStatistics, type Db } from './db/database.js';
export { migrate } from './db/migrations.js';
export { ingestSyncFile, BulkWriter } from './modules/catalog/ingest.js';
export { verifyChain } from './modules/audit/audit.js';
export { syncPeopleFromDirectory, matchAllApps } from './modules/people/matching.js';
