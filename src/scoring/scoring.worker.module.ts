import { Module } from '@nestjs/common';
import { ScoringJobsHandler } from './scoring-jobs.handler';
import { ScoringService } from './scoring.service';

/** Scoring in the worker: the `scoring.score` handler and its reconciler task. */
@Module({
  providers: [ScoringService, ScoringJobsHandler],
  exports: [ScoringService],
})
export class ScoringWorkerModule {}
