import { Module } from '@nestjs/common';
import { PulseSeriesJobsHandler } from './pulse-series-jobs.handler';
import { PulsesModule } from './pulses.module';

/** Imported only by the worker: the pulse-series job and its reconcile task. */
@Module({
  imports: [PulsesModule],
  providers: [PulseSeriesJobsHandler],
})
export class PulsesWorkerModule {}
