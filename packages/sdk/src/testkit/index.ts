/**
 * The connector conformance suite: every connector runs it, unchanged, against its simulator.
 * It checks that a full sync equals the simulator's own data, that every provisioning operation
 * round-trips and shows in the next sync, that faults (5xx storms, cut-off bodies, rate limits)
 * are survived with the same result, and that an interrupted sync resumes to the same result
 * without fetching again what it had.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInput, Connector, ConnectorDefinition } from '../connector.js';
import type { RateLimitedEvent } from '../http/client.js';
import { OutboundPolicy } from '../http/outbound.js';
import { silentLogger } from '../log.js';
import type { ResourceRef } from '../model.js';
import { runSync, SyncInterrupted, WarningSink, type SyncResult } from '../sync/engine.js';
import { SyncFile } from '../sync/sync-file.js';
export { OpenApiSpec, validationErrors, type OpenApiSpecOptions } from './openapi.js';
export { specsDir, vendorSpecs, type SpecFiles } from './specs.js';

export interface ExpectedData {
  /** Resource ids per type. */
  resources: Record<string, string[]>;
  /** Every grant id, direct and inherited. */
  grants: string[];
  /** The subset of grants that are inherited only (none held directly). */
  inheritedGrants?: string[];
}

export interface SimulatorFaults {
  failRate?: number;
  truncateRate?: number;
  /** Requests allowed per rate-limit window. */
  rateLimit?: number;
  /** Window length; real APIs use a minute, the suite shortens it to keep tests fast. */
  rateWindowSeconds?: number;
  latencyMs?: number;
}

export interface ProvisioningCase {
  entitlementId: string;
  principal: ResourceRef;
  /** What the next sync must show besides the grant itself (e.g. inherited grants of members). */
  alsoGrants?: string[];
}

export interface ConformanceHarness<Sim> {
  definition: ConnectorDefinition;
  /** Tells runs of the suite apart (e.g. "15,000 users, past the offset cap"). */
  label?: string;
  /** A fresh simulator (each test that changes data gets its own). */
  start(): Promise<Sim>;
  stop(sim: Sim): Promise<void>;
  config(sim: Sim): Record<string, unknown>;
  /** The simulator's truth, read from its store (not through the API). */
  expected(sim: Sim): ExpectedData;
  setFaults(sim: Sim, faults: SimulatorFaults): void;
  /** Requests the simulator saw, and how many it answered 429. */
  calls(sim: Sim): { total: number; rateLimited: number };
  /** Entitlements to grant to principals that do not hold them yet. */
  grantCases(sim: Sim): ProvisioningCase[];
  /** Grants currently held directly, to revoke. */
  revokeCases(sim: Sim): ProvisioningCase[];
  account?: AccountInput;
  /**
   * Whether the API announces its limit before it is reached (Okta's X-Rate-Limit-*, PagerDuty's
   * RateLimit-*). When it does not (PingOne answers 429 with Retry-After only), the suite checks
   * that the 429s are waited out instead of checking that none happen.
   */
  announcesRateLimit?: boolean;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-conformance-'));
}

export function openTestConnector(definition: ConnectorDefinition, config: Record<string, unknown>): { connector: Connector; warnings: WarningSink } {
  const warnings = new WarningSink();
  const parsed = definition.configSchema.parse(config) as Record<string, unknown>;
  const connector = definition.create(parsed, { logger: silentLogger(), warn: warnings.warn });
  return { connector, warnings };
}

export async function syncOnce(
  definition: ConnectorDefinition,
  config: Record<string, unknown>,
  file: string,
  extra: { stopAfterPages?: number; concurrency?: number } = {},
): Promise<SyncResult> {
  const { connector, warnings } = openTestConnector(definition, config);
  try {
    return await runSync({ definition, connector, file, target: JSON.stringify(config), ...extra }, warnings);
  } finally {
    await connector.close();
  }
}

/** The API calls a connector makes before it lists anything: validate(), and resourceTypes() where it has one. */
async function startCalls(definition: ConnectorDefinition, config: Record<string, unknown>): Promise<number> {
  const { connector } = openTestConnector(definition, config);
  try {
    await connector.validate();
    await connector.resourceTypes?.();
    return connector.apiCalls();
  } finally {
    await connector.close();
  }
}

