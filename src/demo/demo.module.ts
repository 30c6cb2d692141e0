import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { MagicLinksModule } from '../sign-in/magic-links.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PeopleModule } from '../people/people.module';
import { SurveysModule } from '../responses/surveys.module';
import { ScoringService } from '../scoring/scoring.service';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [OrganizationsModule, PeopleModule, InstrumentsModule, CampaignsModule, SurveysModule, MagicLinksModule, ActionsModule],
  // Scoring runs in the seed so managers can act on each campaign's results before the next one opens.
  providers: [DemoSeedService, ScoringService],
  exports: [DemoSeedService],
})
export class DemoModule {}
