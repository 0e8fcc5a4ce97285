/** The PagerDuty simulator against the facts of ../shared/specs/README.md and api-facts §C (PagerDuty's spec may not be copied here). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_ROLES, PagerDutySimulator } from '../src/simulator/index.js';

let sim: PagerDutySimulator;
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read by tests

async function call(method: string, path: string, options: { body?: unknown; key?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Token token=${options.key ?? sim.key()}`, accept: 'application/vnd.pagerduty+json;version=2', ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Body };
}

beforeAll(async () => {
  sim = await new PagerDutySimulator({ seed: 4, users: 260, teams: 20, schedules: 8 }).start();
});
afterAll(() => sim.close());

describe('PagerDuty simulator', () => {
  it('wraps lists as PagerDuty does: total is null unless total=true, limit defaults to 25 and stops at 100', async () => {
    const first = await call('GET', '/users');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ offset: 0, limit: 25, more: true, total: null });
    expect(first.body.users).toHaveLength(25);
    expect(first.body.users[0]).toMatchObject({ type: 'user', id: expect.stringMatching(/^P[0-9A-Z]{6}$/), email: expect.any(String), role: expect.any(String), teams: expect.any(Array) });
    const big = await call('GET', '/users?limit=500&total=true&offset=200');
    expect(big.body).toMatchObject({ offset: 200, limit: 100, more: false, total: 260 });
    expect(big.body.users).toHaveLength(60);
  });

  it('refuses offset + limit beyond 10000 with a 400 and PagerDuty\'s error wrapper', async () => {
    const res = await call('GET', '/users?offset=9950&limit=100');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 2001, message: 'Invalid Input Provided' });
    expect(res.body.error.errors[0]).toContain('Offset+limit exceeds maximum allowed value of 10000');
    expect((await call('GET', '/users?offset=9900&limit=100')).status).toBe(200);
  });

  it('401 for a bad key, 403 for changes with a read-only key, 404 wrapped', async () => {
    expect(await call('GET', '/users', { key: 'bogus' })).toMatchObject({ status: 401, body: { error: { code: 2006 } } });
    const someone = [...sim.store.users.values()].find((u) => u.role === 'user')!;
    const ro = await call('PUT', `/users/${someone.id}`, { key: sim.key('read-only'), body: { user: { role: 'observer' } } });
    expect(ro.status).toBe(403);
    expect((await call('GET', '/users', { key: sim.key('read-only') })).status).toBe(200);
    expect(await call('GET', '/users/PNOPE00')).toMatchObject({ status: 404, body: { error: { code: 2100, message: 'Not Found' } } });
  });

  it('needs a From header to create a user, and refuses read-only users in teams', async () => {
    const body = { user: { type: 'user', name: 'Sim Check', email: 'sim.check@acme.example', role: 'user' } };
    const noFrom = await call('POST', '/users', { body });
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.error.errors[0]).toContain('From');
    const created = await call('POST', '/users', { body, headers: { from: sim.adminEmail() } });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ name: 'Sim Check', role: 'user' });
    const readOnly = [...sim.store.users.values()].find((u) => u.role === 'read_only_user')!;
    const team = [...sim.store.teams.keys()][0]!;
    const refused = await call('PUT', `/teams/${team}/users/${readOnly.id}`, { body: { role: 'responder' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.errors[0]).toContain('Read-only users');
    expect((await call('PUT', `/teams/${team}/users/${created.body.user.id}`, { body: { role: 'manager' } })).status).toBe(204);
    const members = await call('GET', `/teams/${team}/members?limit=100`);
    expect(members.body.members).toContainEqual({ user: expect.objectContaining({ id: created.body.user.id, type: 'user_reference' }), role: 'manager' });
  });

  it('sends ratelimit-* headers and answers 429 past the limit', async () => {
    const limited = await new PagerDutySimulator({ seed: 4, users: 10, rateLimit: 3, rateWindowSeconds: 2 }).start();
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${limited.url}/users`, { headers: { authorization: `Token token=${limited.key()}` } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last!.headers.get('ratelimit-limit')).toBe('3');
      expect(last!.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(last!.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(2);
    } finally {
      await limited.close();
    }
  });

  it('has every base role, teams of varied size, and schedules of several layers whose rotation decides who is on call', async () => {
    const { store } = sim;
    expect(new Set([...store.users.values()].map((u) => u.role))).toEqual(new Set(BASE_ROLES));
    const sizes = [...store.teams.values()].map((t) => t.members.size);
    expect(Math.max(...sizes)).toBeGreaterThan(Math.min(...sizes) * 4);
    const schedule = [...store.schedules.values()][0]!;
    expect(schedule.layers.length).toBeGreaterThanOrEqual(2);
    const detail = await call('GET', `/schedules/${schedule.id}`);
    expect(detail.body.schedule.schedule_layers[0]).toMatchObject({ rotation_turn_length_seconds: expect.any(Number), users: expect.any(Array) });
    const oncalls = await call('GET', `/oncalls?schedule_ids[]=${schedule.id}`);
    expect(oncalls.body.oncalls[0]).toMatchObject({ schedule: { id: schedule.id }, user: { id: store.onCall(schedule, sim.now()) }, escalation_level: 1 });
    // A turn later, the next person in the layer is on call.
    const layer = schedule.layers.findLast((l) => l.users.length > 1 && Date.parse(l.start) <= sim.now().getTime())!;
    const later = new Date(sim.now().getTime() + layer.turnSeconds * 1000);
    expect(store.onCall(schedule, later)).not.toBe(store.onCall(schedule, sim.now()));
  });
});
