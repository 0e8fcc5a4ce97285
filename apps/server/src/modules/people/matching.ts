/**
 * People: directory apps (Okta, PingOne) create them from their user accounts; every app's
 * accounts are matched to people by email, then by login. An administrator's link or unlink is
 * kept across syncs. The manager relation comes from the directory profile.
 */
import type { Resource } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';

/** The resource type of accounts: every connector names its user-trait type `user`. */
export const ACCOUNT_TYPE = 'user';

interface AccountRow {
  app_id: string;
  id: string;
  email: string | null;
  login: string | null;
  data: string;
}

/** Creates and updates people from a directory app's user accounts (its current generation). */
export async function syncPeopleFromDirectory(store: Db, appId: string): Promise<{ created: number; updated: number }> {
  const { db } = store;
  const now = new Date().toISOString();
  const accounts = await currentUserAccounts(store, appId);
  const existing = new Map((await db.selectFrom('people').selectAll().execute()).map((p) => [p.email, p]));
  let created = 0;
  let updated = 0;
  const byAccount = new Map<string, string>();
  await db.transaction().execute(async (tx) => {
    for (const a of accounts) {
      if (!a.email) continue;
      const r = JSON.parse(a.data) as Resource;
      const status = r.user?.vendorStatus ?? r.user?.status ?? 'unknown';
      const person = existing.get(a.email);
      if (person) {
        byAccount.set(a.id, person.id);
        if (person.display_name !== r.displayName || person.status !== status || person.source_account_id !== a.id) {
          await tx.updateTable('people').set({ display_name: r.displayName, status, source_app_id: appId, source_account_id: a.id, updated_at: now }).where('id', '=', person.id).execute();
          updated++;
        }
      } else {
        const id = randomUUID();
        await tx.insertInto('people').values({ id, email: a.email, display_name: r.displayName, status, manager_id: null, source_app_id: appId, source_account_id: a.id, created_at: now, updated_at: now }).execute();
        existing.set(a.email, { id, email: a.email } as never);
        byAccount.set(a.id, id);
        created++;
      }
    }
    // People whose directory account is gone stay (their access history matters) but are marked.
    const seen = new Set(byAccount.values());
    for (const p of existing.values()) {
      if ((p as { source_app_id?: string }).source_app_id === appId && !seen.has(p.id)) {
        await tx.updateTable('people').set({ status: 'not in directory', updated_at: now }).where('id', '=', p.id).execute();
      }
    }
    for (const a of accounts) {
      const r = JSON.parse(a.data) as Resource;
      const personId = byAccount.get(a.id);
      if (!personId) continue;
      const managerAccount = r.user?.managerId;
      const managerId = managerAccount ? (byAccount.get(managerAccount) ?? null) : null;
      await tx.updateTable('people').set({ manager_id: managerId }).where('id', '=', personId).execute();
    }
  });
  return { created, updated };
}

async function currentUserAccounts(store: Db, appId: string): Promise<AccountRow[]> {
  return store.db
    .selectFrom('resources as r')
    .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
    .select(['r.app_id', 'r.id', 'r.email', 'r.login', 'r.data'])
    .where('r.app_id', '=', appId)
    .where('r.type', '=', ACCOUNT_TYPE)
    .execute();
}

/**
 * Rebuilds the account → person links of an app: email first, then login (against people's
 * emails), keeping every link or unlink an administrator made.
 */
export async function matchAccounts(store: Db, appId: string): Promise<{ matched: number; unmatched: number }> {
  const { db } = store;
  const now = new Date().toISOString();
  const people = await db.selectFrom('people').select(['id', 'email', 'source_app_id', 'source_account_id']).execute();
  const byEmail = new Map(people.map((p) => [p.email, p.id]));
  const bySource = new Map(people.filter((p) => p.source_app_id === appId).map((p) => [p.source_account_id, p.id]));
  const manual = new Map(
    (await db.selectFrom('account_links').selectAll().where('app_id', '=', appId).where('matched_by', 'in', ['manual', 'manual-unlinked']).execute()).map((l) => [l.account_id, l]),
  );
  const accounts = await currentUserAccounts(store, appId);
  let matched = 0;
  let unmatched = 0;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('account_links').where('app_id', '=', appId).where('matched_by', 'not in', ['manual', 'manual-unlinked']).execute();
    const rows = [];
    for (const a of accounts) {
      if (manual.has(a.id)) {
        if (manual.get(a.id)!.person_id) matched++;
        else unmatched++;
        continue;
      }
      let personId: string | undefined;
      let how = 'none';
      if (bySource.has(a.id)) [personId, how] = [bySource.get(a.id), 'directory'];
      else if (a.email && byEmail.has(a.email)) [personId, how] = [byEmail.get(a.email), 'email'];
      else if (a.login && byEmail.has(a.login)) [personId, how] = [byEmail.get(a.login), 'login'];
      if (personId) matched++;
      else unmatched++;
      rows.push({ app_id: appId, account_id: a.id, person_id: personId ?? null, matched_by: how, linked_by: null, updated_at: now });
    }
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('account_links').values(rows.slice(i, i + 500)).execute();
  });
  return { matched, unmatched };
}

/** After people change (a directory synced), every app's accounts are matched again. */
export async function matchAllApps(store: Db): Promise<void> {
  const apps = await store.db.selectFrom('apps').select('id').where('catalog_generation', '>', 0).execute();
  for (const a of apps) await matchAccounts(store, a.id);
}
