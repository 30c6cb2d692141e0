import { ApiProperty } from '@nestjs/swagger';
import { CADENCES, type Cadence } from './pulse-slots';
import type { PulseSeriesView } from './pulse-series.service';

export class PulseSeriesDto implements PulseSeriesView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  teamIds: string[];

  @ApiProperty({ enum: CADENCES })
  cadence: Cadence;

  @ApiProperty({ type: 'integer', minimum: 5, maximum: 24 })
  itemsPerPulse: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  durationDays: number;

  @ApiProperty({ format: 'date-time' })
  startAt: string;

  @ApiProperty()
  paused: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the next slot’s campaign will be made; null while paused' })
  nextSlotAt: string | null;

  @ApiProperty({ description: 'the timezone slots are computed in (the organization’s)' })
  timezone: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the campaign of the slot open right now, once made' })
  currentCampaignId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
