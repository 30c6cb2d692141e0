/**
 * The HR admin's organization summary: participation by team, a teams × dimensions heatmap
 * (hidden cells marked) and the largest changes. `buildHrSummary` turns the stored results
 * (ResultsService view of the whole organization) into a small view model; `renderHrSummary`
 * is a pure function of that model. Change the wording here.
 */
import { html, SafeHtml } from '../common/html';
import { Dimension, DIMENSION_LABELS, DIMENSIONS } from '../instruments/dimensions';
import type { CampaignResultsView, GroupView } from '../results/results.views';
import { groupsInTreeOrder } from '../results/team-tree';
import { formatEnps } from '../results/items.format';
import { hiddenLabel, pooledIntoOf, reasonOf } from '../results/hidden-reasons';
import type { RenderedMail } from '../mail/mail-templates.service';
import { mailButton, mailDocument, MUTED } from '../mail/mail-layout';
import { formatDelta, formatScore, HEAT_BANDS, heatColour, HIDDEN_COLOUR, INK, participationWords, percent, RESULTS_FOOTNOTE } from '../results/results.format';

/** "Largest changes": significant and at least this many points. */
export const LARGEST_CHANGE_MIN = 5;
const MAX_CHANGES = 10;

export interface HeatRow {
  name: string;
  depth: number;
  scope: 'org' | 'subtree' | 'direct';
  invited: number;
  /** Null where the count is withheld (the group is too small or its roster barely changed). */
  responded: number | null;
  participation: number | null;
  suppressed: boolean;
  /** Why the whole group is hidden, in words (null when it is shown). */
  hidden: string | null;
  /** null: hidden or not asked. */
  scores: Record<Dimension, number | null>;
  /** −100…100; null when hidden, undefined when the campaign did not ask `recommend`. */
  enps?: number | null;
}

export interface ChangeLine {
  group: string;
  dimension: string;
  /** The score now; the previous one is not stored alongside, and score − delta could be off by a rounding step. */
  score: number;
  delta: number;
}

export interface HrSummaryView {
  recipientName: string;
  orgName: string;
  campaignName: string;
  dashboardUrl: string;
  /** The dimensions the campaign asked (the heatmap's columns). */
  dimensions: Dimension[];
  /** Whether the campaign asked `recommend` (an eNPS column after the dimensions). */
  asksEnps: boolean;
  /** The organization, or the audience a campaign over part of it asked. */
  org: HeatRow | null;
  /** "the organization", or the audience in words. */
  across: string;
  teams: HeatRow[];
  changes: ChangeLine[];
}

export interface HrSummaryInput {
  recipientName: string;
  orgName: string;
  publicUrl: string;
  /** The whole organization's results (loadCampaignResults with visibleTeamIds null). */
  results: CampaignResultsView;
  /** The dimensions the campaign asked. */
  askedDimensions: Dimension[];
}

function row(g: GroupView, name: string, depth: number, scope: HeatRow['scope'], threshold: number, names: Map<string, string>): HeatRow {
  const into = pooledIntoOf(g);
  return {
    hidden: g.suppressed ? hiddenLabel(reasonOf(g, threshold), threshold, into ? names.get(into) : null) : null,
    name,
    depth,
    scope,
    invited: g.invited,
    responded: g.responded,
    participation: g.participation,
    suppressed: g.suppressed,
    scores: Object.fromEntries(DIMENSIONS.map((d) => [d, g.suppressed ? null : (g.dimensions[d]?.score ?? null)])) as Record<Dimension, number | null>,
    enps: g.enps === undefined ? undefined : g.suppressed ? null : g.enps,
  };
}

