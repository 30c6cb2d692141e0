/**
 * The manager's summary email: one section per team they manage (with the groups beneath it).
 * `buildManagerReport` turns stored results (ResultsService views) into a small view model;
 * `renderManagerReport` is a pure function of that model. Change the wording here.
 */
import { html, SafeHtml } from '../common/html';
import { Dimension, DIMENSION_LABELS, DIMENSIONS } from '../instruments/dimensions';
import type { CampaignResultsView, TeamGroupView, TeamResultsView } from '../results/results.views';
import { groupsInTreeOrder, walkTeamTree } from '../results/team-tree';
import { enpsBreakdown, enpsWords } from '../results/items.format';
import { explainHidden, HiddenExplanation, hiddenLabel, hiddenNumberLabel, pooledIntoOf, reasonOf } from '../results/hidden-reasons';
import type { RenderedMail } from '../mail/mail-templates.service';
import { CONVERSATION_GUIDES, ConversationGuide, weakestDimension } from '../results/conversation-guides';
import { ACTION_STATUS_LABELS } from '../results/team-loop';
import { FOLLOW_THROUGH_KEY } from '../instruments/questions.service';
import { mailButton, mailDocument, MUTED } from '../mail/mail-layout';
import { change, formatDelta, formatScore, participationWords, percent, RESULTS_FOOTNOTE } from '../results/results.format';

export interface ItemView {
  text: string;
  /** % answering favorably: agreeing, or for a negatively worded item, disagreeing. */
  favorable: number;
  reverse: boolean;
}

export interface DimensionLine {
  dimension: Dimension;
  label: string;
  /** null: asked, but hidden (`hidden` says why). */
  score: number | null;
  /** Why a null score is hidden, in the words of its recorded reason. */
  hidden: string | null;
  delta: number | null;
  significant: boolean | null;
}

export interface GroupLine {
  name: string;
  /** 0 for the groups right under the team, 1 below those, … */
  depth: number;
  invited: number;
  responded: number | null;
  participation: number | null;
  suppressed: boolean;
  /** Why the group is hidden, in words (null when shown). */
  hidden: string | null;
  index: number | null;
}

/** An action of the team the report reminds the manager of. */
export interface ActionLine {
  title: string;
  dimensionLabel: string;
  statusLabel: string;
  /** A date in words, e.g. "1 May 2026". */
  due: string | null;
}

/** What the team agreed: open actions and those this survey asked about, with its follow-through score. */
export interface AgreedView {
  actions: ActionLine[];
  /** "We followed through…", when this survey asked it and it is shown. */
  followThrough: { score: number; favorable: number } | null;
}

export interface ShownSection {
  kind: 'shown';
  teamId: string;
  teamName: string;
  dashboardUrl: string;
  invited: number;
  responded: number | null;
  participation: number | null;
  dimensions: DimensionLine[];
  strongest: ItemView[];
  weakest: ItemView[];
  guide: ConversationGuide | null;
  groups: GroupLine[];
  agreed: AgreedView;
  /** eNPS in words; null when the campaign did not ask `recommend`. */
  enps: string | null;
}

export interface SuppressedSection {
  kind: 'suppressed';
  teamId: string;
  teamName: string;
  /** The true reason and what, if anything, would change it (src/results/hidden-reasons). */
  hidden: HiddenExplanation;
  agreed: AgreedView;
}

export type ManagerSection = ShownSection | SuppressedSection;

export interface ManagerReportView {
  recipientName: string;
  orgName: string;
  campaignName: string;
  sections: ManagerSection[];
}

export interface QuestionText {
  text: string;
  reverse: boolean;
}

export interface ManagerReportInput {
  recipientName: string;
  orgName: string;
  publicUrl: string;
  /** The campaign's results restricted to the teams the manager can see. */
  results: CampaignResultsView;
  /** The managed teams (in the campaign) whose sections are written, each with its questions. */
  teams: TeamResultsView[];
  questions: Map<string, QuestionText>;
}

