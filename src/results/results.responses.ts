/** The results views (results.views.ts) as OpenAPI schemas; `implements` keeps the two in step. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIMENSIONS, type Dimension } from '../instruments/dimensions';
import { FOLLOW_THROUGH_KEY } from '../instruments/questions.service';
import { ActionDto, MirrorByDto, MirrorGapDto, MirrorScoresDto, ShareDto } from './team-loop.responses';
import type {
  AudienceView,
  CampaignResultsView,
  DimensionsView,
  DimView,
  GroupView,
  HiddenReason,
  QuestionView,
  TeamGroupView,
  TeamResultsView,
  TrendPointView,
} from './results.views';

const PERCENT = 'percentage of respondents, 0–100, one decimal';

/** Every reason a number can be hidden (a Record, so a new reason cannot be left out here). */
const HIDDEN: Record<HiddenReason, string> = {
  few_answers: 'fewer respondents than the threshold',
  protects_smaller_group: 'hidden so a smaller neighbouring group cannot be worked out by subtraction',
  pooled_upward: 'the team was invited below the threshold and counted with an ancestor',
  roster_change: 'the roster changed by fewer than threshold people since the previous reported campaign',
};
const HIDDEN_REASONS = Object.keys(HIDDEN) as HiddenReason[];
const REASONS_TEXT = HIDDEN_REASONS.map((r) => `\`${r}\`: ${HIDDEN[r]}`).join('; ');
const REASON = { enum: HIDDEN_REASONS, description: REASONS_TEXT } as const;
const REASON_OR_NULL = { enum: HIDDEN_REASONS, nullable: true, description: `null when shown; ${REASONS_TEXT}` } as const;

export class DimDto implements DimView {
  @ApiProperty({ description: '0–100, one decimal' })
  score: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'respondents counted in this dimension; null where the group’s counts are withheld' })
  n: number | null;

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

/** Why each hidden number of a group is hidden; a key is present only for a hidden number. */
export class HiddenReasonsDto implements Partial<Record<'responded' | 'enps' | Dimension, HiddenReason>> {
  @ApiPropertyOptional({ ...REASON, description: 'for `responded`, and with it `participation` and each `n`' })
  responded?: HiddenReason;

  @ApiPropertyOptional(REASON)
  enps?: HiddenReason;

  @ApiPropertyOptional(REASON)
  psychological_safety?: HiddenReason;

  @ApiPropertyOptional(REASON)
  trust?: HiddenReason;

  @ApiPropertyOptional(REASON)
  learning?: HiddenReason;

  @ApiPropertyOptional(REASON)
  repair?: HiddenReason;

  @ApiPropertyOptional(REASON)
  co_creation?: HiddenReason;
}

export class GroupDto implements GroupView {
  @ApiProperty({ type: 'integer' })
  invited: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null for a group invited below the threshold, or whose roster barely changed' })
  responded: number | null;

  @ApiProperty({ type: Number, nullable: true, description: PERCENT })
  participation: number | null;

  @ApiProperty({ description: 'the group as a whole is hidden: index and every dimension are null' })
  suppressed: boolean;

  @ApiProperty({ ...REASON_OR_NULL, description: `why the group as a whole is hidden; ${REASON_OR_NULL.description}` })
  hiddenReason: HiddenReason | null;

  @ApiProperty({ type: HiddenReasonsDto })
  hiddenReasons: HiddenReasonsDto;

  @ApiProperty({ description: 'scores are whole numbers: the roster changed by fewer than threshold people since the previous reported campaign' })
  rounded: boolean;

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

  @ApiPropertyOptional({ format: 'uuid', description: 'the team this team’s people were counted with (it was invited below the threshold)' })
  pooledInto?: string;
}

export class AudienceDto extends GroupDto implements AudienceView {
  @ApiProperty({ example: 'Sales and its teams', description: 'the people asked, in words' })
  label: string;
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

  @ApiPropertyOptional({ type: GroupDto, description: 'the whole organization; hr_admin only, and only when the campaign asked the whole organization' })
  org?: GroupDto;

  @ApiPropertyOptional({ type: AudienceDto, description: 'otherwise (hr_admin): the people asked' })
  audience?: AudienceDto;

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

  @ApiProperty(REASON_OR_NULL)
  hiddenReason: HiddenReason | null;

  @ApiProperty({ type: 'integer', isArray: true, nullable: true, description: 'raw counts per value, 1..7 or 0..10; null when withheld' })
  distribution: number[] | null;

  @ApiProperty({
    ...REASON_OR_NULL,
    description: `why the distribution is withheld, also when one value holds all answers but at most one (\`few_answers\`: it would tell each person’s answer); ${REASON_OR_NULL.description}`,
  })
  distributionHiddenReason: HiddenReason | null;
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