export function buildHrSummary(input: HrSummaryInput): HrSummaryView {
  const { results } = input;
  const names = new Map(results.teams.map((t) => [t.teamId, t.name]));
  const teams: HeatRow[] = [];
  const groups: Array<{ name: string; view: GroupView }> = [];
  for (const { group, depth } of groupsInTreeOrder(results.teams)) {
    const name = group.scope === 'direct' ? `${group.name} (own members)` : group.name;
    teams.push(row(group, name, depth, group.scope, results.threshold, names));
    groups.push({ name, view: group });
  }
  // A campaign over part of the organization is its audience, named as such (never "Whole organization").
  const whole = results.org ? { name: 'Whole organization', view: results.org } : results.audience ? { name: results.audience.label, view: results.audience } : null;
  if (whole) groups.unshift(whole);

  const changes: ChangeLine[] = [];
  for (const g of groups) {
    if (g.view.suppressed) continue;
    for (const d of DIMENSIONS) {
      const dim = g.view.dimensions[d];
      if (!dim || dim.delta === null || !dim.significant || Math.abs(dim.delta) < LARGEST_CHANGE_MIN) continue;
      changes.push({ group: g.name, dimension: DIMENSION_LABELS[d], score: dim.score, delta: dim.delta });
    }
  }
  changes.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));

  return {
    recipientName: input.recipientName,
    orgName: input.orgName,
    campaignName: results.campaign.name,
    dashboardUrl: `${input.publicUrl}/dashboard/org`,
    dimensions: DIMENSIONS.filter((d) => input.askedDimensions.includes(d)),
    asksEnps: [results.org, results.audience, ...results.teams].some((g) => g?.enps !== undefined),
    org: whole ? row(whole.view, whole.name, 0, 'org', results.threshold, names) : null,
    across: results.org ? 'the organization' : (results.audience?.label ?? ''),
    teams,
    changes: changes.slice(0, MAX_CHANGES),
  };
}

// ---------------------------------------------------------------- wording

const subject = (v: HrSummaryView) => `Organization summary: ${v.campaignName}`;
const INTRO =
  'The survey has been scored. Here is participation by team, every team\'s scores side by side (0 to 100) and the largest changes since last time. A hidden row says why: too few answers, or showing it would let a smaller group\'s answers be worked out.';
const ENPS_HEADING = 'eNPS (\u2212100 to 100)';
const ENPS_NOTE = 'eNPS: % of promoters (9\u201310) minus % of detractors (0\u20136) on "would you recommend this team"; not a score out of 100';
const changeWords = (c: ChangeLine) => `${c.group}, ${c.dimension}: ${formatDelta(c.delta)} (now ${formatScore(c.score)})`;

// ---------------------------------------------------------------- plain text

