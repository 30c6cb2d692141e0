import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { unseal } from '../common/crypto';
import { html } from '../common/html';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { mailButton, mailDocument, MUTED } from '../mail/mail-layout';
import { MailTemplates, OutboxRow, RenderedMail } from '../mail/mail-templates.service';
import { MAGIC_LINK_MINUTES } from './magic-links.service';

/** The `sign_in` mail, rendered at send time from the sealed token in the outbox row. */
@Injectable()
export class SignInMailTemplate implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly templates: MailTemplates,
  ) {}

  onModuleInit(): void {
    this.templates.register('sign_in', (row) => this.render(row));
  }

  async render(row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const { magicLinkId, sealedToken } = row.payload as { magicLinkId?: string; sealedToken?: string };
    if (typeof magicLinkId !== 'string' || typeof sealedToken !== 'string') return { obsolete: 'the sign-in link is no longer in the message' };
    const rows: Array<{ org_name: string; name: string; usable: boolean }> = await this.db.query(
      `SELECT o.name AS org_name, u.name, (m.used_at IS NULL AND m.expires_at > now()) AS usable
         FROM magic_links m
         JOIN users u ON u.id = m.user_id AND u.org_id = m.org_id
         JOIN organizations o ON o.id = m.org_id
        WHERE m.id = $1 AND m.org_id = $2`,
      [magicLinkId, row.orgId],
    );
    const link = rows[0];
    if (!link || !link.usable) return { obsolete: 'the sign-in link expired or was used before the mail could be sent' };
    const url = `${this.config.publicUrl}/auth/magic/${unseal(this.config.masterKey, Buffer.from(sealedToken, 'base64')).toString()}`;
    const subject = `Sign in to Rapport: ${link.org_name}`;
    const text = [
      `Hello ${link.name},`,
      '',
      `Open this link to sign in to ${link.org_name} on Rapport:`,
      '',
      url,
      '',
      `It works once, within ${MAGIC_LINK_MINUTES} minutes. If you did not ask to sign in, ignore this email; nothing happens without the link.`,
    ].join('\n');
    const body = html`<p style="margin:0 0 8px">Hello ${link.name},</p>
<p style="margin:0 0 8px">Open this link to sign in to <strong>${link.org_name}</strong> on Rapport:</p>
${mailButton(url, `Sign in to ${link.org_name}`)}
<p style="margin:8px 0 0;font-size:13px;color:${MUTED}">It works once, within ${MAGIC_LINK_MINUTES} minutes. If you did not ask to sign in, ignore this email; nothing happens without the link.</p>`;
    return { subject, text, html: mailDocument(subject, body) };
  }
}
