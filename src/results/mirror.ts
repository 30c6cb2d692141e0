/**
 * The manager's mirror (DESIGN.md §5): their own answers, given as they expect the team to
 * answer, scored the way one respondent's answers are scored, and set beside the team's shown
 * scores. Pure functions, so the rule is easy to test and every reader applies the same one.
 */
import { DIMENSIONS, Dimension } from '../instruments/dimensions';

export interface MirrorItem {
  key: string;
  dimension: string;
  reverse: boolean;
}

export type MirrorScores = Record<Dimension, number | null>;

/** A gap at least this large (points on the 0–100 scale) is named as a blind spot. */
export const BLIND_SPOT_GAP = 10;

/** How many of the largest gaps a page names. */
export const BLIND_SPOTS_NAMED = 2;

/**
 * Per dimension: the mean of the manager's keyed answers (8 − value for a reverse-keyed item)
 * mapped to 0–100, (s − 1) / 6 × 100, one decimal. As for a respondent, a dimension where fewer
 * than half of the campaign's asked items were answered has no score.
 */
export function scoreMirror(answers: Record<string, number>, asked: readonly MirrorItem[]): MirrorScores {
  const scores = {} as MirrorScores;
  for (const dimension of DIMENSIONS) {
    const items = asked.filter((q) => q.dimension === dimension);
    const answered = items.filter((q) => Number.isInteger(answers[q.key]));
    if (items.length === 0 || 2 * answered.length < items.length) {
      scores[dimension] = null;
      continue;
    }
    const total = answered.reduce((sum, q) => sum + (q.reverse ? 8 - answers[q.key] : answers[q.key]), 0);
    scores[dimension] = Math.round(((total - answered.length) * 1000) / (6 * answered.length)) / 10;
  }
  return scores;
}

export interface MirrorGap {
  dimension: Dimension;
  expected: number;
  actual: number;
  /** expected − actual: above zero, the manager expected more than the team reported. */
  gap: number;
}

/**
 * The dimensions where both an expectation and a shown team score exist, largest gap first
 * (ties in the dimensions' own order).
 */
export function mirrorGaps(mirror: MirrorScores, team: Record<Dimension, { score: number } | null>): MirrorGap[] {
  const gaps: MirrorGap[] = [];
  for (const dimension of DIMENSIONS) {
    const expected = mirror[dimension];
    const actual = team[dimension]?.score;
    if (expected === null || actual === undefined || actual === null) continue;
    gaps.push({ dimension, expected, actual, gap: Math.round((expected - actual) * 10) / 10 });
  }
  return gaps.sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap) || DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension));
}

/** The blind spots a page names: the largest gaps of at least BLIND_SPOT_GAP points. */
export function blindSpots(gaps: readonly MirrorGap[]): MirrorGap[] {
  return gaps.filter((g) => Math.abs(g.gap) >= BLIND_SPOT_GAP).slice(0, BLIND_SPOTS_NAMED);
}
