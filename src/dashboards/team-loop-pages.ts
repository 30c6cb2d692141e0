/**
 * The team page's "closing the loop" sections (DESIGN.md §7), as pure functions of view data:
 * the manager's mirror beside the scores, the actions the team agreed (with follow-through
 * beside the actions it asked about), sharing the results with the team, and the mirror form
 * while a survey is open. Forms post to TeamLoopController and redirect back (303); a refused
 * form is shown again with each error beside its field.
 */
import { FieldError } from '../common/errors';
import { csrfField, html, raw, SafeHtml } from '../common/html';
import { DIMENSION_LABELS, DIMENSIONS, Dimension } from '../instruments/dimensions';
import { MirrorGap } from '../results/mirror';
import type { CampaignResultsView, DimView, TeamResultsView } from '../results/results.views';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, ActionView } from '../results/team-loop';
import { formatDate, formatDelta, formatScore } from '../results/results.format';

export interface OpenMirror {
  campaignId: string;
  campaignName: string;
  closesAt: string;
  items: Array<{ key: string; text: string; dimension: string }>;
  answers: Record<string, number>;
  updatedAt: string | null;
}

/** Which teams acted on a campaign's results (HR's coverage, /dashboard/org). */
export interface CoverageRow {
  teamId: string;
  /** Actions recorded from this campaign, by status. */
  actions: { planned: number; in_progress: number; done: number; dropped: number };
  shared: boolean;
}

/** A form sent back because something in it was refused: what was typed, and why. */
export interface FormState {
  /** 'create', 'share', `update:<action id>` or `mirror:<campaign id>`. */
  form: string;
  values: Record<string, string>;
  errors: FieldError[];
}

export interface LoopData {
  teamId: string;
  teamName: string;
  /** Every action of the team, newest first. */
  actions: ActionView[];
  /** Today in the organization's timezone (YYYY-MM-DD), for overdue actions. */
  today: string;
  openMirrors: OpenMirror[];
  /** A form to show again with its errors. */
  refused?: FormState;
  csrf: string;
  /** The organization's timezone, for the instants shown (shared, saved, open until). */
  timeZone: string;
}

export const LOOP_STYLES = `
.field-error{color:#b3261e;font-weight:600;margin:.25rem 0 0}
input[aria-invalid=true],textarea[aria-invalid=true],select[aria-invalid=true]{border-color:#b3261e;border-width:2px}
textarea,select,input[type=date]{width:100%;padding:.55rem;font:inherit;font-size:1rem;border:1px solid #8a8a8e;border-radius:.375rem;background:#fff;color:#1d1d1f}
textarea{min-height:4.5rem}
textarea:focus,select:focus,input[type=date]:focus,input[type=radio]:focus{outline:3px solid #f2b705;outline-offset:2px}
ul.actions{list-style:none;padding:0;margin:.5rem 0}
ul.actions>li{background:#fff;border:1px solid #ddd;border-radius:.375rem;padding:.6rem .85rem;margin:.5rem 0}
ul.actions p{margin:.2rem 0}
.status{display:inline-block;font-size:.85rem;font-weight:600;padding:.05rem .5rem;border-radius:1rem;border:1px solid #5f5f66}
.status-done{background:#d7f0dc;border-color:#2e7d32}
.status-in_progress{background:#e3ecfb;border-color:#2458c6}
.status-dropped{background:#eee;color:#3a3a3e;text-decoration:line-through}
.overdue{color:#b3261e;font-weight:600}
.inline-form{display:inline}
button.secondary{background:#fff;color:#1d4fb8;border:1px solid #1d4fb8}
button.danger{background:#fff;color:#b3261e;border:1px solid #b3261e}
fieldset.item{border:1px solid #c7c7cc;border-radius:.5rem;background:#fff;margin:.75rem 0;padding:.5rem .85rem}
fieldset.item legend{font-weight:600;padding:0 .25rem}
.scale{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.35rem}
.scale label{display:flex;align-items:center;gap:.3rem;font-weight:400;margin:0;padding:.35rem .55rem;border:1px solid #8a8a8e;border-radius:.375rem;background:#fafafa;min-height:44px}
.gap-up{color:#8a1c12}
`;

