/** The results views (results.views.ts) as OpenAPI schemas; `implements` keeps the two in step. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIMENSIONS, type Dimension } from '../instruments/dimensions';
import { FOLLOW_THROUGH_KEY } from '../instruments/questions.service';
import type { MirrorGap, MirrorScores } from './mirror';
import { ACTION_STATUSES, type ActionStatus, type ActionView, type ShareView } from './team-loop';
import type {
  CampaignResultsView,
  DimensionsView,
  DimView,
  GroupView,
  QuestionView,
  TeamGroupView,
  TeamResultsView,
  TrendPointView,
} from './results.views';

const PERCENT = 'percentage of respondents, 0–100, one decimal';

export class DimDto implements DimView {
  @ApiProperty({ description: '0–100, one decimal' })
  score: number;

  @ApiProperty({ type: 'integer', description: 'respondents counted in this dimension' })
  n: number;

  @ApiProperty({ type: Number, nullable: true, description: 'null for n < 2' })
  sd: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '95 % confidence interval, clipped to 0–100; null for n < 2' })
  ciLow: number | null;

  @ApiProperty({ type: Number, nullable: true })
  ciHigh: number | null;

  @ApiProperty({ description: PERCENT })
  favorable: number;

  @ApiProperty({ description: PERCENT })
  neutral: number;

  @ApiProperty({ description: PERCENT })
  unfavorable: number;

  @ApiProperty({ type: Number, nullable: true, description: 'change since the group’s previous comparable campaign' })
  delta: number | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Welch test at 95 %; null with no delta' })
  significant: boolean | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the campaign `delta` compares with' })
  previousCampaignId: string | null;
}

const DIM = { type: DimDto, nullable: true, description: 'null when suppressed' } as const;

export class DimensionsDto implements DimensionsView {
  @ApiProperty(DIM)
  psychological_safety: DimDto | null;

  @ApiProperty(DIM)
  trust: DimDto | null;

  @ApiProperty(DIM)
  learning: DimDto | null;

  @ApiProperty(DIM)
  repair: DimDto | null;

  @ApiProperty(DIM)
  co_creation: DimDto | null;
}

export class GroupDto implements GroupView {
  @ApiProperty({ type: 'integer' })
  invited: number;

  @ApiProperty({ type: 'integer' })
  responded: number;

  @ApiProperty({ type: Number, nullable: true, description: PERCENT })
  participation: number | null;

  @ApiProperty({ description: 'the group as a whole is hidden: index and every dimension are null' })
  suppressed: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'mean of the dimension scores present' })
  index: number | null;

  @ApiProperty({ type: DimensionsDto })
  dimensions: DimensionsDto;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '−100…100; present only when the campaign asked `recommend`, null when suppressed' })
  enps?: number | null;
}

export class TeamGroupDto extends GroupDto implements TeamGroupView {
  @ApiProperty({ format: 'uuid' })
  teamId: string;

  @ApiProperty({ description: 'the team’s name as at launch' })
  name: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentId: string | null;

  @ApiProperty({ enum: ['subtree', 'direct'], description: 'subtree: the team and its descendants; direct: only its own members' })
  scope: 'subtree' | 'direct';
}

export class ResultsCampaignDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'scored' })
  status: string;

  @ApiProperty({ format: 'date-time' })
  closesAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;
}

export class ReliabilityDto {
  @ApiPropertyOptional({ type: Number, nullable: true })
  psychological_safety?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  trust?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  learning?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  repair?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  co_creation?: number | null;
}

export class CampaignResultsDto implements CampaignResultsView {
  @ApiProperty({ type: ResultsCampaignDto })
  campaign: ResultsCampaignDto;

  @ApiProperty({ type: 'integer', description: 'the anonymity threshold frozen at launch' })
  threshold: number;

  @ApiProperty({ type: [TeamGroupDto], description: 'in tree order; a manager sees only their teams and descendants' })
  teams: TeamGroupDto[];

  @ApiPropertyOptional({ type: GroupDto, description: 'the whole audience; hr_admin only' })
  org?: GroupDto;

  @ApiPropertyOptional({ type: ReliabilityDto, description: 'Cronbach’s alpha per asked dimension (null: too few complete cases); hr_admin only' })
  reliability?: ReliabilityDto;
}

export class QuestionResultDto implements QuestionView {
  @ApiProperty()
  key: string;

  @ApiProperty({ enum: [...DIMENSIONS, 'enps', FOLLOW_THROUGH_KEY] })
  dimension: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null when suppressed' })
  n: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'after reverse keying' })
  mean: number | null;

  @ApiProperty({ type: Number, nullable: true, description: PERCENT })
  favorable: number | null;

  @ApiProperty({ type: [Number], description: 'raw counts per value, 1..7 or 0..10; all zero when withheld' })
  distribution: number[];
}

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

export class TeamResultsDto extends TeamGroupDto implements TeamResultsView {
  @ApiProperty({ type: ResultsCampaignDto })
  campaign: ResultsCampaignDto;

  @ApiProperty({ type: 'integer' })
  threshold: number;

  @ApiProperty({ type: [QuestionResultDto] })
  questions: QuestionResultDto[];

  @ApiProperty({ type: [String], description: 'the team’s own members’ comments, shuffled; empty when comments were off or the group is hidden' })
  comments: string[];

  @ApiProperty({ type: DimDto, nullable: true, description: '“We followed through on what we agreed after our last survey”, scored as a one-item dimension; null when not asked or hidden' })
  followThrough: DimDto | null;

  @ApiProperty({ type: [ActionDto], description: 'every action of the team, newest first' })
  actions: ActionDto[];

  @ApiProperty({ type: MirrorScoresDto, nullable: true, description: 'the manager’s expectation; only for the team’s managers and HR' })
  mirror: MirrorScoresDto | null;

  @ApiProperty({ type: MirrorByDto, nullable: true, description: 'whose mirror it is, and when it was last recorded' })
  mirrorBy: MirrorByDto | null;

  @ApiProperty({ type: [MirrorGapDto], description: 'expectation against shown score per dimension, largest gap first' })
  mirrorGaps: MirrorGapDto[];

  @ApiProperty({ type: [MirrorGapDto], description: 'the gaps large enough to be named' })
  blindSpots: MirrorGapDto[];

  @ApiProperty({ type: ShareDto, nullable: true, description: 'when and by whom these results were shared with the team; null if not yet' })
  shared: ShareDto | null;
}

export class TrendPointDto implements TrendPointView {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  campaignName: string;

  @ApiProperty({ format: 'date-time' })
  closesAt: string;

  @ApiProperty()
  suppressed: boolean;

  @ApiProperty({ type: Number, nullable: true })
  index: number | null;

  @ApiProperty({ type: DimensionsDto })
  dimensions: DimensionsDto;
}
