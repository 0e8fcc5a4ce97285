import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSyncFiles, findCycles, runSync, silentLogger, SyncFile, SyncInterrupted, WarningSink } from '../src/index.js';
import { fakeDefinition, type FakeOrg } from './fake-connector.js';

const dir = mkdtempSync(join(tmpdir(), 'engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sync(org: FakeOrg, file: string, extra: { stopAfterPages?: number; concurrency?: number } = {}) {
  const def = fakeDefinition(org);
  const warnings = new WarningSink();
  const connector = def.create({ label: 'x' }, { logger: silentLogger(), warn: warnings.warn });
  return runSync({ definition: def, connector, file, target: 'fake', ...extra }, warnings);
}

function grantsOf(file: string) {
  const f = SyncFile.openReadOnly(file);
  try {
    return [...f.grants()].map((g) => ({ id: g.id, inherited: g.inherited, sources: g.sources.sort() }));
  } finally {
    f.close();
  }
}

const nested: FakeOrg = {
  users: ['u1', 'u2', 'u3', 'u4', 'u5'],
  groups: { eng: ['u1', 'u2', 'group:platform'], platform: ['u3', 'group:sre'], sre: ['u4'], sales: ['u5', 'u1'] },
  apps: { github: ['eng'], crm: ['sales'] },
};

describe('sync engine', () => {
  it('expands nested groups transitively and records direct and inherited grants', async () => {
    const file = join(dir, 'nested.sync');
    const result = await sync(nested, file);
    expect(result.status).toBe('succeeded');
    const grants = grantsOf(file);
    const byId = new Map(grants.map((g) => [g.id, g]));
    // u4 is in sre ⊂ platform ⊂ eng, so holds eng membership and github through it.
    expect(byId.get('group:eng:member:user:u4')).toMatchObject({ inherited: true, sources: ['group:platform:member'] });
    expect(byId.get('app:github:access:user:u4')).toMatchObject({ inherited: true, sources: ['group:eng:member'] });
    expect(byId.get('app:github:access:user:u1')).toMatchObject({ inherited: true });
    expect(byId.get('group:eng:member:user:u1')).toMatchObject({ inherited: false, sources: [] });
    expect(byId.has('app:github:access:user:u5')).toBe(false);
    expect(byId.get('app:crm:access:user:u5')).toMatchObject({ inherited: true });
    expect(result.cycles).toEqual([]);
  });

  it('ends on membership cycles, warns about them, and never makes a group a member of itself', async () => {
    const cyclic: FakeOrg = { users: ['u1', 'u2'], groups: { a: ['u1', 'group:b'], b: ['u2', 'group:a'] }, apps: { app: ['a'] } };
    const file = join(dir, 'cycle.sync');
    const result = await sync(cyclic, file);
    expect(result.cycles.length).toBe(1);
    expect(result.warnings.some((w) => w.message.includes('cycle'))).toBe(true);
    const ids = grantsOf(file).map((g) => g.id);
    expect(ids).toContain('group:a:member:user:u2');
    expect(ids).toContain('group:b:member:user:u1');
    expect(ids).toContain('app:app:access:user:u2');
    expect(ids).not.toContain('group:a:member:group:a');
    expect(ids).not.toContain('group:b:member:group:b');
  });

  it('finds cycles in an entitlement graph', () => {
    expect(findCycles([{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'a' }, { source: 'c', target: 'd' }])).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles([{ source: 'a', target: 'b' }])).toEqual([]);
  });

  it('resumes an interrupted sync at every possible stopping point to the same result', async () => {
    const reference = join(dir, 'reference.sync');
    await sync(nested, reference, { concurrency: 1 });
    const expected = grantsOf(reference);
    const total = SyncFile.openReadOnly(reference);
    const pages = total.taskCounts().pages;
    total.close();
    for (let stop = 1; stop < pages; stop++) {
      const file = join(dir, `resume-${stop}.sync`);
      await expect(sync(nested, file, { stopAfterPages: stop, concurrency: 1 })).rejects.toBeInstanceOf(SyncInterrupted);
      const result = await sync(nested, file, { concurrency: 3 });
      expect(result.resumed).toBe(true);
      expect(grantsOf(file)).toEqual(expected);
      const f = SyncFile.openReadOnly(file);
      expect(f.taskCounts().pages).toBe(pages); // no page fetched twice
      f.close();
    }
  });

  it('runs the forks of a listing side by side, and resumes them at every stopping point without losing or repeating one', async () => {
    const forked = { ...nested, users: Array.from({ length: 13 }, (_, i) => `u${i}`), forkUsers: 3 };
    const reference = join(dir, 'forks.sync');
    await sync(forked, reference, { concurrency: 4 });
    const users = (f: string) => readSyncedUsers(f);
    expect(users(reference)).toEqual([...forked.users].sort());
    const total = SyncFile.openReadOnly(reference);
    const pages = total.taskCounts().pages;
    total.close();
    for (let stop = 1; stop < pages; stop++) {
      const file = join(dir, `forks-${stop}.sync`);
      await expect(sync(forked, file, { stopAfterPages: stop, concurrency: 1 })).rejects.toBeInstanceOf(SyncInterrupted);
      await sync(forked, file, { concurrency: 3 });
      expect(users(file)).toEqual([...forked.users].sort());
      const f = SyncFile.openReadOnly(file);
      expect(f.taskCounts().pages).toBe(pages);
      f.close();
    }
  });

  it('a type the credentials cannot read is left out with a warning; the rest syncs', async () => {
    const file = join(dir, 'denied.sync');
    const result = await sync({ ...nested, denyApps: true }, file);
    expect(result.status).toBe('succeeded');
    expect(result.resources).toEqual({ user: 5, group: 4 });
    expect(result.warnings).toEqual([{ code: 'permission:apps.read', message: 'App not synced: apps are off limits' }]);
  });

  it('records the warnings a connector raises in the sync file, once each', async () => {
    const file = join(dir, 'warned.sync');
    const result = await sync({ ...nested, warnOnGrants: 'half of the data is hidden' }, file);
    expect(result.warnings).toEqual([{ code: 'fake', message: 'half of the data is hidden' }]);
    const f = SyncFile.openReadOnly(file);
    expect(f.run()!.warnings).toEqual(result.warnings);
    f.close();
  });

  it('starts afresh over a finished sync file, and diffs two files', async () => {
    const before = join(dir, 'before.sync');
    const after = join(dir, 'after.sync');
    await sync(nested, before);
    const changed: FakeOrg = { ...nested, users: [...nested.users, 'u6'], groups: { ...nested.groups, sales: ['u5', 'u6'] } };
    await sync(nested, after);
    const second = await sync(changed, after);
    expect(second.resumed).toBe(false);
    const diff = diffSyncFiles(before, after);
    expect(diff.resources.added.map((r) => r.id)).toEqual(['u6']);
    expect(diff.grants.added.map((g) => g.id)).toEqual(['app:crm:access:user:u6', 'group:sales:member:user:u6']);
    expect(diff.grants.removed.map((g) => g.id)).toEqual(['app:crm:access:user:u1', 'group:sales:member:user:u1']);
  });

  it('refuses to read a file that is not a sync file', () => {
    expect(() => SyncFile.openReadOnly(join(dir, 'missing.sync'))).toThrow(/no sync file/);
  });
});

function readSyncedUsers(path: string): string[] {
  const f = SyncFile.openReadOnly(path);
  try {
    return f.resourceKeys('user').map((r) => r.id);
  } finally {
    f.close();
  }
}