const dateWords = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dashboardTeamUrl = (teamId: string, campaignId?: string) =>
  `/dashboard/teams/${encodeURIComponent(teamId)}${campaignId ? `?campaignId=${encodeURIComponent(campaignId)}` : ''}`;

/** A labelled field with its error (if any) beside it, tied together for screen readers. */
function field(id: string, label: string, control: (attrs: SafeHtml) => SafeHtml, error?: string, help?: string): SafeHtml {
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = raw(`id="${id}"${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}`);
  return html`<label for="${id}">${label}</label>${help ? html`<p class="muted" id="${id}-help">${help}</p>` : ''}${control(attrs)}${
    error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''
  }`;
}

function errorsFor(state: FormState | undefined, form: string): { value: (name: string) => string | undefined; error: (name: string) => string | undefined; any: boolean } {
  const mine = state && state.form === form ? state : undefined;
  return {
    value: (name) => mine?.values[name],
    error: (name) =>
      mine?.errors
        .filter((e) => e.field === name || e.field.startsWith(`${name}.`))
        .map((e) => e.message)
        .join('; ') || undefined,
    any: !!mine && mine.errors.length > 0,
  };
}

function errorSummary(state: FormState | undefined, form: string): SafeHtml | '' {
  if (!state || state.form !== form || state.errors.length === 0) return '';
  return html`<div class="notice error" role="alert"><p>Nothing was saved:</p><ul>${state.errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>`;
}

// ---------------------------------------------------------------------------------------------
// The mirror beside the scores

export function mirrorSection(results: TeamResultsView, viewerId: string): SafeHtml | '' {
  if (!results.mirror || !results.mirrorBy) return '';
  const whose = results.mirrorBy.id === viewerId ? 'Your expectation' : `${results.mirrorBy.name}’s expectation`;
  const gapOf = new Map<Dimension, MirrorGap>(results.mirrorGaps.map((g) => [g.dimension, g]));
  const spotText = (g: MirrorGap) =>
    g.gap > 0
      ? `${DIMENSION_LABELS[g.dimension]}: the team scored ${formatScore(g.actual)}, ${formatScore(g.gap)} points below the ${formatScore(g.expected)} expected.`
      : `${DIMENSION_LABELS[g.dimension]}: the team scored ${formatScore(g.actual)}, ${formatScore(-g.gap)} points above the ${formatScore(g.expected)} expected.`;
  return html`<h2 id="mirror">${whose} beside the team’s scores</h2>
<p class="muted">Recorded by ${results.mirrorBy.name} while the survey was open, answering the same questions as they expected the team to. It is not a response: it changes no number, and only the team’s managers and HR see it.</p>
<div class="scroll"><table>
<caption>Expected and reported scores per dimension, 0 to 100</caption>
<thead><tr><th scope="col">Dimension</th><th scope="col" class="num">Team</th><th scope="col" class="num">Expected</th><th scope="col" class="num">Gap</th></tr></thead>
<tbody>${DIMENSIONS.map((d) => {
    const dim = results.dimensions[d];
    const expected = results.mirror![d];
    const gap = gapOf.get(d);
    return html`<tr><th scope="row">${DIMENSION_LABELS[d]}</th><td class="num">${dim ? formatScore(dim.score) : 'hidden or not asked'}</td><td class="num">${
      expected === null ? 'not answered' : formatScore(expected)
    }</td><td class="num${gap && gap.gap > 0 ? ' gap-up' : ''}">${gap ? formatDelta(-gap.gap) : '—'}</td></tr>`;
  })}</tbody></table></div>
${
  results.blindSpots.length > 0
    ? html`<div class="card"><p><strong>Blind spots</strong> (the largest gaps, ${results.blindSpots.length === 1 ? 'one of' : ''} 10 points or more):</p><ul>${results.blindSpots.map((g) => html`<li>${spotText(g)}</li>`)}</ul>
<p class="muted">A gap is something to ask the team about, not a verdict: what do they see that you do not?</p></div>`
    : html`<p>No blind spots: every shown score is within 10 points of what was expected.</p>`
}`;
}

// ---------------------------------------------------------------------------------------------
// Actions, with follow-through beside the ones it asked about

