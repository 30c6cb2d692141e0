import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { trimString } from '../common/validators';
import { Cadence, CADENCES, MAX_DURATION_DAYS } from './pulse-slots';

/** A date-time with an explicit offset; a bare date or a local time is ambiguous and refused. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const toDate = ({ value }: { value: unknown }) =>
  typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;

export const DEFAULT_ITEMS_PER_PULSE = 12;

export class CreatePulseSeriesDto {
  @ApiProperty()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  teamIds: string[];

  @ApiProperty({ enum: CADENCES })
  @IsIn(CADENCES)
  cadence: Cadence;

  @ApiPropertyOptional({ minimum: 5, maximum: 24, default: DEFAULT_ITEMS_PER_PULSE, description: 'agreement items per pulse; 24 asks them all' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(24)
  itemsPerPulse?: number;

  @ApiProperty({
    minimum: 1,
    description: `days each pulse stays open; at most the cadence (weekly ${MAX_DURATION_DAYS.weekly}, biweekly ${MAX_DURATION_DAYS.biweekly}, monthly ${MAX_DURATION_DAYS.monthly})`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_DURATION_DAYS.monthly)
  durationDays: number;

  @ApiProperty({ format: 'date-time', description: 'the first slot; later slots keep its local weekday/day of month and time in the organization timezone' })
  @Transform(toDate)
  @IsDate({ message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-05-04T09:00:00+02:00' })
  startAt: Date;
}
