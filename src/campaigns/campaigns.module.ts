import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { CampaignLifecycleService } from './campaign-lifecycle.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { PulseSeriesController } from '../pulses/pulse-series.controller';
import { PulseSeriesService } from '../pulses/pulse-series.service';

@Module({
  imports: [InstrumentsModule, PeopleModule],
  controllers: [CampaignsController, PulseSeriesController],
  providers: [CampaignsService, CampaignLifecycleService, PulseSeriesService],
  exports: [CampaignsService, CampaignLifecycleService],
})
export class CampaignsModule {}
