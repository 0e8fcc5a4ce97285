/**
 * Domain errors: what modules and jobs throw when a request cannot be carried out. They say what
 * went wrong in the domain's words; `http/problems.ts` alone turns them into HTTP answers, so a
 * module called by a job never knows about status codes.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    message: string,
    /** Facts a caller may need beside the message (the existing account, the group to change). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The thing asked for does not exist (or the caller may not know it exists). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  constructor(what: string, id: string) {
    super(`no ${what} with id ${id}`);
  }
}

/** The input is wrong; `errors` names each failing field. */
export class InvalidError extends DomainError {
  override name = 'InvalidError';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** The request is valid but clashes with the current state (a duplicate, a finished task). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  constructor(message = 'your role does not allow this') {
    super(message);
  }
}

/** Too many attempts (sign-in throttling): the caller may try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  override name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfter: retryAfterSeconds });
  }
}

/** Nobody is signed in (no session, no valid token). */
export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
  constructor(message = 'sign in, or send Authorization: Bearer <api token>') {
    super(message);
  }
}
