import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../instruments/instruments.module';
import { SurveyPagesController } from './survey-pages.controller';
import { SurveysController } from './surveys.controller';
import { SurveysService } from './surveys.service';

@Module({
  imports: [InstrumentsModule],
  controllers: [SurveysController, SurveyPagesController],
  providers: [SurveysService],
})
export class ResponsesModule {}
