import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A PostgreSQL transaction plus work to run once it has committed (typically enqueueing
 * jobs: a job must never point at a row that might still be rolled back). PostgreSQL is the
 * truth and the reconciler re-derives anything a failed enqueue missed, so an after-commit
 * failure is logged, not thrown.
 */
export class Transaction {
  private readonly afterCommitWork: Array<() => Promise<unknown>> = [];

  constructor(readonly manager: EntityManager) {}

  afterCommit(work: () => Promise<unknown>): void {
    this.afterCommitWork.push(work);
  }

  /** @internal Side by side: each enqueue waits for Redis at most ENQUEUE_WAIT_MS, so together too. */
  async runAfterCommit(logger: Logger): Promise<void> {
    await Promise.all(
      this.afterCommitWork.map((work) =>
        work().catch((error: Error) => logger.warn(`after-commit work failed; the reconciler will retry it: ${error.message}`)),
      ),
    );
  }
}

const logger = new Logger('Transaction');

export async function inTransaction<T>(dataSource: DataSource, work: (tx: Transaction) => Promise<T>): Promise<T> {
  let tx!: Transaction;
  const result = await dataSource.transaction(async (manager) => {
    tx = new Transaction(manager);
    return work(tx);
  });
  await tx.runAfterCommit(logger);
  return result;
}
