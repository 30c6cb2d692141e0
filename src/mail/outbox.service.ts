import { Injectable } from '@nestjs/common';
import { Transaction } from '../database/transaction';
import { QueueService } from '../queues/queue.service';

export const MAIL_KINDS = ['sign_in', 'invitation', 'reminder', 'resend', 'report_manager', 'report_hr'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface OutboxMessage {
  orgId: string;
  kind: MailKind;
  recipient: string;
  /** Ids and small facts the template needs; never a plaintext token (render it at send time). */
  payload: Record<string, unknown>;
  dedupeKey: string;
  campaignId?: string | null;
}

/**
 * Writes messages in the caller's transaction (one multi-row insert) and enqueues their
 * sends after commit. A message whose dedupe_key already exists is silently not written again.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly queues: QueueService) {}

  async write(tx: Transaction, messages: OutboxMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const rows: Array<{ id: string }> = await tx.manager.query(
      `INSERT INTO email_outbox (org_id, kind, recipient, payload, dedupe_key, campaign_id)
       SELECT m.org_id, m.kind, m.recipient, m.payload, m.dedupe_key, m.campaign_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::uuid[])
              AS m (org_id, kind, recipient, payload, dedupe_key, campaign_id)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        messages.map((m) => m.orgId),
        messages.map((m) => m.kind),
        messages.map((m) => m.recipient.toLowerCase()),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.dedupeKey),
        messages.map((m) => m.campaignId ?? null),
      ],
    );
    const ids = rows.map((r) => r.id);
    tx.afterCommit(() => this.queues.enqueueMany('mail.send', ids.map((outboxId) => ({ outboxId }))));
    return ids;
  }
}