export function renderHrText(v: HrSummaryView): string {
  const all = [...(v.org ? [v.org] : []), ...v.teams];
  const indent = (r: HeatRow) => '  '.repeat(r.depth);
  const lines = [`Hello ${v.recipientName},`, '', `${v.campaignName} (${v.orgName}): ${INTRO}`, ''];
  if (v.org) lines.push(`Participation across ${v.across}: ${participationWords(v.org)}.`, '');
  lines.push('Participation by team:');
  for (const r of v.teams) lines.push(`  ${indent(r)}${r.name}: ${participationWords(r)}`);
  lines.push('', `Scores by team (${[...v.dimensions.map((d) => DIMENSION_LABELS[d]), ...(v.asksEnps ? [ENPS_HEADING] : [])].join(' | ')}):`);
  for (const r of all) {
    const cells = v.dimensions.map((d) => (r.scores[d] === null ? 'hidden' : formatScore(r.scores[d])));
    if (v.asksEnps) cells.push(r.enps === null || r.enps === undefined ? 'hidden' : formatEnps(r.enps));
    lines.push(`  ${indent(r)}${r.name}: ${cells.join(' | ')}${r.hidden ? ` (${r.hidden})` : ''}`);
  }
  if (v.asksEnps) lines.push(`  (${ENPS_NOTE})`);
  lines.push('', `Largest changes (real changes of at least ${LARGEST_CHANGE_MIN} points):`);
  if (v.changes.length === 0) lines.push('  None this time.');
  for (const c of v.changes) lines.push(`  - ${changeWords(c)}`);
  lines.push('', `Organization dashboard: ${v.dashboardUrl}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- HTML

const TD = 'padding:6px 8px;border-bottom:1px solid #e4e4e7;font-size:13px';
const TH = `padding:6px 6px;border-bottom:2px solid #24364b;font-size:11px;color:${MUTED};font-weight:bold;text-align:center`;
const H2 = 'margin:24px 0 8px;font-size:17px';

function heatCell(value: number | null): SafeHtml {
  if (value === null) {
    return html`<td style="padding:6px 4px;text-align:center;font-size:12px;background:${HIDDEN_COLOUR};color:${MUTED};font-style:italic;border:2px solid #ffffff">hidden</td>`;
  }
  return html`<td style="padding:6px 4px;text-align:center;font-size:13px;font-weight:bold;background:${heatColour(value)};color:${INK};border:2px solid #ffffff">${formatScore(value)}</td>`;
}

function enpsCell(value: number | null): SafeHtml {
  if (value === null) {
    return html`<td style="padding:6px 4px;text-align:center;font-size:12px;background:${HIDDEN_COLOUR};color:${MUTED};font-style:italic;border:2px solid #ffffff">hidden</td>`;
  }
  return html`<td style="padding:6px 4px;text-align:center;font-size:13px;font-weight:bold;color:${INK};border:2px solid #ffffff">${formatEnps(value)}</td>`;
}

export function renderHrHtml(v: HrSummaryView): string {
  const all = [...(v.org ? [v.org] : []), ...v.teams];
  const nameCell = (r: HeatRow, why = false) =>
    html`<td style="${TD};padding-left:${8 + 14 * r.depth}px;${r.scope === 'org' ? 'font-weight:bold;' : ''}${r.scope === 'direct' ? `color:${MUTED};` : ''}">${r.name}${
      why && r.hidden && html`<br><span style="font-size:11px;color:${MUTED};font-style:italic">${r.hidden}</span>`
    }</td>`;
  return mailDocument(
    subject(v),
    html`<p style="margin:0 0 4px;font-size:13px;color:${MUTED}">${v.orgName}</p>
<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${v.campaignName}: organization summary</h1>
<p style="margin:0 0 8px">Hello ${v.recipientName},</p>
<p style="margin:0 0 8px">${INTRO}</p>
${v.org && html`<p style="margin:12px 0 0;font-size:16px">Participation across ${v.across}: <strong>${participationWords(v.org)}</strong>.</p>`}

<h2 style="${H2}">Participation by team</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
${v.teams.map(
  (r) => html`<tr>${nameCell(r)}<td style="${TD};text-align:right;white-space:nowrap">${r.responded === null ? `${r.invited} invited` : `${r.responded} of ${r.invited}`}</td><td style="${TD};text-align:right;width:60px">${r.participation === null ? '' : percent(r.participation)}</td></tr>`,
)}
</table>

<h2 style="${H2}">Scores by team</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><td style="${TH};text-align:left">Team</td>${v.dimensions.map((d) => html`<td style="${TH};width:${Math.floor(70 / v.dimensions.length)}%">${DIMENSION_LABELS[d]}</td>`)}${
  v.asksEnps && html`<td style="${TH}">${ENPS_HEADING}</td>`
}</tr>
${all.map((r) => html`<tr>${nameCell(r, true)}${v.dimensions.map((d) => heatCell(r.scores[d]))}${v.asksEnps && enpsCell(r.enps ?? null)}</tr>`)}
</table>
${v.asksEnps && html`<p style="margin:6px 0 0;font-size:12px;color:${MUTED}">${ENPS_NOTE}.</p>`}
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 0"><tr>
${HEAT_BANDS.map((b) => html`<td style="padding:2px 6px;font-size:11px;background:${b.colour}">${b.label}</td>`)}
<td style="padding:2px 6px;font-size:11px;background:${HIDDEN_COLOUR};color:${MUTED};font-style:italic">hidden: the reason is under the team's name</td>
</tr></table>

<h2 style="${H2}">Largest changes</h2>
<p style="margin:0 0 6px;font-size:13px;color:${MUTED}">Real changes (larger than chance would explain) of at least ${LARGEST_CHANGE_MIN} points since the previous survey.</p>
${
  v.changes.length === 0
    ? html`<p style="margin:0">None this time.</p>`
    : html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">${v.changes.map(
        (c) => html`<tr><td style="${TD}">${c.group}</td><td style="${TD}">${c.dimension}</td><td style="${TD};text-align:right;font-weight:bold;color:${c.delta > 0 ? '#1e7b34' : '#b3261e'}">${formatDelta(c.delta)}</td><td style="${TD};text-align:right;white-space:nowrap;color:${MUTED}">now ${formatScore(c.score)}</td></tr>`,
      )}</table>`
}
${mailButton(v.dashboardUrl, 'Open the organization dashboard')}`,
    RESULTS_FOOTNOTE,
  );
}

export function renderHrSummary(v: HrSummaryView): RenderedMail {
  return { subject: subject(v), text: renderHrText(v), html: renderHrHtml(v) };
}