function actionItem(a: ActionView, data: LoopData, back: string, campaignNames: Map<string, string>): SafeHtml {
  const form = `update:${a.id}`;
  const state = errorsFor(data.refused, form);
  const overdue = a.dueOn && a.dueOn < data.today && (a.status === 'planned' || a.status === 'in_progress');
  const status = state.value('status') ?? a.status;
  const from = a.campaignId ? campaignNames.get(a.campaignId) : undefined;
  return html`<li id="action-${a.id}">
<p><strong>${a.title}</strong> <span class="status status-${a.status}">${ACTION_STATUS_LABELS[a.status]}</span></p>
<p class="muted">${DIMENSION_LABELS[a.dimension]}${from ? ` · after “${from}”` : ''}${a.dueOn ? html` · <span class="${overdue ? 'overdue' : ''}">due ${dateWords(a.dueOn)}${overdue ? ' (overdue)' : ''}</span>` : ''} · recorded by ${a.createdBy.name}</p>
${a.detail ? html`<p>${a.detail}</p>` : ''}
${a.note ? html`<p><em>Note:</em> ${a.note}</p>` : ''}
<details${state.any ? raw(' open') : ''}><summary>Update “${a.title}”</summary>
${errorSummary(data.refused, form)}
<form method="post" action="/dashboard/actions/${a.id}">${csrfField(data.csrf)}
<input type="hidden" name="back" value="${back}">
${field(`status-${a.id}`, 'Status', (attrs) => html`<select ${attrs} name="status">${ACTION_STATUSES.map((s) => html`<option value="${s}"${s === status ? raw(' selected') : ''}>${ACTION_STATUS_LABELS[s]}</option>`)}</select>`, state.error('status'))}
${field(`note-${a.id}`, 'Note (optional)', (attrs) => html`<textarea ${attrs} name="note" maxlength="2000">${state.value('note') ?? a.note ?? ''}</textarea>`, state.error('note'), 'What happened: why it is done, stuck or dropped.')}
${field(`due-${a.id}`, 'Due date (optional)', (attrs) => html`<input ${attrs} type="date" name="dueOn" value="${state.value('dueOn') ?? a.dueOn ?? ''}">`, state.error('dueOn'))}
<button type="submit">Save</button>
</form>
<form method="post" action="/dashboard/actions/${a.id}/delete" class="inline-form">${csrfField(data.csrf)}<input type="hidden" name="back" value="${back}"><button type="submit" class="danger">Delete (recorded by mistake)</button></form>
</details>
</li>`;
}

function followThroughText(dim: DimView | null): SafeHtml {
  if (!dim) return html`<p class="muted">The survey asked the team whether they followed through on these, but too few answered that question to show it.</p>`;
  return html`<p>“We followed through on what we agreed after our last survey”: <strong>${formatScore(dim.score)}</strong> of 100, ${formatScore(dim.favorable)}% agreeing, ${formatScore(dim.unfavorable)}% disagreeing (${dim.n} answers).</p>`;
}

export interface ActionsSectionInput {
  data: LoopData;
  /** The results shown on the page (null: none yet); actions recorded here answer them. */
  results: TeamResultsView | null;
  /** The dimension the conversation guide is about: the form's default. */
  suggested: Dimension | null;
  campaignNames: Map<string, string>;
}

/** The form's lead-in: it points at the conversation guide only when the page shows one (a suggested dimension). */
function intro(results: TeamResultsView | null, suggested: Dimension | null): string {
  if (!results) return '';
  if (suggested) return 'After talking the results over with the team (the conversation guide above is a starting point), record the few things you agreed to do. ';
  if (results.suppressed) return 'No scores are shown for this survey, but you can still ask the team what would make work better and record the few things you agreed to do. ';
  return 'After talking the results over with the team, record the few things you agreed to do. ';
}

