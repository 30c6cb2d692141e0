/**
 * Services throw these; `ProblemFilter` alone maps a code to an HTTP status, so rules stay
 * free of HTTP and easy to unit-test.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super('not_found', `The ${what} does not exist.`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class GoneError extends DomainError {
  constructor(message: string) {
    super('gone', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this.') {
    super('forbidden', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Missing or invalid credentials.') {
    super('unauthorized', message);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super('validation_failed', message, errors);
  }
}

/** 429; the problem carries `Retry-After`. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests from this address; try again shortly.',
  ) {
    super('rate_limited', message);
  }
}

/** A dependency (PostgreSQL, Redis) is down or too busy: a 503 with Retry-After. */
export class ServiceUnavailableError extends DomainError {
  constructor(message = 'A service Rapport depends on is unavailable; try again shortly.') {
    super('unavailable', message);
  }
}

/** PostgreSQL's unique_violation, for turning a lost race into a 409 instead of a 500. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
