import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HandlerDiscovery } from './handler-discovery';
import { JobDispatcher } from './job-dispatcher';
import { QUEUE_PROCESSORS } from './queue.processors';
import { ReconcilerService } from './reconciler.service';

/** Consumers: imported only by the worker, so the API never takes jobs. */
@Module({
  imports: [DiscoveryModule],
  providers: [HandlerDiscovery, JobDispatcher, ReconcilerService, ...QUEUE_PROCESSORS],
  exports: [ReconcilerService],
})
export class QueueWorkerModule {}
