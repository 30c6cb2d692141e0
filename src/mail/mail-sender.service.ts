import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JobHandler, ReconcileTask } from '../queues/job-handler.decorator';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { MailTemplates, OutboxRow } from './mail-templates.service';
import { classifySmtpError, createMailTransport, messageIdFor } from './mail-transport';

/** How long a worker may hold a row while sending it; a dead worker's claim expires. */
export const CLAIM_SECONDS = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECONCILE_BATCH = 5000;

interface ClaimedRow {
  id: string;
  org_id: string;
  kind: OutboxRow['kind'];
  recipient: string;
  payload: Record<string, unknown>;
  dedupe_key: string;
  campaign_id: string | null;
  attempts: number;
}

/**
 * Sends one outbox message per `mail.send` job. The row is claimed with a conditional
 * UPDATE, so two jobs (or two workers) for one row send it once; a sent or failed row is
 * never claimed again. Temporary SMTP failures go back to pending and BullMQ retries them
 * with backoff; permanent ones (and the last attempt) are recorded on the row as failed.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly templates: MailTemplates,
    private readonly queues: QueueService,
  ) {}

  private get mailer(): Transporter {
    this.transport ??= createMailTransport(this.config);
    return this.transport;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  @JobHandler('mail.send')
  async send(payload: JobPayloads['mail.send'], job?: Job): Promise<string> {
    if (typeof payload?.outboxId !== 'string' || !UUID.test(payload.outboxId)) throw new UnrecoverableError('malformed mail.send payload');
    const row = await this.claim(payload.outboxId);
    if (!row) return 'skipped'; // sent, failed, or being sent by someone else right now

    let rendered: Awaited<ReturnType<MailTemplates['render']>>;
    try {
      rendered = await this.templates.render(row);
    } catch (error) {
      await this.finish(row.id, 'failed', `template error: ${(error as Error).message}`.slice(0, 500));
      throw new UnrecoverableError(`outbox ${row.id}: template error`);
    }
    if ('obsolete' in rendered) {
      await this.finish(row.id, 'failed', `not sent: ${rendered.obsolete}`);
      return 'obsolete';
    }

    try {
      await this.mailer.sendMail({
        from: this.config.mailFrom,
        to: row.recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: messageIdFor(row.dedupeKey, this.config.mailFrom),
      });
    } catch (error) {
      const failure = classifySmtpError(error);
      const attempts = job?.opts.attempts ?? 1;
      const lastAttempt = (job?.attemptsMade ?? 0) + 1 >= attempts;
      if (failure.permanent || lastAttempt) {
        await this.finish(row.id, 'failed', failure.description);
        throw new UnrecoverableError(`outbox ${row.id}: ${failure.permanent ? 'permanent SMTP failure' : 'gave up after the last attempt'}`);
      }
      await this.finish(row.id, 'pending', failure.description);
      throw new Error(`outbox ${row.id}: temporary SMTP failure, will retry`);
    }
    await this.finish(row.id, 'sent', null);
    return 'sent';
  }

  /** Unsent rows, and rows whose sender died mid-send, are queued again (same job ids). */
  @ReconcileTask('mail: unsent outbox rows')
  async requeueUnsent(): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM email_outbox
        WHERE status = 'pending' OR (status = 'sending' AND claimed_until < now())
        ORDER BY created_at LIMIT ${RECONCILE_BATCH}`,
    );
    await this.queues.enqueueMany(
      'mail.send',
      rows.map((r) => ({ outboxId: r.id })),
    );
    return rows.length;
  }

  private async claim(id: string): Promise<OutboxRow | null> {
    const [rows]: [ClaimedRow[]] = await this.db.query(
      `UPDATE email_outbox
          SET status = 'sending', claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS}), attempts = attempts + 1
        WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_until < now()))
        RETURNING id, org_id, kind, recipient, payload, dedupe_key, campaign_id, attempts`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      orgId: r.org_id,
      kind: r.kind,
      recipient: r.recipient,
      payload: r.payload,
      dedupeKey: r.dedupe_key,
      campaignId: r.campaign_id,
      attempts: r.attempts,
    };
  }

  /**
   * Closes a claim. Secrets a template needed only to render (a sealed sign-in token) leave
   * the payload once the row will never be sent again.
   */
  private async finish(id: string, status: 'sent' | 'pending' | 'failed', lastError: string | null): Promise<void> {
    await this.db.query(
      `UPDATE email_outbox
          SET status = $2, last_error = $3, claimed_until = NULL,
              sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
              payload = CASE WHEN $2 = 'pending' THEN payload ELSE payload - 'sealedToken' END
        WHERE id = $1`,
      [id, status, lastError],
    );
    // The reason stays on the row: an SMTP reply may quote the recipient address.
    if (status === 'failed') this.logger.warn(`outbox ${id} failed; see its last_error`);
  }
}
