/** What a team did with its results (team-loop.ts, mirror.ts) as OpenAPI schemas. */
import { ApiProperty } from '@nestjs/swagger';
import { DIMENSIONS, type Dimension } from '../instruments/dimensions';
import type { MirrorGap, MirrorScores } from './mirror';
import { ACTION_STATUSES, type ActionStatus, type ActionView, type ShareView } from './team-loop';

export class PersonRefDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null once that user has been removed' })
  id: string | null;

  @ApiProperty()
  name: string;
}

export class ActionDto implements ActionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  teamId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the campaign whose results the action answers' })
  campaignId: string | null;

  @ApiProperty({ enum: DIMENSIONS })
  dimension: Dimension;

  @ApiProperty({ maxLength: 200 })
  title: string;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'a calendar date in the organization’s timezone' })
  dueOn: string | null;

  @ApiProperty({ enum: ACTION_STATUSES })
  status: ActionStatus;

  @ApiProperty({ type: String, nullable: true, description: 'what happened: why it is done, stuck or dropped' })
  note: string | null;

  @ApiProperty({ type: PersonRefDto, description: 'who recorded it' })
  createdBy: PersonRefDto;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the campaign that asked the team whether it was followed through' })
  followThroughCampaignId: string | null;
}

const EXPECTED = { type: Number, nullable: true, description: '0–100; null when too few of the dimension’s items were answered' } as const;

/** The manager's expectation per dimension. */
export class MirrorScoresDto implements MirrorScores {
  @ApiProperty(EXPECTED)
  psychological_safety: number | null;

  @ApiProperty(EXPECTED)
  trust: number | null;

  @ApiProperty(EXPECTED)
  learning: number | null;

  @ApiProperty(EXPECTED)
  repair: number | null;

  @ApiProperty(EXPECTED)
  co_creation: number | null;
}

export class MirrorByDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class MirrorGapDto implements MirrorGap {
  @ApiProperty({ enum: DIMENSIONS })
  dimension: Dimension;

  @ApiProperty({ description: 'the manager’s expectation, 0–100' })
  expected: number;

  @ApiProperty({ description: 'the team’s shown score, 0–100' })
  actual: number;

  @ApiProperty({ description: 'expected − actual: above zero, the manager expected more than the team reported' })
  gap: number;
}

export class ShareDto implements ShareView {
  @ApiProperty({ format: 'date-time' })
  sharedAt: string;

  @ApiProperty({ type: PersonRefDto })
  sharedBy: PersonRefDto;

  @ApiProperty({ type: 'integer', description: 'members the results were sent to' })
  recipients: number;

  @ApiProperty({ type: String, nullable: true })
  message: string | null;
}
