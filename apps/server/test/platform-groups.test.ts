/**
 * Platform groups: the identity provider's groups pushed through SCIM, listed for people who name
 * reviewers and approvers. Counts only members who can act (a deprovisioned user is left out), and
 * only for those allowed to see the platform's users. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe.each(DIALECTS)('platform groups on %s', (dialect) => {
  let t: TestServer;
  let scim: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    const created = await t.admin('POST', '/scim-clients', { name: 'Okta' });
    expect(created.status).toBe(201);
    scim = async (method, path, body) => {
      const res = await fetch(`${t.server.url}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${created.body.token}`, 'content-type': 'application/scim+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
  });
  afterAll(() => t?.stop());

  it('lists each group with the members who can act, for user readers only', async () => {
    const user = async (userName: string) => (await scim('POST', '/Users', { userName, name: { givenName: 'A', familyName: userName }, emails: [{ value: userName, primary: true }], active: true })).body.id as string;
    const [ana, ben, cy] = [await user('ana@example.com'), await user('ben@example.com'), await user('cy@example.com')];
    const sre = await scim('POST', '/Groups', { displayName: 'sre-leads', members: [{ value: ana }, { value: ben }, { value: cy }] });
    expect(sre.status).toBe(201);
    expect((await scim('POST', '/Groups', { displayName: 'auditors', members: [] })).status).toBe(201);
    // Deprovisioned by the identity provider: no longer counts as someone who can review or approve.
    expect((await scim('PATCH', `/Users/${cy}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] })).status).toBe(200);

    const listed = await t.admin('GET', '/platform-groups');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      { id: expect.any(String), name: 'auditors', members: 0 },
      { id: sre.body.id, name: 'sre-leads', members: 2 },
    ]);

    const basic = await t.userWithRole('basic_user');
    expect((await basic.api('GET', '/platform-groups')).status).toBe(403);
    expect((await t.anonymous('GET', '/platform-groups')).status).toBe(401);
    const campaignAdmin = await t.userWithRole('campaign_admin');
    expect((await campaignAdmin.api('GET', '/platform-groups')).body.items).toHaveLength(2);
  });
});
