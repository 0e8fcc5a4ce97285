/**
 * Simulators and syncs run as separate processes in the benchmarks, as a user runs them: the
 * simulator's memory is not counted against the sync, and the sync's peak RSS is its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ADMIN } from './tenant.js';

const CLI = ['--conditions=@gatehouse/source', '--import', 'tsx', 'apps/cli/src/main.ts'];

export interface SimProcess<Calls> {
  url: string;
  /** The connector flags that reach the simulator, as `gatehouse sim` printed them. */
  flags: string[];
  calls: () => Promise<Calls>;
  stop: () => void;
}

/** Starts `gatehouse sim <connector>` and waits for its one JSON line. */
export async function startSim<Calls>(connector: string, args: string[]): Promise<SimProcess<Calls>> {
  const child = spawn(process.execPath, [...CLI, 'sim', connector, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const { url, flags } = JSON.parse(line) as { url: string; flags: string[] };
  return { url, flags, calls: async () => (await (await fetch(`${url}/__sim/calls`)).json()) as Calls, stop: () => child.kill('SIGTERM') };
}

export interface SyncSummary {
  apiCalls: number;
  grants: number;
  peakRssBytes: number;
  resources: Record<string, number>;
}

/** Runs `gatehouse sync <connector> … --json` and returns its wall time and summary. */
export async function runSync(connector: string, flags: string[], out: string, extra: string[] = []): Promise<{ ms: number; summary: SyncSummary }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...CLI, 'sync', connector, ...flags, '--out', out, '--json', '--quiet', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`sync failed with exit code ${code}`);
  return { ms: performance.now() - started, summary: JSON.parse(stdout) as SyncSummary };
}

/** How long the CLI takes to start and exit doing nothing (Node, tsx, imports): part of every sync's wall time. */
export async function cliStartMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...CLI, '--version'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return performance.now() - started;
}

export interface Sampled {
  healthz: { n: number; p50: number; p99: number; max: number };
  api: { n: number; p50: number; p95: number; max: number };
  /** The API's times per page asked for. */
  byPath: Record<string, { n: number; p50: number; p95: number; max: number }>;
  errors: number;
}

/**
 * Starts bench/sampler.ts against a server: clients calling /healthz and API pages from another
 * process while this one works. `stop()` ends it and returns the latencies it saw.
 */
export async function startSampler(url: string, token: string, paths: string[]): Promise<{ stop: () => Promise<Sampled> }> {
  const child = spawn(process.execPath, ['--conditions=@gatehouse/source', '--import', 'tsx', 'bench/sampler.ts', url, token, ...paths], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = () => (out.startsWith('ready\n') ? resolve() : undefined);
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`sampler exited with ${code}`)));
  });
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.stdin.end('stop\n');
      await exited;
      return JSON.parse(out.split('\n')[1]!) as Sampled;
    },
  };
}

/** `gatehouse serve` as a process of its own, so that its peak RSS is the server's alone (`nodeOptions`: its NODE_OPTIONS, e.g. a capped heap). */
export async function serveProcess(dataDir: string, databaseUrl: string, nodeOptions = ''): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--data', dataDir], {
    env: { ...process.env, ...ADMIN, GATEHOUSE_DATABASE_URL: databaseUrl, GATEHOUSE_LOG_LEVEL: 'warn', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`gatehouse serve exited with ${code}: ${out}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, url, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

/** A process's resident set now and its peak so far (Linux: /proc/<pid>/status), in bytes. */
export function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
