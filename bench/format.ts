/** How the benchmarks print their figures, so that every report reads the same. */
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "measured / baseline = ratio", each side formatted by `show`. */
export function ratio(measured: number, baseline: number, show: (n: number) => string = String): string {
  return `${show(measured)} / ${show(baseline)} = ${(measured / baseline).toFixed(3)}`;
}

/** The p-th percentile (0–100) of some measurements; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
