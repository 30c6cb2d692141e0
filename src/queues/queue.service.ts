import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { withTimeout } from '../common/with-timeout';
import { JOB_QUEUE, jobId, JobName, JobPayloads, jobPriority, QueueName } from './jobs';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000 },
  // Removed when done either way: a kept id would block a later re-enqueue by the reconciler.
  // Failures are recorded in PostgreSQL by the handler (outbox row, campaign status detail).
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * How long anyone waits for Redis to take a job. Work is in PostgreSQL before it is enqueued
 * and the reconciler enqueues whatever is due and not done, so a request that cannot reach
 * Redis answers anyway (the enqueue is logged by the caller and left to the reconciler).
 */
export const ENQUEUE_WAIT_MS = 2000;

/** The one way to enqueue: a job name, its typed payload, and an id derived from both. */
@Injectable()
export class QueueService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue('campaigns') campaigns: Queue,
    @InjectQueue('mail') mail: Queue,
    @InjectQueue('scoring') scoring: Queue,
    @InjectQueue('reports') reports: Queue,
    @InjectQueue('reconcile') reconcile: Queue,
  ) {
    this.queues = { campaigns, mail, scoring, reports, reconcile };
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: { delayMs?: number; idSuffix?: string } = {}) {
    const added = this.queues[JOB_QUEUE[name]].add(name, payload, {
      ...DEFAULT_JOB_OPTIONS,
      jobId: jobId(name, payload, options.idSuffix),
      priority: jobPriority(name, payload),
      delay: options.delayMs && options.delayMs > 0 ? options.delayMs : undefined,
    });
    await withTimeout(added, ENQUEUE_WAIT_MS, `enqueue ${name}`);
  }

  async enqueueMany<N extends JobName>(name: N, payloads: Array<JobPayloads[N]>, idSuffix?: string): Promise<void> {
    if (payloads.length === 0) return;
    const added = this.queues[JOB_QUEUE[name]].addBulk(
      payloads.map((payload) => ({
        name,
        data: payload,
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: jobId(name, payload, idSuffix), priority: jobPriority(name, payload) },
      })),
    );
    await withTimeout(added, ENQUEUE_WAIT_MS, `enqueue ${payloads.length} ${name}`);
  }

  /**
   * Like enqueueMany, and a job left active by a dead worker (its lock gone) is enqueued
   * again under a fresh id at once instead of waiting for BullMQ's stall detection; the
   * handler finds the work done if the stalled job ever runs.
   */
  async enqueueOrRecover<N extends JobName>(name: N, payloads: Array<JobPayloads[N]>): Promise<number> {
    await this.enqueueMany(name, payloads);
    const queue = this.queues[JOB_QUEUE[name]];
    const client = await queue.client;
    let recovered = 0;
    for (const payload of payloads) {
      const id = jobId(name, payload);
      const stalled = (await queue.getJobState(id)) === 'active' && (await client.get(`${queue.toKey(id)}:lock`)) === null;
      if (!stalled) continue;
      await this.enqueue(name, payload, { idSuffix: `recovered-${Date.now()}` });
      recovered++;
    }
    return recovered;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
