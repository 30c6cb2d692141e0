import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler, ReconcileTask } from '../queues/job-handler.decorator';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { ReportsService, ReportsWritten } from './reports.service';

/** The reports queue's one job, and the reconcile task that re-derives it from PostgreSQL. */
@Injectable()
export class ReportsJobsHandler {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly queues: QueueService,
  ) {}

  /** Writes the campaign's report outbox rows; a re-run, a retry or a second delivery writes nothing more. */
  @JobHandler('reports.write')
  write({ campaignId }: JobPayloads['reports.write']): Promise<ReportsWritten> {
    return this.reports.write(campaignId);
  }

  @ReconcileTask('scored campaigns not yet reported')
  async reconcileReports(): Promise<number> {
    const due: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM campaigns WHERE status = 'scored' AND reported_at IS NULL ORDER BY scored_at NULLS FIRST LIMIT 500`,
    );
    await this.queues.enqueueMany('reports.write', due.map((c) => ({ campaignId: c.id })));
    return due.length;
  }
}
