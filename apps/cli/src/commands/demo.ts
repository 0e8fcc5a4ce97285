/**
 * `gatehouse demo`: the product on a laptop, offline. Starts the server on the embedded database,
 * starts every connector's simulator in-process with one company's data, adds the apps and
 * connectors, runs the first syncs, and prints where to sign in. Runs until stopped.
 */
import type { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import type { PantherSimulator } from '@gatehouse/connector-panther/simulator';
import { silentLogger } from '@gatehouse/sdk';
import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDuration, printJson } from '../output.js';
import { serverClient } from '../server-client.js';
import { demoConflicts } from './demo-conflicts.js';
import { demoRequests } from './demo-requests.js';
import { demoReviews } from './demo-reviews.js';

type Json = Record<string, unknown> & { id: string };

/**
 * A few provisioning tasks so that the Tasks page has a story: an Okta group granted and one
 * revoked through the connector (the revoke then drifts), and a Panther admin role waiting for its
 * owner to make by hand.
 */
async function demoTasks(call: (method: string, path: string, body?: unknown) => Promise<Json>, okta: OktaSimulator, panther: PantherSimulator, oktaApp: string, pantherApp: string): Promise<void> {
  const users = [...okta.store.users.values()].filter((u) => u.status === 'ACTIVE');
  const groups = [...okta.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && g.profile.name !== 'Everyone');
  const joiner = users[3]!;
  const newGroup = groups.find((g) => !g.members.has(joiner.id))!;
  const leaving = groups.find((g) => [...g.members].some((id) => id !== joiner.id && okta.store.users.get(id)?.status === 'ACTIVE'))!;
  const leaver = [...leaving.members].find((id) => okta.store.users.get(id)?.status === 'ACTIVE')!;
  const tasks = [
    await call('POST', '/tasks', { appId: oktaApp, kind: 'grant', reason: 'joins the team (HR-1042)', input: { entitlementId: `group:${newGroup.id}:member`, principal: { type: 'user', id: joiner.id } } }),
    await call('POST', '/tasks', { appId: oktaApp, kind: 'revoke', reason: 'moved to another team (HR-1043)', input: { entitlementId: `group:${leaving.id}:member`, principal: { type: 'user', id: leaver } } }),
  ];
  const admin = panther.store.roleByName('Admin')!;
  const analyst = [...panther.store.users.values()].find((u) => u.roleId !== admin.id && u.enabled);
  if (analyst) await call('POST', '/tasks', { appId: pantherApp, kind: 'grant', reason: 'incident commander this month (SEC-77)', input: { entitlementId: `role:${admin.id}:assigned`, principal: { type: 'user', id: analyst.id } } });
  for (const t of tasks) {
    while (['pending', 'running'].includes(String((await call('GET', `/tasks/${t.id}`)).state))) await new Promise((r) => setTimeout(r, 100));
  }
  // Someone puts the revoked membership back in Okta by hand: the next sync reports it as drift on
  // the revoke task, and the app's owners (the admin) are told.
  okta.store.addMember(leaving.id, leaver);
  const connector = ((await call('GET', `/apps/${oktaApp}`)).connectors as { id: string }[])[0]!;
  const { runId } = await call('POST', `/connectors/${connector.id}/sync`);
  for (;;) {
    const runs = (await call('GET', `/connectors/${connector.id}/sync-runs?limit=5`)).items as { id: string; status: string }[];
    if (['succeeded', 'failed'].includes(runs.find((r) => r.id === runId)?.status ?? '')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('start Gatehouse with simulated apps and demo data (embedded database), and print where to sign in')
    .option('--port <n>', 'port of the web UI and API', '8080')
    .option('--data <dir>', 'data directory (wiped: the demo starts fresh)', '.gatehouse/demo')
    .option('--users <n>', 'people in the simulated company', '300')
    .option('--json', 'print one JSON line {url, admin, apiToken} when ready')
    .action(async (opts: { port: string; data: string; users: string; json?: boolean }) => {
      const started = Date.now();
      // Loaded here, not at the top: every other command (a sync above all) goes without the server
      // and the simulators.
      const { configFromEnv, startServer } = await import('@gatehouse/server');
      const [{ OktaSimulator }, { PingOneSimulator }, { PagerDutySimulator }, { PantherSimulator }] = await Promise.all([
        import('@gatehouse/connector-okta/simulator'),
        import('@gatehouse/connector-pingone/simulator'),
        import('@gatehouse/connector-pagerduty/simulator'),
        import('@gatehouse/connector-panther/simulator'),
      ]);
      const dataDir = resolve(opts.data);
      rmSync(dataDir, { recursive: true, force: true });
      const users = Number(opts.users);
      const okta = await new OktaSimulator({ seed: 42, users, groups: Math.max(10, Math.round(users / 12)), apps: 12, domain: 'acme.example' }).start();
      // The other apps know the same people (most of them), plus accounts nobody can be matched to.
      const directoryPeople = [...okta.store.users.values()]
        .filter((u) => u.status === 'ACTIVE')
        .map((u) => ({ firstName: u.profile.firstName, lastName: u.profile.lastName, email: u.profile.email }));
      const pingonePeople = directoryPeople.filter((_, i) => i % 5 !== 0);
      const pingone = await new PingOneSimulator({ seed: 42, users: pingonePeople.length + 6, groups: Math.max(6, Math.round(users / 25)), people: pingonePeople, domain: 'contractors.example' }).start();
      // The on-call tool: about half the company (the engineers), with a few accounts of its own.
      const pagerdutyPeople = directoryPeople.filter((_, i) => i % 2 === 1);
      const pagerduty = await new PagerDutySimulator({ seed: 42, users: pagerdutyPeople.length + 3, teams: Math.max(4, Math.round(users / 30)), schedules: Math.max(3, Math.round(users / 50)), people: pagerdutyPeople, domain: 'oncall-vendor.example' }).start();
      // The SIEM: the security team and some engineers (one in six), and two accounts of its own.
      const pantherPeople = directoryPeople.filter((_, i) => i % 6 === 2);
      const panther = await new PantherSimulator({ seed: 42, users: pantherPeople.length + 2, people: pantherPeople, domain: 'siem-consultants.example' }).start();
      const simulators = [okta, pingone, pagerduty, panther];
      const admin = { email: 'admin@acme.example', password: randomBytes(12).toString('base64url') };
      // The simulators listen on loopback: the demo opens exactly that to the outbound address policy.
      const server = await startServer(configFromEnv({ GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' }, { port: Number(opts.port), dataDir, pollMs: 200 }), {
        logger: silentLogger(),
        env: { ...process.env, GATEHOUSE_ADMIN_EMAIL: admin.email, GATEHOUSE_ADMIN_PASSWORD: admin.password, GATEHOUSE_DATABASE_URL: undefined },
      });
      const stop = () => void Promise.all([server.close(), ...simulators.map((sim) => sim.close())]).then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);

      // Set up as a script would: the admin's API token, through the CLI's own server client.
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const created = await fetch(`${server.url}/api/v1/tokens`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'demo' }) });
      const token = ((await created.json()) as { token: string }).token;
      const client = serverClient({ server: server.url, token });
      const call = (method: string, path: string, body?: unknown) => client<Json>(method, path, body);
      /** Adds an app with its connector and waits for the first sync. */
      const addApp = async (app: { name: string; description: string; isDirectory: boolean }, type: string, config: Record<string, unknown>, provisioning = false): Promise<string> => {
        if (!opts.json) process.stderr.write(`demo: adding ${app.name} and syncing it…\n`);
        // An app the directory already knows (Okta has a PagerDuty app) gets the connector: no second app of that name.
        const known = ((await call('GET', '/apps?limit=500')).items as { id: string; name: string; managed: boolean }[]).find((a) => !a.managed && a.name === app.name);
        const created = known ?? (await call('POST', '/apps', app));
        const connector = await call('POST', `/apps/${created.id}/connectors`, { type, config, schedule: '*/15 * * * *', provisioning });
        for (;;) {
          const c = await call('GET', `/connectors/${connector.id}`);
          if (c.status === 'connected') return created.id;
          if (c.status === 'error') throw new Error(`demo sync of ${app.name} failed: ${String(c.statusMessage)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      if (!opts.json) process.stderr.write(`demo: server up at ${server.url}\n`);
      // The directory first, so that the next apps' accounts are matched to its people.
      // Okta, PingOne and PagerDuty provision through their connectors; Panther's switch stays off, so
      // changes there are manual tasks for its owner (the admin).
      const oktaApp = await addApp({ name: 'Okta', description: 'Acme identity provider', isDirectory: true }, 'okta', { domain: okta.url, apiToken: okta.token('super-admin') }, true);
      await addApp({ name: 'PingOne', description: 'Customer and partner identity (PingOne environment)', isDirectory: false }, 'pingone', pingone.config(), true);
      const pagerdutyApp = await addApp({ name: 'PagerDuty', description: 'Incident response and on-call schedules', isDirectory: false }, 'pagerduty', pagerduty.config(), true);
      const pantherApp = await addApp({ name: 'Panther', description: 'Security monitoring (SIEM): detections, alerts and log search', isDirectory: false }, 'panther', { ...panther.config(), revokeRoleTo: 'AnalystReadOnly' });
      const me = await call('GET', '/auth/me');
      for (const app of [oktaApp, pantherApp]) await call('PATCH', `/apps/${app}`, { owners: [me.id] });
      await demoTasks(call, okta, panther, oktaApp, pantherApp);
      if (!opts.json) process.stderr.write('demo: running access reviews…\n');
      await demoReviews(call, okta, oktaApp, me.id);
      await demoConflicts(call, okta, panther, oktaApp, pantherApp, me.id);
      await demoRequests(server.url, call, okta, oktaApp, pagerdutyApp);
      if (opts.json) {
        printJson({ url: server.url, admin, apiToken: token });
        return;
      }
      const people = await call('GET', '/people?limit=1000');
      const apps = await call('GET', '/apps');
      const out = process.stdout;
      out.write(`\nGatehouse demo is ready (${formatDuration(Date.now() - started)}): ${server.url}\n\n`);
      out.write(`  sign in:    ${admin.email} / ${admin.password}\n`);
      out.write(`  API token:  ${token}   (curl -H "Authorization: Bearer …" ${server.url}/api/v1/apps)\n`);
      out.write(`  API docs:   ${server.url}/docs\n\n`);
      out.write(`  ${(people.items as unknown[]).length} people from the simulated Okta org; ${(apps.items as unknown[]).length} apps (Okta, PingOne, PagerDuty, Panther and the apps Okta knows)\n`);
      out.write(`  provisioning: Okta, PingOne and PagerDuty change access through their connectors; Panther's changes are manual tasks for you; a revoked Okta membership was put back by hand and shows as drift (see Tasks and your inbox)\n`);
      out.write(`  access reviews: "Okta admin roles — Q4 review" waits for you in My reviews; "Okta groups — Q3 review" is complete, its revocations carried out and its evidence report signed; the admin roles review recurs every quarter (Campaigns)\n`);
      out.write(`  access conflicts: a separation-of-duties rule between an Okta group and Panther's Admin role, with one violation (GET /api/v1/violations)\n`);
      out.write(`  access requests: four Okta groups and a PagerDuty team can be requested, the team with a group as the bundle "On-call SRE"; the person on call in PagerDuty got one at once, and another engineer's request waits for your approval (GET /api/v1/requests?kind=approvals)\n`);
      out.write(`\nStop with Ctrl-C.\n`);
    });
}
