import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from './errors';
import { isUuid } from './formats';

export class ListQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The (created_at, id) a cursor stands for; anything this API did not give out is a 422. */
export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value[0]) &&
      !Number.isNaN(Date.parse(value[0])) &&
      isUuid(value[1])
    ) {
      return value as [string, string];
    }
  } catch {
    // falls through to the validation error
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
}

/**
 * Keyset pagination on (created_at, id): stable under inserts, no OFFSET scans.
 * The query builder must select entities with `created_at` and `id` columns.
 */
export async function paginate<E extends ObjectLiteral & { id: string; createdAt: Date }>(
  qb: SelectQueryBuilder<E>,
  query: ListQuery,
): Promise<Page<E>> {
  const limit = query.limit ?? 50;
  const alias = qb.alias;
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor);
    qb.andWhere(`(${alias}.created_at, ${alias}.id) > (:cursorCreatedAt::timestamptz, :cursorId::uuid)`, {
      cursorCreatedAt: createdAt,
      cursorId: id,
    });
  }
  const rows = await qb.orderBy(`${alias}.created_at`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').take(limit + 1).getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null;
  return { items, nextCursor };
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function mapPage<E, R>(page: Page<E>, map: (item: E) => R): Page<R> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
