/**
 * A bad-input pass over every route: random path ids, query values and bodies (fast-check),
 * sent by an administrator, must get a clear 4xx problem or a success, never a 500. Generated
 * from the routes and their OpenAPI parameters, so a new route is covered without editing this.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startTestServer, type Api, type TestServer } from './harness.js';

interface Operation {
  parameters?: { in: string; name: string }[];
}

/**
 * Values people and attackers send: empty, long, control characters, paths, numbers as text, JSON.
 * "Long" stays under Node's 16 KB limit for a request's head once URL-encoded (a 10 KB cursor
 * is tested in security.test.ts): past that limit Node itself answers 431
 * before any route sees the request.
 */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 600, maxLength: 900 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '../../etc/passwd', '%00', '\u0000', '😀', "' OR 1=1 --", '{"a":1}', '[]', 'eyJ9'),
  fc.integer().map(String),
);

const bodies = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 6 }),
  fc.dictionary(fc.constantFrom('appId', 'kind', 'reason', 'input', 'name', 'email', 'config', 'type', 'owners', 'password', 'url', 'events', 'outcome', 'comment', 'schedule'), fc.anything({ maxDepth: 2 })),
);

describe('every route answers bad input with a 4xx, never a 500', () => {
  let t: TestServer;
  let admin: Api;
  let ops: { method: string; url: string; query: string[] }[] = [];

  beforeAll(async () => {
    t = await startTestServer('sqlite');
    // An API token: a random body sent to "sign out" must not end the session the test runs on.
    const token = (await t.admin('POST', '/tokens', { name: 'fuzz' })).body.token as string;
    admin = client(t.server.url, { token });
    await t.admin('POST', '/apps', { name: 'Fuzzed' });
    const doc = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    ops = t.server.app.accessTable.map(({ method, url }) => {
      const op = doc.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      return { method, url, query: (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) };
    });
  });
  afterAll(() => t?.stop());

  it('covers every route', () => {
    expect(ops.length).toBeGreaterThan(40);
  });

  it('random ids, query values and bodies', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(fc.array(nasty, { minLength: 3, maxLength: 3 }), fc.dictionary(fc.constantFrom(...(op.query.length ? op.query : ['x'])), nasty, { maxKeys: 4 }), bodies, async (ids, query, body) => {
          let i = 0;
          const path = op.url.replace('/api/v1', '').replace(/:\w+/g, () => encodeURIComponent(ids[i++] ?? 'x'));
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          const res = await admin(op.method, `${path}${qs ? `?${qs}` : ''}`, op.method === 'GET' || op.method === 'DELETE' ? undefined : body);
          if (res.status >= 500) failures.push(`${op.method} ${path}?${qs.slice(0, 200)} body=${JSON.stringify(body)?.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`);
          const problem = (res.headers.get('content-type') ?? '').includes('application/problem+json');
          if (res.status >= 400 && !problem) failures.push(`${op.method} ${op.url}: ${res.status} answered as ${res.headers.get('content-type')}: ${JSON.stringify(res.body)?.slice(0, 200)}`);
          return res.status < 500 && (res.status < 400 || problem);
        }),
        { numRuns: 12, seed: 20261201, endOnFailure: true },
      ).catch((err: unknown) => failures.push(`${op.method} ${op.url}: ${(err as Error).message.split('\n').slice(0, 12).join(' | ')}`));
    }
    expect(failures, failures.slice(0, 5).join('\n')).toEqual([]);
    expect(t.log()).not.toMatch(/unhandled error/);
  }, 300_000);
});
