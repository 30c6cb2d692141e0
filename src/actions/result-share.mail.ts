/**
 * The mail that shares a team's results with its members (API.md "Acting on results"):
 * aggregates only — the scores the team page shows, never a question's distribution, a
 * comment or the manager's mirror — plus the team's actions and the manager's message.
 * Rendered at send time from the stored results; the outbox row holds { shareId, memberId }.
 */
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { html } from '../common/html';
import { DIMENSION_LABELS, DIMENSIONS } from '../instruments/dimensions';
import { MailTemplates, OutboxRow, RenderedMail } from '../mail/mail-templates.service';
import { mailDocument, MUTED } from '../mail/mail-layout';
import { formatDelta, formatScore, participationWords, RESULTS_FOOTNOTE } from '../results/results.format';
import { ResultsService } from '../results/results.service';
import type { DimView, TeamResultsView } from '../results/results.views';
import { ACTION_STATUS_LABELS, ActionView } from '../results/team-loop';

export interface ShareMailInput {
  memberName: string | null;
  sharedByName: string;
  message: string | null;
  results: TeamResultsView;
}

/** A date written YYYY-MM-DD, in words ("1 May 2026"). */
const dateWords = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const changeWords = (dim: DimView) => (dim.delta === null ? '' : ` (${formatDelta(dim.delta)} since last time${dim.significant ? '' : ', within normal variation'})`);

const actionWords = (a: ActionView) =>
  `${a.title} — ${DIMENSION_LABELS[a.dimension]}, ${ACTION_STATUS_LABELS[a.status].toLowerCase()}${a.dueOn ? `, due ${dateWords(a.dueOn)}` : ''}`;

export function buildShareMail(input: ShareMailInput): RenderedMail {
  const { results } = input;
  const team = results.name;
  const survey = results.campaign.name;
  const shown = DIMENSIONS.flatMap((d) => (results.dimensions[d] ? [{ label: DIMENSION_LABELS[d], dim: results.dimensions[d] }] : []));
  const actions = results.actions.filter((a) => a.status !== 'dropped' && a.campaignId === results.campaign.id);
  const followThrough = results.followThrough;
  const greeting = input.memberName ? `Hello ${input.memberName},` : 'Hello,';
  const lead = `${input.sharedByName} is sharing what ${team} said in the survey “${survey}”. These are everyone’s answers put together: no one’s own answers are in here, and a group is only ever shown when at least ${results.threshold} people answered.`;
  const participation = participationWords(results);
  const followThroughLine =
    followThrough &&
    `“We followed through on what we agreed after our last survey”: ${formatScore(followThrough.score)} of 100, ${followThrough.favorable}% agreeing.`;

  const text = [
    greeting,
    '',
    lead,
    ...(input.message ? ['', `A note from ${input.sharedByName}:`, input.message] : []),
    '',
    `${participation}.`,
    results.index !== null ? `Relationship index: ${formatScore(results.index)} of 100.` : '',
    '',
    'Scores from 0 to 100 (50 is neutral):',
    ...shown.map(({ label, dim }) => `- ${label}: ${formatScore(dim.score)}${changeWords(dim)}`),
    ...(followThroughLine ? ['', followThroughLine] : []),
    '',
    actions.length > 0 ? 'What we agreed to do:' : 'No actions have been recorded for these results yet.',
    ...actions.map((a) => `- ${actionWords(a)}`),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');

  const body = html`<p style="margin:0 0 12px">${greeting}</p>
<p style="margin:0 0 12px">${lead}</p>
${input.message && html`<p style="margin:0 0 4px;font-weight:bold">A note from ${input.sharedByName}:</p><p style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #2458c6;white-space:pre-wrap">${input.message}</p>`}
<p style="margin:0 0 12px;color:${MUTED}">${participation}.${results.index !== null ? ` Relationship index: ${formatScore(results.index)} of 100.` : ''}</p>
<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;width:100%;margin:0 0 12px">
<tr><th align="left" style="border-bottom:1px solid #ddd">Dimension</th><th align="right" style="border-bottom:1px solid #ddd">Score (0–100)</th></tr>
${shown.map(({ label, dim }) => html`<tr><td style="border-bottom:1px solid #eee">${label}</td><td align="right" style="border-bottom:1px solid #eee">${formatScore(dim.score)}<span style="color:${MUTED}">${changeWords(dim)}</span></td></tr>`)}
</table>
${followThroughLine && html`<p style="margin:0 0 12px">${followThroughLine}</p>`}
<h2 style="font-size:17px;margin:16px 0 8px">What we agreed to do</h2>
${
  actions.length > 0
    ? html`<ul style="margin:0 0 12px;padding-left:20px">${actions.map((a) => html`<li style="margin:0 0 6px">${actionWords(a)}${a.detail ? html`<br><span style="color:${MUTED}">${a.detail}</span>` : ''}</li>`)}</ul>`
    : html`<p style="margin:0 0 12px;color:${MUTED}">No actions have been recorded for these results yet.</p>`
}`;
  return { subject: `What ${team} said: ${survey}`, text, html: mailDocument(`What ${team} said`, body, RESULTS_FOOTNOTE) };
}

interface ShareFacts {
  team_id: string;
  campaign_id: string;
  message: string | null;
  shared_by_name: string;
  member_name: string | null;
  active: boolean;
}

@Injectable()
export class ResultShareMailTemplates implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: MailTemplates,
    private readonly results: ResultsService,
  ) {}

  onModuleInit(): void {
    this.templates.register('results_share', (row) => this.render(row));
  }

  async render(row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const [facts]: ShareFacts[] = await this.db.query(
      `SELECT s.team_id, s.campaign_id, s.message, s.shared_by_name, m.name AS member_name, m.active
         FROM result_shares s JOIN members m ON m.id = $2 AND m.org_id = s.org_id
        WHERE s.id = $1 AND s.org_id = $3`,
      [String(row.payload.shareId), String(row.payload.memberId), row.orgId],
    );
    if (!facts) return { obsolete: 'the share or the member no longer exists' };
    if (!facts.active) return { obsolete: 'the member has left since the results were shared' };
    const results = await this.results.loadTeamResults(row.orgId, facts.team_id, facts.campaign_id);
    if (!results || results.suppressed) return { obsolete: 'the team’s results are not shown' };
    return buildShareMail({ memberName: facts.member_name, sharedByName: facts.shared_by_name, message: facts.message, results });
  }
}
