/**
 * Errors a connector raises so that the engine, the CLI and the server can react to what went
 * wrong rather than to a message string.
 */

export class GatehouseError extends Error {
  override name = 'GatehouseError';
}

/** Bad or missing configuration; never retried. */
export class ConfigError extends GatehouseError {
  override name = 'ConfigError';
}

/** The credentials were refused (bad token, expired secret). */
export class AuthenticationError extends GatehouseError {
  override name = 'AuthenticationError';
}

/** The credentials work but lack a permission; `permission` names it in the vendor's words. */
export class PermissionDeniedError extends GatehouseError {
  override name = 'PermissionDeniedError';
  constructor(
    message: string,
    readonly permission: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends GatehouseError {
  override name = 'NotFoundError';
}

/** The operation cannot be done on this resource (e.g. changing an app-managed group). */
export class UnsupportedOperationError extends GatehouseError {
  override name = 'UnsupportedOperationError';
}

/** The vendor answered with something we cannot read, or failed after every retry. */
export class UpstreamError extends GatehouseError {
  override name = 'UpstreamError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
