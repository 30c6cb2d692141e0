import { html } from '../common/html';
import { ImportResult } from '../people/members-import.service';
import { actionButton, csrfInput, errorSummary, FormState, input, select, textarea } from './admin-forms';
import { AdminFrame, adminPage, formatLocal } from './admin-frame';
import { ConsoleTeam } from './admin-reads.service';

export const CSV_EXAMPLE = 'email,name,team,parent_team,manager_email\nana@example.com,Ana Lima,Design,Product,lea@example.com';

const teamOptions = (teams: ConsoleTeam[]) => teams.map((t) => ({ value: t.id, label: `${'\u2003'.repeat(t.depth)}${t.name}` }));

export interface PeopleData {
  teams: ConsoleTeam[];
  team: ConsoleTeam | null;
  members: Array<{ id: string; email: string; name: string | null; createdAt: Date }>;
  timeZone: string;
}

export function renderPeople(f: AdminFrame, d: PeopleData, add: FormState, upload: FormState): string {
  const { team } = d;
  const body = html`<p>Members are the people who answer surveys; they never sign in.</p>
${
  d.teams.length === 0
    ? html`<p class="notice">There are no teams yet: create one under <a href="/admin/teams">Teams</a>, or upload a file below (it creates the teams it names).</p>`
    : html`<form class="picker" method="get" action="/admin/people">
<label for="show-team">Team</label>
<select id="show-team" name="teamId">${teamOptions(d.teams).map((o) => html`<option value="${o.value}"${o.value === team?.id ? html` selected` : ''}>${o.label}</option>`)}</select>
<button type="submit">Show members</button>
</form>`
}
${
  team &&
  html`<div class="scroll"><table><caption>Active members of ${team.name} (${d.members.length})</caption>
<thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Actions</th></tr></thead>
<tbody>${
    d.members.length === 0
      ? html`<tr><td colspan="4" class="muted">No active members.</td></tr>`
      : d.members.map(
          (m) => html`<tr><th scope="row">${m.email}</th><td>${m.name ?? ''}</td><td>${formatLocal(m.createdAt, d.timeZone)}</td>
<td>${actionButton(`/admin/people/${m.id}/deactivate`, 'Deactivate', f.csrf, { danger: true, hidden: { teamId: team.id }, ariaLabel: `Deactivate ${m.email}` })}</td></tr>`,
        )
  }</tbody></table></div>`
}
${
  d.teams.length > 0 &&
  html`<section class="panel" aria-labelledby="add-h">
<h2 id="add-h">Add a member</h2>
${errorSummary(add, { email: 'member-email', name: 'member-name', teamId: 'member-team' })}
<form method="post" action="/admin/people">${csrfInput(f.csrf)}
<div class="cols">
${input({ id: 'member-email', name: 'email', label: 'Email', type: 'email', state: add, required: true })}
${input({ id: 'member-name', name: 'name', label: 'Name', state: add })}
</div>
${select({ id: 'member-team', name: 'teamId', label: 'Team', state: add, required: true, options: teamOptions(d.teams), value: add.values.teamId ? undefined : team?.id })}
<button type="submit">Add member</button>
</form>
</section>`
}
<section class="panel" aria-labelledby="upload-h">
<h2 id="upload-h">Upload people from a CSV file</h2>
<p>Choose the file, or paste its contents. Nothing is written until you have seen what would change and confirmed it. The first line names the columns: <code>email,name,team,parent_team,manager_email</code> (email and team required). Teams that do not exist yet are created; an address already active is moved or renamed; nobody is deactivated.</p>
${errorSummary(upload, { csv: 'csv', csvFile: 'csv-file' })}
<form method="post" action="/admin/people/import" enctype="multipart/form-data">${csrfInput(f.csrf)}
${input({ id: 'csv-file', name: 'csvFile', label: 'CSV file', type: 'file', state: upload, alternative: true, hint: 'A .csv file of at most 1 MiB, saved as UTF-8.', attributes: 'accept=".csv,text/csv"' })}
${textarea({ id: 'csv', name: 'csv', label: 'Or paste the CSV file contents', state: upload, alternative: true, rows: 8, hint: `For example:\n${CSV_EXAMPLE}` })}
<button type="submit">Preview the changes</button>
</form>
</section>`;
  return adminPage(f, '/admin/people', 'People', body);
}

/** The dry run: what the file would change, or its errors against their lines; confirm writes it. */
export function renderImportPreview(f: AdminFrame, csv: string, result: ImportResult, confirmed: boolean): string {
  const lines = csv.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const errorsByLine = new Map<number, string[]>();
  for (const e of result.errors) errorsByLine.set(e.line, [...(errorsByLine.get(e.line) ?? []), e.message]);
  const { changes } = result;
  const body =
    result.errors.length > 0
      ? html`<div class="notice error" role="alert"><p><strong>${confirmed ? 'Nothing was imported' : 'This file cannot be imported'}: ${result.errors.length} line(s) have errors.</strong> Nothing was written. Correct the lines below and preview again.</p></div>
<ol class="lines" aria-label="The file, line by line">${lines.map((line, n) => {
          const errors = errorsByLine.get(n + 1);
          return html`<li class="${errors ? 'bad' : ''}"${errors ? html` id="line-${n + 1}"` : ''}>${line}${errors && html`<p class="field-error">Line ${n + 1}: ${errors.join('; ')}</p>`}</li>`;
        })}</ol>
${[...errorsByLine.keys()].filter((l) => l > lines.length).map((l) => html`<p class="field-error">Line ${l}: ${errorsByLine.get(l)!.join('; ')}</p>`)}
<h2>Correct the file</h2>
<form method="post" action="/admin/people/import">${csrfInput(f.csrf)}
${textarea({ id: 'csv', name: 'csv', label: 'CSV file contents', hint: 'Edit the lines here…', state: { values: { csv }, errors: [] }, required: true, rows: 8 })}
<button type="submit">Preview again</button>
</form>
<form method="post" action="/admin/people/import" enctype="multipart/form-data">${csrfInput(f.csrf)}
${input({ id: 'csv-file', name: 'csvFile', label: 'Or choose the corrected file', type: 'file', state: { values: {}, errors: [] }, required: true, hint: '…or correct it in your spreadsheet, save it as CSV again and choose it here.', attributes: 'accept=".csv,text/csv"' })}
<button type="submit">Preview the corrected file</button>
</form>`
      : html`<p class="notice" role="status">Nothing has been written yet. This file would add <strong>${result.created}</strong> member(s), update <strong>${result.updated}</strong> and create <strong>${result.teamsCreated}</strong> team(s).</p>
${changes.newTeams.length > 0 && html`<h2>Teams to create</h2><ul>${changes.newTeams.map((t) => html`<li>${t.name}${t.parent ? html` under ${t.parent}` : ' (top level)'}</li>`)}</ul>`}
${changes.newMembers.length > 0 && html`<h2>Members to add</h2><ul>${changes.newMembers.map((m) => html`<li>${m.email} to ${m.team}</li>`)}</ul>`}
${changes.updatedMembers.length > 0 && html`<h2>Members to move or rename</h2><ul>${changes.updatedMembers.map((m) => html`<li>${m.email}, now in ${m.team}</li>`)}</ul>`}
<form method="post" action="/admin/people/import/confirm">${csrfInput(f.csrf)}<input type="hidden" name="csv" value="${csv}">
<button type="submit">Confirm the import</button></form>
<p><a href="/admin/people">Cancel and go back</a></p>`;
  return adminPage(f, '/admin/people', 'Preview of the upload', body);
}
