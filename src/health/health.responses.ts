import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorDto } from '../common/openapi';

export class LiveDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export class CheckDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiPropertyOptional({ description: 'why it is down' })
  message?: string;

  @ApiPropertyOptional({ description: 'Redis: its maxmemory-policy' })
  maxmemoryPolicy?: string;

  @ApiPropertyOptional({ description: 'Redis: set when the policy may evict queued jobs' })
  warning?: string;
}

export class ChecksDto {
  @ApiProperty({ type: CheckDto, description: 'PostgreSQL takes a write' })
  postgres: CheckDto;

  @ApiProperty({ type: CheckDto, description: 'Redis answers' })
  redis: CheckDto;
}

export class ReadyDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ type: ChecksDto })
  details: ChecksDto;
}

/** The problem+json of a 503 readiness answer, with the checks that tell what is down. */
export class ReadyProblemDto {
  @ApiProperty({ example: '/problems/service-unavailable' })
  type: string;

  @ApiProperty({ example: 'Service unavailable' })
  title: string;

  @ApiProperty({ type: 'integer', example: 503 })
  status: number;

  @ApiProperty({ example: 'Redis is down: no answer within 2000 ms' })
  detail: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiProperty({ type: ChecksDto })
  details: ChecksDto;
}
