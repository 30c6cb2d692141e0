import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { Gauge } from 'prom-client';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { readOutcomes } from '../queues/job-outcomes';
import { QUEUE_NAMES } from '../queues/jobs';
import { QueueService } from '../queues/queue.service';
import { REDIS } from '../queues/redis.module';
import { withTimeout } from '../common/with-timeout';
import { registry } from './metrics';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Queue depths and job outcomes, read from Redis when /metrics is scraped: the workers have no
 * HTTP listener of their own, so the API reports for them.
 */
const REDIS_WAIT_MS = 1000;

@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly queues: QueueService,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: RapportConfig,
  ) {}

  onModuleInit(): void {
    const queues = this.queues;
    const redis = this.redis;
    const prefix = this.config.queuePrefix;
    registry.removeSingleMetric('rapport_queue_jobs');
    registry.removeSingleMetric('rapport_jobs_total');
    new Gauge({
      name: 'rapport_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        // With Redis down, /metrics still answers (without queue figures) rather than hang.
        await withTimeout(
          Promise.all(QUEUE_NAMES.map(async (name) => {
            const counts = await queues.queue(name).getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          })),
          REDIS_WAIT_MS,
          'redis',
        ).catch(() => undefined);
      },
    });
    new Gauge({
      name: 'rapport_jobs_total',
      help: 'Jobs finished by the workers, by queue, job name and outcome (a counter kept in Redis)',
      labelNames: ['queue', 'job', 'outcome'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const outcomes = await withTimeout(readOutcomes(redis, prefix), REDIS_WAIT_MS, 'redis').catch(() => []);
        for (const o of outcomes) this.set({ queue: o.queue, job: o.name, outcome: o.outcome }, o.count);
      },
    });
  }
}
