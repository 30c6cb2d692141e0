/**
 * How a question's answers are read, shared by the dashboards and the report emails: every
 * agreement item in the favourable direction (a reverse-worded item's bar runs from "strongly
 * agree" to "strongly disagree", so green always means favourable), and the 0–10 `recommend`
 * item as eNPS with its promoters, passives and detractors, never as "% favourable".
 */
import { percent } from './results.format';

export const AGREE_LABELS = ['1 strongly disagree', '2 disagree', '3 somewhat disagree', '4 neither agree nor disagree', '5 somewhat agree', '6 agree', '7 strongly agree'];

export interface OrderedAnswers {
  /** Answer labels from the least to the most favourable. */
  labels: string[];
  counts: number[];
}

/** A 1–7 distribution (raw counts, 1 first) from the least to the most favourable answer. */
export function favourableOrder(distribution: number[], reverse: boolean): OrderedAnswers {
  return reverse ? { labels: [...AGREE_LABELS].reverse(), counts: [...distribution].reverse() } : { labels: AGREE_LABELS, counts: distribution };
}

/** What the ends of an item's bar mean, in words. */
export function directionWords(reverse: boolean): string {
  return reverse
    ? 'Worded in reverse, so disagreeing is the favourable answer: this bar runs from strongly agree (red) to strongly disagree (green).'
    : 'From strongly disagree (red) to strongly agree (green).';
}

export interface EnpsBreakdown {
  answers: number;
  /** Percentages 0–100 with one decimal. */
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100 … 100. */
  enps: number;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** Promoters (9–10), passives (7–8) and detractors (0–6) from the raw 0–10 counts; null without answers. */
export function enpsBreakdown(distribution: number[]): EnpsBreakdown | null {
  const answers = distribution.reduce((a, b) => a + b, 0);
  if (distribution.length !== 11 || answers === 0) return null;
  const share = (from: number, to: number) => (100 * distribution.slice(from, to + 1).reduce((a, b) => a + b, 0)) / answers;
  const promoters = share(9, 10);
  const detractors = share(0, 6);
  return { answers, promoters: oneDecimal(promoters), passives: oneDecimal(share(7, 8)), detractors: oneDecimal(detractors), enps: oneDecimal(promoters - detractors) };
}

/** An eNPS with its sign ("+25", "−12.5", "0"): it is a difference, not a percentage. */
export function formatEnps(value: number): string {
  const rounded = oneDecimal(value);
  const digits = Number.isInteger(rounded) ? String(Math.abs(rounded)) : Math.abs(rounded).toFixed(1);
  return rounded > 0 ? `+${digits}` : rounded < 0 ? `\u2212${digits}` : '0';
}

/** "eNPS +25 (on −100 to 100): 45% promoters (9–10), 35% passives (7–8), 20% detractors (0–6)". */
export function enpsWords(enps: number, breakdown: EnpsBreakdown | null): string {
  const head = `eNPS ${formatEnps(enps)} (on \u2212100 to 100)`;
  if (!breakdown) return head;
  return `${head}: ${percent(breakdown.promoters)} promoters (9\u201310), ${percent(breakdown.passives)} passives (7\u20138), ${percent(breakdown.detractors)} detractors (0\u20136)`;
}

/** Fills for a 0–10 bar by eNPS group: detractors red, passives grey, promoters green. */
export function enpsColours(detractor: string, passive: string, promoter: string): string[] {
  return Array.from({ length: 11 }, (_, v) => (v <= 6 ? detractor : v <= 8 ? passive : promoter));
}
