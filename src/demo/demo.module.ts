import { Module } from '@nestjs/common';
import { MagicLinksModule } from '../sign-in/magic-links.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PeopleModule } from '../people/people.module';
import { SurveysModule } from '../responses/surveys.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [OrganizationsModule, PeopleModule, InstrumentsModule, CampaignsModule, SurveysModule, MagicLinksModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
