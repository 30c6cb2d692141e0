import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import IORedis from 'ioredis';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JobDispatcher } from './job-dispatcher';
import { recordOutcome } from './job-outcomes';
import { QueueName } from './jobs';
import { REDIS } from './redis.module';

/** One processor per queue; each hands every job to the dispatcher, which knows the handler. */
abstract class QueueProcessor extends WorkerHost {
  protected abstract readonly queueName: QueueName;
  /** Whether /metrics counts this queue's job outcomes (see MailProcessor). */
  protected readonly countsOutcomes: boolean = true;
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly dispatcher: JobDispatcher,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) protected readonly config: RapportConfig,
  ) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(job);
  }

  @OnWorkerEvent('completed')
  async completed(job: Job) {
    if (!this.countsOutcomes) return;
    await recordOutcome(this.redis, this.config.queuePrefix, this.queueName, job.name, 'completed').catch(() => undefined);
  }

  /** A Worker's 'error' event without a listener would crash the process (e.g. Redis went away). */
  @OnWorkerEvent('error')
  error(error: Error) {
    this.logger.error(`${this.queueName} worker: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  async failed(job: Job | undefined, error: Error) {
    // Ids only: payloads never hold a token or an address, so the job id is safe to log.
    this.logger.warn(`${this.queueName} job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed: ${error.message}`);
    if (job && this.countsOutcomes) await recordOutcome(this.redis, this.config.queuePrefix, this.queueName, job.name, 'failed').catch(() => undefined);
  }
}

@Processor('campaigns', { concurrency: 2 })
export class CampaignsProcessor extends QueueProcessor {
  protected readonly queueName = 'campaigns';
}

/**
 * Four jobs per pooled SMTP connection: while one message is on the wire, the others claim
 * and render theirs, so the connections never wait for the database.
 */
@Processor('mail')
export class MailProcessor extends QueueProcessor implements OnApplicationBootstrap {
  protected readonly queueName = 'mail';
  // A reminder goes only to those who have not answered: a per-message counter would jump by
  // exactly that number at each reminder round. Delivery is accounted in the outbox instead.
  protected override readonly countsOutcomes = false;

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.mailPoolSize * 4;
  }
}

// A short lock: a killed worker's scoring job is free for another within seconds, not ~60 s.
@Processor('scoring', { concurrency: 1, lockDuration: 10_000, stalledInterval: 5_000 })
export class ScoringProcessor extends QueueProcessor {
  protected readonly queueName = 'scoring';
}

@Processor('reports', { concurrency: 2 })
export class ReportsProcessor extends QueueProcessor {
  protected readonly queueName = 'reports';
}

@Processor('reconcile', { concurrency: 1 })
export class ReconcileProcessor extends QueueProcessor {
  protected readonly queueName = 'reconcile';
}

export const QUEUE_PROCESSORS = [CampaignsProcessor, MailProcessor, ScoringProcessor, ReportsProcessor, ReconcileProcessor];
