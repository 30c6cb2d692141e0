/**
 * The dashboard pages as pure functions from view data to a whole HTML document: no database,
 * no request. Charts come from ./charts (inline SVG with text alternatives); everything a person
 * typed (team, campaign and user names, comments) goes through html`` and is escaped.
 */
import { staffNav } from '../auth/web-page';
import { html, page, raw, SafeHtml } from '../common/html';
import { Dimension, DIMENSION_LABELS, DIMENSIONS } from '../instruments/dimensions';
import { CONVERSATION_GUIDES, weakestDimension } from '../results/conversation-guides';
import { formatDate, formatDelta, formatScore, HEAT_BANDS, heatColour, HIDDEN_COLOUR, INK } from '../results/results.format';
import { lineChart, scoreBars } from './charts';
import type { CampaignRef, HomeData, OrgPageData, TeamPageData } from './dashboard.service';
import { actionsSection, coverageSection, FormState, LOOP_STYLES, mirrorForms, mirrorSection, shareSection } from './team-loop-pages';
import { DimView, GroupView } from '../results/results.views';
import type { Role } from '../auth/principal';
import { groupsInTreeOrder } from '../results/team-tree';
import { enpsLine, questionsSection } from './team-questions';
import { formatEnps } from '../results/items.format';
import { explainHidden, hiddenLabel, HiddenFacts, hiddenNumberLabel, pooledIntoOf, reasonOf } from '../results/hidden-reasons';

/** How many surveys the team page's trend chart and table show. */
const TREND_POINTS_SHOWN = 26;

export interface PageFrame {
  orgName: string;
  /** The organization's timezone, in which every date is shown (as in the emails and the console). */
  timeZone: string;
  user: { id: string; name: string; email: string; role: Role };
  csrf: string;
}

export const DASHBOARD_STYLES = `
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .4rem}
a{color:#1d4fb8}
nav.crumbs{font-size:.95rem;margin:.25rem 0 .5rem}
nav.crumbs ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.25rem}
nav.crumbs li+li::before{content:"\\203A";margin-right:.25rem;color:#5f5f66}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.75rem 0;background:#fff}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
caption{text-align:left;padding:.5rem 0;color:#1d1d1f;caption-side:top}
th,td{padding:.45rem .6rem;border:1px solid #d4d4d8;text-align:left;vertical-align:top}
thead th{background:#eef0f4}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.heatmap td{text-align:center;min-width:5.75rem;font-variant-numeric:tabular-nums}
.heatmap td small{display:block;font-size:.8rem}
.heatmap tr.org th,.heatmap tr.org td{border-bottom:3px solid #8a8a8e}
td.hidden-cell{background:#e4e4e7;color:#1d1d1f;font-style:italic;font-size:.85rem}
.chart{display:block;width:100%;max-width:36rem;height:auto;margin:.5rem 0}
td.change{min-width:13rem}
.chart-stack{max-width:30rem}
.card{background:#fff;border:1px solid #ddd;border-radius:.375rem;padding:.75rem 1rem;margin:1rem 0}
.picker{display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap;margin:.5rem 0 1rem}
.picker label{margin:0 0 .25rem;width:100%}
.picker select{font-size:1rem;padding:.5rem;border:1px solid #8a8a8e;border-radius:.375rem;max-width:100%;background:#fff;color:#1d1d1f}
.picker button{margin-top:0}
select:focus,summary:focus{outline:3px solid #f2b705;outline-offset:2px}
.headline{font-size:1.1rem}
.headline strong{font-size:1.6rem}
.question{margin:0 0 1rem}
.question p{margin:.25rem 0}
ul.comments{padding-left:1.2rem}
ul.comments li{background:#fff;border:1px solid #ddd;border-radius:.375rem;padding:.5rem .75rem;margin:.5rem 0;list-style:none;white-space:pre-wrap;overflow-wrap:anywhere}
.legend-swatches{display:flex;gap:.5rem;flex-wrap:wrap;margin:.25rem 0;padding:0;list-style:none;font-size:.85rem}
.legend-swatches li{padding:.15rem .5rem;border:1px solid #8a8a8e;border-radius:.25rem}
details{margin:.5rem 0}
summary{cursor:pointer;color:#1d4fb8}
@media (max-width:30rem){th,td{padding:.35rem .4rem}.headline strong{font-size:1.35rem}}
`;


