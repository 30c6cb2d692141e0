import { CampaignView } from '../campaigns/campaigns.service';
import { html, SafeHtml } from '../common/html';
import { formatScore } from '../results/results.format';
import { actionButton, choices, csrfInput, errorSummary, FormState, input } from './admin-forms';
import { AdminFrame, adminPage, formatLocal } from './admin-frame';
import { RECENT_MEMBER_DAYS } from './admin-overview.service';
import { AudienceRow, ConsoleTeam, ProgressRow } from './admin-reads.service';

const STATUS_ORDER: Array<{ status: CampaignView['status']; heading: string }> = [
  { status: 'open', heading: 'Open' },
  { status: 'scheduled', heading: 'Scheduled' },
  { status: 'draft', heading: 'Drafts' },
  { status: 'closed', heading: 'Closed, being scored' },
  { status: 'scored', heading: 'Closed and scored' },
];

const STATUS_WORDS: Record<CampaignView['status'], string> = {
  draft: 'draft',
  scheduled: 'scheduled',
  open: 'open',
  closed: 'closed, being scored',
  scored: 'closed and scored',
};

export function participationWords(c: { participation: number | null; responded: number | null; invited: number }): string {
  if (c.participation === null || c.responded === null) return c.invited === 0 ? 'nobody invited' : '—';
  return `${formatScore(c.participation)}% (${c.responded} of ${c.invited})`;
}

/** The team-tree picker: the teams to ask, in tree order, indented. */
export function teamPicker(teams: ConsoleTeam[], state: FormState, legend = 'Teams to ask'): SafeHtml {
  return choices({
    name: 'teamIds',
    legend,
    hint: 'Choose one or more teams; with “include their teams” their child teams are asked too.',
    state,
    options: teams.map((t) => ({ value: t.id, label: `${t.name} (${t.members})`, depth: t.depth })),
  });
}

export function renderCampaigns(f: AdminFrame, campaigns: CampaignView[], teams: ConsoleTeam[], form: FormState, timeZone: string): string {
  const groups = STATUS_ORDER.map((g) => ({ ...g, items: campaigns.filter((c) => c.status === g.status) })).filter((g) => g.items.length > 0);
  const body = html`${
    groups.length === 0
      ? html`<p class="notice">No campaign yet. Create the first one below.</p>`
      : groups.map(
          (g) => html`<div class="scroll"><table><caption>${g.heading} (${g.items.length})</caption>
<thead><tr><th scope="col">Campaign</th><th scope="col">Opens</th><th scope="col">Closes</th><th scope="col" class="num">Participation</th></tr></thead>
<tbody>${g.items.map(
            (c) => html`<tr><th scope="row"><a href="/admin/campaigns/${c.id}">${c.name}</a></th><td>${c.opensAt ? formatLocal(c.opensAt, timeZone) : 'at launch'}</td><td>${formatLocal(c.closedAt ?? c.closesAt, timeZone)}</td><td class="num">${
              c.status === 'draft' || c.status === 'scheduled' ? '—' : participationWords(c)
            }</td></tr>`,
          )}</tbody></table></div>`,
        )
  }
<section class="panel" aria-labelledby="create-h">
<h2 id="create-h">Create a campaign</h2>
<p>A campaign starts as a draft: you will see who would be asked, and how small teams are pooled, before launching it.</p>
${errorSummary(form, { name: 'campaign-name', teamIds: 'teamIds-group', opensAt: 'campaign-opens', closesAt: 'campaign-closes', reminders: 'campaign-reminders' })}
${
  teams.length === 0
    ? html`<p class="notice">Create teams first, under <a href="/admin/teams">Teams</a>.</p>`
    : html`<form method="post" action="/admin/campaigns">${csrfInput(f.csrf)}
${input({ id: 'campaign-name', name: 'name', label: 'Name', state: form, required: true, hint: 'Members see it in their invitation, e.g. “Spring survey 2027”.' })}
${teamPicker(teams, form)}
${choices({ name: 'includeSubteams', legend: 'Child teams', state: form, options: [{ value: 'yes', label: 'Include their teams (the whole subtree of each chosen team)', checked: true }] })}
<div class="cols">
${input({ id: 'campaign-opens', name: 'opensAt', label: `Opens (${timeZone})`, type: 'datetime-local', state: form, hint: 'Leave empty to open when you launch it.' })}
${input({ id: 'campaign-closes', name: 'closesAt', label: `Closes (${timeZone})`, type: 'datetime-local', state: form, required: true })}
</div>
${input({ id: 'campaign-reminders', name: 'reminders', label: 'Reminders, in hours before closing', state: form, hint: 'Separate with commas, e.g. 48, 24. Leave empty for none. Only people who have not answered are reminded.', value: Object.keys(form.values).length ? undefined : '48' })}
${choices({ name: 'allowComments', legend: 'Comments', state: form, options: [{ value: 'yes', label: 'Let members add a comment (shown to their team’s manager only when the team is large enough)', checked: true }] })}
<button type="submit">Create draft</button>
</form>`
}
</section>`;
  return adminPage(f, '/admin/campaigns', 'Campaigns', body);
}

function outcomeWords(row: AudienceRow, threshold: number): string {
  switch (row.outcome.kind) {
    case 'own':
      return row.outcome.people > row.invited ? `reported as a group of ${row.outcome.people}, with the small teams pooled into it` : 'reported on its own';
    case 'pooled':
      return `fewer than ${threshold}: pooled with ${row.outcome.intoName}`;
    case 'hidden':
      return `fewer than ${threshold}, even with the teams above it: never shown on its own`;
    case 'empty':
      return 'nobody to ask';
  }
}

