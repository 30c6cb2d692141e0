import { html } from '../common/html';
import { formatScore } from '../results/results.format';
import { AdminFrame, adminPage, formatLocal } from './admin-frame';
import { Overview, RECENT_MEMBER_DAYS } from './admin-overview.service';

const none = (what: string) => html`<p class="muted">${what}</p>`;

export function renderOverview(f: AdminFrame, o: Overview, timeZone: string): string {
  const body = html`<p>What needs your attention now. Times are in the organization’s timezone (${timeZone}).</p>
<section class="panel" aria-labelledby="open-h">
<h2 id="open-h">Open campaigns</h2>
${
  o.open.length === 0
    ? none('No campaign is open.')
    : html`<div class="scroll"><table><caption>Participation so far</caption>
<thead><tr><th scope="col">Campaign</th><th scope="col">Closes</th><th scope="col" class="num">Participation</th></tr></thead>
<tbody>${o.open.map(
        (c) => html`<tr><th scope="row"><a href="/admin/campaigns/${c.id}">${c.name}</a></th><td>${formatLocal(c.closesAt, timeZone)}${
          c.closingSoon ? html` <strong class="status">closing soon</strong>` : ''
        }</td><td class="num">${c.participation === null ? 'nobody invited' : `${formatScore(c.participation)}% (${c.responded} of ${c.invited})`}</td></tr>`,
      )}</tbody></table></div>`
}
${o.scheduled.length > 0 && html`<p>Scheduled: ${o.scheduled.map((c, i) => html`${i > 0 ? ', ' : ''}<a href="/admin/campaigns/${c.id}">${c.name}</a> (opens ${formatLocal(c.opensAt, timeZone)})`)}</p>`}
</section>
<section class="panel" aria-labelledby="reports-h">
<h2 id="reports-h">Reports that failed</h2>
${
  o.failedReports.length === 0
    ? none('Every report was delivered or is on its way.')
    : html`<ul>${o.failedReports.map((c) => html`<li><a href="/admin/campaigns/${c.id}">${c.name}</a>: ${c.failures} report email(s) could not be delivered</li>`)}</ul>`
}
</section>
<section class="panel" aria-labelledby="managers-h">
<h2 id="managers-h">Teams without a manager</h2>
${
  o.teamsWithoutManager.length === 0
    ? none('Every team has a manager.')
    : html`<p>No manager gets a report of these teams’ own; where a team above has a manager, that report shows each as one line. <a href="/admin/teams">Assign managers</a>.</p><ul>${o.teamsWithoutManager.map((t) => html`<li><a href="/admin/teams/${t.id}">${t.name}</a></li>`)}</ul>`
}
</section>
<section class="panel" aria-labelledby="small-h">
<h2 id="small-h">Teams below the threshold of ${o.threshold}</h2>
${
  o.smallTeams.length === 0
    ? none('Every team with members has at least the threshold.')
    : html`<p>Their answers are pooled with a larger team above them, never shown on their own.</p><ul>${o.smallTeams.map(
        (t) => html`<li><a href="/admin/people?teamId=${t.id}">${t.name}</a>: ${t.members} member(s)</li>`,
      )}</ul>`
}
</section>
<section class="panel" aria-labelledby="recent-h">
<h2 id="recent-h">Members added shortly before a launch</h2>
<p class="muted">Addresses added within ${RECENT_MEMBER_DAYS} days before a campaign launched, and in the last ${RECENT_MEMBER_DAYS} days. Check that each is a real colleague: a planted address could be used to work out someone’s answers.</p>
${
  o.recentMembers.length === 0
    ? none('Nobody was added recently.')
    : html`<div class="scroll"><table><caption>Recently added members</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Team</th><th scope="col">Added</th><th scope="col">Campaign</th></tr></thead>
<tbody>${o.recentMembers.map(
        (m) => html`<tr><th scope="row">${m.email}</th><td>${m.team}</td><td>${formatLocal(m.addedAt, timeZone)}</td><td>${m.campaign ?? 'not yet invited'}</td></tr>`,
      )}</tbody></table></div><p><a href="/admin/audit?type=member.added">See who added them in the audit trail</a></p>`
}
</section>`;
  return adminPage(f, '/admin', 'Overview', body);
}
