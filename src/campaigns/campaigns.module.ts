import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { CampaignLifecycleService } from './campaign-lifecycle.service';
import { CampaignsService } from './campaigns.service';

/** Campaigns and their lifecycle, in every process that opens, closes or reads campaigns. */
@Module({
  imports: [InstrumentsModule, PeopleModule],
  providers: [CampaignsService, CampaignLifecycleService],
  exports: [CampaignsService, CampaignLifecycleService],
})
export class CampaignsModule {}
