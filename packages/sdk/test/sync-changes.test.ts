/**
 * SyncFile.changesSince: the rows an incremental ingest writes and the keys it deletes, checked
 * against the same difference worked out from every row of both files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSync, silentLogger, SyncFile, WarningSink, type SyncChanges } from '../src/index.js';
import { fakeDefinition, type FakeOrg } from './fake-connector.js';

const dir = mkdtempSync(join(tmpdir(), 'sync-changes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sync(org: FakeOrg, file: string) {
  const def = fakeDefinition(org);
  const warnings = new WarningSink();
  const connector = def.create({ label: 'x' }, { logger: silentLogger(), warn: warnings.warn });
  return runSync({ definition: def, connector, file, target: 'fake' }, warnings);
}

/** The difference from every row of both files, compared in memory. */
function differenceOfAllRows(newer: string, older: string): Omit<SyncChanges, 'size'> {
  const read = (path: string) => {
    const f = SyncFile.openReadOnly(path);
    try {
      return {
        resources: new Map([...f.resources()].map((r) => [`${r.id.type}\u0000${r.id.id}`, r])),
        entitlements: new Map([...f.entitlements()].map((e) => [e.id, e])),
        grants: new Map([...f.grants()].map((g) => [g.id, g])),
      };
    } finally {
      f.close();
    }
  };
  const a = read(newer);
  const b = read(older);
  const put = <T>(now: Map<string, T>, before: Map<string, T>, same: (x: T, y: T) => boolean) =>
    [...now.entries()].filter(([k, v]) => !before.has(k) || !same(v, before.get(k)!)).map(([, v]) => v);
  const gone = <T>(now: Map<string, T>, before: Map<string, T>) => [...before.entries()].filter(([k]) => !now.has(k)).map(([, v]) => v);
  const json = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return {
    resources: { put: put(a.resources, b.resources, json), removed: gone(a.resources, b.resources).map((r) => r.id) },
    entitlements: { put: put(a.entitlements, b.entitlements, json), removed: gone(a.entitlements, b.entitlements).map((e) => e.id) },
    grants: {
      // What the catalog stores of a grant: whether it is inherited and through which entitlements.
      put: put(a.grants, b.grants, (x, y) => x.inherited === y.inherited && json([...x.sources].sort(), [...y.sources].sort())),
      removed: gone(a.grants, b.grants).map((g) => g.id),
    },
  };
}

const before: FakeOrg = {
  users: ['u1', 'u2', 'u3', 'u4', 'u5'],
  groups: { eng: ['u1', 'u2', 'group:platform'], platform: ['u3', 'group:sre'], sre: ['u4'], sales: ['u5', 'u1'] },
  apps: { github: ['eng'], crm: ['sales'] },
};

// A day's changes of every kind: an account added and one gone; an app gone and one added (their
// entitlements with them); memberships added and removed, one through a new nesting (a direct
// member of eng now also holds it through sales: sources change, not the grant); a direct member
// of platform now a member through sre only (direct becomes inherited).
const after: FakeOrg = {
  users: ['u1', 'u2', 'u3', 'u5', 'u6'],
  groups: { eng: ['u1', 'group:platform', 'group:sales'], platform: ['group:sre'], sre: ['u3'], sales: ['u5', 'u1', 'u6'] },
  apps: { github: ['eng'], wiki: ['platform'] },
};

describe('SyncFile.changesSince', () => {
  it('gives the rows added or changed and the keys gone, as comparing every row would', async () => {
    const older = join(dir, 'before.sync');
    const newer = join(dir, 'after.sync');
    await sync(before, older);
    await sync(after, newer);
    const edit = SyncFile.open(newer);
    edit.putResource({ id: { type: 'user', id: 'u2' }, displayName: 'U. Two' }); // an account renamed
    edit.close();

    const file = SyncFile.openReadOnly(newer);
    const changes = file.changesSince(older)!;
    file.close();
    const expected = differenceOfAllRows(newer, older);
    expect({ resources: changes.resources, entitlements: changes.entitlements, grants: changes.grants }).toEqual(expected);
    const sizes = [expected.resources.put, expected.resources.removed, expected.entitlements.put, expected.entitlements.removed, expected.grants.put, expected.grants.removed].map((l) => l.length);
    expect(changes.size).toBe(sizes.reduce((n, s) => n + s, 0));
    expect(sizes.every((n) => n > 0)).toBe(true); // every kind of change is there to be found

    // The grants whose sources or directness changed are among those put, as they are now.
    const put = new Map(changes.grants.put.map((g) => [g.id, g]));
    expect(put.get('group:eng:member:user:u1')).toMatchObject({ inherited: false, sources: ['group:sales:member'] });
    expect(put.get('group:platform:member:user:u3')).toMatchObject({ inherited: true, sources: ['group:sre:member'] });

    // Nothing changed: nothing to write.
    const same = SyncFile.openReadOnly(older);
    expect(same.changesSince(older)).toEqual({ size: 0, resources: { put: [], removed: [] }, entitlements: { put: [], removed: [] }, grants: { put: [], removed: [] } });
    // Over the limit: no rows read, the caller rewrites.
    same.close();
    const again = SyncFile.openReadOnly(newer);
    expect(again.changesSince(older, changes.size - 1)).toBeUndefined();
    again.close();
  });
});
