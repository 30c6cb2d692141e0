import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler, ReconcileTask } from '../queues/job-handler.decorator';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { CampaignLifecycleService } from './campaign-lifecycle.service';

/**
 * The campaigns queue's jobs, and what the reconciler re-derives for them from PostgreSQL.
 * Re-derived jobs carry the id suffix "due": the original job may still sit delayed in Redis
 * under the plain id (and would block a re-add); the handlers are idempotent, so whichever
 * runs second does nothing.
 */
const DUE = 'due';

@Injectable()
export class CampaignJobsHandler {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: CampaignLifecycleService,
    private readonly queues: QueueService,
  ) {}

  @JobHandler('campaigns.open')
  open({ campaignId }: JobPayloads['campaigns.open']) {
    return this.lifecycle.open(campaignId);
  }

  @JobHandler('campaigns.close')
  close({ campaignId }: JobPayloads['campaigns.close']) {
    return this.lifecycle.close(campaignId, { dueOnly: true });
  }

  @JobHandler('campaigns.remind')
  remind({ campaignId, round }: JobPayloads['campaigns.remind']) {
    return this.lifecycle.remind(campaignId, round);
  }

  @ReconcileTask('scheduled campaigns due to open')
  async reconcileOpens(): Promise<number> {
    const due: Array<{ id: string }> = await this.db.query(`SELECT id FROM campaigns WHERE status = 'scheduled' AND opens_at <= now()`);
    await this.queues.enqueueMany('campaigns.open', due.map((c) => ({ campaignId: c.id })), DUE);
    return due.length;
  }

  @ReconcileTask('open campaigns due to close')
  async reconcileCloses(): Promise<number> {
    const due: Array<{ id: string }> = await this.db.query(`SELECT id FROM campaigns WHERE status = 'open' AND closes_at <= now()`);
    await this.queues.enqueueMany('campaigns.close', due.map((c) => ({ campaignId: c.id })), DUE);
    return due.length;
  }

  @ReconcileTask('reminder rounds due')
  async reconcileReminders(): Promise<number> {
    const due: Array<{ campaign_id: string; round: number }> = await this.db.query(
      `SELECT r.campaign_id, r.round FROM campaign_reminders r JOIN campaigns c ON c.id = r.campaign_id
        WHERE c.status = 'open' AND r.sent_at IS NULL AND r.due_at <= now()`,
    );
    await this.queues.enqueueMany('campaigns.remind', due.map((r) => ({ campaignId: r.campaign_id, round: r.round })), DUE);
    return due.length;
  }
}
