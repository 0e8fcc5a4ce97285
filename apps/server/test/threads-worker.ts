/** A worker thread entry for threads.test.ts: answers with the priority its thread runs at. */
import { threadNiceness, serveWorker } from '../src/threads/worker-thread.js';

await serveWorker(async () => threadNiceness() ?? null);
