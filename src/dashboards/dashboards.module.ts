import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { ResultsModule } from '../results/results.module';
import { DashboardService } from './dashboard.service';

/** The data behind the server-rendered dashboard pages (API process). */
@Module({
  imports: [ResultsModule, PeopleModule, InstrumentsModule, ActionsModule],
  providers: [DashboardService],
  exports: [DashboardService],
})
export class DashboardsModule {}
