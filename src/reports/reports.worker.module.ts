import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { ResultsModule } from '../results/results.module';
import { ReportMailTemplates } from './report-mail.templates';
import { ReportsJobsHandler } from './reports-jobs.handler';
import { ReportsService } from './reports.service';

/**
 * Imported only by the worker: the `reports.write` job and its reconcile task, and the two
 * report mail templates (rendered at send time from the stored results).
 */
@Module({
  imports: [ResultsModule, PeopleModule, InstrumentsModule],
  providers: [ReportsService, ReportsJobsHandler, ReportMailTemplates],
})
export class ReportsWorkerModule {}
