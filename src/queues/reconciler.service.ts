import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HandlerDiscovery } from './handler-discovery';
import { JobHandler, RECONCILE_TASK } from './job-handler.decorator';

export const RECONCILE_INTERVAL_MS = 60_000;
const LOCK_KEY = `hashtext('rapport:reconciler')`;

export interface PassReport {
  ran: boolean;
  enqueued: Record<string, number>;
}

/**
 * Re-derives from PostgreSQL everything that is due and not done, and enqueues it again.
 * It runs on a timer inside every worker (at start and every minute), not on a schedule kept
 * in Redis: a Redis that lost its data lost its schedules too. An advisory lock lets one pass
 * run at a time across all workers; the others skip that tick.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassReport> | null = null;
  private tasks: Array<{ label: string; run: () => Promise<unknown> }> = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly discovery: HandlerDiscovery,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks = this.discovery.methodsWith<string>(RECONCILE_TASK).map((m) => ({ label: m.meta, run: m.call }));
    const tick = () => void this.pass().catch((error: Error) => this.logger.error(`pass failed: ${error.message}`));
    tick();
    this.timer = setInterval(tick, RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Also reachable as a job, so an operator or a test can ask for a pass right now. */
  @JobHandler('reconcile.pass')
  async pass(): Promise<PassReport> {
    if (this.running) return this.running;
    this.running = this.runPass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * The lock belongs to a transaction that stays open for the pass (the tasks use other
   * connections): per transaction, so it holds behind a transaction-pooling PgBouncer and
   * goes when this process dies.
   */
  private async runPass(): Promise<PassReport> {
    return this.db.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`);
      if (!locked) return { ran: false, enqueued: {} };
      const enqueued: Record<string, number> = {};
      for (const task of this.tasks) {
        try {
          enqueued[task.label] = Number(await task.run()) || 0;
        } catch (error) {
          this.logger.error(`${task.label}: ${(error as Error).message}`);
        }
      }
      const total = Object.values(enqueued).reduce((a, b) => a + b, 0);
      if (total > 0) this.logger.log(`re-enqueued ${JSON.stringify(enqueued)}`);
      return { ran: true, enqueued };
    });
  }
}
