/**
 * Why a number is hidden, in words, and what (if anything) would change it: one rule shared
 * by the dashboards and the report emails (DESIGN.md §7: a hidden number names its true
 * reason; a manager whose team is hidden to protect a neighbour is never told to raise
 * participation, and "more answers would show it" is said only when it is true).
 */
import type { HiddenReason } from './results.views';

export type { HiddenReason };

/** What a results group may say about why it is hidden (API.md "Results"). */
export interface HiddenFacts {
  suppressed: boolean;
  invited: number | null;
  /** null when withheld (a group invited below the threshold). */
  responded: number | null;
  hiddenReason?: HiddenReason | null;
  /** The team whose group a team pooled upward is counted in. */
  pooledInto?: string | null;
}

/**
 * The reason scoring recorded; for rows scored before reasons were recorded, the one the
 * counts prove: fewer answers than the threshold, otherwise hidden to protect a smaller group.
 */
export function reasonOf(g: HiddenFacts, threshold: number): HiddenReason {
  if (g.hiddenReason) return g.hiddenReason;
  return g.responded === null || g.responded < threshold ? 'few_answers' : 'protects_smaller_group';
}

/** The team a group pooled upward counts in (null for any other group). */
export const pooledIntoOf = (g: HiddenFacts): string | null => g.pooledInto ?? null;

/** A hidden cell's label in a table: short, and still the true reason. */
export function hiddenLabel(reason: HiddenReason, threshold: number, pooledIntoName?: string | null): string {
  switch (reason) {
    case 'few_answers':
      return `hidden: fewer than ${threshold} answers`;
    case 'protects_smaller_group':
      return 'hidden to protect a smaller group';
    case 'pooled_upward':
      return pooledIntoName ? `counted in ${pooledIntoName}` : 'counted in a larger group';
    case 'roster_change':
      return 'hidden: few people joined or left since last time';
  }
}

export interface HiddenExplanation {
  /** Why, in a sentence or two. */
  why: string;
  /** What would change it, when something would; null when nothing the team does would. */
  change: string | null;
  /** Whether advice on raising participation is true here (more answers would show the team). */
  participationHelps: boolean;
}

export interface ExplainInput {
  /** "this team" or the team's name. */
  subject: string;
  threshold: number;
  invited: number | null;
  responded: number | null;
  pooledIntoName?: string | null;
}

export function explainHidden(reason: HiddenReason, input: ExplainInput): HiddenExplanation {
  const { subject, threshold, invited, responded } = input;
  switch (reason) {
    case 'few_answers': {
      const answered = responded === null ? '' : ` ${responded} of ${invited ?? '?'} answered.`;
      const why = `Results are shown only from ${threshold} answers up, so that nobody’s answers can be singled out.${answered}`;
      if (invited !== null && invited < threshold) {
        return {
          why: `${why} Only ${invited} ${invited === 1 ? 'person was' : 'people were'} invited from ${subject}, fewer than ${threshold}.`,
          change: `More answers would not change this: ${subject} can be shown on its own only once at least ${threshold} of its people are invited.`,
          participationHelps: false,
        };
      }
      const missing = responded === null ? null : threshold - responded;
      return {
        why,
        change: missing !== null && missing > 0 ? `${missing} more ${missing === 1 ? 'answer' : 'answers'} would have reached the ${threshold} needed.` : null,
        participationHelps: true,
      };
    }
    case 'protects_smaller_group':
      return {
        why: `Enough people answered, but showing ${subject} would let the answers of a smaller neighbouring group be worked out by subtraction, so ${subject} is hidden too.`,
        change: `This is not about ${subject}’s participation: more answers from ${subject} would not change it. It stays hidden while that smaller group has too few answers to show.`,
        participationHelps: false,
      };
    case 'pooled_upward':
      return {
        why: `Fewer than ${threshold} people were invited from ${subject}, so its answers are counted in ${input.pooledIntoName ?? 'the larger group above it'} and not shown on their own.`,
        change: `More answers would not change this: ${subject} can be shown on its own only once at least ${threshold} of its people are invited.`,
        participationHelps: false,
      };
    case 'roster_change':
      return {
        why: `Only a few people joined or left ${subject} since the last survey, so exact figures next to last time’s could tell what they answered; these are hidden.`,
        change: null,
        participationHelps: false,
      };
  }
}

/**
 * One hidden number of a group (a dimension, eNPS): the reason scoring recorded for it, so a
 * dimension hidden inside a shown group says why (e.g. too few answered its questions).
 */
export function hiddenNumberLabel(reasons: Partial<Record<string, HiddenReason>> | undefined, key: string, threshold: number | null): string {
  const reason = reasons?.[key];
  return reason && threshold !== null ? hiddenLabel(reason, threshold) : 'hidden for anonymity';
}
