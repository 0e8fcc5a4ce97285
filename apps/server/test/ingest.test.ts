/**
 * Incremental ingest: a re-sync applies the difference from the sync file the catalog was built
 * from, and must leave exactly the catalog (and the grant events) a full rewrite would.
 */
import { oktaConnector } from '@gatehouse/connector-okta';
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { grantId, SyncFile } from '@gatehouse/sdk';
import { syncOnce } from '@gatehouse/sdk/testkit';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_BUSY, ingestSyncFile } from '../src/modules/catalog/ingest.js';
import { ingestOffThread } from '../src/modules/syncs/ingest-thread.js';
import { showAccountDeprovisioned, showGranted, showRevoked } from '../src/modules/catalog/changes.js';
import { DIALECTS, startTestServer, type TestServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ingest-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three syncs of one Okta org, each after a few changes of the kinds a day brings. */
async function makeSyncFiles(): Promise<{ first: string; second: string; third: string; sim: OktaSimulator }> {
  const sim = await new OktaSimulator({ seed: 41, users: 120, groups: 10, apps: 4 }).start();
  const config = { domain: sim.url, apiToken: sim.token() };
  const files = { first: join(dir, 'first.sync'), second: join(dir, 'second.sync'), third: join(dir, 'third.sync') };
  await syncOnce(oktaConnector, config, files.first);
  const store = sim.store;
  const users = [...store.users.values()].filter((u) => u.status === 'ACTIVE');
  const groups = [...store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && g.members.size > 2 && users.some((u) => !g.members.has(u.id)));
  store.removeMember(groups[0]!.id, [...groups[0]!.members][0]!); // a membership (and what it inherits) gone
  store.addMember(groups[1]!.id, users.find((u) => !groups[1]!.members.has(u.id))!.id); // one added
  store.setUserStatus(users[5]!, 'SUSPENDED'); // an account changed
  store.deleteUser(users[6]!.id); // an account and its grants gone
  groups[2]!.profile.name = `${groups[2]!.profile.name} (renamed)`; // an entitlement's resource renamed
  await syncOnce(oktaConnector, config, files.second);
  store.removeMember(groups[1]!.id, [...groups[1]!.members][1]!);
  await syncOnce(oktaConnector, config, files.third);
  return { ...files, sim };
}

describe.each(DIALECTS)('incremental ingest on %s', (dialect) => {
  let t: TestServer;
  let files: Awaited<ReturnType<typeof makeSyncFiles>>;

  beforeAll(async () => {
    files = await makeSyncFiles();
    t = await startTestServer(dialect);
  });
  afterAll(async () => {
    await t?.stop();
    await files?.sim.close();
  });

  async function newApp(name: string): Promise<string> {
    const res = await t.admin('POST', '/apps', { name: `${name} ${randomUUID().slice(0, 6)}` });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** The app's catalog as readers see it, without the columns that name the app and generation. */
  async function catalogOf(appId: string) {
    const { db } = t.server.ctx.db;
    const app = await db.selectFrom('apps').select(['catalog_generation', 'catalog_counts']).where('id', '=', appId).executeTakeFirstOrThrow();
    const at = (table: 'resources' | 'entitlements' | 'grants') =>
      db.selectFrom(table).selectAll().where('app_id', '=', appId).where('generation', '=', app.catalog_generation).execute();
    const strip = <T extends { app_id: string; generation: number }>(rows: T[], key: (r: T) => string) =>
      rows.map(({ app_id: _a, generation: _g, ...rest }) => ({ key: key({ app_id: _a, generation: _g, ...rest } as T), ...rest })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      counts: JSON.parse(app.catalog_counts!),
      resources: strip(await at('resources'), (r) => `${(r as { type: string }).type}/${(r as { id: string }).id}`),
      entitlements: strip(await at('entitlements'), (r) => (r as { id: string }).id),
      grants: strip(await at('grants'), (r) => (r as { id: string }).id),
    };
  }

  async function eventsOf(appId: string, runId: string) {
    const rows = await t.server.ctx.db.db.selectFrom('catalog_events').select(['kind', 'grant_id', 'entitlement_id', 'principal_type', 'principal_id']).where('app_id', '=', appId).where('sync_run_id', '=', runId).execute();
    return rows.map((r) => `${r.kind} ${r.grant_id} ${r.entitlement_id} ${r.principal_type}:${r.principal_id}`).sort();
  }

  it('applies the difference and leaves the same catalog and events as a rewrite', async () => {
    const store = t.server.ctx.db;
    const incremental = await newApp('Incremental');
    const rewritten = await newApp('Rewritten');
    expect((await ingestSyncFile(store, incremental, randomUUID(), files.first)).mode).toBe('rewrite'); // the first sync
    await ingestSyncFile(store, rewritten, randomUUID(), files.first);

    const run = randomUUID();
    const applied = await ingestSyncFile(store, incremental, run, files.second, { previous: files.first });
    const fullRun = randomUUID();
    const full = await ingestSyncFile(store, rewritten, fullRun, files.second); // no base: a rewrite
    expect(applied.mode).toBe('incremental');
    expect(full.mode).toBe('rewrite');
    expect(applied.generation).toBe(1); // rows changed in place; the generation stays
    expect(applied.rowsWritten).toBeGreaterThan(0);
    expect(applied.rowsWritten).toBeLessThan(full.rowsWritten / 10);
    expect(await catalogOf(incremental)).toEqual(await catalogOf(rewritten));
    expect(applied.grantsAdded).toBe(full.grantsAdded);
    expect(applied.grantsRemoved).toBe(full.grantsRemoved);
    expect(applied.grantsRemoved).toBeGreaterThan(0);
    expect(applied.grantsAdded).toBeGreaterThan(0);
    expect(await eventsOf(incremental, run)).toEqual(await eventsOf(rewritten, fullRun));
    expect(applied).toMatchObject({ resources: full.resources, entitlements: full.entitlements, grants: full.grants });

    // And again from there: the chain of bases holds.
    const third = await ingestSyncFile(store, incremental, randomUUID(), files.third, { previous: files.second });
    await ingestSyncFile(store, rewritten, randomUUID(), files.third);
    expect(third.mode).toBe('incremental');
    expect(await catalogOf(incremental)).toEqual(await catalogOf(rewritten));
  });

  it("sets what the platform changed itself (tasks' grants, revokes, removed accounts) to what the new sync says", async () => {
    const store = t.server.ctx.db;
    const incremental = await newApp('Local changes');
    const reference = await newApp('Reference');
    await ingestSyncFile(store, incremental, randomUUID(), files.first);
    const sync = SyncFile.openReadOnly(files.second);
    const [kept, other] = [...sync.grants()].filter((g) => !g.inherited && g.principalType === 'user');
    const someone = [...sync.resources('user')][3]!;
    sync.close();
    const task = randomUUID();
    await store.db.transaction().execute(async (tx) => {
      // Granted by a task, but the sync does not have it: gone after the ingest (the drift check reports it).
      await showGranted(tx, incremental, task, kept!.entitlementId, { type: 'user', id: 'someone-not-there' }, false);
      // Revoked by a task, but the sync still has it: back.
      await showRevoked(tx, incremental, task, other!.entitlementId, { type: other!.principalType, id: other!.principalId }, false);
      // Deleted by a task, but the sync still has the account and its grants: back.
      await showAccountDeprovisioned(tx, incremental, someone.id.id, 'delete');
    });
    expect(await store.db.selectFrom('catalog_local_changes').select('key').where('app_id', '=', incremental).execute()).toHaveLength(3);

    const applied = await ingestSyncFile(store, incremental, randomUUID(), files.second, { previous: files.first });
    await ingestSyncFile(store, reference, randomUUID(), files.second);
    expect(applied.mode).toBe('incremental');
    expect(await catalogOf(incremental)).toEqual(await catalogOf(reference));
    const grants = (await catalogOf(incremental)).grants.map((g) => g.key);
    expect(grants).not.toContain(grantId(kept!.entitlementId, { type: 'user', id: 'someone-not-there' }));
    expect(grants).toContain(other!.id);
    expect(await store.db.selectFrom('catalog_local_changes').select('key').where('app_id', '=', incremental).execute()).toHaveLength(0);
  });

  it('rewrites when the kept file is not what the catalog was built from, or when much changed', async () => {
    const store = t.server.ctx.db;
    const app = await newApp('Stale base');
    await ingestSyncFile(store, app, randomUUID(), files.first);
    await ingestSyncFile(store, app, randomUUID(), files.second, { previous: files.first });
    // The base offered is the first file again (a process killed between the commit and keeping the file).
    const stale = await ingestSyncFile(store, app, randomUUID(), files.third, { previous: files.first });
    expect(stale.mode).toBe('rewrite');
    expect(stale.generation).toBe(2);
    // A missing or unreadable base.
    expect((await ingestSyncFile(store, app, randomUUID(), files.second, { previous: join(dir, 'missing.sync') })).mode).toBe('rewrite');
    const garbage = join(dir, 'garbage.sync');
    copyFileSync(join(import.meta.dirname, 'ingest.test.ts'), garbage);
    expect((await ingestSyncFile(store, app, randomUUID(), files.third, { previous: garbage })).mode).toBe('rewrite');

    // A sync of another, much smaller org against this base: most of the catalog changed.
    const small = await new OktaSimulator({ seed: 42, users: 20, groups: 2, apps: 1 }).start();
    const smallFile = join(dir, 'small.sync');
    await syncOnce(oktaConnector, { domain: small.url, apiToken: small.token() }, smallFile);
    await small.close();
    const big = await ingestSyncFile(store, app, randomUUID(), smallFile, { previous: files.third });
    expect(big.mode).toBe('rewrite');
    const reference = await newApp('Small reference');
    await ingestSyncFile(store, reference, randomUUID(), smallFile);
    expect(await catalogOf(app)).toEqual(await catalogOf(reference));
  });

  it('a re-sync through the sync job applies the difference, and keeps its file for the next one', async () => {
    const res = await t.admin('POST', '/apps', { name: `Okta ${randomUUID().slice(0, 6)}` });
    const connector = await t.admin('POST', `/apps/${res.body.id}/connectors`, { type: 'okta', config: { domain: files.sim.url, apiToken: files.sim.token() } });
    expect(connector.status).toBe(201);
    await t.waitForSync(connector.body.id);
    const member = [...files.sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 2)!;
    files.sim.store.removeMember(member.id, [...member.members][0]!);
    await t.admin('POST', `/connectors/${connector.body.id}/sync`);
    await new Promise((r) => setTimeout(r, 100));
    await t.waitForSync(connector.body.id);
    const runs = await t.admin('GET', `/connectors/${connector.body.id}/sync-runs?limit=1`);
    expect(runs.body.items[0].status).toBe('succeeded');
    expect(runs.body.items[0].grantsRemoved).toBeGreaterThanOrEqual(1);
    expect(runs.body.items[0].log).toMatch(/ingested the difference from the last sync \(\d+ rows written\)/);
    expect(t.log()).toMatch(/"mode":"incremental"/);
  });

  it('runs on a worker thread with its own connection; its errors come back with their message', async () => {
    const app = await newApp('On a worker');
    const done = await ingestOffThread(t.server.ctx, { appId: app, runId: randomUUID(), file: files.first, directory: false });
    expect(done.ingest).toMatchObject({ mode: 'rewrite', generation: 1 });
    expect(await catalogOf(app)).toMatchObject({ counts: { grants: done.ingest.grants } });
    await expect(ingestOffThread(t.server.ctx, { appId: app, runId: randomUUID(), file: join(dir, 'nowhere.sync'), directory: false })).rejects.toThrow(/no sync file at .*nowhere\.sync/);
  });

  it('one ingest per app at a time: another waits while one holds the app, and takes over when its process died', async () => {
    const app = await newApp('Leased');
    const { db } = t.server.ctx.db;
    const hold = (until: number) => db.updateTable('apps').set({ ingest_owner: 'another process', ingest_until: new Date(until).toISOString() }).where('id', '=', app).execute();
    await hold(Date.now() + 60_000);
    await expect(ingestOffThread(t.server.ctx, { appId: app, runId: randomUUID(), file: files.first, directory: false })).rejects.toThrow(INGEST_BUSY);
    expect((await db.selectFrom('grants').select('id').where('app_id', '=', app).execute()).length).toBe(0); // nothing written meanwhile
    await hold(Date.now() - 1000); // its lease ran out: that process is gone
    const done = await ingestOffThread(t.server.ctx, { appId: app, runId: randomUUID(), file: files.first, directory: false });
    expect(done.ingest.generation).toBe(1);
    expect(await db.selectFrom('apps').select(['ingest_owner', 'ingest_until']).where('id', '=', app).executeTakeFirstOrThrow()).toEqual({ ingest_owner: null, ingest_until: null });
  });
  it.runIf(dialect === 'sqlite')('keeps the trigram search index of resources true through rewrites, differences and worker ingests', async () => {
    // 'integrity-check' with rank 1 compares the index with the rows of `resources` it indexes.
    const sqlite = t.server.ctx.db.sqlite!;
    expect(() => sqlite.prepare("INSERT INTO resources_fts(resources_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    const indexed = sqlite.prepare('SELECT count(*) AS n FROM resources_fts').get() as { n: number };
    expect(indexed.n).toBe((sqlite.prepare('SELECT count(*) AS n FROM resources').get() as { n: number }).n);
    expect(indexed.n).toBeGreaterThan(0);
  });
});
