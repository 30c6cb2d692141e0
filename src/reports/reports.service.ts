import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../database/transaction';
import { OutboxMessage, OutboxService } from '../mail/outbox.service';

export interface ReportsWritten {
  campaignId: string;
  /** Outbox rows written now (0 on a re-run: the dedupe keys already exist). */
  written: number;
  managers: number;
  hrAdmins: number;
  skipped?: string;
}

/** One report per person and campaign, ever: the outbox keeps at most one row per key. */
export const reportDedupeKey = (campaignId: string, userId: string) => `report-${campaignId}-${userId}`;

/**
 * Writes a scored campaign's summary emails: one outbox row per manager of a team in the
 * campaign's frozen audience and one per hr_admin (an hr_admin who also manages a team gets
 * the organization summary, which covers it), and marks the campaign reported, all in one
 * transaction. Rows carry ids only; the mail is rendered at send time from the stored results.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async write(campaignId: string): Promise<ReportsWritten> {
    return inTransaction(this.db, async (tx) => {
      const [campaign]: Array<{ id: string; org_id: string; status: string; reported_at: Date | null }> = await tx.manager.query(
        `SELECT id, org_id, status, reported_at FROM campaigns WHERE id = $1 FOR UPDATE`,
        [campaignId],
      );
      const none = { campaignId, written: 0, managers: 0, hrAdmins: 0 };
      if (!campaign) return { ...none, skipped: 'missing' };
      if (campaign.status !== 'scored') return { ...none, skipped: campaign.status };
      if (campaign.reported_at) return { ...none, skipped: 'already reported' };

      const recipients: Array<{ id: string; email: string; kind: 'report_hr' | 'report_manager' }> = await tx.manager.query(
        `SELECT u.id, u.email, 'report_hr' AS kind FROM users u WHERE u.org_id = $1 AND u.role = 'hr_admin'
         UNION
         SELECT u.id, u.email, 'report_manager' AS kind
           FROM team_managers tm JOIN users u ON u.id = tm.user_id
          WHERE tm.org_id = $1 AND u.org_id = $1 AND u.role <> 'hr_admin'
            AND tm.team_id IN (SELECT (t->>'id')::uuid FROM campaigns c, jsonb_array_elements(coalesce(c.team_tree, '[]'::jsonb)) t WHERE c.id = $2)
         ORDER BY kind, id`,
        [campaign.org_id, campaignId],
      );
      const messages: OutboxMessage[] = recipients.map((r) => ({
        orgId: campaign.org_id,
        kind: r.kind,
        recipient: r.email,
        payload: { campaignId, userId: r.id },
        dedupeKey: reportDedupeKey(campaignId, r.id),
        campaignId,
      }));
      const ids = await this.outbox.write(tx, messages);
      await tx.manager.query(`UPDATE campaigns SET reported_at = now() WHERE id = $1 AND reported_at IS NULL`, [campaignId]);
      const result = {
        campaignId,
        written: ids.length,
        managers: recipients.filter((r) => r.kind === 'report_manager').length,
        hrAdmins: recipients.filter((r) => r.kind === 'report_hr').length,
      };
      this.logger.log(`campaign ${campaignId}: ${result.written} report(s) written for ${result.managers} manager(s) and ${result.hrAdmins} HR admin(s)`);
      return result;
    });
  }
}
