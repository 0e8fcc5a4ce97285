/**
 * What every connector's simulator offers the CLI and the tests: start on loopback with the
 * common options (seed, size, faults) plus its own, and say which connector flags reach it.
 */
export interface SimulatorOption {
  flag: string;
  description: string;
  kind: 'number' | 'string';
  default?: number | string;
  choices?: string[];
}

export interface RunningSimulator {
  url: string;
  /** Exactly the arguments `gatehouse sync <connector>` needs to reach this simulator. */
  flags(): string[];
  close(): Promise<void>;
}

export interface SimulatorDefinition {
  connector: string;
  /** Options beyond the common ones, keyed by camelCase name. */
  options: Record<string, SimulatorOption>;
  start(options: Record<string, string | number | undefined>): Promise<RunningSimulator>;
}

/** Options every simulator takes (`--seed --users --latency-ms --rate-limit --fail-rate`). */
export const COMMON_SIMULATOR_OPTIONS: Record<string, SimulatorOption> = {
  port: { flag: '--port <n>', description: 'port to listen on (0: any free port)', kind: 'number', default: 0 },
  seed: { flag: '--seed <n>', description: 'seed of the generated data', kind: 'number', default: 1 },
  users: { flag: '--users <n>', description: 'number of users', kind: 'number' },
  latencyMs: { flag: '--latency-ms <n>', description: 'latency added to every response', kind: 'number', default: 0 },
  rateLimit: { flag: '--rate-limit <n>', description: 'requests per minute before 429 (default: unlimited)', kind: 'number' },
  failRate: { flag: '--fail-rate <f>', description: 'share of requests answered with a 500 (0..1)', kind: 'number', default: 0 },
};
