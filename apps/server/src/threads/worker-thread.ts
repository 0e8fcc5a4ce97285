/**
 * Runs a module's heavy work on worker threads, so that the server's event loop keeps answering
 * (/healthz, API pages) while it runs. A worker opens its own database connection; the work and
 * its result cross as structured-cloned data. Workers are kept and reused (starting one loads the
 * whole module graph: about a second from source) and end after a while idle. From source (tsx)
 * a worker registers tsx itself (source-worker.mjs); a built server starts the compiled entry.
 * On Linux a worker lowers its own thread's priority: on a machine of few cores, an ingest's
 * parsing then waits for the event loop's thread rather than the API's answers for it.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/** How long an idle worker is kept for the next piece of work. */
const IDLE_MS = 30_000;

type Answer<O> = { id: number; ok: true; value: O } | { id: number; ok: false; message: string };

/** Threads for one entry (a module URL as `new URL('./x-worker.js', import.meta.url)` names it in the built server; its `.ts` twin from source). */
class WorkerPool {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private next = 0;

  constructor(private readonly entry: URL) {}

  async run<I, O>(input: I): Promise<O> {
    const kept = this.idle.pop();
    if (kept) clearTimeout(kept.timer);
    const worker = kept?.worker ?? this.start();
    worker.ref(); // working: the process waits for its answer
    const id = ++this.next;
    let alive = true;
    try {
      return await new Promise<O>((resolve, reject) => {
        const onMessage = (m: Answer<O>) => {
          if (m.id !== id) return;
          done();
          if (m.ok) resolve(m.value);
          else reject(new Error(m.message));
        };
        const onError = (err: Error) => {
          alive = false;
          done();
          reject(err);
        };
        const onExit = (code: number) => {
          alive = false;
          done();
          reject(new Error(`worker thread exited with code ${code} before it answered`));
        };
        const done = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage({ id, input });
      });
    } finally {
      if (alive) {
        worker.unref(); // kept idle: never what holds the process open
        this.idle.push({ worker, timer: setTimeout(() => this.retire(worker), IDLE_MS).unref() });
      }
    }
  }

  private start(): Worker {
    const fromSource = import.meta.url.endsWith('.ts');
    const worker = fromSource
      ? new Worker(new URL('./source-worker.mjs', import.meta.url), { workerData: { entry: this.entry.href.replace(/\.js$/, '.ts') } })
      : new Worker(this.entry);
    return worker;
  }

  private retire(worker: Worker): void {
    const at = this.idle.findIndex((w) => w.worker === worker);
    if (at >= 0) this.idle.splice(at, 1);
    void worker.terminate();
  }
}

const pools = new Map<string, WorkerPool>();

/** Runs `input` through the entry's `serveWorker` on a kept (or new) worker thread; rejects with the error it threw. */
export function runOnWorker<I, O>(entry: URL, input: I): Promise<O> {
  let pool = pools.get(entry.href);
  if (!pool) pools.set(entry.href, (pool = new WorkerPool(entry)));
  return pool.run<I, O>(input);
}

/** How much nicer than the server's threads a worker thread runs (Linux nice: 0 to 19). */
const WORKER_NICENESS = 10;

/** This thread's id on Linux, where nice values are per thread (`setpriority` of a thread id). */
function linuxThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** The calling thread's nice value, where the system has per-thread ones (for tests and diagnostics). */
export function threadNiceness(): number | undefined {
  const tid = linuxThreadId();
  return tid === undefined ? undefined : getPriority(tid);
}

function lowerThreadPriority(): void {
  const tid = linuxThreadId();
  if (tid === undefined) return;
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + WORKER_NICENESS));
  } catch {
    // Not allowed here: the work runs at the process's priority, as it would elsewhere.
  }
}

/** The worker side: answers each piece of work it is sent with `work`'s outcome. */
export async function serveWorker<I, O>(work: (input: I) => Promise<O>): Promise<void> {
  lowerThreadPriority();
  const { parentPort } = await import('node:worker_threads');
  parentPort!.on('message', (m: { id: number; input: I }) => {
    work(m.input).then(
      (value) => parentPort!.postMessage({ id: m.id, ok: true, value }),
      (err: unknown) => parentPort!.postMessage({ id: m.id, ok: false, message: (err as Error).message }),
    );
  });
}
