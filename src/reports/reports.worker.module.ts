import { Module } from '@nestjs/common';
import { ResultsService } from '../results/results.service';
import { QuestionsService } from '../instruments/questions.service';
import { TeamsService } from '../people/teams.service';
import { ReportMailTemplates } from './report-mail.templates';
import { ReportsJobsHandler } from './reports-jobs.handler';
import { ReportsService } from './reports.service';

/**
 * Imported only by the worker: the `reports.write` job and its reconcile task, and the two
 * report mail templates (rendered at send time from the stored results).
 */
@Module({
  providers: [ReportsService, ReportsJobsHandler, ReportMailTemplates, ResultsService, TeamsService, QuestionsService],
})
export class ReportsWorkerModule {}
