/**
 * The CLI as a client of a running server: `--server` (GATEHOUSE_SERVER) and `--token`
 * (GATEHOUSE_TOKEN, an API token). Problems the server answers become clear errors.
 */
import { AuthenticationError, ConfigError, GatehouseError } from '@gatehouse/sdk';
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ServerOptions {
  server?: string;
  token?: string;
}

export function addServerOptions(cmd: Command): Command {
  return cmd.option('--server <url>', 'the Gatehouse server (env GATEHOUSE_SERVER)').option('--token <token>', 'an API token (env GATEHOUSE_TOKEN; create one with POST /api/v1/tokens)');
}

export type ServerCall = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<T>;

function connection(opts: ServerOptions): { base: string; token: string } {
  const base = (opts.server ?? process.env.GATEHOUSE_SERVER ?? '').replace(/\/+$/, '');
  const token = opts.token ?? process.env.GATEHOUSE_TOKEN;
  if (!base) throw new ConfigError('no server: give --server <url> or set GATEHOUSE_SERVER');
  if (!token) throw new ConfigError('no API token: give --token or set GATEHOUSE_TOKEN');
  return { base, token };
}

/** Whether a server is given (by flag or environment). */
export const serverGiven = (opts: ServerOptions): boolean => Boolean(opts.server ?? process.env.GATEHOUSE_SERVER);

/** Downloads a file of the API into `to`, streamed (evidence files run to hundreds of megabytes); returns its size. */
export async function serverDownload(opts: ServerOptions, path: string, to: string): Promise<number> {
  const { base, token } = connection(opts);
  let res: Response;
  try {
    res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new GatehouseError(`cannot reach the server at ${base}: ${(err as Error).message}`);
  }
  if (res.status === 401) throw new AuthenticationError('the server refused the token (401)');
  if (!res.ok || !res.body) throw new GatehouseError(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  const out = createWriteStream(to, { mode: 0o600 });
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), out);
  return out.bytesWritten;
}

export function serverClient(opts: ServerOptions): ServerCall {
  const { base, token } = connection(opts);
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new GatehouseError(`cannot reach the server at ${base}: ${(err as Error).message}`);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.status === 401) throw new AuthenticationError(`the server refused the token (401): ${String(json.detail ?? '')}`);
    if (!res.ok) {
      const fields = Array.isArray(json.errors) ? ` (${(json.errors as { field: string; message: string }[]).map((e) => `${e.field}: ${e.message}`).join('; ')})` : '';
      throw new GatehouseError(`${String(json.title ?? `HTTP ${res.status}`)}: ${String(json.detail ?? text)}${fields}`);
    }
    return json as T;
  };
}