const teamUrl = (teamId: string, campaignId?: string) =>
  `/dashboard/teams/${encodeURIComponent(teamId)}${campaignId ? `?campaignId=${encodeURIComponent(campaignId)}` : ''}`;

/** Why a whole group shows no numbers, as a table cell says it. */
export function hiddenCell(g: HiddenFacts, threshold: number | null, names?: Map<string, string>): string {
  if (threshold === null) return 'hidden for anonymity';
  const into = pooledIntoOf(g);
  return hiddenLabel(reasonOf(g, threshold), threshold, into ? names?.get(into) : null);
}

function frame(f: PageFrame, title: string, body: SafeHtml, wide = true): string {
  return page({ title, body, signedIn: { name: f.user.name, csrf: f.csrf }, nav: staffNav(f.user.role, 'results'), wide, styles: DASHBOARD_STYLES + LOOP_STYLES });
}

function crumbs(items: Array<{ label: string; href?: string }>): SafeHtml {
  return html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${items.map((i, n) =>
    i.href && n < items.length - 1 ? html`<li><a href="${i.href}">${i.label}</a></li>` : html`<li><span aria-current="page">${i.label}</span></li>`,
  )}</ol></nav>`;
}

/** A GET form with a select and a submit button: works without JavaScript. */
export function campaignPicker(action: string, campaigns: CampaignRef[], selectedId: string | null, timeZone: string): SafeHtml {
  if (campaigns.length === 0) return html``;
  return html`<form class="picker" method="get" action="${action}">
<label for="campaignId">Survey</label>
<select id="campaignId" name="campaignId">${campaigns.map(
    (c) => html`<option value="${c.id}"${c.id === selectedId ? raw(' selected') : ''}>${c.name} (${formatDate(c.closesAt, timeZone)})</option>`,
  )}</select>
<button type="submit">Show</button>
</form>`;
}

function participationText(g: { participation: number | null; responded: number | null; invited: number }): string {
  if (g.responded === null) return `not shown for ${g.invited} invited (the count could tell who answered)`;
  return g.participation === null ? 'nobody invited' : `${formatScore(g.participation)}% (${g.responded} of ${g.invited})`;
}

function changeText(dim: DimView, names: Map<string, string>): string {
  if (dim.delta === null) return 'no earlier survey to compare with';
  const since = dim.previousCampaignId ? names.get(dim.previousCampaignId) : undefined;
  const what = dim.significant ? 'a real change' : 'within normal variation';
  return `${formatDelta(dim.delta)}${since ? ` since ${since}` : ''} (${what})`;
}

// ---------------------------------------------------------------------------------------------
// /dashboard

export function renderHome(f: PageFrame, data: HomeData): string {
  const hr = f.user.role === 'hr_admin';
  const rows = data.teams.map((t) => {
    const name = html`<th scope="row" style="padding-left:${raw(String(0.6 + t.depth * 1.25))}rem"><a href="${teamUrl(t.teamId)}">${t.name}</a></th>`;
    if (!t.latest) return html`<tr>${name}<td colspan="4" class="muted">No scored survey yet</td></tr>`;
    const survey = html`<td>${t.latest.name}<br><span class="muted">closed ${formatDate(t.latest.closesAt, f.timeZone)}</span></td>`;
    const participation = html`<td class="num">${t.participation === null ? '—' : `${formatScore(t.participation)}% (${t.responded} of ${t.invited})`}</td>`;
    if (t.suppressed || t.index === null) {
      return html`<tr>${name}${survey}<td class="hidden-cell">${hiddenCell(t, t.threshold, t.pooledInto && t.pooledIntoName ? new Map([[t.pooledInto, t.pooledIntoName]]) : undefined)}</td>${participation}<td>—</td></tr>`;
    }
    return html`<tr>${name}${survey}<td class="num" style="background:${heatColour(t.index)};color:${INK}">${formatScore(t.index)}</td>${participation}<td>${
      t.change ? `${formatDelta(t.change.delta)} since ${t.change.since.name}` : 'first survey'
    }</td></tr>`;
  });
  const body = html`<h1>${f.orgName}</h1>
<p>Signed in as <strong>${f.user.name}</strong> (${f.user.email}), ${hr ? 'HR admin' : 'manager'}.</p>
${hr ? html`<p><a href="/dashboard/org">Compare all teams on one page</a></p>` : ''}
<h2>${hr ? 'All teams' : 'Your teams'}</h2>
${
  data.teams.length === 0
    ? html`<p class="notice">${hr ? 'There are no teams yet.' : 'You do not manage a team yet. Ask HR to add you as a team’s manager.'}</p>`
    : html`<p class="muted">The index is the average of the five relationship scores, from 0 to 100 (50 is neutral). Open a team for its scores, trend and a conversation guide.</p>
<div class="scroll"><table>
<caption>${hr ? 'All teams' : 'Teams you manage and the teams within them'}, with their latest survey</caption>
<thead><tr><th scope="col">Team</th><th scope="col">Latest survey</th><th scope="col" class="num">Index</th><th scope="col" class="num">Participation</th><th scope="col">Change in index</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}`;
  return frame(f, 'Dashboard', body);
}

// ---------------------------------------------------------------------------------------------
// /dashboard/teams/:id

/** `refused`: a form of the page that was sent back, shown again with its errors. */
export function renderTeam(f: PageFrame, data: TeamPageData, refused?: FormState): string {
  const { team, results, trend } = data;
  const loop = { ...data.loop, csrf: f.csrf, refused, timeZone: f.timeZone };
  const campaignNames = new Map(trend.map((p) => [p.campaignId, p.campaignName]));
  const pickerCampaigns: CampaignRef[] = [...trend].reverse().map((p) => ({ id: p.campaignId, name: p.campaignName, closesAt: p.closesAt }));
  const nav = crumbs([
    { label: f.user.role === 'hr_admin' ? 'All teams' : 'Your teams', href: '/dashboard' },
    ...(data.parent ? [{ label: data.parent.name, href: teamUrl(data.parent.id) }] : []),
    { label: team.name },
  ]);
  const childLinks =
    data.children.length > 0
      ? html`<h2>Teams within ${team.name}</h2><ul>${data.children.map((c) => html`<li><a href="${teamUrl(c.id, results?.campaign.id)}">${c.name}</a></li>`)}</ul>`
      : '';

  if (!results) {
    const body = html`${nav}<h1>${team.name}</h1>
<p class="notice">No results yet. They appear here once a survey that included this team has closed and been scored.</p>
${mirrorForms(loop)}${actionsSection({ data: loop, results: null, suggested: null, campaignNames })}${childLinks}`;
    return frame(f, team.name, body);
  }

  const names = new Map(trend.map((p) => [p.campaignId, p.campaignName]));
  const enps = enpsLine(results);
  const header = html`${nav}<h1>${team.name}</h1>
${campaignPicker(teamUrl(team.id), pickerCampaigns, results.campaign.id, f.timeZone)}
<p class="muted">Survey “${results.campaign.name}”, closed ${formatDate(results.campaign.closedAt ?? results.campaign.closesAt, f.timeZone)}. Participation ${participationText(results)}. ${
    results.scope === 'subtree' && data.children.length > 0 ? `Includes the teams within ${team.name}.` : ''
  }</p>`;

  if (results.suppressed) {
    const reason = reasonOf(results, results.threshold);
    const hidden = explainHidden(reason, { subject: 'this team', threshold: results.threshold, invited: results.invited, responded: results.responded, pooledIntoName: data.pooledIntoName });
    const body = html`${header}
<h2>Why there are no scores for this survey</h2>
<div class="notice" role="status">
<p>${hidden.why}</p>
${hidden.change && html`<p>${hidden.change}</p>`}
${
  hidden.participationHelps &&
  html`<p>To see results next time: tell the team the survey is coming, that answers are anonymous and only shown in groups, and what you did with the last results.</p>`
}
</div>
${actionsSection({ data: loop, results, suggested: null, campaignNames })}${shareSection(results, loop)}${mirrorForms(loop)}
${childLinks}`;
    return frame(f, `${team.name}: ${results.campaign.name}`, body);
  }

  const dims = DIMENSIONS.map((d) => ({ d, dim: results.dimensions[d] }));
  const askedInTrend = (d: Dimension) => trend.some((p) => p.scores[d] !== null) || results.dimensions[d] !== null;
  const askedNow = (d: Dimension) => results.questions.some((q) => q.dimension === d);
  const missingText = (d: Dimension) => (askedNow(d) ? hiddenNumberLabel(results.hiddenReasons, d, results.threshold) : 'not asked in this survey');
  const bars = scoreBars(
    dims.map(({ d, dim }) => ({ label: DIMENSION_LABELS[d], score: dim?.score ?? null, ciLow: dim?.ciLow, ciHigh: dim?.ciHigh, missing: missingText(d) })),
    { title: `Relationship scores for ${team.name}, ${results.campaign.name}` },
  );
  const position = trend.findIndex((p) => p.campaignId === results.campaign.id);
  const previous = position > 0 ? trend[position - 1] : null;
  const indexChange =
    results.index !== null && previous && previous.index !== null ? ` (${formatDelta(results.index - previous.index)} since ${previous.campaignName})` : '';

  const dimTable = html`<div class="scroll"><table>
<caption>The five dimensions in numbers</caption>
<thead><tr><th scope="col">Dimension</th><th scope="col" class="num">Score</th><th scope="col" class="num">95% range</th><th scope="col" class="num">Favourable</th><th scope="col">Change since last time</th></tr></thead>
<tbody>${dims.map(({ d, dim }) =>
    dim
      ? html`<tr><th scope="row">${DIMENSION_LABELS[d]}</th><td class="num">${formatScore(dim.score)}</td><td class="num">${
          dim.ciLow !== null && dim.ciHigh !== null ? `${formatScore(dim.ciLow)}–${formatScore(dim.ciHigh)}` : '—'
        }</td><td class="num">${formatScore(dim.favorable)}%</td><td class="change">${changeText(dim, names)}</td></tr>`
      : html`<tr><th scope="row">${DIMENSION_LABELS[d]}</th><td colspan="4" class="hidden-cell">${missingText(d)}</td></tr>`,
  )}</tbody></table></div>`;

  const weakest = weakestDimension(Object.fromEntries(dims.map(({ d, dim }) => [d, dim?.score ?? null])));
  const guide = weakest ? CONVERSATION_GUIDES[weakest] : null;
  const guideSection = guide
    ? html`<h2>A conversation to have: ${guide.title}</h2>
<div class="card">
<p>${DIMENSION_LABELS[guide.dimension]} is the lowest of the team’s scores this time. ${guide.why}</p>
<p>Questions to bring to the team:</p>
<ul>${guide.questions.map((q) => html`<li>${q}</li>`)}</ul>
</div>`
    : '';

  const trendDims = DIMENSIONS.filter(askedInTrend);
  // A weekly pulse makes a hundred points in two years: the page draws the recent ones, which
  // a reader can tell apart (and which keep the page light); the JSON trend has them all.
  const recent = trend.slice(-TREND_POINTS_SHOWN);
  const trendSection = html`<h2>Over time</h2>
${recent.length < trend.length && html`<p class="muted">The latest ${recent.length} of ${trend.length} surveys; pick an earlier survey above to see it.</p>`}
${raw(
  lineChart({
    title: `${team.name}: index and dimension scores over time`,
    xLabels: recent.map((p) => p.campaignName),
    hiddenAt: recent.map((p) => p.suppressed),
    series: [
      { label: 'Index', values: recent.map((p) => p.index), emphasis: true },
      ...trendDims.map((d) => ({ label: DIMENSION_LABELS[d], values: recent.map((p) => p.scores[d]) })),
    ],
  }),
)}
<details><summary>The trend as a table</summary><div class="scroll"><table>
<caption>Scores per survey (hidden: too few answers, or hidden to protect a smaller group)</caption>
<thead><tr><th scope="col">Survey</th><th scope="col" class="num">Index</th>${trendDims.map((d) => html`<th scope="col" class="num">${DIMENSION_LABELS[d]}</th>`)}</tr></thead>
<tbody>${recent.map(
  (p) =>
    html`<tr><th scope="row">${p.campaignName}<br><span class="muted">${formatDate(p.closesAt, f.timeZone)}</span></th><td class="num">${
      p.index === null ? 'hidden' : formatScore(p.index)
    }</td>${trendDims.map((d) => html`<td class="num">${p.scores[d] === null ? 'hidden' : formatScore(p.scores[d])}</td>`)}</tr>`,
)}</tbody></table></div></details>`;

  const commentsSection = html`<h2>Comments</h2>${
    results.comments.length > 0
      ? html`<p class="muted">From the team’s own members, in random order.</p><ul class="comments">${results.comments.map((c) => html`<li>${c}</li>`)}</ul>`
      : html`<p class="muted">No comments to show. Comments appear only when the survey asked for them, someone wrote one, and at least ${results.threshold} of the team’s own members answered.</p>`
  }`;

  const body = html`${header}
<p class="headline">Relationship index: <strong>${results.index === null ? '—' : formatScore(results.index)}</strong> of 100${indexChange}</p>
${enps && html`<p class="headline">${enps}</p>`}
<h2>The five dimensions</h2>
<p class="muted">Each bar is the team’s score from 0 to 100 (50 is neutral); the black whisker is the 95% range the true score most likely lies in.</p>
${raw(bars)}
${dimTable}
${mirrorSection(results, f.user.id)}
${guideSection}
${actionsSection({ data: loop, results, suggested: weakest, campaignNames })}
${shareSection(results, loop)}
${mirrorForms(loop)}
${trendSection}
${questionsSection(results, data.questionInfo)}
${commentsSection}
${childLinks}`;
  return frame(f, `${team.name}: ${results.campaign.name}`, body);
}

// ---------------------------------------------------------------------------------------------
// /dashboard/org

function heatCell(dim: DimView | null, missing: string): SafeHtml {
  if (!dim) return html`<td class="hidden-cell">${missing}</td>`;
  return html`<td style="background:${heatColour(dim.score)};color:${INK}">${formatScore(dim.score)}${
    dim.delta !== null && dim.significant ? html`<small>${formatDelta(dim.delta)} since last</small>` : ''
  }</td>`;
}

export function renderOrg(f: PageFrame, data: OrgPageData): string {
  const nav = crumbs([{ label: 'All teams', href: '/dashboard' }, { label: 'Compare teams' }]);
  const { results } = data;
  if (!results) {
    const body = html`${nav}<h1>Compare all teams</h1><p class="notice">No survey has been scored yet. The comparison appears once the first one closes.</p>`;
    return frame(f, 'Compare teams', body);
  }
  const threshold = results.threshold;
  const asked = (d: Dimension) =>
    (results.reliability && d in results.reliability) || results.teams.some((t) => t.dimensions[d] !== null) || results.org?.dimensions[d] != null;
  const dims = DIMENSIONS.filter(asked);
  const asksEnps = results.org?.enps !== undefined || results.teams.some((t) => t.enps !== undefined);
  const enpsCell = (g: GroupView) =>
    !asksEnps ? '' : g.enps === null || g.enps === undefined ? html`<td class="hidden-cell">${missingFor(g, 'enps')}</td>` : html`<td class="num">${formatEnps(g.enps)}</td>`;
  const teamNames = new Map(results.teams.map((t) => [t.teamId, t.name]));
  // A shown group's single hidden number says the reason scoring recorded for that number.
  const missingFor = (g: GroupView, key: string) => (g.suppressed ? hiddenCell(g, threshold, teamNames) : hiddenNumberLabel(g.hiddenReasons, key, threshold));

  const inTree = groupsInTreeOrder(results.teams);
  const depth = new Map(inTree.filter(({ group }) => group.scope === 'subtree').map(({ group, depth: d }) => [group.teamId, d]));
  const row = (label: SafeHtml, g: GroupView, cls = '', indent = 0) => {
    const index =
      g.index === null
        ? html`<td class="hidden-cell">${missingFor(g, 'index')}</td>`
        : html`<td style="background:${heatColour(g.index)};color:${INK}">${formatScore(g.index)}</td>`;
    return html`<tr${cls ? raw(` class="${cls}"`) : ''}><th scope="row" style="padding-left:${raw(String(0.6 + indent * 1.25))}rem">${label}</th><td class="num">${participationText(
      g,
    )}</td>${index}${dims.map((d) => (g.suppressed ? html`<td class="hidden-cell">${missingFor(g, d)}</td>` : heatCell(g.dimensions[d], missingFor(g, d))))}${enpsCell(g)}</tr>`;
  };
  const rows = [
    results.org ? row(html`Whole organization`, results.org, 'org') : '',
    ...inTree.map(({ group: t, depth }) =>
      row(
        t.scope === 'direct'
          ? html`<a href="${teamUrl(t.teamId, results.campaign.id)}">${t.name}</a>: own members only`
          : html`<a href="${teamUrl(t.teamId, results.campaign.id)}">${t.name}</a>`,
        t,
        '',
        depth,
      ),
    ),
  ];

  const reliability = results.reliability ?? {};
  const reliabilitySection = html`<h2>Reliability of each dimension</h2>
<p class="muted">Cronbach’s alpha over all answers in this survey: 0.7 or more means the dimension’s questions measure one thing consistently.</p>
<div class="scroll"><table>
<caption>Cronbach’s alpha per dimension, ${results.campaign.name}</caption>
<thead><tr><th scope="col">Dimension</th><th scope="col">Alpha</th></tr></thead>
<tbody>${DIMENSIONS.map((d) => {
    const alpha = reliability[d];
    const text =
      !(d in reliability) && !dims.includes(d)
        ? 'not asked'
        : alpha === null || alpha === undefined
          ? 'not computed (needs at least 2 questions and 30 complete answers)'
          : alpha.toFixed(2);
    return html`<tr><th scope="row">${DIMENSION_LABELS[d]}</th><td${typeof alpha === 'number' ? raw(' class="num"') : ''}>${text}</td></tr>`;
  })}</tbody></table></div>`;

  const body = html`${nav}<h1>Compare all teams</h1>
${campaignPicker('/dashboard/org', data.campaigns, results.campaign.id, f.timeZone)}
<p class="muted">Survey “${results.campaign.name}”, closed ${formatDate(results.campaign.closedAt ?? results.campaign.closesAt, f.timeZone)}.${
    results.org ? ` Participation across the organization ${participationText(results.org)}.` : ''
  } Results are shown only from ${threshold} answers up.</p>
<h2>Teams × dimensions</h2>
<ul class="legend-swatches" aria-label="Colour key">
${HEAT_BANDS.map((b) => html`<li style="background:${b.colour};color:${INK}">${b.label}</li>`)}
<li class="hidden-cell" style="background:${HIDDEN_COLOUR}">hidden for anonymity</li>
</ul>
<p class="muted">Every cell shows its number; colour runs from red (low) through amber to green (high). A change shown under a score is one larger than normal variation. A hidden cell says why: fewer than ${threshold} answers, or it would let a smaller group’s answers be worked out.${
    asksEnps ? ' eNPS is the % of promoters (9–10) minus the % of detractors (0–6) on “would you recommend this team”, not a score.' : ''
  }</p>
<div class="scroll"><table class="heatmap">
<caption>Scores from 0 to 100 by team and dimension, ${results.campaign.name}</caption>
<thead><tr><th scope="col">Team</th><th scope="col" class="num">Participation</th><th scope="col">Index</th>${dims.map(
    (d) => html`<th scope="col">${DIMENSION_LABELS[d]}</th>`,
  )}${asksEnps && html`<th scope="col" class="num">eNPS <small>(−100 to 100)</small></th>`}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
${coverageSection(results, data.coverage, depth)}
${reliabilitySection}`;
  return frame(f, 'Compare teams', body);
}
