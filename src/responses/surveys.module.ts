import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { SurveysService } from './surveys.service';

/** Answering as a service, without HTTP: the API's controllers and the demo seed both use it. */
@Module({
  imports: [InstrumentsModule],
  providers: [SurveysService],
  exports: [SurveysService],
})
export class SurveysModule {}
