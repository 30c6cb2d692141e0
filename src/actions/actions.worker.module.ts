import { Module } from '@nestjs/common';
import { ResultsModule } from '../results/results.module';
import { ResultShareMailTemplates } from './result-share.mail';

/** Imported only by the worker: the template of the mail that shares a team's results with its members. */
@Module({
  imports: [ResultsModule],
  providers: [ResultShareMailTemplates],
})
export class ActionsWorkerModule {}
