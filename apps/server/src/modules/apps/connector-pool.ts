/**
 * Connector instances shared by the tasks of one connector. Each instance holds an HTTP client
 * whose rate limiter knows how much of the vendor's budget is left (Okta's X-Rate-Limit-*,
 * PagerDuty's ratelimit-*) and, for OAuth connectors, a live access token: one instance per
 * connector keeps 2,000 grant tasks inside the limit and asks for one token, where an instance
 * per task would start blind each time. An edited connector gets a fresh instance; an idle one is
 * closed after a minute.
 */
import type { Connector, ConnectorContext, ConnectorDefinition, Logger, OutboundPolicy } from '@gatehouse/sdk';
import type { ConnectorTable } from '../../db/schema.js';
import type { SecretBox } from '../../secrets.js';
import { instantiate } from './connectors.js';

interface Entry {
  version: string;
  def: ConnectorDefinition;
  connector: Connector;
  users: number;
  idle?: NodeJS.Timeout;
}

export class ConnectorPool {
  private readonly entries = new Map<string, Entry>();
  private readonly retired = new Set<Entry>();

  constructor(
    private readonly secrets: SecretBox,
    private readonly logger: Logger,
    private readonly outbound: OutboundPolicy,
    /** Who hears of each connector's 429s (the server's metrics). */
    private readonly onRateLimited: (row: ConnectorTable) => ConnectorContext['onRateLimited'] = () => undefined,
    private readonly idleMs = 60_000,
  ) {}

  /** Runs `fn` with the connector's shared instance. */
  async use<T>(row: ConnectorTable, fn: (connector: Connector, def: ConnectorDefinition) => Promise<T>): Promise<T> {
    const entry = this.acquire(row);
    try {
      return await fn(entry.connector, entry.def);
    } finally {
      this.release(row.id, entry);
    }
  }

  private acquire(row: ConnectorTable): Entry {
    const version = `${row.updated_at}|${row.config}|${row.secrets}`;
    let entry = this.entries.get(row.id);
    if (entry && entry.version !== version) {
      // Edited since: new work gets a new instance; the old one closes when its work is done.
      this.entries.delete(row.id);
      this.retired.add(entry);
      if (entry.users === 0) void this.close(entry);
      entry = undefined;
    }
    if (!entry) {
      const logger = this.logger.child({ connector: row.id });
      const { def, connector } = instantiate(row, this.secrets, { logger, warn: (code, message) => logger.warn({ code }, message), outbound: this.outbound, onRateLimited: this.onRateLimited(row) });
      entry = { version, def, connector, users: 0 };
      this.entries.set(row.id, entry);
    }
    clearTimeout(entry.idle);
    entry.users++;
    return entry;
  }

  private release(id: string, entry: Entry): void {
    entry.users--;
    if (entry.users > 0) return;
    if (this.retired.has(entry)) {
      void this.close(entry);
      return;
    }
    entry.idle = setTimeout(() => {
      if (this.entries.get(id) === entry && entry.users === 0) {
        this.entries.delete(id);
        void this.close(entry);
      }
    }, this.idleMs);
    entry.idle.unref();
  }

  private async close(entry: Entry): Promise<void> {
    this.retired.delete(entry);
    clearTimeout(entry.idle);
    await entry.connector.close().catch(() => {});
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values(), ...this.retired];
    this.entries.clear();
    await Promise.all(all.map((e) => this.close(e)));
  }
}
