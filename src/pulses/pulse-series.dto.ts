import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsDateTimeWithOffset, IsSingleLine, IsTeamIds, Optional, trimString } from '../common/validators';
import { MAX_ITEMS_PER_PULSE, MIN_ITEMS_PER_PULSE } from '../instruments/rotation';
import { Cadence, CADENCES, MAX_DURATION_DAYS } from './pulse-slots';


export const DEFAULT_ITEMS_PER_PULSE = 12;

export class CreatePulseSeriesDto {
  @ApiProperty()
  @Transform(({ value }) => trimString(value))
  @IsString()
  @Length(1, 200)
  @IsSingleLine()
  name: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsTeamIds()
  teamIds: string[];

  @ApiProperty({ enum: CADENCES })
  @IsIn(CADENCES)
  cadence: Cadence;

  @ApiPropertyOptional({
    minimum: MIN_ITEMS_PER_PULSE,
    maximum: MAX_ITEMS_PER_PULSE,
    default: DEFAULT_ITEMS_PER_PULSE,
    description: `agreement items per pulse; ${MAX_ITEMS_PER_PULSE} asks them all`,
  })
  @Optional()
  @IsInt()
  @Min(MIN_ITEMS_PER_PULSE)
  @Max(MAX_ITEMS_PER_PULSE)
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
  @IsDateTimeWithOffset()
  startAt: Date;
}
