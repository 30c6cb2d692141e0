import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ResultsController } from '../results/results.controller';
import { ResultsService } from '../results/results.service';

/** Server-rendered dashboard pages and the results API (API process); ResultsService is exported for reports. */
@Module({
  imports: [PeopleModule, InstrumentsModule],
  controllers: [DashboardController, ResultsController],
  providers: [ResultsService, DashboardService],
  exports: [ResultsService],
})
export class DashboardsModule {}
