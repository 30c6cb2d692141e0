import { AuditEventDto } from '../audit/audit.dto';
import { AUDIT_TYPES } from '../audit/audit.events';
import { html } from '../common/html';
import { csrfInput, errorSummary, FormState, input, textarea } from './admin-forms';
import { AdminFrame, adminPage, formatLocal } from './admin-frame';

export interface SettingsValues {
  name: string;
  threshold: number;
  timezone: string;
  allowedEmailDomains: string[];
}

export function renderSettings(f: AdminFrame, org: SettingsValues, form: FormState): string {
  const fresh = Object.keys(form.values).length === 0;
  const body = html`${errorSummary(form, { name: 'org-name', anonymityThreshold: 'org-threshold', timezone: 'org-timezone', allowedEmailDomains: 'org-domains' })}
<form method="post" action="/admin/settings" class="panel">${csrfInput(f.csrf)}
${input({ id: 'org-name', name: 'name', label: 'Organization name', state: form, required: true, value: fresh ? org.name : undefined })}
${input({
  id: 'org-threshold',
  name: 'anonymityThreshold',
  label: 'Anonymity threshold (3–50)',
  type: 'number',
  state: form,
  required: true,
  value: fresh ? String(org.threshold) : undefined,
  hint: 'The smallest group whose answers are shown. Smaller teams are pooled with a larger team above them. A campaign keeps the threshold it was launched with.',
})}
${input({ id: 'org-timezone', name: 'timezone', label: 'Timezone', state: form, required: true, value: fresh ? org.timezone : undefined, hint: 'An IANA name such as Europe/Paris: campaign times and pulse slots are in this timezone.' })}
${textarea({
  id: 'org-domains',
  name: 'allowedEmailDomains',
  field: 'allowedEmailDomains',
  label: 'Allowed email domains',
  state: form,
  rows: 3,
  value: fresh ? org.allowedEmailDomains.join('\n') : undefined,
  hint: 'One per line (or separated by commas), e.g. example.com. Members and users must have an address in one of them; leave empty to allow any address.',
})}
<button type="submit">Save settings</button>
</form>`;
  return adminPage(f, '/admin/settings', 'Settings', body);
}

/** {"role":"manager","teamIds":[…]} → "role: manager; teamIds: …, …" */
function detailWords(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  const value = (v: unknown): string => (Array.isArray(v) ? (v.length ? v.map(value).join(', ') : 'none') : v === null ? 'none' : typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));
  return Object.entries(detail).map(([k, v]) => `${k}: ${value(v)}`).join('; ');
}

export function renderAudit(f: AdminFrame, events: AuditEventDto[], nextCursor: string | null, type: string | undefined, timeZone: string): string {
  const next = nextCursor ? `/admin/audit?${new URLSearchParams({ ...(type ? { type } : {}), cursor: nextCursor }).toString()}` : null;
  const body = html`<p>Every change to teams, members, users, keys, settings and campaigns, newest first. Nothing can change or delete an entry.</p>
<form class="picker" method="get" action="/admin/audit">
<label for="audit-type">Type of change</label>
<select id="audit-type" name="type"><option value="">All changes</option>${AUDIT_TYPES.map((t) => html`<option value="${t}"${t === type ? html` selected` : ''}>${t}</option>`)}</select>
<button type="submit">Show</button>
</form>
${
  events.length === 0
    ? html`<p class="notice">No change of this type yet.</p>`
    : html`<div class="scroll" tabindex="0" role="region" aria-label="Audit trail, scrolls sideways on a small screen"><table><caption>Audit trail${type ? `: ${type}` : ''}</caption>
<thead><tr><th scope="col">When (${timeZone})</th><th scope="col">Who</th><th scope="col">Change</th><th scope="col">Subject</th><th scope="col">Detail</th></tr></thead>
<tbody>${events.map(
        (e) => html`<tr><td>${formatLocal(e.at, timeZone)}</td><td>${e.actor?.email ?? html`<span class="muted">Rapport (scheduled or command line)</span>`}</td><th scope="row">${e.type}</th><td>${e.subject.label}</td><td class="muted detail">${detailWords(e.detail)}</td></tr>`,
      )}</tbody></table></div>`
}
${next && html`<p><a href="${next}">Older changes</a></p>`}`;
  return adminPage(f, '/admin/audit', 'Audit trail', body);
}
