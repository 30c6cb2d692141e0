import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { noteFailure, RETRY_AFTER_SECONDS, unavailableDependency } from './dependency-errors';
import { DomainError, ErrorCode, FieldError, RateLimitedError } from './errors';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Validation failed',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export function problem(status: number, detail: string, errors?: FieldError[]): Problem {
  const title = TITLE[status] ?? (status >= 500 ? 'Server error' : 'Request error');
  const p: Problem = { type: `/problems/${title.toLowerCase().replace(/ /g, '-')}`, title, status, detail };
  if (errors) p.errors = errors;
  return p;
}

/** A failure of a route's JSON schema (Fastify's compiled validation), as our errors[]. */
interface SchemaFailure {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { missingProperty?: string; additionalProperty?: string };
}

function schemaErrors(failures: SchemaFailure[]): FieldError[] {
  return failures.map((f) => {
    const path = f.instancePath.split('/').filter(Boolean);
    if (f.keyword === 'required') return { field: [...path, f.params.missingProperty].join('.'), message: `${f.params.missingProperty} is required` };
    if (f.keyword === 'additionalProperties') {
      const field = [...path, f.params.additionalProperty].join('.');
      return { field, message: `${field} is not an accepted property` };
    }
    const field = path.join('.') || 'body';
    return { field, message: `${field} ${f.message ?? 'is not valid'}` };
  });
}

/** Fastify's own errors (415, 413, empty or malformed JSON) carry a statusCode and a code. */
function fastifyStatus(error: unknown): { status: number; detail: string } | null {
  const e = error as { statusCode?: unknown; code?: unknown; message?: string };
  if (typeof e?.statusCode !== 'number' || typeof e.code !== 'string' || !e.code.startsWith('FST_')) return null;
  if (e.code === 'FST_ERR_VALIDATION') return { status: 422, detail: 'The request has invalid fields.' };
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, detail: 'The JSON body is empty.' };
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, detail: 'This content type is not accepted here.' };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, detail: 'The body is larger than 1 MiB.' };
  if (e.statusCode === 400 && /JSON/i.test(e.message ?? '')) return { status: 400, detail: 'The body is not valid JSON.' };
  return { status: e.statusCode, detail: e.message ?? 'The request could not be processed.' };
}

export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) return problem(STATUS[error.code], error.message, error.errors);
  if (error instanceof ThrottlerException) return problem(429, 'Too many requests; try again shortly.');
  const fastify = fastifyStatus(error);
  const validation = (error as { validation?: SchemaFailure[] })?.validation;
  if (fastify?.status === 422 && Array.isArray(validation)) return problem(422, fastify.detail, schemaErrors(validation));
  if (fastify) return problem(fastify.status, fastify.detail);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    return problem(status, detail);
  }
  // JSON bodies that fail to parse in the SyntaxError path of some content parsers.
  if (error instanceof SyntaxError) return problem(400, 'The body is not valid JSON.');
  const dependency = unavailableDependency(error);
  if (dependency) return problem(503, `${dependency === 'a dependency' ? 'A service Rapport depends on' : dependency} is unavailable or overloaded; try again shortly.`);
  return problem(500, 'Something went wrong on our side; it has been logged.');
}

/**
 * Headers that go with a status: how long to wait before asking again (429, 503), and a log
 * line for what a person must look at (a 500 in full; a 503 briefly: the dependency says why).
 */
export function answerHeaders(reply: FastifyReply, body: Problem, error: unknown, logger: Logger): void {
  if (body.status >= 500 && body.status !== 503) logger.error((error as Error)?.stack ?? String(error));
  if (body.status === 503) {
    noteFailure(error);
    logger.warn(`503: ${(error as Error)?.message ?? String(error)}`);
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  }
  if (body.status === 429) {
    const retry = error instanceof RateLimitedError ? error.retryAfterSeconds : (reply.getHeader('retry-after') ?? reply.getHeader('retry-after-default'));
    reply.header('retry-after', String(retry ?? 60));
  }
}

/** Every failure, ours or Fastify's, leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toProblem(error);
    answerHeaders(reply, body, error, this.logger);
    reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }
}
