import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PeopleModule } from '../people/people.module';
import { ResultsService } from './results.service';

/** The read model: dashboards (API) and report emails (worker) both read results through it. */
@Module({
  imports: [PeopleModule, InstrumentsModule],
  providers: [ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}
