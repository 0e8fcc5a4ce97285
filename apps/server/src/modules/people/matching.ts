/**
 * People: directory apps (Okta, PingOne) create them from their user accounts; every app's
 * accounts are matched to people by email, then by login. An administrator's link or unlink is
 * kept across syncs. The manager relation comes from the directory profile.
 */
import type { Resource } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { slices } from '../../db/slices.js';
import type { AccountLinkTable, PersonTable } from '../../db/schema.js';

/** The resource type of accounts: every connector names its user-trait type `user`. */
export const ACCOUNT_TYPE = 'user';

/** A person whose directory account is gone. */
const NOT_IN_DIRECTORY = 'not in directory';
/** Links an administrator made or unmade: kept across syncs. */
const MANUAL = ['manual', 'manual-unlinked'];

interface AccountRow {
  app_id: string;
  id: string;
  email: string | null;
  login: string | null;
  data: string;
}

/** Creates and updates people from a directory app's user accounts (its current generation); writes only what changed. */
export async function syncPeopleFromDirectory(store: Db, appId: string): Promise<{ created: number; updated: number }> {
  const { db } = store;
  const now = new Date().toISOString();
  const accounts = await currentUserAccounts(store, appId);
  const existing = new Map((await db.selectFrom('people').selectAll().execute()).map((p) => [p.email, p]));
  // Every account with an email is a person: the existing one, or a new one with its id now, so
  // that managers resolve in the same pass whether or not they are new too.
  const byAccount = new Map<string, string>();
  const idByEmail = new Map([...existing.values()].map((p) => [p.email, p.id]));
  const parsed = accounts.filter((a) => a.email).map((a) => ({ a, r: JSON.parse(a.data) as Resource }));
  for (const { a } of parsed) {
    if (!idByEmail.has(a.email!)) idByEmail.set(a.email!, randomUUID());
    byAccount.set(a.id, idByEmail.get(a.email!)!);
  }
  const fresh: PersonTable[] = [];
  const changed: { id: string; set: Partial<PersonTable> }[] = [];
  const done = new Set<string>(); // two accounts with one email: the first one is the person's
  for (const { a, r } of parsed) {
    const id = byAccount.get(a.id)!;
    if (done.has(id)) continue;
    done.add(id);
    const status = r.user?.vendorStatus ?? r.user?.status ?? 'unknown';
    const managerAccount = r.user?.managerId;
    const managerId = managerAccount ? (byAccount.get(managerAccount) ?? null) : null;
    const title = profileText(r.user?.profile, 'title');
    const department = profileText(r.user?.profile, 'department');
    const person = existing.get(a.email!);
    if (!person) {
      fresh.push({ id, email: a.email!, display_name: r.displayName, status, manager_id: managerId, source_app_id: appId, source_account_id: a.id, title, department, created_at: now, updated_at: now });
      continue;
    }
    const want = { display_name: r.displayName, status, source_app_id: appId, source_account_id: a.id, manager_id: managerId, title, department };
    if ((Object.keys(want) as (keyof typeof want)[]).some((k) => person[k] !== want[k])) changed.push({ id, set: { ...want, updated_at: now } });
  }
  // People whose directory account is gone stay (their access history matters) but are marked.
  const seen = new Set(byAccount.values());
  for (const p of existing.values()) {
    if (p.source_app_id === appId && !seen.has(p.id) && p.status !== NOT_IN_DIRECTORY) changed.push({ id: p.id, set: { status: NOT_IN_DIRECTORY, updated_at: now } });
  }
  // In slices of their own transactions: on SQLite each holds the write lock briefly, so the
  // server's other writers wait milliseconds, not the whole directory's worth.
  for (const rows of slices(fresh, 500)) await db.insertInto('people').values(rows).execute();
  for (const batch of slices(changed, 500)) {
    await db.transaction().execute(async (tx) => {
      for (const c of batch) await tx.updateTable('people').set(c.set).where('id', '=', c.id).execute();
    });
  }
  const updated = new Set(changed.map((c) => c.id)).size;
  return { created: fresh.length, updated };
}

/** A directory profile's text attribute (Okta's and PingOne's `title`, `department`), or null. */
function profileText(profile: Record<string, unknown> | undefined, key: string): string | null {
  const v = profile?.[key];
  return typeof v === 'string' && v.trim() ? v.trim() : null;
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
 * Brings the account → person links of an app up to date: email first, then login (against
 * people's emails), keeping every link or unlink an administrator made. Only links that changed
 * are written (a re-sync changes a few), in slices of their own transactions.
 */
export async function matchAccounts(store: Db, appId: string): Promise<{ matched: number; unmatched: number }> {
  const { db } = store;
  const now = new Date().toISOString();
  const people = await db.selectFrom('people').select(['id', 'email', 'source_app_id', 'source_account_id']).execute();
  const byEmail = new Map(people.map((p) => [p.email, p.id]));
  const bySource = new Map(people.filter((p) => p.source_app_id === appId).map((p) => [p.source_account_id, p.id]));
  const current = new Map((await db.selectFrom('account_links').selectAll().where('app_id', '=', appId).execute()).map((l) => [l.account_id, l]));
  const accounts = await currentUserAccounts(store, appId);
  let matched = 0;
  let unmatched = 0;
  const wanted = new Set<string>();
  const put: AccountLinkTable[] = [];
  for (const a of accounts) {
    const link = current.get(a.id);
    if (link && MANUAL.includes(link.matched_by)) {
      if (link.person_id) matched++;
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
    wanted.add(a.id);
    if (link?.person_id === (personId ?? null) && link.matched_by === how) continue;
    put.push({ app_id: appId, account_id: a.id, person_id: personId ?? null, matched_by: how, linked_by: null, updated_at: now });
  }
  const gone = [...current.values()].filter((l) => !MANUAL.includes(l.matched_by) && !wanted.has(l.account_id)).map((l) => l.account_id);
  for (const ids of slices(gone, 500)) await db.deleteFrom('account_links').where('app_id', '=', appId).where('account_id', 'in', ids).execute();
  for (const rows of slices(put, 500)) {
    await db
      .insertInto('account_links')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['app_id', 'account_id']).doUpdateSet((eb) => ({ person_id: eb.ref('excluded.person_id'), matched_by: eb.ref('excluded.matched_by'), linked_by: eb.ref('excluded.linked_by'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  }
  return { matched, unmatched };
}

/** After people change (a directory synced), every app's accounts are matched again. */
export async function matchAllApps(store: Db): Promise<void> {
  const apps = await store.db.selectFrom('apps').select('id').where('catalog_generation', '>', 0).execute();
  for (const a of apps) await matchAccounts(store, a.id);
}
