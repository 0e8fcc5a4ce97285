/** Schema migrations, in code, run at start. Each is written once for both dialects. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { valueRows } from '../modules/scim/values.js';
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
    '0004-provisioning-tasks': {
      // Tasks are the only way the platform changes an app; their log is what a person reads to
      // see why one did what it did. Catalog events now also record what tasks changed and the
      // drift a sync found after them, so sync_run_id becomes optional and task_id appears.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('tasks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          .addColumn('connector_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('input', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('change_key', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text')
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('origin_id', 'text')
          .addColumn('result', 'text')
          .addColumn('error', 'text')
          .addColumn('completed_by', 'text')
          .addColumn('completion', 'text')
          .addColumn('comment', 'text')
          .addColumn('verification', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('ended_at', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('tasks_by_created').on('tasks').columns(['created_at', 'id']).execute();
        await db.schema.createIndex('tasks_by_app').on('tasks').columns(['app_id', 'state', 'created_at']).execute();
        await db.schema.createIndex('tasks_by_state').on('tasks').columns(['state', 'created_at']).execute();
        // One open task per change, on every replica: two approvals of the same request make one grant.
        await sql`CREATE UNIQUE INDEX tasks_open_change ON tasks (app_id, change_key) WHERE state IN ('pending', 'running', 'manual')`.execute(db);
        await db.schema
          .createTable('task_log')
          .addColumn('seq', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('task_log_by_task').on('task_log').columns(['task_id', 'seq']).execute();
        await db.schema
          .createTable('connector_owners')
          .addColumn('connector_id', 'text', (c) => c.notNull().references('connectors.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('connector_owners_pk', ['connector_id', 'user_id'])
          .execute();
        await db.schema.alterTable('catalog_events').addColumn('task_id', 'text').execute();
        if (dialect === 'postgres') {
          await sql`ALTER TABLE catalog_events ALTER COLUMN sync_run_id DROP NOT NULL`.execute(db);
        } else {
          // SQLite cannot drop a NOT NULL constraint: rebuild the table with the same rows.
          await sql`CREATE TABLE catalog_events_new (seq integer PRIMARY KEY AUTOINCREMENT, app_id text NOT NULL, sync_run_id text, task_id text, kind text NOT NULL, grant_id text NOT NULL, entitlement_id text NOT NULL, principal_type text NOT NULL, principal_id text NOT NULL, created_at text NOT NULL)`.execute(db);
          await sql`INSERT INTO catalog_events_new (seq, app_id, sync_run_id, task_id, kind, grant_id, entitlement_id, principal_type, principal_id, created_at) SELECT seq, app_id, sync_run_id, task_id, kind, grant_id, entitlement_id, principal_type, principal_id, created_at FROM catalog_events`.execute(db);
          await sql`DROP TABLE catalog_events`.execute(db);
          await sql`ALTER TABLE catalog_events_new RENAME TO catalog_events`.execute(db);
        }
        await db.schema.createIndex('catalog_events_by_app').on('catalog_events').columns(['app_id', 'seq']).execute();
        await db.schema.createIndex('catalog_events_by_task').on('catalog_events').columns(['task_id']).execute();
      },
    },
    '0005-notifications': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('notifications')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('link', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('read_at', 'text')
          .execute();
        await db.schema.createIndex('notifications_by_user').on('notifications').columns(['user_id', 'created_at']).execute();
      },
    },
    '0006-notification-deliveries': {
      // The outbox behind the inbox. A notification event is one thing that happened (a task
      // failed); each recipient's inbox row points at it, and each channel that carries it (an
      // email per recipient, each subscribed webhook) is a delivery with its own state, attempts
      // and last error, so nothing is sent twice or lost unseen. `notification_once` holds the
      // keys of notifications that must not repeat until cleared (a connector in error).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('notification_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('link', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('notification_events_by_created').on('notification_events').columns(['created_at', 'id']).execute();
        await db.schema.createIndex('notification_events_by_event').on('notification_events').columns(['event', 'created_at', 'id']).execute();
        await db.schema.alterTable('notifications').addColumn('event_id', 'text').execute();
        // Notifications written before events existed become one event each.
        await sql`INSERT INTO notification_events (id, event, subject, body, link, data, created_at) SELECT id, event, subject, body, link, data, created_at FROM notifications`.execute(db);
        await sql`UPDATE notifications SET event_id = id`.execute(db);
        await db.schema.createIndex('notifications_by_event').on('notifications').columns(['event_id']).execute();
        await db.schema.createIndex('notifications_unread').on('notifications').columns(['user_id', 'read_at']).execute();
        await db.schema
          .createTable('webhooks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('events', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('secret', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('notification_deliveries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event_id', 'text', (c) => c.notNull().references('notification_events.id').onDelete('cascade'))
          .addColumn('notification_id', 'text', (c) => c.references('notifications.id').onDelete('cascade'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('webhook_id', 'text', (c) => c.references('webhooks.id').onDelete('set null'))
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('job_id', 'text')
          .addColumn('last_error', 'text')
          .addColumn('response', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('sending_at', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('notification_deliveries_by_event').on('notification_deliveries').columns(['event_id']).execute();
        await db.schema.createIndex('notification_deliveries_by_webhook').on('notification_deliveries').columns(['webhook_id', 'created_at']).execute();
        await db.schema
          .createTable('notification_once')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0007-auth-hardening': {
      // API tokens may expire (existing ones keep working: no expiry); sign-in attempts are
      // throttled per account and per client address in a table, so that every server process
      // sharing the database counts the same attempts; ending a user's sessions (a password
      // change, a disabled account) finds them by user.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('locked_until', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_throttle_by_updated').on('login_throttle').column('updated_at').execute();
        await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();
      },
    },
    '0008-incremental-ingest': {
      // Re-syncs apply the difference from the sync file the catalog was built from (its identity
      // here) plus the keys the platform changed itself since (catalog_local_changes).
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('apps').addColumn('catalog_source', 'text').execute();
        await db.schema
          .createTable('catalog_local_changes')
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('catalog_local_changes_pk', ['app_id', 'kind', 'key'])
          .execute();
      },
    },
    '0009-ingest-lease': {
      // One ingest per app at a time, across processes: a lease on the app row, renewed while
      // the ingest runs, taken over when its process died.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('apps').addColumn('ingest_owner', 'text').execute();
        await db.schema.alterTable('apps').addColumn('ingest_until', 'text').execute();
      },
    },
    '0010-catalog-search-indexes': {
      // A page of an entitlement's holders in grant order straight off an index (no sort of a
      // large group's members per page); on PostgreSQL, trigram indexes for the case-insensitive
      // substring search of names, emails and logins (ILIKE '%…%'). pg_trgm ships with
      // PostgreSQL and is a trusted extension (the database owner may create it); where it cannot
      // be created, search works unindexed.
      async up(db: Kysely<unknown>) {
        await db.schema.dropIndex('grants_by_entitlement').execute();
        await db.schema.createIndex('grants_by_entitlement').on('grants').columns(['app_id', 'generation', 'entitlement_id', 'id']).execute();
        if (dialect !== 'postgres') return;
        try {
          await sql`SAVEPOINT trgm`.execute(db);
          await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
          await sql`RELEASE SAVEPOINT trgm`.execute(db);
        } catch {
          await sql`ROLLBACK TO SAVEPOINT trgm`.execute(db);
          return;
        }
        for (const [table, column] of [['resources', 'display_name'], ['resources', 'email'], ['resources', 'login'], ['entitlements', 'display_name'], ['people', 'display_name'], ['people', 'email']] as const) {
          await sql.raw(`CREATE INDEX ${table}_${column}_trgm ON ${table} USING gin (${column} gin_trgm_ops)`).execute(db);
        }
      },
    },
    '0011-access-reviews': {
      // User access reviews (modules/reviews): policies, campaigns and their snapshot of review
      // items, decisions' history, delegations, reminders and recurring templates; entitlements
      // get owners; people keep their title and department (peers are people with both alike).
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('people').addColumn('title', 'text').execute();
        await db.schema.alterTable('people').addColumn('department', 'text').execute();
        await db.schema.createIndex('catalog_events_by_grant').on('catalog_events').columns(['app_id', 'grant_id']).execute();
        await db.schema.createIndex('tasks_by_origin').on('tasks').columns(['origin', 'origin_id']).execute();
        await db.schema
          .createTable('entitlement_owners')
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('entitlement_owners_pk', ['app_id', 'entitlement_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('review_policies')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('steps', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('review_policy_preferences')
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          // '' for the whole app
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('policy_id', 'text', (c) => c.notNull().references('review_policies.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('review_policy_preferences_pk', ['app_id', 'entitlement_id'])
          .execute();
        await db.schema
          .createTable('review_delegations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addColumn('delegate_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addColumn('starts_at', 'text', (c) => c.notNull())
          .addColumn('ends_at', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('review_delegations_by_user').on('review_delegations').columns(['user_id', 'starts_at']).execute();
        await db.schema
          .createTable('campaign_templates')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('schedule', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_by', 'text')
          .addColumn('last_run_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('campaigns')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull().references('platform_users.id'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('policy_id', 'text', (c) => c.notNull())
          .addColumn('policy', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('due_action', 'text', (c) => c.notNull())
          .addColumn('approve_comment_required', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('progress', 'text')
          .addColumn('error', 'text')
          .addColumn('template_id', 'text')
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('completed_at', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('campaigns_by_state').on('campaigns').columns(['state', 'due_at']).execute();
        await db.schema
          .createTable('review_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('app_name', 'text', (c) => c.notNull())
          .addColumn('grant_id', 'text', (c) => c.notNull())
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('entitlement_name', 'text', (c) => c.notNull())
          .addColumn('resource_type', 'text', (c) => c.notNull())
          .addColumn('resource_id', 'text', (c) => c.notNull())
          .addColumn('principal_type', 'text', (c) => c.notNull())
          .addColumn('principal_id', 'text', (c) => c.notNull())
          .addColumn('principal_name', 'text', (c) => c.notNull())
          .addColumn('account_status', 'text')
          .addColumn('last_login', 'text')
          .addColumn('direct', 'integer', (c) => c.notNull())
          .addColumn('sources', 'text')
          .addColumn('first_seen', 'text')
          .addColumn('person_id', 'text')
          .addColumn('person', 'text')
          .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('reviewer_id', 'text')
          .addColumn('assigned_because', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('decision', 'text')
          .addColumn('comment', 'text')
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('recommendation', 'text')
          .addColumn('recommendation_reason', 'text')
          .addColumn('peers_holding', 'integer')
          .addColumn('peers_total', 'integer')
          .addColumn('previous_decision', 'text')
          .addColumn('task_ids', 'text')
          .addColumn('closed_at', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('review_items_by_campaign').on('review_items').columns(['campaign_id', 'state', 'id']).execute();
        await db.schema.createIndex('review_items_by_reviewer').on('review_items').columns(['reviewer_id', 'state', 'campaign_id', 'id']).execute();
        await db.schema.createIndex('review_items_by_grant').on('review_items').columns(['grant_id', 'closed_at']).execute();
        await db.schema.createIndex('review_items_by_app').on('review_items').columns(['app_id', 'state']).execute();
        await db.schema
          .createTable('review_decisions')
          .addColumn('seq', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('item_id', 'text', (c) => c.notNull().references('review_items.id').onDelete('cascade'))
          .addColumn('campaign_id', 'text', (c) => c.notNull())
          .addColumn('step', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('decision', 'text')
          .addColumn('comment', 'text')
          .addColumn('actor_id', 'text')
          .addColumn('reviewer_id', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('review_decisions_by_item').on('review_decisions').columns(['item_id', 'seq']).execute();
        await db.schema.createIndex('review_decisions_by_campaign').on('review_decisions').columns(['campaign_id', 'seq']).execute();
        await db.schema
          .createTable('review_reminders')
          .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('last_sent_at', 'text', (c) => c.notNull())
          .addColumn('sent', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('review_reminders_pk', ['campaign_id', 'user_id'])
          .execute();
      },
    },
    '0013-access-conflicts': {
      // Separation of duties (modules/conflicts): rules naming two sets of entitlements one person
      // must not hold together, and the people found holding both (violations), kept across syncs.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('conflict_rules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull().references('platform_users.id'))
          .addColumn('side_a', 'text', (c) => c.notNull())
          .addColumn('side_b', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('conflict_violations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('rule_id', 'text', (c) => c.notNull().references('conflict_rules.id').onDelete('cascade'))
          .addColumn('person_id', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('held', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text')
          .addColumn('exempt_reason', 'text')
          .addColumn('exempt_until', 'text')
          .addColumn('exempted_by', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('conflict_violations_by_rule').on('conflict_violations').columns(['rule_id', 'person_id']).unique().execute();
        await db.schema.createIndex('conflict_violations_by_person').on('conflict_violations').columns(['person_id', 'state']).execute();
        await db.schema.createIndex('conflict_violations_by_state').on('conflict_violations').columns(['state', 'first_seen_at']).execute();
      },
    },
    '0014-access-requests': {
      // Just-in-time access requests (modules/requests): which entitlements may be requested and
      // how, request policies (CEL rules), the requests with their whole history, and the expiry
      // of what they granted.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('request_settings')
          .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
          // '' for the app's defaults
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('settings', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('request_settings_pk', ['app_id', 'entitlement_id'])
          .execute();
        await db.schema
          .createTable('request_policies')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('rules', 'text', (c) => c.notNull())
          .addColumn('baseline', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('access_requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('requester_id', 'text', (c) => c.notNull())
          .addColumn('person_id', 'text', (c) => c.notNull())
          .addColumn('app_id', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('entitlement_id', 'text', (c) => c.notNull())
          .addColumn('entitlement_name', 'text', (c) => c.notNull())
          .addColumn('duration_minutes', 'integer')
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('decision', 'text')
          .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('approver_ids', 'text')
          .addColumn('step_due_at', 'text')
          .addColumn('conflicts', 'text')
          .addColumn('extends_id', 'text')
          .addColumn('task_id', 'text')
          .addColumn('revoke_task_id', 'text')
          .addColumn('granted_at', 'text')
          .addColumn('expires_at', 'text')
          .addColumn('warned', 'text')
          .addColumn('decide_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('access_requests_by_state').on('access_requests').columns(['state', 'expires_at']).execute();
        await db.schema.createIndex('access_requests_by_requester').on('access_requests').columns(['requester_id', 'created_at']).execute();
        await db.schema.createIndex('access_requests_by_person').on('access_requests').columns(['person_id', 'state']).execute();
        await db.schema
          .createTable('request_events')
          .addColumn('seq', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('request_id', 'text', (c) => c.notNull().references('access_requests.id').onDelete('cascade'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('detail', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('request_events_by_request').on('request_events').columns(['request_id', 'seq']).execute();
      },
    },
    '0015-scim-provider': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('scim_clients')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('rotated_at', 'text')
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema
          .createTable('scim_users')
          .addColumn('user_id', 'text', (c) => c.primaryKey().references('platform_users.id').onDelete('cascade'))
          .addColumn('user_name', 'text', (c) => c.notNull())
          .addColumn('user_name_lower', 'text', (c) => c.notNull().unique())
          .addColumn('external_id', 'text')
          .addColumn('attributes', 'text', (c) => c.notNull())
          .addColumn('role_from_groups', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('deleted_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('scim_groups')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('scim_groups_by_name').on('scim_groups').column('display_name').execute();
        await db.schema
          .createTable('scim_group_members')
          .addColumn('group_id', 'text', (c) => c.notNull().references('scim_groups.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('platform_users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'user_id'])
          .execute();
        await db.schema.createIndex('scim_group_members_by_user').on('scim_group_members').column('user_id').execute();
        await db.schema
          .createTable('scim_role_map')
          .addColumn('group_name', 'text', (c) => c.primaryKey())
          .addColumn('role', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0016-oidc': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('sso_providers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('issuer', 'text', (c) => c.notNull())
          .addColumn('client_id', 'text', (c) => c.notNull())
          .addColumn('client_secret', 'text')
          .addColumn('scopes', 'text', (c) => c.notNull())
          .addColumn('groups_claim', 'text', (c) => c.notNull())
          .addColumn('role_mapping', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sso_logins')
          .addColumn('state', 'text', (c) => c.primaryKey())
          .addColumn('provider_id', 'text', (c) => c.notNull().references('sso_providers.id').onDelete('cascade'))
          .addColumn('browser', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('code_verifier', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sso_sessions')
          .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
          .addColumn('provider_id', 'text', (c) => c.notNull().references('sso_providers.id').onDelete('cascade'))
          .addColumn('id_token', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sso_settings')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('local_passwords', 'integer', (c) => c.notNull())
          .addColumn('break_glass_user_id', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0017-request-bundles': {
      // Bundles (access profiles): entitlements across apps requested together, each through its own
      // policy; the requests of one ask share a bundle request id.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('request_bundles')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('items', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.alterTable('access_requests').addColumn('bundle_id', 'text').execute();
        await db.schema.alterTable('access_requests').addColumn('bundle_request_id', 'text').execute();
        await db.schema.createIndex('access_requests_by_bundle_request').on('access_requests').column('bundle_request_id').execute();
      },
    },
    '0018-review-item-orders': {
      // (Numbered after the migrations that shipped before it: a database that ran 0017 runs this
      // next; an earlier number would be refused as out of order.)
      // A reviewer's inbox page in each of its orders (by person, app or entitlement) straight off
      // an index, the campaign last so that a page of every running campaign is ordered too: a
      // reviewer of 50,000 items no longer waits for a sort of all of them per page. These lead
      // with (reviewer_id, state), so the old reviewer index goes. A campaign's items in id order
      // (the evidence report's pages) off (campaign_id, id), not a sort of the campaign per page.
      async up(db: Kysely<unknown>) {
        for (const [name, column] of [['person', 'principal_name'], ['app', 'app_name'], ['entitlement', 'entitlement_name']] as const) {
          await db.schema.createIndex(`review_items_inbox_by_${name}`).on('review_items').columns(['reviewer_id', 'state', column, 'id', 'campaign_id']).execute();
        }
        await db.schema.dropIndex('review_items_by_reviewer').execute();
        await db.schema.createIndex('review_items_by_campaign_id').on('review_items').columns(['campaign_id', 'id']).execute();
      },
    },
    '0019-sqlite-resource-search': {
      // SQLite: a full-text index of resources' names, emails, logins and ids with the trigram
      // tokenizer, so that a substring search ("…%smith%") reads the index instead of every
      // resource of the app (LIKE '%…%' cannot use a b-tree: 81,000 names took 130 ms a page).
      // It indexes the rows of `resources` themselves (external content, kept by triggers), so
      // every writer (ingest, tasks' local changes, deleting an app) keeps it true. Bulk writers
      // insert many rows per statement: the index writes at each statement. (A VACUUM renumbers
      // rowids; after one, `INSERT INTO resources_fts(resources_fts) VALUES ('rebuild')`.)
      // PostgreSQL has pg_trgm (0010).
      async up(db: Kysely<unknown>) {
        if (dialect !== 'sqlite') return;
        const columns = 'display_name, email, login, id';
        const values = (row: 'new' | 'old') => columns.split(', ').map((c) => `${row}.${c}`).join(', ');
        await sql.raw(`CREATE VIRTUAL TABLE resources_fts USING fts5(${columns}, content='resources', content_rowid='rowid', tokenize='trigram')`).execute(db);
        await sql.raw(`CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN
          INSERT INTO resources_fts(rowid, ${columns}) VALUES (new.rowid, ${values('new')});
        END`).execute(db);
        await sql.raw(`CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources BEGIN
          INSERT INTO resources_fts(resources_fts, rowid, ${columns}) VALUES ('delete', old.rowid, ${values('old')});
        END`).execute(db);
        await sql.raw(`CREATE TRIGGER resources_fts_update AFTER UPDATE OF ${columns} ON resources BEGIN
          INSERT INTO resources_fts(resources_fts, rowid, ${columns}) VALUES ('delete', old.rowid, ${values('old')});
          INSERT INTO resources_fts(rowid, ${columns}) VALUES (new.rowid, ${values('new')});
        END`).execute(db);
        await sql`INSERT INTO resources_fts(resources_fts) VALUES ('rebuild')`.execute(db);
      },
    },
    '0021-review-item-counts': {
      // How many items of each campaign are in each state (pending ones: drafted or not, with a
      // reviewer or not), kept by the database as items change, so that a campaign's progress is
      // a read of a few rows: counting a million items took 2-3 s per campaign page and list on
      // SQLite (0.8 s from a covering index). Triggers keep it true for every writer (the start
      // job's batches, decisions, submits, reassignments, due actions, a campaign's deletion);
      // on PostgreSQL once per statement over its transition tables (a bulk decision of 10,000
      // items is one update of a few rows), on SQLite per row.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('review_item_counts')
          .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('drafted', 'integer', (c) => c.notNull())
          .addColumn('unassigned', 'integer', (c) => c.notNull())
          .addColumn('n', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('review_item_counts_pk', ['campaign_id', 'state', 'drafted', 'unassigned'])
          .execute();
        const bucket = (row: string) => `${row}.campaign_id, ${row}.state, CASE WHEN ${row}.decision IS NULL THEN 0 ELSE 1 END, CASE WHEN ${row}.reviewer_id IS NULL THEN 1 ELSE 0 END`;
        const keys = 'campaign_id, state, drafted, unassigned';
        const sameBucket = (row: string) =>
          `campaign_id = ${row}.campaign_id AND state = ${row}.state AND drafted = CASE WHEN ${row}.decision IS NULL THEN 0 ELSE 1 END AND unassigned = CASE WHEN ${row}.reviewer_id IS NULL THEN 1 ELSE 0 END`;
        if (dialect === 'postgres') {
          // Deleted rows are subtracted with an UPDATE, not an upsert: a campaign being deleted
          // has no counts left to insert (its rows go with it). An update applies only the
          // buckets it changed (a comment or a task id changes none, and writes nothing).
          await sql.raw(`CREATE FUNCTION review_item_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                UPDATE review_item_counts c SET n = c.n - d.n
                  FROM (SELECT ${bucket('o')}, count(*) AS n FROM old_rows o GROUP BY 1, 2, 3, 4) AS d(${keys}, n)
                  WHERE c.campaign_id = d.campaign_id AND c.state = d.state AND c.drafted = d.drafted AND c.unassigned = d.unassigned;
              ELSIF TG_OP = 'INSERT' THEN
                INSERT INTO review_item_counts (${keys}, n)
                  SELECT ${bucket('r')}, count(*) FROM new_rows r GROUP BY 1, 2, 3, 4
                  ON CONFLICT (${keys}) DO UPDATE SET n = review_item_counts.n + excluded.n;
              ELSE
                INSERT INTO review_item_counts (${keys}, n)
                  SELECT ${keys}, sum(n) FROM (
                    SELECT ${bucket('o')}, -1 FROM old_rows o UNION ALL SELECT ${bucket('r')}, 1 FROM new_rows r
                  ) AS d(${keys}, n) GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0
                  ON CONFLICT (${keys}) DO UPDATE SET n = review_item_counts.n + excluded.n;
              END IF;
              RETURN NULL;
            END $$`).execute(db);
          await sql.raw(`CREATE TRIGGER review_item_counts_insert AFTER INSERT ON review_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_item_counts_apply()`).execute(db);
          await sql.raw(`CREATE TRIGGER review_item_counts_update AFTER UPDATE ON review_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_item_counts_apply()`).execute(db);
          await sql.raw(`CREATE TRIGGER review_item_counts_delete AFTER DELETE ON review_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_item_counts_apply()`).execute(db);
        } else {
          await sql.raw(`CREATE TRIGGER review_item_counts_insert AFTER INSERT ON review_items BEGIN
            INSERT INTO review_item_counts (${keys}, n) VALUES (${bucket('new')}, 1) ON CONFLICT (${keys}) DO UPDATE SET n = n + 1;
          END`).execute(db);
          await sql.raw(`CREATE TRIGGER review_item_counts_delete AFTER DELETE ON review_items BEGIN
            UPDATE review_item_counts SET n = n - 1 WHERE ${sameBucket('old')};
          END`).execute(db);
          await sql.raw(`CREATE TRIGGER review_item_counts_update AFTER UPDATE OF state, decision, reviewer_id ON review_items
            WHEN old.state IS NOT new.state OR (old.decision IS NULL) IS NOT (new.decision IS NULL) OR (old.reviewer_id IS NULL) IS NOT (new.reviewer_id IS NULL) BEGIN
            UPDATE review_item_counts SET n = n - 1 WHERE ${sameBucket('old')};
            INSERT INTO review_item_counts (${keys}, n) VALUES (${bucket('new')}, 1) ON CONFLICT (${keys}) DO UPDATE SET n = n + 1;
          END`).execute(db);
        }
        await sql.raw(`INSERT INTO review_item_counts (${keys}, n) SELECT ${bucket('i')}, count(*) FROM review_items i GROUP BY 1, 2, 3, 4`).execute(db);
      },
    },
    '0022-scim-filter-index': {
      // SCIM filters answered by indexes instead of reading every user (modules/scim/sql-filter.ts):
      // the values of the users' stored attributes, one row each (modules/scim/values.ts), filled
      // from the users there are; the columns filters compare (lastModified, created, externalId) and
      // the platform users' creation time (the users made in Gatehouse are SCIM Users too). On
      // PostgreSQL the indexes that serve ranges (sw, gt, lt) are in byte order (COLLATE "C"), as
      // the filters compare: a linguistic collation orders "a-b" and "ab" its own way.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('scim_user_values')
          .addColumn('user_id', 'text', (c) => c.notNull().references('scim_users.user_id').onDelete('cascade'))
          .addColumn('path', 'text', (c) => c.notNull())
          .addColumn('item', 'integer', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('kind', 'integer', (c) => c.notNull())
          .execute();
        const c = dialect === 'postgres' ? ' COLLATE "C"' : '';
        const index = (name: string, table: string, columns: string, where = '') => sql.raw(`CREATE INDEX ${name} ON ${table} (${columns})${where}`).execute(db);
        await index('scim_user_values_by_value', 'scim_user_values', `path, value${c}, user_id, item`);
        await index('scim_user_values_by_user', 'scim_user_values', 'user_id, path, item');
        await index('scim_user_values_irregular', 'scim_user_values', 'path', ' WHERE kind <> 0');
        await index('scim_users_by_updated', 'scim_users', `updated_at${c}`);
        await index('scim_users_by_created', 'scim_users', `created_at${c}`);
        await index('scim_users_by_external_id', 'scim_users', 'external_id');
        await index('platform_users_by_created', 'platform_users', `created_at${c}`);
        if (dialect === 'postgres') {
          await index('scim_users_by_user_name_c', 'scim_users', 'user_name_lower COLLATE "C"');
          await index('platform_users_by_email_c', 'platform_users', 'email COLLATE "C"');
          // `co` over the values: pg_trgm (0010 creates it where it can; without it, `co` reads the path's values).
          const trgm = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
          if (trgm.rows[0]!.n > 0) await sql`CREATE INDEX scim_user_values_trgm ON scim_user_values USING gin (value gin_trgm_ops)`.execute(db);
        } else {
          // `co` over the values: a trigram full-text index of them (as 0019 for resources), kept by
          // triggers (values are inserted and deleted, never updated), filled by the rows below.
          await sql`CREATE VIRTUAL TABLE scim_user_values_fts USING fts5(value, content='scim_user_values', content_rowid='rowid', tokenize='trigram')`.execute(db);
          await sql`CREATE TRIGGER scim_user_values_fts_insert AFTER INSERT ON scim_user_values BEGIN
            INSERT INTO scim_user_values_fts(rowid, value) VALUES (new.rowid, new.value);
          END`.execute(db);
          await sql`CREATE TRIGGER scim_user_values_fts_delete AFTER DELETE ON scim_user_values BEGIN
            INSERT INTO scim_user_values_fts(scim_user_values_fts, rowid, value) VALUES ('delete', old.rowid, old.value);
          END`.execute(db);
        }
        const typed = db as unknown as Kysely<{ scim_users: { user_id: string; attributes: string }; scim_user_values: { user_id: string; path: string; item: number; value: string; kind: number } }>;
        for (let after = ''; ; ) {
          const users = await typed.selectFrom('scim_users').select(['user_id', 'attributes']).where('user_id', '>', after).orderBy('user_id').limit(500).execute();
          if (users.length === 0) break;
          const rows = users.flatMap((u) => valueRows(JSON.parse(u.attributes)).map((r) => ({ user_id: u.user_id, ...r })));
          for (let i = 0; i < rows.length; i += 150) await typed.insertInto('scim_user_values').values(rows.slice(i, i + 150)).execute();
          after = users[users.length - 1]!.user_id;
        }
      },
    },
    '0023-scim-live-users': {
      // A filter's matches are users SCIM wrote and did not delete: the ids of those, in an index
      // of their own, so that checking a few thousand matches (a `co` over 100,000 users) reads
      // the index alone, not each user's row with its attributes. UNIQUE (user_id is): SQLite then
      // prefers it to the primary key's index, which needs the row to test deleted_at.
      async up(db: Kysely<unknown>) {
        await sql`CREATE UNIQUE INDEX scim_users_live ON scim_users (user_id) WHERE deleted_at IS NULL`.execute(db);
        // `active eq false`: the few disabled users, found off an index rather than by reading all
        // of them (PostgreSQL read 100,000 platform users to hash the 2,000 disabled: 15 ms -> 1.3 ms).
        await sql`CREATE INDEX platform_users_disabled ON platform_users (id) WHERE disabled = 1`.execute(db);
      },
    },
    '0024-scim-value-terms': {
      // `co` (and `ew`) over a stored attribute: the distinct values of each path (a few thousand
      // family names for 100,000 users, sometimes one per user) carry the trigram index instead of
      // every value of every user. A filter finds the values that hold the substring there, then
      // their users off scim_user_values_by_value, reading that index alone. With the trigram index
      // on the values, PostgreSQL preferred reading the path's 100,000 values to test each (26 ms)
      // and SQLite read the rows of the matches of every path (51 ms). The values' own trigram
      // index goes: nothing reads it, and each user's write kept 15 entries of it.
      // And the ranges of the users' columns (`userName sw`, `meta.lastModified gt`) read only an
      // index: the live users' values with their ids, not each user's row to test deleted_at;
      // likewise a page's group memberships.
      async up(db: Kysely<unknown>) {
        // On SQLite the full-text index points at rows by rowid: an explicit INTEGER PRIMARY KEY
        // keeps them (VACUUM may renumber an implicit rowid), with (path, value) unique beside it.
        if (dialect === 'postgres') await db.schema.createTable('scim_value_terms').addColumn('path', 'text', (c) => c.notNull()).addColumn('value', 'text', (c) => c.notNull()).addPrimaryKeyConstraint('scim_value_terms_pk', ['path', 'value']).execute();
        else await sql`CREATE TABLE scim_value_terms (id INTEGER PRIMARY KEY, path TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (path, value))`.execute(db);
        // Users deleted before 0022 removed their values kept them (its backfill took every user):
        // the filters now trust that only live users have values.
        await sql`DELETE FROM scim_user_values WHERE user_id IN (SELECT user_id FROM scim_users WHERE deleted_at IS NOT NULL)`.execute(db);
        if (dialect === 'postgres') {
          await sql`DROP INDEX IF EXISTS scim_user_values_trgm`.execute(db);
          const trgm = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
          if (trgm.rows[0]!.n > 0) await sql`CREATE INDEX scim_value_terms_trgm ON scim_value_terms USING gin (value gin_trgm_ops)`.execute(db);
          await sql`CREATE INDEX scim_users_live_by_user_name ON scim_users (user_name_lower COLLATE "C", user_id) WHERE deleted_at IS NULL`.execute(db);
          await sql`CREATE INDEX scim_users_live_by_updated ON scim_users (updated_at COLLATE "C", user_id) WHERE deleted_at IS NULL`.execute(db);
          await sql`CREATE INDEX scim_users_live_by_created ON scim_users (created_at COLLATE "C", user_id) WHERE deleted_at IS NULL`.execute(db);
          await sql`DROP INDEX IF EXISTS platform_users_by_email_c`.execute(db);
          await sql`CREATE INDEX platform_users_by_email_c ON platform_users (email COLLATE "C", id)`.execute(db);
        } else {
          await sql`DROP TRIGGER IF EXISTS scim_user_values_fts_insert`.execute(db);
          await sql`DROP TRIGGER IF EXISTS scim_user_values_fts_delete`.execute(db);
          await sql`DROP TABLE IF EXISTS scim_user_values_fts`.execute(db);
          // Terms are inserted (when new) and never updated; kept by triggers as 0022 kept the values'.
          await sql`CREATE VIRTUAL TABLE scim_value_terms_fts USING fts5(value, content='scim_value_terms', content_rowid='id', tokenize='trigram')`.execute(db);
          await sql`CREATE TRIGGER scim_value_terms_fts_insert AFTER INSERT ON scim_value_terms BEGIN
            INSERT INTO scim_value_terms_fts(rowid, value) VALUES (new.id, new.value);
          END`.execute(db);
          await sql`CREATE TRIGGER scim_value_terms_fts_delete AFTER DELETE ON scim_value_terms BEGIN
            INSERT INTO scim_value_terms_fts(scim_value_terms_fts, rowid, value) VALUES ('delete', old.id, old.value);
          END`.execute(db);
          await sql`CREATE INDEX scim_users_live_by_user_name ON scim_users (user_name_lower, user_id) WHERE deleted_at IS NULL`.execute(db);
          await sql`CREATE INDEX scim_users_live_by_updated ON scim_users (updated_at, user_id) WHERE deleted_at IS NULL`.execute(db);
          await sql`CREATE INDEX scim_users_live_by_created ON scim_users (created_at, user_id) WHERE deleted_at IS NULL`.execute(db);
        }
        // A page's group memberships (100 users) off an index alone: with the user's index only,
        // PostgreSQL preferred reading every membership (18,000 rows: 2.5 ms, not 0.4).
        await sql`DROP INDEX IF EXISTS scim_group_members_by_user`.execute(db);
        await sql`CREATE INDEX scim_group_members_by_user ON scim_group_members (user_id, group_id)`.execute(db);
        // 0022's indexes of the same columns without deleted_at: the filters' queries no longer choose them.
        for (const name of ['scim_users_by_updated', 'scim_users_by_created', 'scim_users_by_user_name_c']) await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db);
        await sql`INSERT INTO scim_value_terms (path, value) SELECT DISTINCT path, value FROM scim_user_values WHERE kind = 0`.execute(db);
      },
    },
  };
}

/** Runs the migrations not run yet; `upTo` stops after that one (tests of a migration over older data). */
export async function migrate(db: Kysely<unknown>, dialect: Dialect, upTo?: string): Promise<void> {
  const list = migrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => list };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`);
}

/** Migrations in the code that the database has not run (readiness: a replica of an older or newer build). */
export async function pendingMigrations(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const list = migrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => list };
  return (await new Migrator({ db, provider }).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
