/** HTTP plumbing every simulator shares: a fixed-window rate limit, seeded faults, body reading, listening. */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Requests per fixed window, as the vendors count them (Okta and PingOne: per minute). */
export class RateWindow {
  private start = 0;
  private used = 0;

  constructor(
    private limit: number | undefined,
    private windowSeconds = 60,
  ) {}

  reset(limit: number | undefined, windowSeconds = 60): void {
    this.limit = limit;
    this.windowSeconds = windowSeconds;
    this.start = 0;
    this.used = 0;
  }

  /** Counts one request; says whether it is over the limit and what the window looks like. */
  take(now = Date.now()): { exceeded: boolean; limit: number; remaining: number; resetAt: number } {
    const limit = this.limit ?? 1_000_000;
    const windowMs = this.windowSeconds * 1000;
    if (now - this.start >= windowMs) {
      this.start = now;
      this.used = 0;
    }
    this.used++;
    return { exceeded: this.used > limit, limit, remaining: Math.max(0, limit - this.used), resetAt: this.start + windowMs };
  }
}

export class BodyError extends Error {
  override name = 'BodyError';
}

/** The request body as text (the whole of it). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The request body parsed as JSON; undefined when empty; BodyError when malformed. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('malformed JSON body');
  }
}

/** Listens on loopback (port 0: any free port) and returns the server and its base URL. */
export async function listen(handler: RequestListener, port = 0, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return { server, url: `http://${addr.address}:${addr.port}` };
}

export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
