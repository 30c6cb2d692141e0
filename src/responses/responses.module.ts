import { Module } from '@nestjs/common';
import { SurveyPagesController } from './survey-pages.controller';
import { SurveysController } from './surveys.controller';
import { SurveysModule } from './surveys.module';

@Module({
  imports: [SurveysModule],
  controllers: [SurveysController, SurveyPagesController],
})
export class ResponsesModule {}
