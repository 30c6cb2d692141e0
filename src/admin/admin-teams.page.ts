import { html, SafeHtml } from '../common/html';
import { actionButton, choices, csrfInput, errorSummary, FormState, input, select } from './admin-forms';
import { AdminFrame, adminPage } from './admin-frame';
import { ConsoleTeam, ConsoleUser } from './admin-reads.service';

const indent = (depth: number) => '\u2003'.repeat(depth);

export function parentOptions(teams: ConsoleTeam[], exceptId?: string) {
  return [{ value: '', label: '(none: a top-level team)' }, ...teams.filter((t) => t.id !== exceptId).map((t) => ({ value: t.id, label: `${indent(t.depth)}${t.name}` }))];
}

function managerChoices(users: ConsoleUser[], state: FormState, current: string[] = []): SafeHtml {
  return choices({
    name: 'managerIds',
    legend: 'Managers',
    hint: 'They receive the team’s report and see its results. Add managers under Users and API keys.',
    state,
    options: users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})`, checked: current.includes(u.id) })),
  });
}

export function renderTeams(f: AdminFrame, teams: ConsoleTeam[], users: ConsoleUser[], form: FormState): string {
  const body = html`<p>The organization’s teams as a tree. Open a team to rename it, move it, change its managers or archive it.</p>
${
  teams.length === 0
    ? html`<p class="notice">There are no teams yet. Create the first one below, or upload people with their teams under <a href="/admin/people">People</a>.</p>`
    : html`<div class="scroll"><table><caption>Teams (${teams.length})</caption>
<thead><tr><th scope="col">Team</th><th scope="col">Managers</th><th scope="col" class="num">Members</th></tr></thead>
<tbody>${teams.map(
        (t) => html`<tr><th scope="row" style="padding-left:${String(0.6 + t.depth * 1.25)}rem"><a href="/admin/teams/${t.id}">${t.name}</a></th>
<td>${t.managers.length ? t.managers.map((m) => m.name).join(', ') : html`<span class="muted">none</span>`}</td>
<td class="num"><a href="/admin/people?teamId=${t.id}" aria-label="${t.members} members of ${t.name}">${t.members}</a></td></tr>`,
      )}</tbody></table></div>`
}
<section class="panel" aria-labelledby="create-h">
<h2 id="create-h">Create a team</h2>
${errorSummary(form, { name: 'team-name', parentId: 'team-parent', managerIds: 'managerIds-group' })}
<form method="post" action="/admin/teams">${csrfInput(f.csrf)}
${input({ id: 'team-name', name: 'name', label: 'Team name', state: form, required: true })}
${select({ id: 'team-parent', name: 'parentId', label: 'Parent team', state: form, required: true, options: parentOptions(teams) })}
${managerChoices(users, form)}
<button type="submit">Create team</button>
</form>
</section>`;
  return adminPage(f, '/admin/teams', 'Teams', body);
}

export function renderTeam(f: AdminFrame, team: ConsoleTeam, teams: ConsoleTeam[], users: ConsoleUser[], form: FormState): string {
  const current = team.managers.map((m) => m.id);
  const body = html`<p><a href="/admin/teams">All teams</a> · <a href="/admin/people?teamId=${team.id}">Its ${team.members} member(s)</a> · <a href="/dashboard/teams/${team.id}">Its results</a></p>
<section class="panel" aria-labelledby="edit-h">
<h2 id="edit-h">Change ${team.name}</h2>
${errorSummary(form, { name: 'team-name', parentId: 'team-parent', managerIds: 'managerIds-group' })}
<form method="post" action="/admin/teams/${team.id}">${csrfInput(f.csrf)}
${input({ id: 'team-name', name: 'name', label: 'Team name', state: form, required: true, value: form.errors.length || form.message ? undefined : team.name })}
${select({ id: 'team-parent', name: 'parentId', label: 'Parent team', state: form, required: true, options: parentOptions(teams, team.id), value: form.errors.length || form.message ? undefined : (team.parentId ?? '') })}
${managerChoices(users, form, current)}
<button type="submit">Save changes</button>
</form>
</section>
<section class="panel" aria-labelledby="archive-h">
<h2 id="archive-h">Archive</h2>
<p>An archived team is no longer surveyed; its past results stay. A team with active members or child teams cannot be archived: move or remove them first.</p>
${actionButton(`/admin/teams/${team.id}/archive`, `Archive ${team.name}`, f.csrf, { danger: true })}
</section>`;
  return adminPage(f, '/admin/teams', team.name, body);
}
