/**
 * A server killed with SIGKILL in the middle of ingesting a sync: the last good catalog stays
 * readable and intact, and after a restart the sync is retried and lands exactly once.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serve, until } from './processes.js';

describe('a server killed during ingest', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
  let sim: OktaSimulator;
  afterAll(async () => {
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the last good data, retries the sync after restart, and duplicates nothing', async () => {
    sim = await new OktaSimulator({ seed: 8, users: 12_000, groups: 400, apps: 20 }).start();
    let server = await serve(dataDir);
    const app = await server.api('POST', '/apps', { name: 'Okta', isDirectory: true });
    const connector = await server.api('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() } });
    const first = await until('the first sync', async () => {
      const runs = await server.api('GET', `/connectors/${connector.body.id}/sync-runs?limit=1`);
      return runs.body.items[0]?.status === 'succeeded' ? runs.body.items[0] : undefined;
    });

    // Change the org, sync again, and kill the server as soon as the new generation is being written.
    // Without the kept base file the re-sync rewrites the catalog (a small difference would be
    // applied in one transaction, whose all-or-nothing is the database's own).
    rmSync(join(dataDir, 'syncs', `${connector.body.id}.ingested.sync`));
    const group = [...sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 3)!;
    const leaving = [...group.members].find((id) => sim.store.users.get(id)!.status !== 'DEPROVISIONED')!;
    sim.store.removeMember(group.id, leaving);
    await server.api('POST', `/connectors/${connector.body.id}/sync`);
    // A plain connection: a read-only one cannot recover the WAL of a killed writer.
    const db = new Database(join(dataDir, 'gatehouse.db'));
    const generation = () => db.prepare('SELECT catalog_generation FROM apps WHERE id = ?').pluck().get(app.body.id) as number;
    const good = generation();
    await until('ingest to start', () => ((db.prepare('SELECT count(*) FROM grants WHERE app_id = ? AND generation > ?').pluck().get(app.body.id, good) as number) > 0 ? true : undefined));
    server.child.kill('SIGKILL');
    await server.exited;

    // The last good catalog is what readers see, whole.
    expect(generation()).toBe(good);
    const goodGrants = db.prepare('SELECT count(*) FROM grants WHERE app_id = ? AND generation = ?').pluck().get(app.body.id, good) as number;
    expect(goodGrants).toBe(first.counts.grants);

    server = await serve(dataDir);
    const retried = await until('the retried sync', async () => {
      const runs = await server.api('GET', `/connectors/${connector.body.id}/sync-runs?limit=5`);
      return runs.body.items[0]?.status === 'succeeded' ? runs.body.items : undefined;
    });
    expect(retried).toHaveLength(2); // the first sync and the killed one, finished on retry
    expect(retried[0].grantsRemoved).toBeGreaterThanOrEqual(1);
    const now = generation();
    expect(now).toBe(good + 1);
    const rows = db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS d FROM grants WHERE app_id = ?').get(app.body.id) as { n: number; d: number };
    expect(rows.n).toBe(rows.d); // no duplicates and no leftover generation
    expect(rows.n).toBe(retried[0].counts.grants);
    const removed = db.prepare("SELECT count(*) FROM catalog_events WHERE kind = 'grant_removed' AND grant_id = ?").pluck().get(`group:${group.id}:member:user:${leaving}`) as number;
    expect(removed).toBe(1);
    db.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }, 180_000);
});
