import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandler, ReconcileTask } from '../queues/job-handler.decorator';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { ScoringService } from './scoring.service';

/** The scoring queue's one job, and the reconciler task that re-derives it from PostgreSQL. */
@Injectable()
export class ScoringJobsHandler {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoring: ScoringService,
    private readonly queues: QueueService,
  ) {}

  /**
   * Scores a closed campaign. A campaign already scored (a duplicate delivery) or not closed
   * is left alone; re-scoring on purpose goes through ScoringService.score. When the last
   * attempt fails, the failure is recorded in the campaign's status detail.
   */
  @JobHandler('scoring.score')
  async score({ campaignId }: JobPayloads['scoring.score'], job?: Job): Promise<unknown> {
    const [campaign]: Array<{ status: string }> = await this.db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
    if (!campaign || campaign.status !== 'closed') return { skipped: campaign?.status ?? 'missing' };
    let summary: unknown;
    try {
      summary = await this.scoring.score(campaignId);
    } catch (error) {
      const attempts = job?.opts.attempts ?? 1;
      if (!job || job.attemptsMade + 1 >= attempts) {
        await this.db
          .query(`UPDATE campaigns SET status_detail = $2 WHERE id = $1 AND status = 'closed'`, [
            campaignId,
            `scoring failed: ${(error as Error).message}`.slice(0, 500),
          ])
          .catch(() => undefined);
      }
      throw error;
    }
    // Scoring has committed: the summary emails follow. Should this enqueue fail, the reports
    // reconcile task ('scored campaigns not yet reported') enqueues it again.
    await this.queues.enqueue('reports.write', { campaignId }).catch(() => undefined);
    return summary;
  }

  @ReconcileTask('closed campaigns not yet scored')
  async reconcileScoring(): Promise<number> {
    const due: Array<{ id: string }> = await this.db.query(`SELECT id FROM campaigns WHERE status = 'closed' ORDER BY closed_at NULLS FIRST LIMIT 500`);
    // At worker start this finds a scoring job whose worker was killed mid-run.
    await this.queues.enqueueOrRecover('scoring.score', due.map((c) => ({ campaignId: c.id })));
    return due.length;
  }
}