export interface CampaignPageData {
  campaign: CampaignView;
  threshold: number;
  timeZone: string;
  audience: AudienceRow[] | null;
  /** Members of the audience added lately (DESIGN §4 item 9: a planted address shows up here). */
  recentlyAdded: Array<{ email: string; team: string; createdAt: Date }>;
  progress: ProgressRow[] | null;
}

export function renderCampaign(f: AdminFrame, d: CampaignPageData): string {
  const c = d.campaign;
  const when = html`<dl class="cols">
<div><dt>Status</dt><dd><span class="status">${STATUS_WORDS[c.status]}</span>${c.statusDetail ? ` (${c.statusDetail})` : ''}</dd></div>
<div><dt>Opens</dt><dd>${c.opensAt ? formatLocal(c.opensAt, d.timeZone) : 'when launched'}</dd></div>
<div><dt>Closes</dt><dd>${formatLocal(c.closedAt ?? c.closesAt, d.timeZone)}</dd></div>
<div><dt>Reminders</dt><dd>${c.reminders.length ? c.reminders.map((h) => `${h} h`).join(', ') + ' before closing' : 'none'}</dd></div>
<div><dt>Comments</dt><dd>${c.allowComments ? 'allowed' : 'not asked'}</dd></div>
<div><dt>Questions</dt><dd>${c.questionKeys.length}</dd></div>
</dl>`;
  let section: SafeHtml = html``;
  if (c.status === 'draft' && d.audience) {
    const asked = d.audience.reduce((n, r) => n + r.invited, 0);
    const launchLabel = c.opensAt && new Date(c.opensAt) > new Date() ? `Schedule for ${formatLocal(c.opensAt, d.timeZone)}` : 'Launch now';
    section = html`<section class="panel" aria-labelledby="preview-h">
<h2 id="preview-h">Who will be asked</h2>
<p>${asked} people in ${d.audience.length} team(s), as the teams stand now (the audience is frozen at launch). Teams with fewer than ${d.threshold} people are pooled with the nearest larger team above them, so no small group is ever reported on its own.</p>
<div class="scroll"><table><caption>Preview of the audience</caption>
<thead><tr><th scope="col">Team</th><th scope="col" class="num">People</th><th scope="col">How its answers are reported</th></tr></thead>
<tbody>${d.audience.map(
      (r) => html`<tr><th scope="row" style="padding-left:${String(0.6 + r.depth * 1.25)}rem">${r.name}</th><td class="num">${r.invited}</td><td>${outcomeWords(r, d.threshold)}</td></tr>`,
    )}</tbody></table></div>
${
  d.recentlyAdded.length > 0 &&
  html`<div class="notice"><p><strong>${d.recentlyAdded.length} member(s) of this audience were added in the last ${RECENT_MEMBER_DAYS} days.</strong> Check that each is a real colleague before launching: an address added just before a survey could be used to work out someone’s answers.</p>
<ul>${d.recentlyAdded.map((m) => html`<li>${m.email} (${m.team}), added ${formatLocal(m.createdAt, d.timeZone)}</li>`)}</ul></div>`
}
${actionButton(`/admin/campaigns/${c.id}/launch`, launchLabel, f.csrf)}
${actionButton(`/admin/campaigns/${c.id}/delete`, 'Delete draft', f.csrf, { danger: true })}
</section>`;
  } else if (d.progress && (c.status === 'open' || c.status === 'scheduled')) {
    section = html`<section class="panel" aria-labelledby="progress-h">
<h2 id="progress-h">Participation</h2>
${
  c.status === 'scheduled'
    ? html`<p>Invitations go out when it opens.</p>`
    : html`<p class="headline">So far: <strong>${participationWords(c)}</strong></p>
<p class="muted">A team invited with fewer than ${d.threshold} people shows no count: it would tell who answered. So that the total cannot give it away either, the smallest other team may be withheld too.</p>
<div class="scroll"><table><caption>Participation per team</caption>
<thead><tr><th scope="col">Team</th><th scope="col" class="num">Invited</th><th scope="col" class="num">Answered</th></tr></thead>
<tbody>${d.progress.map(
        (r) => html`<tr><th scope="row" style="padding-left:${String(0.6 + r.depth * 1.25)}rem">${r.name}</th><td class="num">${r.invited}</td><td class="num${r.responded === null ? ' hidden-cell' : ''}">${
          r.responded === null ? (r.invited < d.threshold ? `withheld (fewer than ${d.threshold} invited)` : 'withheld (protects a smaller team)') : r.responded
        }</td></tr>`,
      )}</tbody></table></div>
${actionButton(`/admin/campaigns/${c.id}/remind`, 'Remind now', f.csrf)}
${actionButton(`/admin/campaigns/${c.id}/close`, 'Close early', f.csrf, { danger: true })}`
}
</section>`;
  } else if (c.status === 'closed' || c.status === 'scored') {
    section = html`<section class="panel" aria-labelledby="result-h">
<h2 id="result-h">Results</h2>
<p class="headline">Participation: <strong>${participationWords(c)}</strong></p>
${
  c.status === 'scored'
    ? html`<p><a href="/dashboard/org?campaignId=${c.id}">Open the results</a></p>`
    : html`<p>Scoring runs in the background; results appear here within a few minutes.</p>`
}
${c.reportFailures > 0 && html`<p class="notice error">${c.reportFailures} report email(s) could not be delivered.</p>`}
</section>`;
  }
  return adminPage(f, '/admin/campaigns', c.name, html`<p><a href="/admin/campaigns">All campaigns</a></p>${when}${section}`);
}

