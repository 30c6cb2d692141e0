import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { html } from '../common/html';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { mailButton, mailDocument, MUTED } from '../mail/mail-layout';
import { MailTemplates, OutboxRow, RenderedMail } from '../mail/mail-templates.service';
import { isDroppedPartition } from '../mail/mail-failures';
import { openPhaseTable } from './open-phase';
import { personalTokens } from './tokens';

interface InvitationFacts {
  campaign_id: string;
  campaign_name: string;
  closes_at: Date;
  status: string;
  org_name: string;
  timezone: string;
  sealed_key: Buffer;
}

const WORDING = {
  invitation: {
    subject: (c: string) => `Your team survey: ${c}`,
    lead: 'Your organization is asking how your team works together. It takes about five minutes.',
  },
  reminder: {
    subject: (c: string) => `Reminder: ${c} closes soon`,
    lead: 'A reminder: the team survey below is still open and we have not received your answers yet.',
  },
  resend: {
    subject: (c: string) => `Your link for ${c}`,
    lead: 'You asked for your survey link again. It is the same link as before.',
  },
} as const;

/**
 * Invitation, reminder and re-sent link mails. The personal link is computed here, at send
 * time, from the campaign key: no token is ever stored in the outbox or a job.
 */
@Injectable()
export class CampaignMailTemplates implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly templates: MailTemplates,
  ) {}

  onModuleInit(): void {
    for (const kind of ['invitation', 'reminder', 'resend'] as const) {
      this.templates.register(kind, (row) => this.render(kind, row));
    }
  }

  /**
   * Every campaign message names its link by token hash: the hash means nothing once the
   * open-phase partitions are dropped, and no statement here binds an invitation id. The
   * campaign's own partitions are named directly, never their parents, so rendering neither
   * waits for nor deadlocks with another campaign's launch or close; a partition that is gone
   * means this campaign closed.
   */
  private async render(kind: keyof typeof WORDING, row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const closed = { obsolete: 'the campaign is no longer open' };
    if (typeof row.payload.tokenHash !== 'string' || !/^[0-9a-f]{64}$/.test(row.payload.tokenHash) || !row.campaignId) {
      throw new Error(`${kind} row without a token hash or campaign`);
    }
    let invitationId: string | undefined;
    let facts: InvitationFacts | undefined;
    try {
      const found: Array<{ invitation_id: string }> = await this.db.query(
        `SELECT invitation_id FROM ${openPhaseTable('open_tokens', row.campaignId)} WHERE token_hash = decode($1, 'hex')`,
        [row.payload.tokenHash],
      );
      invitationId = found[0]?.invitation_id;
      [facts] = await this.db.query(
        `SELECT c.id AS campaign_id, c.name AS campaign_name, c.closes_at, c.status, o.name AS org_name, o.timezone, k.sealed_key
           FROM campaigns c JOIN organizations o ON o.id = c.org_id, ${openPhaseTable('campaign_keys', row.campaignId)} k
          WHERE c.id = $1`,
        [row.campaignId],
      );
    } catch (error) {
      if (isDroppedPartition(error)) return closed;
      throw error;
    }
    if (!invitationId || !facts || facts.status !== 'open' || facts.closes_at.getTime() <= Date.now()) return closed;
    const [token] = personalTokens(this.config.masterKey, facts.sealed_key, facts.campaign_id, [invitationId]);
    const link = `${this.config.publicUrl}/s/${token}`;
    const closes = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: facts.timezone }).format(facts.closes_at);
    const wording = WORDING[kind];

    const text = [
      wording.lead,
      '',
      `${facts.campaign_name} (${facts.org_name})`,
      `Open your personal link: ${link}`,
      `The survey closes on ${closes} (${facts.timezone}).`,
      '',
      'Your answers are anonymous. Managers see only team results, and only when enough people',
      'have answered. When the survey closes, your answers are separated from this link for good:',
      'no one, not even the people running Rapport, can tell which answers were yours.',
      'You can change your answers with the same link until the survey closes.',
    ].join('\n');

    const subject = wording.subject(facts.campaign_name);
    const body = html`<p style="margin:0 0 16px;font-size:16px">${wording.lead}</p>
<p style="margin:0 0 4px;font-size:18px;font-weight:bold">${facts.campaign_name} <span style="font-weight:normal;color:${MUTED}">(${facts.org_name})</span></p>
${mailButton(link, 'Answer the survey')}
<p style="margin:0 0 16px;font-size:14px">The survey closes on ${closes} (${facts.timezone}).</p>
<p style="margin:0;font-size:13px;color:${MUTED}">Your answers are anonymous. Managers see only team results, and only when enough people have answered. When the survey closes, your answers are separated from this link for good: no one, not even the people running Rapport, can tell which answers were yours. You can change your answers with the same link until the survey closes.</p>`;
    return { subject, text, html: mailDocument(subject, body) };
  }
}
