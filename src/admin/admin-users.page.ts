import { html } from '../common/html';
import { actionButton, csrfInput, errorSummary, FormState, input, select } from './admin-forms';
import { AdminFrame, adminPage, formatLocal } from './admin-frame';
import { ConsoleUser } from './admin-reads.service';

const ROLE_OPTIONS = [
  { value: 'manager', label: 'Manager' },
  { value: 'hr_admin', label: 'HR admin' },
];
const ROLE_HINT = 'A manager sees the results of the teams they manage; an HR admin runs Rapport for the whole organization.';
const ROLE_WORDS: Record<string, string> = { manager: 'Manager', hr_admin: 'HR admin' };

export interface UsersPageState {
  invite: FormState;
  /** The user whose row form was refused, with its errors. */
  edit?: { userId: string; state: FormState };
  /** A key just created: shown this once. */
  newKey?: { user: string; label: string | null; key: string };
}

export function renderUsers(f: AdminFrame, users: ConsoleUser[], me: string, timeZone: string, s: UsersPageState): string {
  const body = html`${
    s.newKey &&
    html`<div class="notice ok" role="status"><p><strong>New API key for ${s.newKey.user}${s.newKey.label ? ` (${s.newKey.label})` : ''}.</strong> Copy it now: it is shown this once and cannot be recovered.</p>
<code class="key" aria-label="The new API key">${s.newKey.key}</code></div>`
  }
<p>Users sign in with a link sent to their address; HR admins run the console, managers see their teams’ results. API keys let scripts use the API as that user.</p>
${users.map((u) => {
  const state = s.edit?.userId === u.id ? s.edit.state : { values: {}, errors: [] };
  return html`<section class="panel" aria-labelledby="user-${u.id}">
<h2 id="user-${u.id}">${u.name} <span class="muted">${u.email} · ${ROLE_WORDS[u.role]}${u.id === me ? ' · you' : ''}</span></h2>
${errorSummary(state)}
<form method="post" action="/admin/users/${u.id}">${csrfInput(f.csrf)}
<div class="cols">
${input({ id: `name-${u.id}`, name: 'name', label: 'Name', state, required: true, value: state.errors.length ? undefined : u.name })}
${select({ id: `role-${u.id}`, name: 'role', label: 'Role', state, required: true, options: ROLE_OPTIONS, value: state.errors.length ? undefined : u.role })}
</div>
<button type="submit" aria-label="Save ${u.email}">Save</button>
</form>
<h3>API keys</h3>
${
  u.keys.length === 0
    ? html`<p class="muted">No API key.</p>`
    : html`<ul>${u.keys.map(
        (k) => html`<li>${k.label ?? 'unlabelled'}, created ${formatLocal(k.createdAt, timeZone)}, ${k.lastUsedAt ? `last used ${formatLocal(k.lastUsedAt, timeZone)}` : 'never used'}
${actionButton(`/admin/api-keys/${k.id}/revoke`, 'Revoke', f.csrf, { danger: true, ariaLabel: `Revoke key ${k.label ?? ''} of ${u.email}` })}</li>`,
      )}</ul>`
}
<form method="post" action="/admin/users/${u.id}/api-keys" class="picker">${csrfInput(f.csrf)}
<label for="label-${u.id}">Label for a new key <span class="muted">(optional)</span></label>
<input id="label-${u.id}" name="label" type="text" maxlength="100">
<button type="submit" aria-label="Create an API key for ${u.email}">Create API key</button>
</form>
${u.id !== me && html`<p>${actionButton(`/admin/users/${u.id}/remove`, `Remove ${u.name}`, f.csrf, { danger: true })} <span class="muted">Their keys and sessions stop working at once.</span></p>`}
</section>`;
})}
<section class="panel" aria-labelledby="invite-h">
<h2 id="invite-h">Invite someone</h2>
${errorSummary(s.invite, { email: 'invite-email', name: 'invite-name', role: 'invite-role' })}
<form method="post" action="/admin/users">${csrfInput(f.csrf)}
<div class="cols">
${input({ id: 'invite-email', name: 'email', label: 'Email', type: 'email', state: s.invite, required: true })}
${input({ id: 'invite-name', name: 'name', label: 'Name', state: s.invite, required: true })}
</div>
${select({ id: 'invite-role', name: 'role', label: 'Role', state: s.invite, required: true, options: ROLE_OPTIONS, hint: ROLE_HINT })}
<button type="submit">Invite</button>
</form>
<p class="muted">We email them an invitation; they sign in at /login with this address. To make someone a team’s manager, invite them as a manager, then choose them on the team under <a href="/admin/teams">Teams</a>.</p>
</section>`;
  return adminPage(f, '/admin/users', 'Users and API keys', body);
}
