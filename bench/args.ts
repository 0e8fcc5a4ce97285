/**
 * Benchmark options: `--users 20000 --skip-baseline` over a defaults object. A number default takes
 * a number, a boolean default is a switch, anything else takes a string.
 */
export function parseBenchArgs<T extends object>(defaults: T, args: string[]): T {
  const options = { ...defaults } as Record<string, unknown>;
  for (let i = 0; i < args.length; i++) {
    const key = args[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(key in options)) throw new Error(`unknown option ${args[i]}; known: ${Object.keys(options).map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(' ')}`);
    const current = options[key];
    if (typeof current === 'boolean') {
      options[key] = true;
      continue;
    }
    const value = args[++i];
    if (value === undefined) throw new Error(`${args[i - 1]} needs a value`);
    if (typeof current === 'number') {
      if (!Number.isFinite(Number(value))) throw new Error(`${args[i - 1]} needs a number, not "${value}"`);
      options[key] = Number(value);
    } else options[key] = value;
  }
  return options as T;
}
