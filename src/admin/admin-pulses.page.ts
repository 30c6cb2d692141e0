import { PulseSeriesView } from '../pulses/pulse-series.service';
import { CADENCES } from '../pulses/pulse-slots';
import { html } from '../common/html';
import { actionButton, csrfInput, errorSummary, FormState, input, select } from './admin-forms';
import { AdminFrame, adminPage, formatLocal } from './admin-frame';
import { ConsoleTeam } from './admin-reads.service';
import { teamPicker } from './admin-campaigns.page';

const CADENCE_WORDS: Record<string, string> = { weekly: 'Every week', biweekly: 'Every two weeks', monthly: 'Every month' };

export function renderPulses(f: AdminFrame, series: PulseSeriesView[], teams: ConsoleTeam[], form: FormState, timeZone: string): string {
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const body = html`<p>A pulse is a short survey that repeats: each slot makes and launches its own campaign, rotating through the questions.</p>
${
  series.length === 0
    ? html`<p class="notice">No pulse yet.</p>`
    : html`<div class="scroll"><table><caption>Pulses (${series.length})</caption>
<thead><tr><th scope="col">Pulse</th><th scope="col">Teams</th><th scope="col">Cadence</th><th scope="col">Next slot</th><th scope="col">Actions</th></tr></thead>
<tbody>${series.map(
        (p) => html`<tr><th scope="row">${p.name}${p.currentCampaignId ? html`<br><a href="/admin/campaigns/${p.currentCampaignId}">this slot’s campaign</a>` : ''}</th>
<td>${p.teamIds.map((id) => names.get(id) ?? 'an archived team').join(', ')}</td>
<td>${CADENCE_WORDS[p.cadence]}, ${p.itemsPerPulse} questions, open ${p.durationDays} day(s)</td>
<td>${p.paused ? html`<span class="status">paused</span>` : formatLocal(p.nextSlotAt, timeZone)}</td>
<td>${p.paused ? actionButton(`/admin/pulses/${p.id}/resume`, 'Resume', f.csrf, { ariaLabel: `Resume ${p.name}` }) : actionButton(`/admin/pulses/${p.id}/pause`, 'Pause', f.csrf, { ariaLabel: `Pause ${p.name}` })}
${actionButton(`/admin/pulses/${p.id}/delete`, 'Delete', f.csrf, { danger: true, ariaLabel: `Delete ${p.name}` })}</td></tr>`,
      )}</tbody></table></div>`
}
<section class="panel" aria-labelledby="create-h">
<h2 id="create-h">Create a pulse</h2>
${errorSummary(form, { name: 'pulse-name', teamIds: 'teamIds-group', cadence: 'pulse-cadence', itemsPerPulse: 'pulse-items', durationDays: 'pulse-days', startAt: 'pulse-start' })}
${
  teams.length === 0
    ? html`<p class="notice">Create teams first, under <a href="/admin/teams">Teams</a>.</p>`
    : html`<form method="post" action="/admin/pulses">${csrfInput(f.csrf)}
${input({ id: 'pulse-name', name: 'name', label: 'Name', state: form, required: true })}
${teamPicker(teams, form, 'Teams to ask (with their teams)')}
<div class="cols">
${select({ id: 'pulse-cadence', name: 'cadence', label: 'Cadence', state: form, required: true, options: CADENCES.map((c) => ({ value: c, label: CADENCE_WORDS[c] })) })}
${input({ id: 'pulse-items', name: 'itemsPerPulse', label: 'Questions per pulse (5–24)', type: 'number', state: form, required: true, value: Object.keys(form.values).length ? undefined : '12' })}
${input({ id: 'pulse-days', name: 'durationDays', label: 'Days each pulse stays open', type: 'number', state: form, required: true, value: Object.keys(form.values).length ? undefined : '3' })}
${input({ id: 'pulse-start', name: 'startAt', label: `First pulse opens (${timeZone})`, type: 'datetime-local', state: form, required: true })}
</div>
<button type="submit">Create pulse</button>
</form>`
}
</section>`;
  return adminPage(f, '/admin/pulses', 'Pulses', body);
}
