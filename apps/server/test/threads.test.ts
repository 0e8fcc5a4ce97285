/**
 * Worker threads run background work (an ingest, people matching) nicer than the server's own
 * threads: with two cores, an ingest's parsing otherwise takes CPU from the event loop that
 * answers the API. Linux keeps a nice value per thread; elsewhere there is nothing to check.
 */
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runOnWorker, threadNiceness } from '../src/threads/worker-thread.js';

describe.runIf(process.platform === 'linux')('worker threads', () => {
  it('run their work at a lower priority than the thread that sends it, which keeps its own', async () => {
    const mine = threadNiceness();
    expect(mine).toBe(getPriority(process.pid));
    const theirs = await runOnWorker<null, number | null>(new URL('./threads-worker.ts', import.meta.url), null);
    expect(theirs).toBe(Math.min(19, mine! + 10));
    expect(threadNiceness()).toBe(mine);
    expect(getPriority(process.pid)).toBe(mine);
  });
});
