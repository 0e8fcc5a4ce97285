/**
 * `gatehouse demo`: starts the Okta simulator in-process, syncs it into a sync file with a
 * progress bar and prints what it found. (The server issue turns this into the full product demo.)
 */
import { createLogger, runSync, SyncFile } from '@gatehouse/sdk';
import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openConnector, targetOf } from '../connector-options.js';
import { formatDuration, formatNumber, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { connectorNamed } from '../registry.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description('start the Okta simulator, sync it into a sync file and show what was found')
    .option('--data <dir>', 'where to write the sync file', '.gatehouse')
    .option('--users <n>', 'size of the simulated org', '2000')
    .option('--seed <n>', 'seed of the simulated org', '42')
    .option('--json', 'print the findings as JSON')
    .action(async (opts: { data: string; users: string; seed: string; json?: boolean }) => {
      const started = Date.now();
      const { definition, simulator } = connectorNamed('okta');
      const users = Number(opts.users);
      const sim = await simulator.start({ seed: opts.seed, users, groups: Math.max(10, Math.round(users / 20)), apps: Math.max(8, Math.round(users / 100)) });
      const file = `${opts.data}/demo-okta.sync`;
      mkdirSync(dirname(file), { recursive: true });
      SyncFile.remove(file);
      const flags = sim.flags();
      const { connector, config, warnings } = openConnector(definition, { domain: flags[1], apiToken: flags[3] });
      const progress = createProgress('demo: syncing the simulated Okta org', { quiet: opts.json });
      try {
        const result = await runSync({
          definition,
          connector,
          file,
          target: targetOf(definition, config),
          logger: createLogger(),
          onProgress: (p) => progress.update(p),
        }, warnings);
        progress.stop();
        const findings = summarise(file);
        if (opts.json) {
          printJson({ simulator: sim.url, file, resources: result.resources, entitlements: result.entitlements, grants: result.grants, inheritedGrants: result.inheritedGrants, apiCalls: result.apiCallsThisRun, ...findings });
          return;
        }
        const out = process.stdout;
        out.write(`\nGatehouse demo: synced a simulated Okta org (${sim.url}) in ${formatDuration(Date.now() - started)} with ${formatNumber(result.apiCallsThisRun)} API calls.\n\n`);
        for (const [type, n] of Object.entries(result.resources)) out.write(`  ${type.padEnd(12)} ${formatNumber(n).padStart(8)}\n`);
        out.write(`  ${'grants'.padEnd(12)} ${formatNumber(result.grants).padStart(8)}  (${formatNumber(result.directGrants)} direct, ${formatNumber(result.inheritedGrants)} inherited through groups)\n\n`);
        out.write(`Users by Okta status: ${Object.entries(findings.usersByStatus).map(([s, n]) => `${s} ${n}`).join(', ')}\n`);
        out.write(`Admin role holders: ${findings.admins.map((a) => `${a.name} (${a.roles.join(', ')})`).join('; ')}\n`);
        out.write(`Suspended or deactivated users who still hold access: ${findings.disabledWithAccess}\n`);
        out.write(`Most-assigned apps: ${findings.topApps.map((a) => `${a.name} ${formatNumber(a.users)}`).join(', ')}\n\n`);
        out.write(`Explore it:\n  npm run gatehouse -- file stats ${file}\n  npm run gatehouse -- file grants ${file} --principal user:${findings.sampleUser}\n`);
      } finally {
        progress.stop();
        await connector.close();
        await sim.close();
      }
    });
}

function summarise(path: string) {
  const file = SyncFile.openReadOnly(path);
  try {
    const db = file.db;
    const usersByStatus = Object.fromEntries(
      (db.prepare("SELECT json_extract(data, '$.user.vendorStatus') AS s, count(*) AS n FROM resources WHERE type = 'user' GROUP BY s ORDER BY n DESC").all() as { s: string; n: number }[]).map((r) => [r.s, r.n]),
    );
    const admins = (
      db
        .prepare(
          `SELECT r.display_name AS name, group_concat(e.resource_id, ', ') AS roles FROM grants g
           JOIN entitlements e ON e.id = g.entitlement_id JOIN resources r ON r.type = g.principal_type AND r.id = g.principal_id
           WHERE e.resource_type = 'role' AND g.principal_type = 'user' AND g.direct = 1 GROUP BY g.principal_id ORDER BY name LIMIT 5`,
        )
        .all() as { name: string; roles: string }[]
    ).map((a) => ({ name: a.name, roles: a.roles.split(', ') }));
    const disabledWithAccess = db
      .prepare(
        `SELECT count(DISTINCT r.id) FROM resources r JOIN grants g ON g.principal_type = 'user' AND g.principal_id = r.id
         WHERE r.type = 'user' AND json_extract(r.data, '$.user.status') = 'disabled'`,
      )
      .pluck()
      .get() as number;
    const topApps = db
      .prepare(
        `SELECT r.display_name AS name, count(*) AS users FROM grants g JOIN entitlements e ON e.id = g.entitlement_id
         JOIN resources r ON r.type = e.resource_type AND r.id = e.resource_id
         WHERE e.resource_type = 'app' AND g.principal_type = 'user' GROUP BY e.id ORDER BY users DESC LIMIT 3`,
      )
      .all() as { name: string; users: number }[];
    const sampleUser = db.prepare("SELECT principal_id FROM grants WHERE principal_type = 'user' AND direct = 0 LIMIT 1").pluck().get() as string;
    return { usersByStatus, admins, disabledWithAccess, topApps, sampleUser };
  } finally {
    file.db.close();
  }
}

