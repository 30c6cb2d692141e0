/**
 * The team page's "Questions" section: one bar per question, always from the least favourable
 * answer (red, left) to the most favourable (green, right), so a reverse-worded item reads the
 * same way as its reverse-scored average and favourable %; the 0–10 `recommend` item as eNPS.
 */
import { html, raw, SafeHtml } from '../common/html';
import { DIMENSION_LABELS } from '../instruments/dimensions';
import { AGREE_LABELS, directionWords, enpsBreakdown, enpsColours, enpsWords, favourableOrder } from '../results/items.format';
import type { QuestionView, TeamResultsView } from '../results/results.views';
import { hiddenLabel, hiddenNumberLabel } from '../results/hidden-reasons';
import { divergingColours, readableFill, readableTextOn, stackedBar } from './charts';
import { formatScore } from '../results/results.format';

export type QuestionInfo = Record<string, { text: string; reverse: boolean }>;

/** Why a question's bar is not drawn, in words that are true for its reason. */
function barHidden(q: QuestionView, threshold: number): string | undefined {
  if (q.hiddenReason && q.hiddenReason !== 'roster_change') return hiddenLabel(q.hiddenReason, threshold);
  if (q.distribution !== null && q.n !== null) return undefined;
  const reason = q.hiddenReason ?? q.distributionHiddenReason;
  if (reason === 'roster_change') return hiddenLabel(reason, threshold);
  // A shown question whose bar is withheld: everyone but at most one gave the same answer.
  return q.n !== null ? 'not drawn: nearly everyone gave the same answer, so the bar would tell each answer' : 'hidden for anonymity';
}
const ENPS_FILLS = enpsColours(readableFill('#b2352c'), '#d4d4d8', readableFill('#1f7a3a'));

function swatches(label: string, fills: string[], names: string[]): SafeHtml {
  return html`<ul class="legend-swatches" aria-label="${label}">${fills.map(
    (c, i) => html`<li style="background:${c};color:${readableTextOn(c)}">${names[i]}</li>`,
  )}</ul>`;
}

/** The eNPS in words for a group (null: the campaign did not ask `recommend`). */
export function enpsLine(results: TeamResultsView): string | null {
  const question = results.questions.find((q) => q.key === 'recommend');
  if (results.enps === undefined && !question) return null;
  const breakdown = question?.distribution ? enpsBreakdown(question.distribution) : null;
  const enps = results.enps ?? null;
  return enps === null ? `eNPS: ${hiddenNumberLabel(results.hiddenReasons, 'enps', results.threshold)}` : `${enpsWords(enps, breakdown)}.`;
}

function agreementItem(q: QuestionView, text: string, reverse: boolean, threshold: number): SafeHtml {
  const { labels, counts } = favourableOrder(q.distribution ?? Array<number>(7).fill(0), reverse);
  const summary =
    q.mean !== null
      ? `Average ${formatScore(q.mean)} of 7${reverse ? ' counted in the favourable direction' : ''}${q.favorable !== null ? `, ${formatScore(q.favorable)}% favourable${reverse ? ' (disagreeing)' : ''}` : ''}${q.n !== null ? `, ${q.n} answers` : ''}.`
      : '';
  return html`<div class="question"><p>${text}</p>
${reverse && html`<p class="muted">${directionWords(true)}</p>`}
${raw(stackedBar({ title: `Answers to “${text}”, least to most favourable`, labels, counts, hidden: barHidden(q, threshold) }))}
<p class="muted">${summary}</p></div>`;
}

function recommendItem(q: QuestionView, text: string, results: TeamResultsView): SafeHtml {
  const labels = Array.from({ length: 11 }, (_, i) => String(i));
  return html`<div class="question"><p>${text}</p>
${raw(stackedBar({ title: `Answers to “${text}”, 0 to 10`, labels, counts: q.distribution ?? labels.map(() => 0), colours: ENPS_FILLS, hidden: barHidden(q, results.threshold) }))}
${swatches('eNPS groups', [ENPS_FILLS[0], ENPS_FILLS[7], ENPS_FILLS[10]], ['0–6 detractors', '7–8 passives', '9–10 promoters'])}
<p class="muted">${enpsLine(results) ?? ''}${q.n !== null ? ` ${q.n} answers.` : ''} eNPS is the % of promoters minus the % of detractors.</p></div>`;
}

export function questionsSection(results: TeamResultsView, info: QuestionInfo): SafeHtml {
  const byDimension = new Map<string, QuestionView[]>();
  for (const q of results.questions) byDimension.set(q.dimension, [...(byDimension.get(q.dimension) ?? []), q]);
  const groups = [...byDimension.entries()].map(([dimension, questions]) => {
    const heading =
      (DIMENSION_LABELS as Record<string, string>)[dimension] ?? (dimension === 'follow_through' ? 'Follow-through on what the team agreed' : 'Would you recommend this team?');
    return html`<h3>${heading}</h3>${questions.map((q) => {
      const text = info[q.key]?.text ?? q.key;
      return q.key === 'recommend' ? recommendItem(q, text, results) : agreementItem(q, text, info[q.key]?.reverse ?? false, results.threshold);
    })}`;
  });
  return html`<h2>Questions</h2>
<p class="muted">How the team answered each question: each segment is the number of people who gave that answer, from the least favourable answer on the left (red) to the most favourable on the right (green). For most questions that runs from strongly disagree to strongly agree; a question worded in reverse says so and runs the other way.</p>
${swatches('Answer colours, least to most favourable', divergingColours(7), AGREE_LABELS)}
${groups}`;
}
