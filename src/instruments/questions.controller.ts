import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { QuestionsService } from './questions.service';

@ApiTags('questions')
@ApiBearerAuth()
@Controller('api/v1/questions')
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get()
  async list() {
    return (await this.questions.choosable()).map(({ key, dimension, text, scale, reverse }) => ({ key, dimension, text, scale, reverse }));
  }
}
