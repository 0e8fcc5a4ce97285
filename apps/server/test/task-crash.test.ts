/**
 * A server killed with SIGKILL while a create-account task is half done: after a restart the task
 * resumes, the connector finds the account the first attempt created, and the app ends up with
 * one account, not two.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Json } from './harness.js';
import { serve, until } from './processes.js';

describe('a server killed during a create-account task', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-task-crash-'));
  let sim: OktaSimulator;
  afterAll(async () => {
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the account exactly once across the restart', async () => {
    sim = await new OktaSimulator({ seed: 9, users: 40, groups: 4, apps: 2 }).start();
    let server = await serve(dataDir);
    const app = await server.api('POST', '/apps', { name: 'Okta', isDirectory: true });
    const connector = await server.api('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    await until('the first sync', async () => ((await server.api('GET', `/connectors/${connector.body.id}`)).body.status === 'connected' ? true : undefined));

    // Slow answers: the account exists in Okta well before the task can finish (activation, read-back).
    sim.setFaults({ latencyMs: 400 });
    const email = 'crash.test@acme.example';
    const accounts = () => [...sim.store.users.values()].filter((u) => u.profile.login === email);
    const task = await server.api('POST', '/tasks', { appId: app.body.id, kind: 'create_account', reason: 'new hire', input: { email, firstName: 'Crash', lastName: 'Test' } });
    expect(task.status).toBe(201);
    await until('the account to reach Okta', () => (accounts().length > 0 ? true : undefined), 30_000, 2);
    server.child.kill('SIGKILL');
    await server.exited;
    expect(accounts()).toHaveLength(1);

    sim.setFaults({ latencyMs: 0 });
    server = await serve(dataDir);
    const done = await until('the resumed task', async () => {
      const t = await server.api('GET', `/tasks/${task.body.id}`);
      return ['succeeded', 'failed', 'manual'].includes(t.body.state) ? (t.body as Json) : undefined;
    });
    expect(done.state).toBe('succeeded');
    expect(accounts()).toHaveLength(1);
    expect(done.result.account.id.id).toBe(accounts()[0]!.id);
    expect(done.log.map((l: Json) => l.message).join('\n')).toContain('the last attempt was cut off');
    server.child.kill('SIGTERM');
    await server.exited;
  }, 180_000);
});
