/** Builds the web UI if apps/web/dist is missing or stale; resolves true when it built. */
export function ensureWebBuilt(): Promise<boolean>;
