import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { QuestionDto } from './questions.responses';
import { QuestionsService } from './questions.service';

@ApiTags('questions')
@ApiBearerAuth()
@Controller('api/v1/questions')
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get()
  @ApiOperation({ summary: 'The question bank', description: 'hr_admin. The 24 agreement items, `recommend` and `follow_through` (asked only of teams with actions), in display order.' })
  @ApiOkResponse({ type: [QuestionDto], description: 'Every question of the bank.' })
  @ApiProblems(401, 403)
  async list() {
    return (await this.questions.choosable()).map(({ key, dimension, text, scale, reverse }) => ({ key, dimension, text, scale, reverse }));
  }
}