export function actionsSection({ data, results, suggested, campaignNames }: ActionsSectionInput): SafeHtml {
  const campaignId = results?.campaign.id;
  const back = `${dashboardTeamUrl(data.teamId, campaignId)}#actions`;
  const askedHere = campaignId ? data.actions.filter((a) => a.followThroughCampaignId === campaignId) : [];
  const fromHere = campaignId ? data.actions.filter((a) => a.campaignId === campaignId && !askedHere.includes(a)) : [];
  const others = data.actions.filter((a) => !askedHere.includes(a) && !fromHere.includes(a));
  const list = (actions: ActionView[]) => html`<ul class="actions">${actions.map((a) => actionItem(a, data, back, campaignNames))}</ul>`;

  const state = errorsFor(data.refused, 'create');
  const dimension = state.value('dimension') ?? suggested ?? '';
  const form = html`<h3 id="record-action">Record an action</h3>
<p class="muted">${intro(results, suggested)}The team’s next survey asks whether they were followed through.</p>
${errorSummary(data.refused, 'create')}
<form method="post" action="/dashboard/teams/${data.teamId}/actions">${csrfField(data.csrf)}
<input type="hidden" name="back" value="${back}">
${campaignId ? html`<input type="hidden" name="campaignId" value="${campaignId}">` : ''}
${field('action-dimension', 'Dimension it is about', (attrs) => html`<select ${attrs} name="dimension" required><option value=""${dimension ? '' : raw(' selected')}>Choose a dimension</option>${DIMENSIONS.map((d) => html`<option value="${d}"${d === dimension ? raw(' selected') : ''}>${DIMENSION_LABELS[d]}</option>`)}</select>`, state.error('dimension'))}
${field('action-title', 'What the team will do', (attrs) => html`<input ${attrs} type="text" name="title" maxlength="200" required value="${state.value('title') ?? ''}">`, state.error('title'), 'One short sentence, e.g. “Ten minutes of feedback pairs every other Friday”.')}
${field('action-detail', 'Details (optional)', (attrs) => html`<textarea ${attrs} name="detail" maxlength="2000">${state.value('detail') ?? ''}</textarea>`, state.error('detail'))}
${field('action-due', 'Due date (optional)', (attrs) => html`<input ${attrs} type="date" name="dueOn" value="${state.value('dueOn') ?? ''}">`, state.error('dueOn'))}
${state.error('campaignId') ? html`<p class="field-error">${state.error('campaignId')}</p>` : ''}
<button type="submit">Record the action</button>
</form>`;

  return html`<h2 id="actions">What the team agreed</h2>
${
  askedHere.length > 0 && results
    ? html`<h3>Followed through? Asked in this survey</h3>${followThroughText(results.suppressed ? null : results.followThrough)}${list(askedHere)}`
    : ''
}
${fromHere.length > 0 ? html`<h3>Agreed after this survey</h3>${list(fromHere)}` : ''}
${others.length > 0 ? html`<h3>${campaignId ? 'Other actions' : 'Actions'}</h3>${list(others)}` : ''}
${data.actions.length === 0 ? html`<p class="muted">No actions recorded yet.</p>` : ''}
${form}`;
}

// ---------------------------------------------------------------------------------------------
// Sharing the results with the team

export function shareSection(results: TeamResultsView, data: LoopData): SafeHtml {
  if (results.suppressed) {
    return html`<h2 id="share">Share with the team</h2><p class="muted">Hidden results cannot be shared: the team gets an email only when its results are shown.</p>`;
  }
  if (results.shared) {
    const s = results.shared;
    return html`<h2 id="share">Shared with the team</h2>
<p class="notice" role="status">${s.sharedBy.name} emailed these results and the team’s actions to ${s.recipients} ${s.recipients === 1 ? 'member' : 'members'} on ${formatDate(s.sharedAt, data.timeZone)}. They can be shared once per survey.</p>`;
  }
  const state = errorsFor(data.refused, 'share');
  const back = `${dashboardTeamUrl(data.teamId, results.campaign.id)}#share`;
  return html`<h2 id="share">Share with the team</h2>
<p>Each active member of ${data.teamName}${results.scope === 'subtree' ? ' and the teams within it' : ''} gets one email with the scores shown above, the actions agreed after this survey and your message: no question-level answers, no comments, nothing about any one person, and not your expectation. It can be sent once for this survey.</p>
${errorSummary(data.refused, 'share')}
<form method="post" action="/dashboard/teams/${data.teamId}/share">${csrfField(data.csrf)}
<input type="hidden" name="back" value="${back}"><input type="hidden" name="campaignId" value="${results.campaign.id}">
${field('share-message', 'A message to the team (optional)', (attrs) => html`<textarea ${attrs} name="message" maxlength="2000">${state.value('message') ?? ''}</textarea>`, state.error('message'), 'What you heard, and what happens next.')}
<button type="submit">Email these results to the team</button>
</form>`;
}

// ---------------------------------------------------------------------------------------------
// The mirror form, while a survey over the team is open

