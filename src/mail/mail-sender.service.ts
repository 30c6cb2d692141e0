import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/formats';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JobHandler, ReconcileTask } from '../queues/job-handler.decorator';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { classifyRenderError, isDroppedPartition, retryDelaySeconds } from './mail-failures';
import { MailTemplates, OutboxRow } from './mail-templates.service';
import { classifySmtpError, createMailTransport, messageIdFor } from './mail-transport';
import { outboxTable, QueuedRow, sendJob } from './outbox.service';

/** A claim's lease, renewed every RENEW_MS while the message is being sent: a dead sender's rows move on within seconds. */
export const CLAIM_SECONDS = 10;
const RENEW_MS = 3000;
/** How often each worker looks for due retries and expired claims. */
export const SWEEP_MS = 2000;
const BATCH = 5000;

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

type Outcome = { status: 'sent' } | { status: 'failed'; reason: string } | { status: 'retry'; reason: string };

/**
 * Sends one outbox message per `mail.send` job. The row is claimed with a conditional UPDATE,
 * so two jobs (or two workers) for one row send it once; a sent or failed row is never claimed
 * again. A temporary failure (SMTP 4xx, no connection, the database while rendering) leaves
 * the row pending with a `retry_at` (exponential backoff up to an hour) for the sweeper to
 * queue again, for as long as the row exists: campaign mail goes with its partition at close,
 * and a sign-in link stops being worth sending when it expires. Only a 5xx reply or a template
 * bug fails a row for good.
 *
 * Every statement names the row's partition directly, never the parent table, so sending
 * never waits for (or deadlocks with) another campaign's launch or close.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

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

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.requeueDue().catch((error: Error) => this.logger.warn(`sweep failed: ${error.message}`)), SWEEP_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping?.catch(() => undefined);
    this.transport?.close();
  }

  @JobHandler('mail.send')
  async send(payload: JobPayloads['mail.send']): Promise<string> {
    const { outboxId, openCampaignId } = payload ?? {};
    if (!isUuid(outboxId) || (openCampaignId !== null && !isUuid(openCampaignId))) {
      throw new UnrecoverableError('malformed mail.send payload');
    }
    const table = outboxTable(openCampaignId);
    try {
      const row = await this.claim(table, outboxId);
      if (!row) return 'skipped'; // sent, failed, not due yet, or being sent by someone else right now
      const lease = setInterval(() => void this.renew(table, outboxId).catch(() => undefined), RENEW_MS);
      try {
        const outcome = await this.deliver(row);
        await this.finish(table, row, outcome);
        return outcome.status;
      } finally {
        clearInterval(lease);
      }
    } catch (error) {
      if (isDroppedPartition(error)) return 'skipped'; // the campaign closed: its mail went with it
      throw error;
    }
  }

  /** Temporary failures whose backoff has passed, and rows whose sender died (claim expired). */
  async requeueDue(): Promise<number> {
    this.sweeping ??= this.requeue(
      `(status = 'pending' AND retry_at <= now()) OR (status = 'sending' AND claimed_until < now())`,
    ).finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** Pending rows whose job was lost (Redis flushed, enqueue failed after commit). */
  @ReconcileTask('mail: unsent outbox rows')
  async requeueUnsent(): Promise<number> {
    return this.requeue(`status = 'pending' AND retry_at IS NULL`);
  }

  private async requeue(condition: string): Promise<number> {
    const rows: QueuedRow[] = await this.db.query(
      `SELECT id, open_campaign_id, kind, attempts FROM email_outbox WHERE ${condition} ORDER BY created_at LIMIT ${BATCH}`,
    );
    await this.queues.enqueueMany('mail.send', rows.map(sendJob));
    return rows.length;
  }

  private async deliver(row: OutboxRow): Promise<Outcome> {
    let rendered: Awaited<ReturnType<MailTemplates['render']>>;
    try {
      rendered = await this.templates.render(row);
    } catch (error) {
      const failure = classifyRenderError(error);
      return failure.permanent ? { status: 'failed', reason: failure.description } : { status: 'retry', reason: failure.description };
    }
    if ('obsolete' in rendered) return { status: 'failed', reason: `not sent: ${rendered.obsolete}` };
    try {
      await this.mailer.sendMail({
        from: this.config.mailFrom,
        to: row.recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: messageIdFor(row.dedupeKey, this.config.mailFrom),
      });
      return { status: 'sent' };
    } catch (error) {
      const failure = classifySmtpError(error);
      return failure.permanent ? { status: 'failed', reason: failure.description } : { status: 'retry', reason: failure.description };
    }
  }

  private async claim(table: string, id: string): Promise<OutboxRow | null> {
    const [rows]: [ClaimedRow[]] = await this.db.query(
      `UPDATE ${table}
          SET status = 'sending', claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS}), attempts = attempts + 1, retry_at = NULL
        WHERE id = $1 AND ((status = 'pending' AND (retry_at IS NULL OR retry_at <= now())) OR (status = 'sending' AND claimed_until < now()))
        RETURNING id, org_id, kind, recipient, payload, dedupe_key, campaign_id, attempts`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return { id: r.id, orgId: r.org_id, kind: r.kind, recipient: r.recipient, payload: r.payload, dedupeKey: r.dedupe_key, campaignId: r.campaign_id, attempts: r.attempts };
  }

  private async renew(table: string, id: string): Promise<void> {
    await this.db.query(`UPDATE ${table} SET claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS}) WHERE id = $1 AND status = 'sending'`, [id]);
  }

  /**
   * Closes a claim. Secrets a template needed only to render (a sealed sign-in token) leave
   * the payload once the row will never be sent again.
   */
  private async finish(table: string, row: OutboxRow, outcome: Outcome): Promise<void> {
    const retryIn = outcome.status === 'retry' ? retryDelaySeconds(row.attempts) : null;
    await this.db.query(
      `UPDATE ${table}
          SET status = $2, last_error = $3, claimed_until = NULL,
              retry_at = now() + make_interval(secs => $4::int),
              sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
              payload = CASE WHEN $2 = 'pending' THEN payload ELSE payload - 'sealedToken' END
        WHERE id = $1`,
      [row.id, outcome.status === 'retry' ? 'pending' : outcome.status, outcome.status === 'sent' ? null : outcome.reason, retryIn],
    );
    // The reason stays on the row: an SMTP reply may quote the recipient address.
    if (outcome.status === 'failed') this.logger.warn(`outbox ${row.id} failed; see its last_error`);
  }
}
