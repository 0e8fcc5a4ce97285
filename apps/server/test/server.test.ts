import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from './harness.js';

describe.each(DIALECTS)('server on %s', (dialect) => {
  let t: TestServer;
  let directory: OktaSimulator; // the company's Okta: people come from it
  let other: OktaSimulator; // a second Okta org governed as a plain app
  let oktaApp: string;
  let oktaConnector: string;

  beforeAll(async () => {
    directory = await new OktaSimulator({ seed: 31, users: 250, groups: 15, apps: 6 }).start();
    other = await new OktaSimulator({ seed: 32, users: 60, groups: 5, apps: 3, domain: 'acme.example' }).start();
    t = await startTestServer(dialect);
  });
  afterAll(async () => {
    await t?.stop();
    await directory?.close();
    await other?.close();
  });

  describe('sign-in and roles', () => {
    it('signs the first admin in, and refuses wrong passwords and anonymous calls', async () => {
      expect((await t.admin('GET', '/auth/me')).body).toMatchObject({ email: 'admin@example.com', role: 'super_admin' });
      const wrong = await fetch(`${t.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'nope' }) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
      const anon = await t.anonymous('GET', '/apps');
      expect(anon.status).toBe(401);
      expect(anon.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    });

    it('API tokens authenticate and can be revoked; their value is shown once', async () => {
      const created = await t.admin('POST', '/tokens', { name: 'ci' });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^ght_/);
      const viaToken = await fetch(`${t.server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${created.body.token}` } });
      expect(viaToken.status).toBe(200);
      const list = await t.admin('GET', '/tokens');
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);
      expect((await t.admin('DELETE', `/tokens/${created.body.id}`)).status).toBe(204);
      expect((await fetch(`${t.server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${created.body.token}` } })).status).toBe(401);
    });
  });

  describe('apps, connectors and syncs', () => {
    it('rejects an invalid connector config with the failing fields', async () => {
      const app = await t.admin('POST', '/apps', { name: 'Scratch' });
      const res = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: directory.url, syncInactiveApps: 'yes' } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['config.apiToken', 'config.syncInactiveApps']);
      const unknown = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'nope', config: {} });
      expect(unknown.status).toBe(400);
      expect(unknown.body.detail).toContain('unknown connector type "nope"');
      const badCron = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: directory.url, apiToken: 'x' }, schedule: 'every day' });
      expect(badCron.status).toBe(400);
      expect(JSON.stringify(badCron.body)).toContain('cron');
      expect((await t.admin('DELETE', `/apps/${app.body.id}`)).status).toBe(204);
    });

    it('adds the directory app, syncs it to Connected, and never shows or logs the token', async () => {
      const app = await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true });
      expect(app.status).toBe(201);
      oktaApp = app.body.id;
      const created = await t.admin('POST', `/apps/${oktaApp}/connectors`, { type: 'okta', config: { domain: directory.url, apiToken: directory.token() } });
      expect(created.status).toBe(201);
      expect(created.body.secrets).toEqual({ apiToken: 'set' });
      oktaConnector = created.body.id;
      const connector = await t.waitForSync(oktaConnector);
      expect(connector.status).toBe('connected');
      const runs = await t.admin('GET', `/connectors/${oktaConnector}/sync-runs`);
      expect(runs.body.items[0]).toMatchObject({ status: 'succeeded', trigger: 'created' });
      expect(runs.body.items[0].counts.resources.user).toBe([...directory.store.users.values()].filter((u) => u.status !== 'DEPROVISIONED').length);
      expect(runs.body.items[0].apiCalls).toBeGreaterThan(0);
      const apps = await t.admin('GET', '/apps?managed=true');
      const listed = apps.body.items.find((a: { id: string }) => a.id === oktaApp);
      expect(listed).toMatchObject({ status: 'connected', isDirectory: true });
      expect(listed.counts.grants).toBeGreaterThan(1000);
      // The token appears nowhere: not in responses, not in the audit log, not in the server log.
      const token = directory.token();
      for (const path of [`/connectors/${oktaConnector}`, `/apps/${oktaApp}`, '/audit?limit=100', `/connectors/${oktaConnector}/sync-runs`]) {
        expect(JSON.stringify((await t.admin('GET', path)).body)).not.toContain(token);
      }
      expect(t.log()).not.toContain(token);
    });

    it('lists the apps Okta knows as discovered apps, and turns one into a managed app', async () => {
      const discovered = await t.admin('GET', '/apps?managed=false');
      const activeApps = [...directory.store.apps.values()].filter((a) => a.status === 'ACTIVE');
      expect(discovered.body.items.length).toBe(activeApps.length);
      const first = discovered.body.items[0];
      expect(first.discoveredBy).toBe(oktaConnector);
      const assignments = await t.admin('GET', `/apps/${first.id}/directory-assignments`);
      expect(assignments.body.items.length).toBeGreaterThan(0);
      const managed = await t.admin('PATCH', `/apps/${first.id}`, { managed: true, description: 'now governed' });
      expect(managed.body).toMatchObject({ managed: true, description: 'now governed' });
      // Link another discovered app into a new managed app: its directory assignments follow it.
      const target = await t.admin('POST', '/apps', { name: 'Chat' });
      const second = discovered.body.items[1];
      const linked = await t.admin('POST', `/apps/${second.id}/link`, { appId: target.body.id });
      expect(linked.body).toMatchObject({ id: target.body.id, externalId: second.externalId });
      expect((await t.admin('GET', `/apps/${second.id}`)).status).toBe(404);
      expect((await t.admin('GET', `/apps/${target.body.id}/directory-assignments`)).body.items.length).toBeGreaterThan(0);
    });

    it('a wrong token gives status Error with the vendor message; one sync per connector at a time', async () => {
      const app = await t.admin('POST', '/apps', { name: 'Broken Okta' });
      const created = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: directory.url, apiToken: 'wrong' } });
      const again = await t.admin('POST', `/connectors/${created.body.id}/sync`);
      expect(again.status).toBe(202);
      expect(again.body.runId).toBe(created.body.syncRunId); // the queued one, not a second
      const connector = await t.waitForSync(created.body.id);
      expect(connector.status).toBe('error');
      expect(connector.statusMessage).toContain('E0000011 Invalid token provided');
      const runs = await t.admin('GET', `/connectors/${created.body.id}/sync-runs`);
      expect(runs.body.items).toHaveLength(1);
      expect(runs.body.items[0].status).toBe('failed');
      // Fixing the token (other fields kept) makes it connect.
      const fixed = await t.admin('PATCH', `/connectors/${created.body.id}`, { config: { apiToken: directory.token('read-only') } });
      expect(fixed.body.config.domain).toBe(directory.url);
      await t.admin('POST', `/connectors/${created.body.id}/sync`);
      await new Promise((r) => setTimeout(r, 100));
      const ok = await t.waitForSync(created.body.id);
      expect(ok.status).toBe('connected');
      expect(ok.statusMessage).toContain('okta.roles.read'); // the read-only token's warning
      await t.admin('DELETE', `/apps/${app.body.id}`);
    });
  });

  describe('catalog and people', () => {
    it('pages through grants with a cursor, filtered by principal and inheritance', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.admin('GET', `/grants?appId=${oktaApp}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
        for (const g of res.body.items) seen.add(g.id);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      const runs = await t.admin('GET', `/connectors/${oktaConnector}/sync-runs?limit=1`);
      expect(seen.size).toBe(runs.body.items[0].counts.grants);
      expect(pages).toBeGreaterThan(1);
      const inherited = await t.admin('GET', `/grants?appId=${oktaApp}&inherited=true&limit=5`);
      expect(inherited.body.items.every((g: { inherited: boolean; sources: string[] }) => g.inherited && g.sources.length > 0)).toBe(true);
      const resources = await t.admin('GET', `/resources?appId=${oktaApp}&type=group&limit=1000`);
      expect(resources.body.items.length).toBe(directory.store.groups.size);
    });

    it('searches grants by who holds them, by what they grant, and by grant id', async () => {
      const group = [...directory.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size >= 2)!;
      const byWhat = await t.admin('GET', `/grants?appId=${oktaApp}&q=${encodeURIComponent(group.profile.name)}&limit=1000`);
      const memberGrants = byWhat.body.items.filter((g: { entitlementId: string }) => g.entitlementId === `group:${group.id}:member`);
      expect(memberGrants.map((g: { principalId: string }) => g.principalId).sort()).toEqual([...group.members].filter((id) => directory.store.users.get(id)!.status !== 'DEPROVISIONED').sort());
      expect(byWhat.body.items.every((g: { entitlementName: string; principalName: string }) => `${g.entitlementName} ${g.principalName}`.includes(group.profile.name))).toBe(true);

      const user = directory.store.users.get([...group.members][0]!)!;
      const byWho = await t.admin('GET', `/grants?q=${encodeURIComponent(user.profile.email)}&limit=1000`);
      expect(byWho.body.items.length).toBeGreaterThan(0);
      expect(byWho.body.items.every((g: { principalId: string }) => g.principalId === user.id)).toBe(true);

      const one = byWho.body.items[0];
      const byId = await t.admin('GET', `/grants?q=${encodeURIComponent(one.id)}`);
      expect(byId.body.items.map((g: { id: string }) => g.id)).toEqual([one.id]);
      expect((await t.admin('GET', '/grants?q=no-such-thing-anywhere')).body.items).toEqual([]);

      // Case does not matter on either database, and a % or _ typed is a character, not a wildcard.
      const upper = await t.admin('GET', `/grants?appId=${oktaApp}&q=${encodeURIComponent(group.profile.name.toUpperCase())}&limit=1000`);
      expect(upper.body.items.map((g: { id: string }) => g.id).sort()).toEqual(byWhat.body.items.map((g: { id: string }) => g.id).sort());
      const person = (await t.admin('GET', `/people?q=${encodeURIComponent(user.profile.email.toUpperCase())}`)).body.items;
      expect(person.map((p: { email: string }) => p.email)).toEqual([user.profile.email.toLowerCase()]);
      expect((await t.admin('GET', `/resources?appId=${oktaApp}&q=${encodeURIComponent(user.profile.firstName.toLowerCase())}`)).body.items.length).toBeGreaterThan(0);
      for (const wildcard of ['%', '_', '\\']) {
        expect((await t.admin('GET', `/people?q=${encodeURIComponent(wildcard)}`)).body.items, wildcard).toEqual([]);
        expect((await t.admin('GET', `/entitlements?q=${encodeURIComponent(wildcard)}`)).body.items, wildcard).toEqual([]);
        expect((await t.admin('GET', `/resources?appId=${oktaApp}&q=${encodeURIComponent(wildcard.repeat(3))}`)).body.items, wildcard).toEqual([]);
      }
    });

    it('finds resources by any substring of their name or email, as a scan of every one would (SQLite answers from its trigram index)', async () => {
      const all: { id: string; displayName: string; email: string | null }[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.admin('GET', `/resources?appId=${oktaApp}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...page.body.items);
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      const user = [...directory.store.users.values()].find((u) => u.status === 'ACTIVE')!;
      const texts = [user.profile.lastName.slice(1, 4).toUpperCase(), user.profile.email.slice(2, 12), user.profile.firstName.slice(0, 2), 'a"b', `${user.profile.firstName} ${user.profile.lastName}`.toLowerCase()];
      for (const text of texts) {
        const expected = all.filter((r) => [r.displayName, r.email ?? ''].some((v) => v.toLowerCase().includes(text.toLowerCase())) || r.id === text).map((r) => r.id);
        const found: string[] = [];
        let next: string | undefined;
        do {
          const page = await t.admin('GET', `/resources?appId=${oktaApp}&q=${encodeURIComponent(text)}&limit=500${next ? `&cursor=${next}` : ''}`);
          expect(page.status, text).toBe(200);
          found.push(...page.body.items.map((r: { id: string }) => r.id));
          next = page.body.nextCursor ?? undefined;
        } while (next);
        expect(found.sort(), text).toEqual(expected.sort());
      }
      expect(texts.some((text) => all.some((r) => r.displayName.toLowerCase().includes(text.toLowerCase())))).toBe(true);
    });

    it('creates people from the directory with managers, and lists all their access', async () => {
      const ada = [...directory.store.users.values()].find((u) => u.status === 'ACTIVE' && u.profile.managerId && directory.store.appUsers([...directory.store.apps.keys()][0]!).length)!;
      const found = await t.admin('GET', `/people?q=${encodeURIComponent(ada.profile.email)}`);
      expect(found.body.items).toHaveLength(1);
      const person = await t.admin('GET', `/people/${found.body.items[0].id}`);
      expect(person.body.accounts).toEqual([expect.objectContaining({ appId: oktaApp, accountId: ada.id, matchedBy: 'directory' })]);
      const manager = directory.store.users.get(ada.profile.managerId!)!;
      if (manager.status !== 'DEPROVISIONED') expect(person.body.manager.email).toBe(manager.profile.email);
      const access = await t.admin('GET', `/people/${found.body.items[0].id}/access`);
      const memberships = [...directory.store.groups.values()].filter((g) => g.members.has(ada.id)).length;
      expect(access.body.items.filter((a: { resourceType: string }) => a.resourceType === 'group')).toHaveLength(memberships);
      // Inherited access names the groups it comes through.
      const groupNames = new Map([...directory.store.groups.values()].map((g) => [`group:${g.id}:member`, g.profile.name]));
      const inherited = access.body.items.filter((a: { inherited: boolean }) => a.inherited);
      expect(inherited.length).toBeGreaterThan(0);
      for (const item of inherited) {
        expect(item.sourceNames).toEqual(item.sources.map((id: string) => expect.stringContaining(groupNames.get(id)!)));
      }
    });

    it('matches another app by email, lists the unmatched, and keeps manual links across syncs', async () => {
      // Make one account of the other org share an email with a directory person.
      const person = [...directory.store.users.values()].find((u) => u.status === 'ACTIVE')!;
      const twin = [...other.store.users.values()].find((u) => u.status === 'ACTIVE')!;
      twin.profile.email = person.profile.email;
      const app = await t.admin('POST', '/apps', { name: 'Second Okta' });
      const c = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: other.url, apiToken: other.token() } });
      await t.waitForSync(c.body.id);
      const accounts = await t.admin('GET', `/accounts?appId=${app.body.id}&limit=1000`);
      expect(accounts.body.items.find((a: { accountId: string }) => a.accountId === twin.id)).toMatchObject({ matchedBy: 'email' });
      const unmatched = await t.admin('GET', `/accounts?appId=${app.body.id}&unmatched=true&limit=1000`);
      expect(unmatched.body.items.length).toBeGreaterThan(10);
      const lonely = unmatched.body.items[0];
      const target = (await t.admin('GET', `/people?limit=1`)).body.items[0];
      const linked = await t.admin('POST', '/accounts/link', { appId: app.body.id, accountId: lonely.accountId, personId: target.id });
      expect(linked.body.matchedBy).toBe('manual');
      const unlinked = await t.admin('POST', '/accounts/unlink', { appId: app.body.id, accountId: twin.id });
      expect(unlinked.body.personId).toBeNull();
      // A new sync keeps both decisions.
      await t.admin('POST', `/connectors/${c.body.id}/sync`);
      await new Promise((r) => setTimeout(r, 100));
      await t.waitForSync(c.body.id);
      const after = await t.admin('GET', `/accounts?appId=${app.body.id}&limit=1000`);
      expect(after.body.items.find((a: { accountId: string }) => a.accountId === lonely.accountId)).toMatchObject({ personId: target.id, matchedBy: 'manual' });
      expect(after.body.items.find((a: { accountId: string }) => a.accountId === twin.id)).toMatchObject({ personId: null, matchedBy: 'manual-unlinked' });
      const access = await t.admin('GET', `/people/${target.id}/access`);
      expect(access.body.items.some((a: { appId: string }) => a.appId === app.body.id)).toBe(true);
    });

    it('sums up the dashboard: apps by status, grants per app, people and accounts left unmatched', async () => {
      const stats = (await t.admin('GET', '/stats')).body;
      const people = (await t.admin('GET', '/people?limit=1000')).body.items;
      const unmatched = (await t.admin('GET', '/accounts?unmatched=true&limit=1000')).body.items;
      const apps = (await t.admin('GET', '/apps?managed=true')).body.items;
      expect(stats.people.total).toBe(people.length);
      expect(stats.people.withoutDirectoryAccount).toBe(0); // every person came from the directory
      expect(stats.accounts.withoutPerson).toBe(unmatched.length);
      expect(stats.apps.total).toBe(apps.length);
      expect(stats.apps.byStatus.connected).toBe(apps.filter((a: { status: string }) => a.status === 'connected').length);
      const okta = stats.grantsPerApp.find((g: { appId: string }) => g.appId === oktaApp);
      expect(okta.grants).toBe(apps.find((a: { id: string }) => a.id === oktaApp).counts.grants);
      expect(okta.inherited).toBeGreaterThan(0);
    });

    it('records grants added and removed by a sync as events', async () => {
      const g = [...directory.store.groups.values()].find((x) => x.type === 'OKTA_GROUP' && x.members.size > 1)!;
      const leaving = [...g.members].find((id) => directory.store.users.get(id)!.status !== 'DEPROVISIONED')!;
      directory.store.removeMember(g.id, leaving);
      await t.admin('POST', `/connectors/${oktaConnector}/sync`);
      await new Promise((r) => setTimeout(r, 100));
      await t.waitForSync(oktaConnector);
      const runs = await t.admin('GET', `/connectors/${oktaConnector}/sync-runs?limit=1`);
      expect(runs.body.items[0].grantsRemoved).toBeGreaterThanOrEqual(1);
      const events = await t.admin('GET', `/events?appId=${oktaApp}&limit=1000`);
      expect(events.body.items.some((e: { kind: string; grantId: string }) => e.kind === 'grant_removed' && e.grantId === `group:${g.id}:member:user:${leaving}`)).toBe(true);
    });
  });

  describe('roles are enforced on every route', () => {
    it('Read-only reads, but cannot change anything', async () => {
      const { api } = await t.userWithRole('read_only');
      expect((await api('GET', '/apps')).status).toBe(200);
      expect((await api('GET', '/grants?limit=1')).status).toBe(200);
      expect((await api('GET', '/audit?limit=1')).status).toBe(200);
      const denied = await api('POST', '/apps', { name: 'x' });
      expect(denied.status).toBe(403);
      expect(denied.body.title).toBe('Forbidden');
      expect((await api('POST', `/connectors/${oktaConnector}/sync`)).status).toBe(403);
      expect((await api('POST', '/users', { email: 'someone@example.com', name: 'x', role: 'super_admin' })).status).toBe(403);
    });

    it('a Basic user sees only their own access', async () => {
      const person = (await t.admin('GET', '/people?limit=1')).body.items[0];
      const other = (await t.admin('GET', '/people?limit=2')).body.items[1];
      const { api } = await t.userWithRole('basic_user', person.email);
      expect((await api('GET', '/grants?limit=1')).status).toBe(403);
      expect((await api('GET', `/people/${person.id}/access`)).status).toBe(200);
      expect((await api('GET', `/people/${other.id}/access`)).status).toBe(403);
    });

    it('an App owner manages their own apps only', async () => {
      const owner = await t.userWithRole('app_owner');
      const mine = await t.admin('POST', '/apps', { name: 'Owned', owners: [owner.id] });
      expect((await owner.api('PATCH', `/apps/${mine.body.id}`, { description: 'mine' })).status).toBe(200);
      expect((await owner.api('PATCH', `/apps/${oktaApp}`, { description: 'not mine' })).status).toBe(403);
      const listed = await owner.api('GET', '/apps');
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([mine.body.id]);
      expect((await owner.api('GET', `/grants?appId=${oktaApp}&limit=5`)).body.items).toEqual([]);
    });

    it('unknown ids are 404 problems; invalid bodies 400 with fields', async () => {
      const missing = await t.admin('GET', '/apps/no-such-app');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ title: 'Not Found', detail: 'no app with id no-such-app' });
      expect((await t.admin('GET', '/connectors/nope')).status).toBe(404);
      expect((await t.admin('GET', '/people/nope/access')).status).toBe(404);
      const bad = await t.admin('POST', '/apps', { name: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toContain('name');
    });
  });

  describe('audit log', () => {
    it('records changes with masked secrets, and verifies its hash chain', async () => {
      const events = await t.admin('GET', '/audit?action=connector.create&limit=50');
      expect(events.body.items.length).toBeGreaterThan(0);
      expect(events.body.items[0].after.secrets).toEqual({ apiToken: 'set' });
      const verify = await t.admin('GET', '/audit/verify');
      expect(verify.body).toMatchObject({ ok: true });
      expect(verify.body.events).toBeGreaterThan(5);
    });

    it('finds the first broken link after tampering', async () => {
      const { db } = t.server.ctx.db;
      const victim = await db.selectFrom('audit_events').select(['seq', 'after']).where('action', '=', 'app.create').orderBy('seq').limit(1).executeTakeFirstOrThrow();
      await db.updateTable('audit_events').set({ after: JSON.stringify({ name: 'Renamed quietly' }) }).where('seq', '=', victim.seq).execute();
      const verify = await t.admin('GET', '/audit/verify');
      expect(verify.body.ok).toBe(false);
      expect(verify.body.brokenAt).toMatchObject({ seq: victim.seq, reason: expect.stringContaining('edited') });
      await db.updateTable('audit_events').set({ after: victim.after }).where('seq', '=', victim.seq).execute();
      expect((await t.admin('GET', '/audit/verify')).body.ok).toBe(true);
    });
  });

  it('publishes every route in /openapi.json', async () => {
    const spec = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/apps', '/api/v1/apps/{id}', '/api/v1/apps/{id}/connectors', '/api/v1/connectors/{id}', '/api/v1/connectors/{id}/sync', '/api/v1/connectors/{id}/sync-runs', '/api/v1/resources', '/api/v1/entitlements', '/api/v1/grants', '/api/v1/people', '/api/v1/people/{id}/access', '/api/v1/accounts', '/api/v1/audit', '/api/v1/audit/verify', '/api/v1/connector-types']) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    const types = await t.admin('GET', '/connector-types');
    expect(types.body.items[0]).toMatchObject({ type: 'okta', fields: expect.arrayContaining([expect.objectContaining({ key: 'apiToken', secret: true })]) });
  });
});
