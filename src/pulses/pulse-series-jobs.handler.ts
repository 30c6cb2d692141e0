import { Injectable } from '@nestjs/common';
import { JobHandler, ReconcileTask } from '../queues/job-handler.decorator';
import { JobPayloads } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { PulseSlotsService } from './pulse-slots.service';

/** Pulse series' slots: the job that makes a slot's campaign, and the reconcile task that finds due slots in PostgreSQL. */
@Injectable()
export class PulseSeriesJobsHandler {
  constructor(
    private readonly slots: PulseSlotsService,
    private readonly queues: QueueService,
  ) {}

  @JobHandler('campaigns.pulse')
  pulse({ seriesId }: JobPayloads['campaigns.pulse']) {
    return this.slots.runDue(seriesId);
  }

  @ReconcileTask('due pulse slots')
  async reconcileSlots(): Promise<number> {
    const due = await this.slots.dueSeriesIds();
    await this.queues.enqueueMany('campaigns.pulse', due.map((seriesId) => ({ seriesId })));
    return due.length;
  }
}