/** What a sync file holds, in the shape of ExpectedData. */
export function readSynced(path: string): { resources: Record<string, string[]>; grants: string[]; inheritedGrants: string[] } {
  const file = SyncFile.openReadOnly(path);
  try {
    const resources: Record<string, string[]> = {};
    for (const t of file.resourceTypes()) resources[t.id] = [];
    for (const r of file.resourceKeys()) (resources[r.type] ??= []).push(r.id);
    return { resources, grants: file.grantIds(), inheritedGrants: file.grantIds(true) };
  } finally {
    file.close();
  }
}

function expectSame(actual: ReturnType<typeof readSynced>, expected: ExpectedData): void {
  const sort = (xs: string[]) => [...xs].sort();
  for (const [type, ids] of Object.entries(expected.resources)) {
    expect(sort(actual.resources[type] ?? []), `resources of type ${type}`).toEqual(sort(ids));
  }
  // Compare sizes first: a diff of a million ids is unreadable.
  const actualGrants = new Set(actual.grants);
  const expectedGrants = new Set(expected.grants);
  const missing = expected.grants.filter((g) => !actualGrants.has(g));
  const extra = actual.grants.filter((g) => !expectedGrants.has(g));
  expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), missingCount: missing.length, extraCount: extra.length }).toEqual({
    missing: [],
    extra: [],
    missingCount: 0,
    extraCount: 0,
  });
  if (expected.inheritedGrants) expect(sort(actual.inheritedGrants)).toEqual(sort(expected.inheritedGrants));
}

