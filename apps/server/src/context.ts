/** What route handlers and jobs share: the database, the secret box, config and the job queue. */
import type { Logger } from '@gatehouse/sdk';
import type { Db } from './db/database.js';
import type { JobQueue } from './jobs/queue.js';
import type { SecretBox } from './secrets.js';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** How often the job worker looks for due jobs when idle. */
  pollMs: number;
  /** Run scheduled syncs (off in tests). */
  schedules: boolean;
}

export interface Context {
  db: Db;
  secrets: SecretBox;
  config: ServerConfig;
  jobs: JobQueue;
  logger: Logger;
}
