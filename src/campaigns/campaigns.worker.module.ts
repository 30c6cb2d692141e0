import { Module } from '@nestjs/common';
import { CampaignJobsHandler } from './campaign-jobs.handler';
import { CampaignMailTemplates } from './campaign-mail.templates';
import { CampaignsModule } from './campaigns.module';

/** Imported only by the worker: campaign jobs, their reconcile tasks and their mail templates. */
@Module({
  imports: [CampaignsModule],
  providers: [CampaignJobsHandler, CampaignMailTemplates],
})
export class CampaignsWorkerModule {}