/** The team ids that get a section, in tree order: managed teams in the campaign, minus those already under another managed one. */
export function sectionTeamIds(results: CampaignResultsView, managedTeamIds: Set<string>): string[] {
  const subtree = walkTeamTree(
    results.teams.filter((t) => t.scope === 'subtree'),
    (t) => ({ id: t.teamId, parentId: t.parentId, name: t.name }),
  ).map(({ team }) => team);
  const parentOf = new Map(subtree.map((t) => [t.teamId, t.parentId]));
  const underManaged = (id: string) => {
    for (let p = parentOf.get(id) ?? null; p; p = parentOf.get(p) ?? null) if (managedTeamIds.has(p)) return true;
    return false;
  };
  return subtree.filter((t) => managedTeamIds.has(t.teamId) && !underManaged(t.teamId)).map((t) => t.teamId);
}

/** The groups shown under a team: its own members (when it has child teams), then every descendant, depth first. */
function groupsBeneath(results: CampaignResultsView, teamId: string): GroupLine[] {
  const line = (g: TeamGroupView, depth: number, name = g.name): GroupLine => ({
    name,
    depth,
    invited: g.invited,
    responded: g.responded,
    participation: g.participation,
    suppressed: g.suppressed,
    hidden: g.suppressed ? hiddenLabel(reasonOf(g, results.threshold), results.threshold, nameOf(results, pooledIntoOf(g))) : null,
    index: g.suppressed ? null : g.index,
  });
  return groupsInTreeOrder(results.teams, teamId).map(({ group, depth }) => line(group, depth, group.scope === 'direct' ? `${group.name} (own members)` : group.name));
}

const nameOf = (results: CampaignResultsView, teamId: string | null) => (teamId ? (results.teams.find((t) => t.teamId === teamId)?.name ?? null) : null);

function hiddenOf(team: TeamResultsView, results: CampaignResultsView): HiddenExplanation {
  const into = pooledIntoOf(team);
  return explainHidden(reasonOf(team, results.threshold), {
    subject: 'this team',
    threshold: results.threshold,
    invited: team.invited,
    responded: team.responded,
    pooledIntoName: nameOf(results, into),
  });
}

function enpsSentence(team: TeamResultsView): string | null {
  const question = team.questions.find((q) => q.key === 'recommend');
  if (team.enps === undefined && !question) return null;
  if (team.enps === null || team.enps === undefined) return `eNPS: ${hiddenNumberLabel(team.hiddenReasons, 'enps', team.threshold)}`;
  return `${enpsWords(team.enps, question?.distribution ? enpsBreakdown(question.distribution) : null)}, on "would you recommend this team"`;
}

