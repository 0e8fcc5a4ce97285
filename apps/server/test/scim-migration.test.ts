/**
 * Migration 0024 over a database made before it, on each database: the values of users deleted
 * before 0022 began removing them go (the filters trust that only live users have values), each
 * path's distinct values become terms, and `co` / `ew` find the users through them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { listUsers } from '../src/modules/scim/users.js';
import { valueRows } from '../src/modules/scim/values.js';
import { DIALECTS, freshPostgres } from './harness.js';

describe.each(DIALECTS)('migration 0024 (SCIM value terms) on %s', (dialect) => {
  it('drops the values of deleted users, makes the terms, and co / ew answer through them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-scim-migration-'));
    const pg = dialect === 'postgres' ? await freshPostgres() : undefined;
    const store = openDatabase(pg ? pg.url : join(dir, 'g.db'));
    try {
      await migrate(store.db as never, store.dialect, '0023-scim-live-users');
      const at = '2026-01-01T00:00:00.000Z';
      const users = [
        { id: '00000000-0000-4000-8000-000000000001', email: 'ada@example.com', family: 'Lovelace', deleted: null },
        { id: '00000000-0000-4000-8000-000000000002', email: 'gone@example.com', family: 'Lovelock', deleted: at },
      ];
      for (const u of users) {
        const attributes = { name: { familyName: u.family }, emails: [{ value: u.email, type: 'work' }] };
        await sql`INSERT INTO platform_users (id, email, name, password_hash, role, disabled, created_at) VALUES (${u.id}, ${u.email}, ${u.family}, NULL, 'basic_user', ${u.deleted ? 1 : 0}, ${at})`.execute(store.db);
        await sql`INSERT INTO scim_users (user_id, user_name, user_name_lower, external_id, attributes, role_from_groups, deleted_at, created_at, updated_at) VALUES (${u.id}, ${u.email}, ${u.deleted ? `${u.email}#deleted-${u.id}` : u.email}, NULL, ${JSON.stringify(attributes)}, 0, ${u.deleted}, ${at}, ${at})`.execute(store.db);
        // As 0022's backfill left them: values for every user, the deleted one's too.
        for (const r of valueRows(attributes)) await sql`INSERT INTO scim_user_values (user_id, path, item, value, kind) VALUES (${u.id}, ${r.path}, ${r.item}, ${r.value}, ${r.kind})`.execute(store.db);
      }
      await migrate(store.db as never, store.dialect);
      const left = await sql<{ user_id: string }>`SELECT DISTINCT user_id FROM scim_user_values`.execute(store.db);
      expect(left.rows.map((r) => r.user_id)).toEqual([users[0]!.id]);
      const terms = await sql<{ value: string }>`SELECT value FROM scim_value_terms WHERE path = 'name.familyname' ORDER BY value`.execute(store.db);
      expect(terms.rows.map((r) => r.value)).toEqual(['lovelace']);
      const ctx = { db: store } as never;
      for (const filter of ['name.familyName co "LOVE"', 'name.familyName ew "lace"', 'emails.value co "example"', 'name.familyName co "lovel"']) {
        const found = await listUsers(ctx, { filter }, 'http://scim.test/scim/v2');
        expect({ filter, total: found.totalResults, ids: found.Resources.map((r) => r.id) }).toEqual({ filter, total: 1, ids: [users[0]!.id] });
      }
      expect((await listUsers(ctx, { filter: 'name.familyName co "lock"' }, 'http://scim.test/scim/v2')).totalResults).toBe(0);
    } finally {
      await store.db.destroy();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
