/**
 * Runs a module's heavy work on a worker thread, so that the server's event loop keeps answering
 * (/healthz, API pages) while it runs. The worker opens its own database connection; the work
 * and its result cross as structured-cloned data. From source (tsx) the worker registers tsx
 * itself (source-worker.mjs); a built server starts the compiled entry.
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts `entry` (a module URL beside its caller, as `new URL('./x-worker.js', import.meta.url)`
 * names it in the built server; its `.ts` twin from source) with `input`, and resolves with the
 * one message it posts, or rejects with the error it throws.
 */
export function runOnWorker<I, O>(entry: URL, input: I): Promise<O> {
  const fromSource = import.meta.url.endsWith('.ts');
  const source = new URL(entry.href.replace(/\.js$/, '.ts'));
  const worker = fromSource
    ? new Worker(new URL('./source-worker.mjs', import.meta.url), { workerData: { entry: source.href, input } })
    : new Worker(entry, { workerData: { input } });
  return new Promise<O>((resolve, reject) => {
    let result: { ok: true; value: O } | { ok: false; message: string } | undefined;
    worker.once('message', (m: typeof result) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result?.ok) resolve(result.value);
      else if (result) reject(new Error(result.message));
      else reject(new Error(`worker thread exited with code ${code} before it answered`));
    });
  });
}

/** The worker side: runs `work` on the input it was given and posts the outcome. */
export async function serveWorker<I, O>(work: (input: I) => Promise<O>): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  try {
    parentPort!.postMessage({ ok: true, value: await work((workerData as { input: I }).input) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, message: (err as Error).message });
  }
}