/** Actions still open, and those this survey asked about (whatever became of them). */
function agreedOf(team: TeamResultsView): AgreedView {
  const actions = team.actions
    .filter((a) => a.status === 'planned' || a.status === 'in_progress' || a.followThroughCampaignId === team.campaign.id)
    .map((a) => ({
      title: a.title,
      dimensionLabel: DIMENSION_LABELS[a.dimension],
      statusLabel: ACTION_STATUS_LABELS[a.status].toLowerCase(),
      due: a.dueOn ? new Date(`${a.dueOn}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : null,
    }));
  // Only beside the team's own actions this survey asked about, as the dashboard does: a parent
  // team's group also holds its child teams' answers about the child teams' actions.
  const askedHere = team.actions.some((a) => a.followThroughCampaignId === team.campaign.id);
  const ft = team.suppressed || !askedHere ? null : team.followThrough;
  return { actions, followThrough: ft ? { score: ft.score, favorable: ft.favorable } : null };
}

export function buildManagerReport(input: ManagerReportInput): ManagerReportView {
  const sections = input.teams.map((team): ManagerSection => {
    if (team.suppressed) return { kind: 'suppressed', teamId: team.teamId, teamName: team.name, hidden: hiddenOf(team, input.results), agreed: agreedOf(team) };
    const asked = new Set(team.questions.map((q) => q.dimension));
    const dimensions = DIMENSIONS.filter((d) => asked.has(d)).map((d) => {
      const dim = team.dimensions[d];
      const hidden = dim ? null : hiddenNumberLabel(team.hiddenReasons, d, team.threshold);
      return { dimension: d, label: DIMENSION_LABELS[d], score: dim?.score ?? null, hidden, delta: dim?.delta ?? null, significant: dim?.significant ?? null };
    });
    const items = team.questions
      .filter((q) => q.dimension !== 'enps' && q.dimension !== FOLLOW_THROUGH_KEY && q.mean !== null && q.favorable !== null && input.questions.has(q.key))
      .map((q, position) => ({ q, position }))
      .sort((a, b) => (b.q.mean as number) - (a.q.mean as number) || (b.q.favorable as number) - (a.q.favorable as number) || a.position - b.position)
      .map(({ q }) => ({ text: input.questions.get(q.key)!.text, reverse: input.questions.get(q.key)!.reverse, favorable: q.favorable as number }));
    const strongCount = Math.min(2, Math.ceil(items.length / 2));
    const strongest = items.slice(0, strongCount);
    const weakest = items.slice(strongCount).slice(-2).reverse();
    const weak = weakestDimension(Object.fromEntries(dimensions.map((d) => [d.dimension, d.score])));
    return {
      kind: 'shown',
      teamId: team.teamId,
      teamName: team.name,
      dashboardUrl: `${input.publicUrl}/dashboard/teams/${team.teamId}`,
      invited: team.invited,
      responded: team.responded,
      participation: team.participation,
      dimensions,
      strongest,
      weakest,
      guide: weak ? CONVERSATION_GUIDES[weak] : null,
      groups: groupsBeneath(input.results, team.teamId),
      agreed: agreedOf(team),
      enps: enpsSentence(team),
    };
  });
  return { recipientName: input.recipientName, orgName: input.orgName, campaignName: input.results.campaign.name, sections };
}

// ---------------------------------------------------------------- wording

/** Said only where more answers would show the team (HiddenExplanation.participationHelps). */
const SUPPRESSED_HOW = [
  'Tell the team when the next survey opens and why their answers matter.',
  'Set aside a few minutes in a team meeting for everyone to answer.',
  'Share what you changed after earlier results, so answering feels worth it.',
  'Remind people that answers are anonymous and only ever shown for the group.',
];
const INTRO = 'The results are in. Below is a section for each team you manage. Scores run from 0 to 100; a change is called real when it is larger than chance would explain.';

const FOLLOW_THROUGH_TEXT = 'We followed through on what we agreed after our last survey';
const actionWords = (a: ActionLine) => `${a.title} (${a.dimensionLabel}): ${a.statusLabel}${a.due ? `, due ${a.due}` : ''}`;

function agreedText(a: AgreedView): string[] {
  const lines: string[] = [];
  if (a.followThrough) lines.push('', `Follow-through: "${FOLLOW_THROUGH_TEXT}": ${formatScore(a.followThrough.score)} of 100 (${percent(a.followThrough.favorable)} agree).`);
  if (a.actions.length) lines.push('', 'What the team agreed:', ...a.actions.map((x) => `  - ${actionWords(x)}`));
  return lines;
}

function agreedHtml(a: AgreedView): SafeHtml | '' {
  if (!a.followThrough && a.actions.length === 0) return '';
  return html`<h3 style="${H3}">What the team agreed</h3>
${a.followThrough && html`<p style="margin:0 0 6px">&ldquo;${FOLLOW_THROUGH_TEXT}&rdquo;: <strong>${formatScore(a.followThrough.score)}</strong> of 100 <span style="color:${MUTED}">(${percent(a.followThrough.favorable)} agree)</span></p>`}
${a.actions.length > 0 && html`<ul style="margin:0 0 8px;padding-left:20px">${a.actions.map((x) => html`<li style="margin:0 0 4px">${actionWords(x)}</li>`)}</ul>`}`;
}

const leaning = (i: ItemView) => `${percent(i.favorable)} ${i.reverse ? 'disagree (worded in reverse, so disagreeing is favourable)' : 'agree'}`;
const itemWords = (i: ItemView) => `"${i.text}": ${leaning(i)}`;
const subject = (v: ManagerReportView) => `Your team results: ${v.campaignName}`;

// ---------------------------------------------------------------- plain text

function sectionText(s: ManagerSection): string {
  const rule = '-'.repeat(Math.min(60, Math.max(20, s.teamName.length)));
  const head = [rule, s.teamName, rule];
  if (s.kind === 'suppressed') {
    const advice = s.hidden.participationHelps ? ['', 'How participation could rise:', ...SUPPRESSED_HOW.map((h) => `  - ${h}`)] : [];
    return [...head, 'No scores are shown for this team.', s.hidden.why, ...(s.hidden.change ? [s.hidden.change] : []), ...advice, ...agreedText(s.agreed)].join('\n');
  }
  const lines = [...head, `Participation: ${participationWords(s)}.`, '', 'Scores (0-100) and change since last time:'];
  const width = Math.max(...s.dimensions.map((d) => d.label.length), 10);
  for (const d of s.dimensions) {
    lines.push(`  ${d.label.padEnd(width)}  ${d.score === null ? `not shown (${d.hidden ?? 'hidden for anonymity'})` : `${formatScore(d.score)}  ${change(d.delta, d.significant)}`}`);
  }
  if (s.enps) lines.push('', `${s.enps}.`);
  if (s.strongest.length) lines.push('', 'Strongest items:', ...s.strongest.map((i) => `  - ${itemWords(i)}`));
  if (s.weakest.length) lines.push('', 'Weakest items:', ...s.weakest.map((i) => `  - ${itemWords(i)}`));
  if (s.guide) {
    lines.push('', `A conversation to have: ${s.guide.title} (${DIMENSION_LABELS[s.guide.dimension]}, your lowest score)`, s.guide.why);
    s.guide.questions.forEach((q, n) => lines.push(`  ${n + 1}. ${q}`));
  }
  lines.push(...agreedText(s.agreed));
  if (s.groups.length) {
    lines.push('', 'Groups in this team:');
    for (const g of s.groups) {
      const shown = g.hidden ? `no scores (${g.hidden})` : `overall ${g.index === null ? 'not shown' : formatScore(g.index)}`;
      lines.push(`  ${'  '.repeat(g.depth)}${g.name}: ${participationWords(g)}; ${shown}`);
    }
  }
  lines.push('', `Team dashboard: ${s.dashboardUrl}`);
  return lines.join('\n');
}

export function renderManagerText(v: ManagerReportView): string {
  return [
    `Hello ${v.recipientName},`,
    '',
    `${v.campaignName} (${v.orgName}): ${INTRO}`,
    '',
    ...v.sections.map((s) => `${sectionText(s)}\n`),
    'Numbers come from the stored results, the same ones your dashboard shows.',
  ].join('\n');
}

// ---------------------------------------------------------------- HTML

const H2 = 'margin:28px 0 8px;font-size:20px;line-height:1.3;border-top:2px solid #24364b;padding-top:16px';
const H3 = 'margin:18px 0 6px;font-size:15px';
const TD = 'padding:6px 8px;border-bottom:1px solid #e4e4e7;font-size:14px';

function changeCell(d: DimensionLine): SafeHtml {
  if (d.score === null) return html`<span style="color:${MUTED}">${d.hidden ?? ''}</span>`;
  if (d.delta === null) return html`<span style="color:${MUTED}">no earlier result</span>`;
  const color = !d.significant ? MUTED : d.delta > 0 ? '#1e7b34' : '#b3261e';
  return html`<span style="color:${color};${d.significant ? 'font-weight:bold' : ''}">${formatDelta(d.delta)}</span> <span style="color:${MUTED};font-size:12px">${d.significant ? 'real change' : 'may be chance'}</span>`;
}

function itemList(items: ItemView[]): SafeHtml {
  return html`<ul style="margin:0 0 8px;padding-left:20px">${items.map(
    (i) => html`<li style="margin:0 0 4px">&ldquo;${i.text}&rdquo; <span style="color:${MUTED}">${leaning(i)}</span></li>`,
  )}</ul>`;
}

function sectionHtml(s: ManagerSection): SafeHtml {
  if (s.kind === 'suppressed') {
    return html`<h2 style="${H2}">${s.teamName}</h2>
<div style="margin:0 0 10px;padding:10px 12px;background:#f3f3f5;border-left:4px solid #8a8a8e"><p style="margin:0 0 6px;font-weight:bold">No scores are shown for this team.</p><p style="margin:0">${s.hidden.why}</p>${
      s.hidden.change && html`<p style="margin:6px 0 0">${s.hidden.change}</p>`
    }</div>
${
  s.hidden.participationHelps &&
  html`<p style="margin:0 0 4px;font-weight:bold">How participation could rise</p>
<ul style="margin:0 0 8px;padding-left:20px">${SUPPRESSED_HOW.map((h) => html`<li style="margin:0 0 4px">${h}</li>`)}</ul>`
}
${agreedHtml(s.agreed)}`;
  }
  return html`<h2 style="${H2}">${s.teamName}</h2>
<p style="margin:0 0 8px">Participation: <strong>${participationWords(s)}</strong>.</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:4px 0 8px">
<tr><td style="${TD};color:${MUTED};font-size:12px">Dimension</td><td style="${TD};color:${MUTED};font-size:12px;text-align:right">Score</td><td style="${TD};color:${MUTED};font-size:12px">Since last time</td></tr>
${s.dimensions.map(
  (d) => html`<tr><td style="${TD}">${d.label}</td><td style="${TD};text-align:right;font-weight:bold">${d.score === null ? html`<span style="font-weight:normal;color:${MUTED}">not shown</span>` : formatScore(d.score)}</td><td style="${TD}">${changeCell(d)}</td></tr>`,
)}
</table>
${s.enps && html`<p style="margin:0 0 8px">${s.enps}.</p>`}
${s.strongest.length > 0 && html`<h3 style="${H3}">Strongest items</h3>${itemList(s.strongest)}`}
${s.weakest.length > 0 && html`<h3 style="${H3}">Weakest items</h3>${itemList(s.weakest)}`}
${s.guide && html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:14px 0 8px;background:#eef3fc;border-radius:6px"><tr><td style="padding:12px 14px">
<p style="margin:0 0 4px;font-weight:bold">A conversation to have: ${s.guide.title}</p>
<p style="margin:0 0 6px;font-size:13px;color:${MUTED}">${DIMENSION_LABELS[s.guide.dimension]} is your lowest score. ${s.guide.why}</p>
<ol style="margin:0;padding-left:20px">${s.guide.questions.map((q) => html`<li style="margin:0 0 4px">${q}</li>`)}</ol>
</td></tr></table>`}
${agreedHtml(s.agreed)}
${s.groups.length > 0 && html`<h3 style="${H3}">Groups in this team</h3>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><td style="${TD};color:${MUTED};font-size:12px">Group</td><td style="${TD};color:${MUTED};font-size:12px">Answered</td><td style="${TD};color:${MUTED};font-size:12px;text-align:right">Overall</td></tr>
${s.groups.map(
  (g) => html`<tr><td style="${TD};padding-left:${8 + 16 * g.depth}px">${g.name}</td><td style="${TD}">${g.responded === null ? `${g.invited} invited` : `${g.responded} of ${g.invited}`}${g.participation !== null && html` (${percent(g.participation)})`}</td><td style="${TD};text-align:right">${g.hidden || g.index === null ? html`<span style="color:${MUTED}">${g.hidden ?? 'not shown'}</span>` : formatScore(g.index)}</td></tr>`,
)}
</table>`}
${mailButton(s.dashboardUrl, `Open the ${s.teamName} dashboard`)}`;
}

export function renderManagerHtml(v: ManagerReportView): string {
  return mailDocument(
    subject(v),
    html`<p style="margin:0 0 4px;font-size:13px;color:${MUTED}">${v.orgName}</p>
<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${v.campaignName}: your team results</h1>
<p style="margin:0 0 8px">Hello ${v.recipientName},</p>
<p style="margin:0 0 8px">${INTRO}</p>
${v.sections.map(sectionHtml)}`,
    RESULTS_FOOTNOTE,
  );
}

export function renderManagerReport(v: ManagerReportView): RenderedMail {
  return { subject: subject(v), text: renderManagerText(v), html: renderManagerHtml(v) };
}
