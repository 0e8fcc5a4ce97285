/**
 * Pagination helpers. Page tokens handed to the engine are opaque strings; these helpers build
 * them from what the vendor returns, never by guessing the vendor's cursor format.
 */
import { headerValues, type HeaderMap } from './headers.js';

/** RFC 8288 Link header → `{rel: url}`. Accepts several header lines and comma-joined values. */
export function parseLinkHeader(values: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  for (const value of list) {
    // Split on commas that start a new <...> link, not on commas inside a URL.
    for (const part of value.split(/,(?=\s*<)/)) {
      const m = /^\s*<([^>]*)>\s*((?:;\s*[^;]+)*)$/.exec(part.trim());
      if (!m) continue;
      const url = m[1]!;
      for (const param of m[2]!.split(';')) {
        const p = /^\s*rel\s*=\s*"?([^"]+)"?\s*$/i.exec(param);
        if (p) for (const rel of p[1]!.trim().split(/\s+/)) out[rel.toLowerCase()] = url;
      }
    }
  }
  return out;
}

/**
 * The `rel="next"` link of a response as a page token: path and query only, so that a stored
 * token still works when it is resumed against the same API under another origin.
 */
export function nextLinkToken(headers: HeaderMap): string | undefined {
  const next = parseLinkHeader(headerValues(headers, 'link')).next;
  if (!next) return undefined;
  const url = new URL(next, 'http://placeholder');
  return url.pathname + url.search;
}

/** Classic offset pagination (`offset`, `limit`, `more`): the next offset as a token. */
export function nextOffsetToken(offset: number, count: number, more: boolean | undefined): string | undefined {
  return more && count > 0 ? String(offset + count) : undefined;
}

export function offsetFromToken(token: string | undefined): number {
  if (!token) return 0;
  const n = Number(token);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid offset page token "${token}"`);
  return n;
}

/**
 * Several cursors in one token, for connectors that walk a list of lists (e.g. the apps a page of
 * users holds). JSON, base64url so it stays a plain token.
 */
export function encodeToken(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeToken<T>(token: string | undefined, fallback: T): T {
  if (!token) return fallback;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw new Error(`invalid page token "${token.slice(0, 40)}"`);
  }
}
