/** Schema migrations, in code, run at start. Each is written once for both dialects. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.js';

function migrations(dialect: Dialect): Record<string, Migration> {
  // An auto-incrementing integer key: the audit chain and event stream are ordered by it.
  const serial = dialect === 'postgres' ? sql`bigserial` : sql`integer`;
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('platform_users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('apps')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('is_directory', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('managed', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('discovered_by', 'text')
          .addColumn('external_id', 'text')
          .addColumn('catalog_generation', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('app_owners')
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('app_owners_pk', ['app_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('connectors')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('config', 'text', (c) => c.notNull())
          .addColumn('secrets', 'text', (c) => c.notNull())
          .addColumn('provisioning', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('schedule', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('status_message', 'text')
          .addColumn('last_sync_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sync_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('connector_id', 'text', (c) => c.notNull().references('connectors.id').onDelete('cascade'))
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('trigger', 'text', (c) => c.notNull())
          .addColumn('queued_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('ended_at', 'text')
          .addColumn('error', 'text')
          .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('api_calls', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('grants_added', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('grants_removed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('log', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema.createIndex('sync_runs_by_connector').on('sync_runs').columns(['connector_id', 'queued_at']).execute();
        await db.schema
          .createTable('resources')
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('generation', 'integer', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('parent_type', 'text')
          .addColumn('parent_id', 'text')
          .addColumn('email', 'text')
          .addColumn('login', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('resources_pk', ['app_id', 'generation', 'type', 'id'])
          .execute();
        await db.schema
          .createTable('entitlements')
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('generation', 'integer', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('resource_type', 'text', (c) => c.notNull())
          .addColumn('resource_id', 'text', (c) => c.notNull())
          .addColumn('slug', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('entitlements_pk', ['app_id', 'generation', 'id'])
          .execute();
        await db.schema
          .createTable('grants')
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('generation', 'integer', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('resource_type', 'text', (c) => c.notNull())
          .addColumn('resource_id', 'text', (c) => c.notNull())
          .addColumn('principal_type', 'text', (c) => c.notNull())
          .addColumn('principal_id', 'text', (c) => c.notNull())
          .addColumn('direct', 'integer', (c) => c.notNull())
          .addColumn('sources', 'text')
          .addPrimaryKeyConstraint('grants_pk', ['app_id', 'generation', 'id'])
          .execute();
        await db.schema.createIndex('grants_by_principal').on('grants').columns(['principal_type', 'principal_id']).execute();
        await db.schema.createIndex('grants_by_entitlement').on('grants').columns(['app_id', 'generation', 'entitlement_id']).execute();
        await db.schema.createIndex('resources_by_email').on('resources').columns(['email']).execute();
        await db.schema
          .createTable('catalog_events')
          .addColumn('seq', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('sync_run_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('grant_id', 'text', (c) => c.notNull())
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('principal_type', 'text', (c) => c.notNull())
          .addColumn('principal_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('people')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('manager_id', 'text')
          .addColumn('source_app_id', 'text')
          .addColumn('source_account_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('account_links')
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('person_id', 'text')
          .addColumn('matched_by', 'text', (c) => c.notNull())
          .addColumn('linked_by', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('account_links_pk', ['app_id', 'account_id'])
          .execute();
        await db.schema.createIndex('account_links_by_person').on('account_links').columns(['person_id']).execute();
        await db.schema
          .createTable('audit_events')
          .addColumn('seq', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor_type', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target_type', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text')
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        // A linear chain: no two events may follow the same one.
        await db.schema.createIndex('audit_events_prev').on('audit_events').column('prev_hash').unique().execute();
        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('dedupe_key', 'text')
          .addColumn('run_at', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('max_attempts', 'integer', (c) => c.notNull())
          .addColumn('locked_by', 'text')
          .addColumn('locked_until', 'text')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
        // At most one queued or running job per key (one sync per connector at a time, on every replica).
        await sql`CREATE UNIQUE INDEX jobs_active_key ON jobs (dedupe_key) WHERE status IN ('queued', 'running')`.execute(db);
      },
    },
    '0002-grant-indexes-that-page': {
      // Measured by `npm run bench -- ingest`: with the first indexes a person's access scanned
      // every user grant, and an entitlement's page walked the app's grants in id order. Each
      // index now ends with the paging order, so a filtered page is one index range.
      async up(db: Kysely<unknown>) {
        await db.schema.dropIndex('grants_by_principal').execute();
        await db.schema.dropIndex('grants_by_entitlement').execute();
        await db.schema.createIndex('grants_by_principal').on('grants').columns(['principal_id', 'principal_type', 'app_id', 'generation', 'id']).execute();
        await db.schema.createIndex('grants_by_entitlement').on('grants').columns(['app_id', 'generation', 'entitlement_id', 'id']).execute();
      },
    },
    '0003-catalog-counts': {
      // Counting a million grants on every list of apps blocked the embedded server for a second.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('apps').addColumn('catalog_counts', 'text').execute();
        await sql`
          UPDATE apps SET catalog_counts = (
            '{"accounts":' || (SELECT count(*) FROM resources r WHERE r.app_id = apps.id AND r.generation = apps.catalog_generation AND r.type = 'user') ||
            ',"entitlements":' || (SELECT count(*) FROM entitlements e WHERE e.app_id = apps.id AND e.generation = apps.catalog_generation) ||
            ',"grants":' || (SELECT count(*) FROM grants g WHERE g.app_id = apps.id AND g.generation = apps.catalog_generation) ||
            ',"inherited":' || (SELECT count(*) FROM grants g WHERE g.app_id = apps.id AND g.generation = apps.catalog_generation AND g.direct = 0) || '}'
          ) WHERE catalog_generation > 0`.execute(db);
      },
    },
  };
}

export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const list = migrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => list };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`);
}
