/** Helpers of the task tests. */
import type { Api, Json } from './harness.js';

/** Polls a task until it leaves pending/running. */
export async function settle(api: Api, id: string, timeoutMs = 60_000): Promise<Json> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const t = await api('GET', `/tasks/${id}`);
    if (t.status !== 200) throw new Error(`GET /tasks/${id}: ${t.status} ${JSON.stringify(t.body)}`);
    if (!['pending', 'running'].includes(t.body.state)) return t.body;
    if (Date.now() > until) throw new Error(`task ${id} did not end: ${JSON.stringify(t.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}


/** Polls `fn` until it returns something (not undefined). */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
