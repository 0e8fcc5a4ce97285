/** Masks secrets in what gets logged: query parameters and headers that carry credentials. */

const SECRET_PARAMS = /^(api[_-]?key|apikey|token|access_token|refresh_token|client_secret|password|secret|sig|signature|code)$/i;
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie'];

export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.username || url.password) {
    url.username = url.username ? '[redacted]' : '';
    url.password = url.password ? '[redacted]' : '';
  }
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(key)) url.searchParams.set(key, '[redacted]');
  }
  return url.toString();
}

/** `alsoSecret`: a connector's own credential headers (a SCIM app's custom auth header). */
export function redactHeaders(headers: Record<string, string>, alsoSecret: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const secret = (k: string) => SECRET_HEADERS.includes(k.toLowerCase()) || alsoSecret.some((s) => s.toLowerCase() === k.toLowerCase());
  for (const [k, v] of Object.entries(headers)) out[k] = secret(k) ? '[redacted]' : v;
  return out;
}
