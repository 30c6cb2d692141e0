import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { DashboardController } from './dashboard.controller';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

/** Server-rendered dashboard pages and the results API (API process); ResultsService is exported for reports. */
@Module({
  imports: [PeopleModule],
  controllers: [DashboardController, ResultsController],
  providers: [ResultsService],
  exports: [ResultsService],
})
export class DashboardsModule {}
