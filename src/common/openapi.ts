/**
 * OpenAPI building blocks every controller shares: the problem+json schema, the error
 * statuses named once with their meaning, and the list envelope. Decorators only: nothing
 * here changes how a request is answered.
 */
import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { FieldError } from './errors';
import { Problem } from './problem.filter';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ description: 'the property path, e.g. `answers.2.value`', example: 'closesAt' })
  field: string;

  @ApiProperty({ example: 'closesAt must be after opensAt' })
  message: string;
}

export class ProblemDto implements Problem {
  @ApiProperty({ description: 'a relative URI naming the kind of problem', example: '/problems/not-found' })
  type: string;

  @ApiProperty({ example: 'Not found' })
  title: string;

  @ApiProperty({ type: 'integer', example: 404 })
  status: number;

  @ApiProperty({ example: 'The campaign does not exist.' })
  detail: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'present on 422: one entry per failed field' })
  errors?: FieldError[];
}

/** What each status means across the API; a route may say more about its own 404, 409 or 410. */
const MEANING: Record<number, string> = {
  400: 'The body is not valid JSON, or is empty although a JSON content type was sent.',
  401: 'No API key, or one that is unknown or revoked.',
  403: 'Your role does not allow this (hr_admin only).',
  404: 'Not found. Another organization’s resources and malformed ids answer 404 too.',
  409: 'Conflicts with the current state.',
  410: 'The campaign is closed.',
  413: 'The body is larger than 1 MiB.',
  415: 'The body is not in the media type this route accepts.',
  422: 'Validation failed; `errors[]` names each field.',
  429: 'Too many requests from this client address; retry after `Retry-After` seconds.',
  503: 'A dependency (PostgreSQL or Redis) does not answer.',
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/**
 * Error responses as application/problem+json. Pass statuses, or an object of status →
 * description where the route's own words say more than the general meaning.
 */
export function ApiProblems(...statuses: Array<ProblemStatus | Partial<Record<ProblemStatus, string>>>): MethodDecorator & ClassDecorator {
  const entries = statuses.flatMap((s) =>
    typeof s === 'number' ? [[s, MEANING[s]] as const] : Object.entries(s).map(([k, v]) => [Number(k), v] as const),
  );
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...entries.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } } : {}),
      }),
    ),
  );
}

/** The failures every JSON body can meet before and during validation. */
export const JSON_BODY_PROBLEMS: ProblemStatus[] = [400, 413, 415, 422];

/** A page of a list: `{ items, nextCursor }` (docs/api.md, "Conventions"). */
export function ApiPageResponse(item: Type<unknown>, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiResponse({
      status: 200,
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page; null on the last page' },
        },
      },
    }),
  );
}
