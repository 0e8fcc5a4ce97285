/** "3 minutes ago" and durations, in the browser's language. */
const long = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
// For narrow table columns: "3 min. ago".
const narrow = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'narrow' });

export function ago(iso: string | null | undefined, style: 'long' | 'narrow' = 'long'): string {
  if (!iso) return 'never';
  const rtf = style === 'narrow' ? narrow : long;
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

export function duration(from: string | null, to: string | null): string {
  if (!from) return '–';
  const ms = (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '–');