export function runConformanceSuite<Sim>(harness: ConformanceHarness<Sim>): void {
  const { definition } = harness;
  describe(`${definition.name} connector conformance${harness.label ? ` (${harness.label})` : ''}`, () => {
    let dir: string;
    beforeAll(() => {
      dir = tempDir();
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a full sync equals the simulator data', async () => {
      const sim = await harness.start();
      try {
        const file = join(dir, 'full.sync');
        const result = await syncOnce(definition, harness.config(sim), file);
        expect(result.status).toBe('succeeded');
        expectSame(readSynced(file), harness.expected(sim));
        expect(result.apiCalls).toBe(harness.calls(sim).total);
      } finally {
        await harness.stop(sim);
      }
    });

    it('names where its secrets go, and sends nothing past the outbound address policy it is given', async () => {
      const sim = await harness.start();
      try {
        const parsed = definition.configSchema.parse(harness.config(sim));
        const destinations = definition.destinations(parsed);
        expect(destinations.length).toBeGreaterThan(0);
        for (const d of destinations) expect(['http:', 'https:']).toContain(new URL(d).protocol);
        // The simulator listens on loopback, which the default policy refuses: not one request may leave.
        const refused = definition.create(parsed, { logger: silentLogger(), warn: () => {}, outbound: OutboundPolicy.parse('') });
        try {
          await expect(refused.validate()).rejects.toThrow(/outbound address policy/);
        } finally {
          await refused.close();
        }
        expect(harness.calls(sim).total).toBe(0);
        const allowed = definition.create(parsed, { logger: silentLogger(), warn: () => {}, outbound: OutboundPolicy.parse('127.0.0.1/32,::1/128') });
        try {
          await allowed.validate();
        } finally {
          await allowed.close();
        }
        expect(harness.calls(sim).total).toBeGreaterThan(0);
      } finally {
        await harness.stop(sim);
      }
    });

    it('every grant round-trips, shows in the next sync, and granting again changes nothing', async () => {
      const sim = await harness.start();
      try {
        const cases = harness.grantCases(sim);
        expect(cases.length).toBeGreaterThan(0);
        const { connector } = openTestConnector(definition, harness.config(sim));
        try {
          for (const c of cases) {
            // A connector may not know ('unknown': its idempotent call's answer does not say); it must not say the wrong thing. The sync below shows what really changed.
            expect((await connector.grant!(c.entitlementId, c.principal)).changed, `grant ${c.entitlementId} to ${c.principal.id}`).toBeOneOf([true, 'unknown']);
            expect((await connector.grant!(c.entitlementId, c.principal)).changed, `grant again ${c.entitlementId}`).toBeOneOf([false, 'unknown']);
          }
        } finally {
          await connector.close();
        }
        const file = join(dir, 'granted.sync');
        await syncOnce(definition, harness.config(sim), file);
        const synced = readSynced(file);
        const held = new Set(synced.grants);
        for (const c of cases) {
          expect(held.has(`${c.entitlementId}:${c.principal.type}:${c.principal.id}`), `${c.entitlementId} held by ${c.principal.id}`).toBe(true);
          for (const g of c.alsoGrants ?? []) expect(held.has(g), `also ${g}`).toBe(true);
        }
        expectSame(synced, harness.expected(sim));
      } finally {
        await harness.stop(sim);
      }
    });

    it('every revoke round-trips, disappears from the next sync, and revoking again changes nothing', async () => {
      const sim = await harness.start();
      try {
        const cases = harness.revokeCases(sim);
        expect(cases.length).toBeGreaterThan(0);
        const { connector } = openTestConnector(definition, harness.config(sim));
        try {
          for (const c of cases) {
            expect((await connector.revoke!(c.entitlementId, c.principal)).changed, `revoke ${c.entitlementId} from ${c.principal.id}`).toBeOneOf([true, 'unknown']);
            expect((await connector.revoke!(c.entitlementId, c.principal)).changed, `revoke again ${c.entitlementId}`).toBeOneOf([false, 'unknown']);
          }
        } finally {
          await connector.close();
        }
        const file = join(dir, 'revoked.sync');
        await syncOnce(definition, harness.config(sim), file);
        const synced = readSynced(file);
        const inherited = new Set(synced.inheritedGrants);
        const direct = new Set(synced.grants.filter((g) => !inherited.has(g)));
        for (const c of cases) expect(direct.has(`${c.entitlementId}:${c.principal.type}:${c.principal.id}`)).toBe(false);
        expectSame(synced, harness.expected(sim));
      } finally {
        await harness.stop(sim);
      }
    });

    if (harness.account) {
      it('an account created shows in the next sync; deprovisioned, it leaves the synced accounts', async () => {
        const sim = await harness.start();
        try {
          const { connector } = openTestConnector(definition, harness.config(sim));
          let userId: string;
          try {
            const created = await connector.createAccount!(harness.account!);
            userId = created.id.id;
            expect(created.user?.emails).toContain(harness.account!.email);
            const again = await connector.createAccount!(harness.account!);
            expect(again.id.id).toBe(userId);
          } finally {
            await connector.close();
          }
          const file = join(dir, 'account.sync');
          await syncOnce(definition, harness.config(sim), file);
          expect(readSynced(file).resources.user).toContain(userId);

          const second = openTestConnector(definition, harness.config(sim));
          try {
            expect(await second.connector.deleteAccount!({ type: 'user', id: userId }, 'deprovision')).toMatchObject({ changed: true });
            expect(await second.connector.deleteAccount!({ type: 'user', id: userId }, 'deprovision')).toMatchObject({ changed: false });
          } finally {
            await second.connector.close();
          }
          await syncOnce(definition, harness.config(sim), file);
          expectSame(readSynced(file), harness.expected(sim));
        } finally {
          await harness.stop(sim);
        }
      });
    }

    const faultCases: [string, SimulatorFaults][] = [
      ['a storm of 500s (20% of requests)', { failRate: 0.2 }],
      ['bodies cut off mid-way (20% of responses)', { truncateRate: 0.2 }],
    ];
    for (const [label, faults] of faultCases) {
      it(`survives ${label} with the same result`, async () => {
        const sim = await harness.start();
        try {
          harness.setFaults(sim, faults);
          const file = join(dir, 'faults.sync');
          const result = await syncOnce(definition, harness.config(sim), file);
          expect(result.status).toBe('succeeded');
          harness.setFaults(sim, {});
          expectSame(readSynced(file), harness.expected(sim));
        } finally {
          await harness.stop(sim);
        }
      });
    }

    const announced = harness.announcesRateLimit !== false;
    it(announced ? 'stays under the rate limit the API announces (no 429)' : 'waits out 429s (Retry-After) with the same result', async () => {
      const sim = await harness.start();
      try {
        // A limit the sync must wait out several times, in short windows to keep the test fast.
        const unlimited = await syncOnce(definition, harness.config(sim), join(dir, 'count.sync'));
        // At least two a window, so that even a sync of a few calls (Panther: four) must wait.
        const perWindow = Math.max(2, Math.ceil(unlimited.apiCalls / 4));
        harness.setFaults(sim, { rateLimit: perWindow, rateWindowSeconds: 2 });
        const before = harness.calls(sim).rateLimited;
        const result = await syncOnce(definition, harness.config(sim), join(dir, 'limited.sync'), { concurrency: 8 });
        expect(result.status).toBe('succeeded');
        if (announced) expect(harness.calls(sim).rateLimited - before).toBe(0);
        else expect(harness.calls(sim).rateLimited - before).toBeGreaterThan(0);
        expect(result.apiCalls).toBeGreaterThan(perWindow); // it did have to wait for a new window
        harness.setFaults(sim, {});
        expectSame(readSynced(join(dir, 'limited.sync')), harness.expected(sim));
      } finally {
        await harness.stop(sim);
      }
    }, 60_000);

    it('tells its context of every 429 it receives (onRateLimited, through httpOptions)', async () => {
      const sim = await harness.start();
      try {
        const parsed = definition.configSchema.parse(harness.config(sim));
        // One request a window: a first instance spends it, so a second one, which knows nothing of
        // the window yet, is answered 429 on its first request whether or not the API announces it.
        harness.setFaults(sim, { rateLimit: 1, rateWindowSeconds: 1 });
        const first = definition.create(parsed, { logger: silentLogger(), warn: () => {} });
        try {
          await first.validate();
        } finally {
          await first.close();
        }
        const reported: RateLimitedEvent[] = [];
        const before = harness.calls(sim).rateLimited;
        const second = definition.create(parsed, { logger: silentLogger(), warn: () => {}, onRateLimited: (e) => reported.push(e) });
        try {
          await second.validate();
        } finally {
          await second.close();
        }
        const received = harness.calls(sim).rateLimited - before;
        expect(received).toBeGreaterThan(0);
        expect(reported).toHaveLength(received);
        for (const e of reported) expect(e).toMatchObject({ method: expect.any(String), url: expect.stringMatching(/^https?:\/\//), attempt: expect.any(Number), willRetry: true });
      } finally {
        await harness.stop(sim);
      }
    }, 60_000);

    it('an interrupted sync resumes to the same result without fetching again what it had', async () => {
      const sim = await harness.start();
      try {
        const full = await syncOnce(definition, harness.config(sim), join(dir, 'reference.sync'), { concurrency: 1 });
        const file = join(dir, 'resumed.sync');
        const stopAfter = Math.max(1, Math.floor(full.apiCalls / 3));
        await expect(syncOnce(definition, harness.config(sim), file, { stopAfterPages: stopAfter, concurrency: 1 })).rejects.toBeInstanceOf(SyncInterrupted);
        const interrupted = SyncFile.openReadOnly(file);
        const firstCalls = interrupted.run()!.apiCalls;
        interrupted.close();
        const resumed = await syncOnce(definition, harness.config(sim), file, { concurrency: 1 });
        expect(resumed.resumed).toBe(true);
        expect(resumed.resumes).toBe(1);
        // Sequential, so nothing was in flight when it stopped: the two runs together make exactly
        // the calls of one uninterrupted sync, plus those of the second start (the credentials
        // check, and whatever the connector asks to learn what the service supports).
        expect(firstCalls + resumed.apiCallsThisRun).toBe(full.apiCalls + (await startCalls(definition, harness.config(sim))));
        expectSame(readSynced(file), harness.expected(sim));
      } finally {
        await harness.stop(sim);
      }
    });
  });
}
