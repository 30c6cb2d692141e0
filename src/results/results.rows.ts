import { HiddenReason } from './results.views';

/** The stored scoring rows as ResultsService reads them, and the columns it selects. */

export interface CampaignRow {
  id: string;
  org_id: string;
  name: string;
  status: string;
  closes_at: Date;
  closed_at: Date | null;
  threshold: number | null;
  allow_comments: boolean;
  team_tree: Array<{ id: string; parentId: string | null; name: string }> | null;
  question_keys: string[];
}

export interface GroupRow {
  campaign_id: string;
  scope: 'org' | 'subtree' | 'direct';
  team_id: string | null;
  invited: number;
  responded: number;
  suppressed: boolean;
  index: number | null;
  enps_n: number | null;
  enps: number | null;
  hidden_reason: HiddenReason | null;
  counts_hidden_reason: HiddenReason | null;
  enps_hidden_reason: HiddenReason | null;
  pooled_into: string | null;
  rounded: boolean;
  audience_is_organization: boolean | null;
}

/** A group row with its campaign's name and close time, for a trend point. */
export type TrendGroupRow = GroupRow & { name: string; closes_at: Date };

export interface QuestionRow {
  key: string;
  dimension: string;
  suppressed: boolean;
  n: number;
  mean: number | null;
  favorable: number | null;
  distribution: number[];
  hidden_reason: HiddenReason | null;
  distribution_hidden_reason: HiddenReason | null;
}

export interface ScoreRow {
  campaign_id: string;
  scope: string;
  team_id: string | null;
  dimension: string;
  n: number;
  score: number | null;
  sd: number | null;
  ci_low: number | null;
  ci_high: number | null;
  favorable: number | null;
  neutral: number | null;
  unfavorable: number | null;
  previous_campaign_id: string | null;
  delta: number | null;
  significant: boolean | null;
  hidden_reason: HiddenReason | null;
}

/* Numbers leave SQL rounded and cast to float8/int, so JSON gets numbers, never numeric strings. */
export const groupColumns = (g = 'group_results') => `${g}.campaign_id, ${g}.scope, ${g}.team_id, ${g}.invited, ${g}.responded,
  ${g}.suppressed, round(${g}.index, 1)::float8 AS index, ${g}.enps_n, round(${g}.enps, 1)::float8 AS enps,
  ${g}.hidden_reason, ${g}.counts_hidden_reason, ${g}.enps_hidden_reason, ${g}.pooled_into, ${g}.rounded, ${g}.audience_is_organization`;
export const SCORE_COLUMNS = `campaign_id, scope, team_id, dimension, n,
  round(score, 1)::float8 AS score, round(sd, 1)::float8 AS sd,
  round(ci_low, 1)::float8 AS ci_low, round(ci_high, 1)::float8 AS ci_high,
  round(favorable, 1)::float8 AS favorable, round(neutral, 1)::float8 AS neutral, round(unfavorable, 1)::float8 AS unfavorable,
  previous_campaign_id, round(delta, 1)::float8 AS delta, significant, hidden_reason`;

export const CAMPAIGN_COLUMNS = (c = 'campaigns') =>
  `${c}.id, ${c}.org_id, ${c}.name, ${c}.status, ${c}.closes_at, ${c}.closed_at, ${c}.threshold, ${c}.allow_comments, ${c}.team_tree, ${c}.question_keys`;

export const groupKey = (scope: string, teamId: string | null) => `${scope}:${teamId ?? ''}`;
