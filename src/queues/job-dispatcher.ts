import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { HandlerDiscovery } from './handler-discovery';
import { JOB_HANDLER } from './job-handler.decorator';
import { JOB_QUEUE, JobName } from './jobs';

export class JobHandlersError extends Error {}

/** Routes each job to its one handler; checks at start that every job name has exactly one. */
@Injectable()
export class JobDispatcher implements OnModuleInit {
  private readonly handlers = new Map<string, (payload: unknown, job: Job) => Promise<unknown>>();

  constructor(private readonly discovery: HandlerDiscovery) {}

  onModuleInit(): void {
    const found = this.discovery.methodsWith<JobName>(JOB_HANDLER);
    const problems: string[] = [];
    for (const name of Object.keys(JOB_QUEUE) as JobName[]) {
      const owners = found.filter((f) => f.meta === name);
      if (owners.length === 0) problems.push(`no handler for job "${name}"`);
      if (owners.length > 1) problems.push(`job "${name}" has ${owners.length} handlers: ${owners.map((o) => o.owner).join(', ')}`);
      if (owners.length === 1) this.handlers.set(name, owners[0].call as never);
    }
    for (const f of found) if (!(f.meta in JOB_QUEUE)) problems.push(`${f.owner} handles unknown job "${f.meta}"`);
    if (problems.length > 0) throw new JobHandlersError(`worker refuses to start: ${problems.join('; ')}`);
  }

  async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    return handler(job.data, job);
  }
}
