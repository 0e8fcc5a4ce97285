/**
 * Latency seen by clients while a server works: run as a process of its own (so a server that
 * blocks its event loop cannot also delay the clock that measures it), it calls /healthz and an
 * API page in two loops until told to stop on stdin, then prints one JSON line of percentiles.
 *
 * node --import tsx bench/sampler.ts <server url> <token> <api path> [<api path> …]
 */
import { createInterface } from 'node:readline';
import { percentile } from './format.js';

const [url, token, ...paths] = process.argv.slice(2);
if (!url || !token || paths.length === 0) {
  console.error('usage: sampler.ts <server url> <token> <api path>…');
  process.exit(2);
}

let running = true;
const healthz: number[] = [];
const api: number[] = [];
/** The same times by path: which page is slow, when one is. */
const byPath = new Map<string, number[]>();
let errors = 0;

async function timed(path: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}${path}`, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) errors++;
  return performance.now() - started;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthLoop() {
  while (running) {
    healthz.push(await timed('/healthz', {}));
    await pause(10); // a probe every 10 ms or so: Kubernetes probes far less often
  }
}

async function apiLoop() {
  for (let i = 0; running; i++) {
    const path = paths[i % paths.length]!;
    const ms = await timed(`/api/v1${path}`, { authorization: `Bearer ${token}` });
    api.push(ms);
    const times = byPath.get(path) ?? [];
    if (times.length === 0) byPath.set(path, times);
    times.push(ms);
    await pause(100); // a person paging, not a load test: the ingest's own speed is measured beside it
  }
}


const loops = Promise.all([healthLoop(), apiLoop()]);
console.log('ready');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
running = false;
await loops;
const round = (n: number) => Number(n.toFixed(1));
const summary = (times: number[], tail: 95 | 99) => ({ n: times.length, p50: round(percentile(times, 50)), [`p${tail}`]: round(percentile(times, tail)), max: round(Math.max(0, ...times)) });
console.log(
  JSON.stringify({
    healthz: summary(healthz, 99),
    api: summary(api, 95),
    byPath: Object.fromEntries([...byPath].map(([path, times]) => [path, summary(times, 95)])),
    errors,
  }),
);
