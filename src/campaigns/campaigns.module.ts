import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { CampaignLifecycleService } from './campaign-lifecycle.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [InstrumentsModule, PeopleModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignLifecycleService],
  exports: [CampaignsService, CampaignLifecycleService],
})
export class CampaignsModule {}
