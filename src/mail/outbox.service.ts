import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Transaction } from '../database/transaction';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { campaignPartition } from '../database/campaign-partitions';

export const MAIL_KINDS = ['sign_in', 'user_invitation', 'invitation', 'reminder', 'resend', 'report_manager', 'report_hr', 'results_share'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * Mail about an open campaign: written into that campaign's outbox partition (which must
 * exist: the campaign is open) and gone with it at close.
 */
export const CAMPAIGN_MAIL_KINDS: ReadonlySet<MailKind> = new Set(['invitation', 'reminder', 'resend']);
/** Sent after everything else: a campaign's thousands of invitations and reminders. */
const BULK_KINDS: ReadonlySet<string> = new Set(['invitation', 'reminder']);

/** An outbox row as its send job knows it. */
export interface QueuedRow {
  id: string;
  open_campaign_id: string | null;
  kind: string;
  attempts: number;
}

export function sendJob(row: QueuedRow): JobPayloads['mail.send'] {
  return { outboxId: row.id, openCampaignId: row.open_campaign_id, attempt: row.attempts, bulk: BULK_KINDS.has(row.kind) };
}

/** The partition a row lives in: its open campaign's, or the general one. */
export function outboxTable(openCampaignId: string | null): string {
  return openCampaignId === null ? 'email_outbox_general' : campaignPartition('email_outbox', openCampaignId);
}

export interface OutboxMessage {
  orgId: string;
  kind: MailKind;
  recipient: string;
  /** Ids and small facts the template needs; never a plaintext token (render it at send time). */
  payload: Record<string, unknown>;
  dedupeKey: string;
  /** Required for campaign mail: it decides the partition. */
  campaignId?: string | null;
}

/**
 * Writes messages in the caller's transaction (one multi-row insert) and enqueues their
 * sends after commit. A message whose dedupe_key already exists is silently not written again.
 */
@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueService,
  ) {}

  async write(tx: Transaction, messages: OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    for (const m of messages) {
      if (CAMPAIGN_MAIL_KINDS.has(m.kind) && !m.campaignId) throw new Error(`${m.kind} mail needs its campaign`);
    }
    const rows: QueuedRow[] = await tx.manager.query(
      `INSERT INTO email_outbox (org_id, kind, recipient, payload, dedupe_key, campaign_id, open_campaign_id)
       SELECT m.org_id, m.kind, m.recipient, m.payload, m.dedupe_key, m.campaign_id,
              CASE WHEN m.kind = ANY($7::text[]) THEN m.campaign_id END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::uuid[])
              AS m (org_id, kind, recipient, payload, dedupe_key, campaign_id)
       ON CONFLICT (dedupe_key, open_campaign_id) DO NOTHING
       RETURNING id, open_campaign_id, kind, attempts`,
      [
        messages.map((m) => m.orgId),
        messages.map((m) => m.kind),
        messages.map((m) => m.recipient.toLowerCase()),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.dedupeKey),
        messages.map((m) => m.campaignId ?? null),
        [...CAMPAIGN_MAIL_KINDS],
      ],
    );
    this.sendAfterCommit(tx, rows);
    return rows.map((r) => r.id);
  }

  /** Queues the sends of rows the caller's transaction wrote, once it has committed. */
  sendAfterCommit(tx: Transaction, rows: QueuedRow[]): void {
    tx.afterCommit(() => this.queues.enqueueMany('mail.send', rows.map(sendJob)));
  }

  /**
   * For an operator (`cli.js mail retry`): rows waiting out a backoff are queued now; with
   * `failed`, rows that failed for good are given another chance too (after fixing the
   * relay, say), except sign-in links, which will have expired.
   */
  async retryNow(failed: boolean): Promise<{ queued: number }> {
    const [rows]: [QueuedRow[]] = await this.db.query(
      `UPDATE email_outbox SET status = 'pending', retry_at = NULL
        WHERE (status = 'pending' AND retry_at IS NOT NULL) OR ($1 AND status = 'failed' AND kind <> 'sign_in')
        RETURNING id, open_campaign_id, kind, attempts`,
      [failed],
    );
    await this.queues.enqueueMany('mail.send', rows.map(sendJob));
    return { queued: rows.length };
  }
}
