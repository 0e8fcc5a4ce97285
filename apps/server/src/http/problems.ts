/**
 * The one place where errors become HTTP answers: RFC 9457 problem+json with the status that the
 * domain error means. Anything else is a 500 whose detail stays in the server log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError, TooManyRequestsError, UnauthenticatedError } from '../errors.js';

const STATUS: [new (...args: never[]) => DomainError, number, string][] = [
  [InvalidError, 400, 'Bad Request'],
  [UnauthenticatedError, 401, 'Unauthorized'],
  [ForbiddenError, 403, 'Forbidden'],
  [NotFoundError, 404, 'Not Found'],
  [ConflictError, 409, 'Conflict'],
  [TooManyRequestsError, 429, 'Too Many Requests'],
];

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extra: string]: unknown;
}

/** The problem a domain error stands for (400 for a DomainError of no more specific kind). */
export function problemOf(error: DomainError): ProblemBody {
  const [, status, title] = STATUS.find(([kind]) => error instanceof kind) ?? [DomainError, 400, 'Bad Request'];
  const body: ProblemBody = { type: 'about:blank', title, status, detail: error.message, ...error.details };
  if (error instanceof InvalidError && error.errors.length) body.errors = error.errors;
  return body;
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, body: ProblemBody, headers: Record<string, string> = {}) {
  return reply
    .status(body.status)
    .headers(headers)
    .type('application/problem+json')
    .send({ ...body, instance: req.url.split('?')[0] });
}

export function errorHandler(logError: (message: string, url: string) => void) {
  return (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({ field: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`, message: v.message ?? 'invalid' }));
      return sendProblem(reply, req, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'the request is invalid', errors });
    }
    // A throttled caller is told when to come back (RFC 9110 Retry-After, in seconds).
    if (error instanceof TooManyRequestsError) return sendProblem(reply, req, problemOf(error), { 'retry-after': String(error.retryAfterSeconds) });
    if (error instanceof DomainError) return sendProblem(reply, req, problemOf(error));
    const status = (error as { statusCode?: number }).statusCode;
    // Fastify's own refusals (415 for a body that is not JSON, 413 for one too large) keep their status.
    if (status && status < 500) return sendProblem(reply, req, { type: 'about:blank', title: STATUS_CODES[status] ?? error.name, status, detail: error.message });
    logError(error.message, req.url.split('?')[0]!);
    return sendProblem(reply, req, { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'something went wrong; the server log has the details' });
  };
}