const AGREE = ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither', 'Somewhat agree', 'Agree', 'Strongly agree'];

export function mirrorForms(data: LoopData): SafeHtml | '' {
  if (data.openMirrors.length === 0) return '';
  return html`<h2 id="mirror-form">Before the results: your mirror</h2>
<p class="muted">While a survey is open you may answer its questions as you expect the team to. After it closes, your expectation is shown beside the team’s scores, and the largest gaps are named as blind spots. It is never counted as a response and only the team’s managers and HR see it.</p>
${data.openMirrors.map((m) => {
  const form = `mirror:${m.campaignId}`;
  const state = errorsFor(data.refused, form);
  const chosen = (key: string) => state.value(`q_${key}`) ?? (m.answers[key] !== undefined ? String(m.answers[key]) : '');
  return html`<details${state.any ? raw(' open') : ''}><summary>${m.updatedAt ? 'Change your' : 'Record your'} expectation for “${m.campaignName}” (open until ${formatDate(m.closesAt, data.timeZone)})</summary>
${errorSummary(data.refused, form)}
${m.updatedAt ? html`<p class="muted">Last saved ${formatDate(m.updatedAt, data.timeZone)}.</p>` : ''}
<form method="post" action="/dashboard/teams/${data.teamId}/mirror">${csrfField(data.csrf)}
<input type="hidden" name="back" value="${dashboardTeamUrl(data.teamId)}#mirror-form"><input type="hidden" name="campaignId" value="${m.campaignId}">
${m.items.map((q, i) => {
  const error = state.error(`q_${q.key}`);
  return html`<fieldset class="item"${error ? raw(` aria-describedby="err-${q.key}"`) : ''}><legend>${i + 1}. ${q.text}</legend><div class="scale">${[1, 2, 3, 4, 5, 6, 7].map(
    (v) => html`<label><input type="radio" name="q_${q.key}" value="${v}"${chosen(q.key) === String(v) ? raw(' checked') : ''}> ${v} · ${AGREE[v - 1]}</label>`,
  )}</div>${error ? html`<p class="field-error" id="err-${q.key}">${error}</p>` : ''}</fieldset>`;
})}
<button type="submit">Save my expectation</button>
</form></details>`;
})}`;
}

// ---------------------------------------------------------------------------------------------
// HR: which teams acted on a campaign's results (/dashboard/org)

export function coverageSection(results: CampaignResultsView, coverage: CoverageRow[], depth: Map<string, number>): SafeHtml {
  const byTeam = new Map(results.teams.filter((t) => t.scope === 'subtree').map((t) => [t.teamId, t]));
  const acted = coverage.filter((c) => c.actions.planned + c.actions.in_progress + c.actions.done > 0);
  const rows = coverage.map((c) => {
    const team = byTeam.get(c.teamId)!;
    const recorded = c.actions.planned + c.actions.in_progress + c.actions.done + c.actions.dropped;
    const open = c.actions.planned + c.actions.in_progress;
    return html`<tr><th scope="row" style="padding-left:${raw(String(0.6 + (depth.get(c.teamId) ?? 0) * 1.25))}rem"><a href="${dashboardTeamUrl(c.teamId, results.campaign.id)}#actions">${team.name}</a></th>${
      recorded === 0
        ? html`<td class="hidden-cell">no actions yet</td><td class="num">—</td><td class="num">—</td>`
        : html`<td class="num">${recorded}${c.actions.dropped > 0 ? ` (${c.actions.dropped} dropped)` : ''}</td><td class="num">${open}</td><td class="num">${c.actions.done}</td>`
    }<td>${team.suppressed ? 'results hidden' : c.shared ? 'yes' : 'not yet'}</td></tr>`;
  });
  return html`<h2 id="coverage">Acting on these results</h2>
<p>${acted.length} of ${coverage.length} teams have recorded actions after “${results.campaign.name}”; ${coverage.filter((c) => c.shared).length} shared their results with the team.</p>
<div class="scroll"><table>
<caption>Actions recorded after ${results.campaign.name}, and results shared, per team (a team’s own actions, not those of the teams within it)</caption>
<thead><tr><th scope="col">Team</th><th scope="col" class="num">Actions</th><th scope="col" class="num">Planned or in progress</th><th scope="col" class="num">Done</th><th scope="col">Shared with the team</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
