/** Small readers for HTTP response headers (undici gives string | string[] | undefined). */

export type HeaderMap = Record<string, string | string[] | undefined>;

export function headerValues(headers: HeaderMap, name: string): string[] {
  const v = headers[name.toLowerCase()];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function header(headers: HeaderMap, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

export function numericHeader(headers: HeaderMap, name: string): number | undefined {
  const v = header(headers, name);
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function retryAfterMs(headers: HeaderMap, now = Date.now()): number | undefined {
  const v = header(headers, 'retry-after');
  if (v === undefined) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
