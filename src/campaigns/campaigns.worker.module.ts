import { Module } from '@nestjs/common';
import { CampaignJobsHandler } from './campaign-jobs.handler';
import { CampaignLifecycleService } from './campaign-lifecycle.service';
import { CampaignMailTemplates } from './campaign-mail.templates';
import { PulseSeriesJobsHandler } from '../pulses/pulse-series-jobs.handler';
import { PulseSlotsService } from '../pulses/pulse-slots.service';

/** Imported only by the worker: campaign jobs, their reconcile tasks and their mail templates. */
@Module({
  providers: [CampaignLifecycleService, CampaignJobsHandler, CampaignMailTemplates, PulseSlotsService, PulseSeriesJobsHandler],
})
export class CampaignsWorkerModule {}
