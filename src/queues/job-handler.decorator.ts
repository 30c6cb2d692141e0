import { SetMetadata } from '@nestjs/common';
import type { JobName } from './jobs';

export const JOB_HANDLER = 'rapport:job-handler';

/** Marks the one method that runs a job name; the worker refuses to start without exactly one. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export const RECONCILE_TASK = 'rapport:reconcile-task';

/**
 * Marks a method the reconciler calls on every pass: it finds in PostgreSQL what is due and
 * not done and enqueues it again, returning how many jobs it enqueued.
 */
export const ReconcileTask = (label: string) => SetMetadata(RECONCILE_TASK, label);
