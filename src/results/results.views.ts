/**
 * The results as every reader sees them (API.md "Results"): built only from stored scoring
 * rows, in which suppression was decided once by the worker. Scores and percentages are
 * numbers 0–100 with one decimal; a suppressed metric is null.
 */
import type { Dimension } from '../instruments/dimensions';
import type { MirrorGap, MirrorScores } from './mirror';
import type { ActionView, ShareView } from './team-loop';

/** Why a number is hidden (DESIGN.md §4.8 and §5), so pages and emails can say the truth. */
export type HiddenReason = 'few_answers' | 'protects_smaller_group' | 'pooled_upward' | 'roster_change';

export interface DimView {
  score: number;
  /** Null where the group's counts are withheld (its `hiddenReasons.responded`). */
  n: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  favorable: number;
  neutral: number;
  unfavorable: number;
  delta: number | null;
  significant: boolean | null;
  /** The campaign the delta compares with (null when there is none). */
  previousCampaignId: string | null;
}

export type DimensionsView = Record<Dimension, DimView | null>;

export interface GroupView {
  invited: number;
  /** Null for a group invited below the threshold or whose roster barely changed (see `hiddenReasons`). */
  responded: number | null;
  participation: number | null;
  suppressed: boolean;
  /** Why the group as a whole is hidden; null when it is shown. */
  hiddenReason: HiddenReason | null;
  /** Why each hidden number of a shown (or hidden) group is hidden: `responded` (and with it `participation` and each `n`), `enps`, or a dimension. */
  hiddenReasons: Partial<Record<'responded' | 'enps' | Dimension, HiddenReason>>;
  /** Scores are whole numbers: the roster changed by fewer than threshold people since the previous reported campaign. */
  rounded: boolean;
  index: number | null;
  dimensions: DimensionsView;
  /** Present only when the campaign asked the `recommend` item; null when suppressed. */
  enps?: number | null;
}

export interface TeamGroupView extends GroupView {
  teamId: string;
  name: string;
  parentId: string | null;
  scope: 'subtree' | 'direct';
  /** The team this team's people were counted with (it was invited below the threshold). */
  pooledInto?: string;
}

/** The people a campaign asked when that was not the whole organization. */
export interface AudienceView extends GroupView {
  /** In words, e.g. "Sales and its teams". */
  label: string;
}

export interface CampaignResultsView {
  campaign: { id: string; name: string; status: string; closesAt: string; closedAt: string | null };
  threshold: number;
  teams: TeamGroupView[];
  /** Only for a reader who sees the whole organization (hr_admin), and only when the campaign asked the whole organization. */
  org?: GroupView;
  /** Otherwise (hr_admin): the people asked. */
  audience?: AudienceView;
  /** Cronbach's alpha per asked dimension; hr_admin only. */
  reliability?: Partial<Record<Dimension, number | null>>;
}

export interface QuestionView {
  key: string;
  dimension: string;
  n: number | null;
  mean: number | null;
  favorable: number | null;
  /** Why the numbers are hidden, or null. */
  hiddenReason: HiddenReason | null;
  /** Raw counts per value: 1..7 (agreement items) or 0..10 (`recommend`); null when hidden (see `distributionHiddenReason`). */
  distribution: number[] | null;
  /** Also when one value holds all answers but at most one (`few_answers`): it would tell each person's answer. */
  distributionHiddenReason: HiddenReason | null;
}

export interface TeamResultsView extends TeamGroupView {
  campaign: { id: string; name: string; status: string; closesAt: string; closedAt: string | null };
  threshold: number;
  questions: QuestionView[];
  comments: string[];
  /** "We followed through on what we agreed after our last survey", scored as a one-item dimension; null when not asked or hidden. */
  followThrough: DimView | null;
  /** Every action of the team, newest first (each says which campaign it answers and which asked about it). */
  actions: ActionView[];
  /** The manager's expectation per dimension (0–100); only for the team's managers and HR. */
  mirror: MirrorScores | null;
  mirrorBy: { id: string; name: string; updatedAt: string } | null;
  /** Expectation against shown score per dimension, largest gap first; `blindSpots` are the ones named. */
  mirrorGaps: MirrorGap[];
  blindSpots: MirrorGap[];
  /** When and by whom these results were shared with the team; null if not yet. */
  shared: ShareView | null;
}

export interface TrendPointView {
  campaignId: string;
  campaignName: string;
  closesAt: string;
  suppressed: boolean;
  index: number | null;
  dimensions: DimensionsView;
}

/** A trend point as the team page draws it: the index and each dimension's score (null: hidden or not asked). */
export interface TrendScoresView {
  campaignId: string;
  campaignName: string;
  closesAt: string;
  suppressed: boolean;
  index: number | null;
  scores: Record<Dimension, number | null>;
}
