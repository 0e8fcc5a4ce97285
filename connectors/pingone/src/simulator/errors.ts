/** PingOne's error bodies: `{id, code, message, details: [{code, target, message, innerError}]}`. */
export interface ErrorDetail {
  code: string;
  target?: string;
  message: string;
  innerError?: Record<string, unknown>;
}

export class PingOneError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {}
}

export const errors = {
  invalidToken: (why: string) =>
    new PingOneError(401, 'ACCESS_FAILED', 'The request could not be completed. You are not authorized to access this resource.', [{ code: 'INVALID_TOKEN', message: why }]),
  forbidden: () =>
    new PingOneError(403, 'ACCESS_FAILED', 'The request could not be completed. You do not have access to this resource.', [
      { code: 'INSUFFICIENT_PERMISSIONS', message: 'The actor attempting to perform the request is not authorized.' },
    ]),
  notFound: (what: string) => new PingOneError(404, 'NOT_FOUND', `Unable to find resource with id ${what}`),
  noRoute: () => new PingOneError(404, 'NOT_FOUND', 'The requested resource was not found.'),
  methodNotAllowed: () => new PingOneError(405, 'METHOD_NOT_ALLOWED', 'The request method is not supported for this resource.'),
  invalid: (code: string, target: string, message: string) => new PingOneError(400, 'INVALID_DATA', 'The request could not be completed. One or more validation errors were in the request.', [{ code, target, message }]),
  badFilter: (message: string) => new PingOneError(400, 'INVALID_DATA', 'The request could not be completed. One or more validation errors were in the request.', [{ code: 'INVALID_FILTER', target: 'filter', message }]),
  badBody: () => new PingOneError(400, 'INVALID_REQUEST', 'The request could not be completed. The request was malformed or invalid.'),
  /** The header says seconds; the body's innerError.retryAfter is the instant (official spec: date-time). */
  rateLimited: (retryAfterSeconds: number) =>
    new PingOneError(429, 'REQUEST_LIMITED', 'The request could not be completed. Too many requests.', [
      { code: 'LIMIT_EXCEEDED', message: 'The request was rate limited.', innerError: { retryAfter: new Date(Date.now() + retryAfterSeconds * 1000).toISOString() } },
    ], { 'retry-after': String(retryAfterSeconds) }),
  internal: () => new PingOneError(500, 'UNEXPECTED_ERROR', 'An unexpected error occurred.'),
};
