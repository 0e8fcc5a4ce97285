/**
 * What a connector's error means for a task: worth another attempt (429, 5xx, the network), a
 * change the connector cannot make (a person must: manual), or a refusal that retrying cannot fix
 * (a missing permission, bad input, a wrong token), reported with the vendor's words.
 */
import { AuthenticationError, ConfigError, NotFoundError, PermissionDeniedError, UnsupportedOperationError, UpstreamError } from '@gatehouse/sdk';

export type ErrorKind = 'transient' | 'unsupported' | 'permanent';

const NETWORK = /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_)/;

export function classify(err: unknown): ErrorKind {
  if (err instanceof UnsupportedOperationError) return 'unsupported';
  if (err instanceof PermissionDeniedError || err instanceof AuthenticationError || err instanceof ConfigError || err instanceof NotFoundError) return 'permanent';
  if (err instanceof UpstreamError) return err.status === undefined || err.status === 0 || err.status === 429 || err.status >= 500 ? 'transient' : 'permanent';
  const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code && NETWORK.test(code)) return 'transient';
  return 'permanent';
}

/** The error as a person should read it: the vendor's message, and the permission it names. */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof PermissionDeniedError && err.permission && err.permission !== 'unknown' && !message.includes(err.permission)) return `${message} (needs ${err.permission})`;
  return message;
}
