import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ResendDto, SubmitResponseDto } from './surveys.dto';
import { SurveysService } from './surveys.service';
import { AnsweringThrottlerGuard } from './answering-throttler.guard';

/** Answering through a personal link: public, the token is the credential. */
@ApiTags('answering')
@Public()
@UseGuards(AnsweringThrottlerGuard)
@Controller('api/v1/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post('resend')
  @HttpCode(202)
  async resend(@Body() body: ResendDto) {
    this.surveys.resendInBackground(body.email);
    return { accepted: true };
  }

  @Get(':token')
  async get(@Param('token') token: string) {
    const s = await this.surveys.open(token);
    return {
      campaign: { name: s.campaignName, closesAt: s.closesAt.toISOString() },
      team: { name: s.teamName },
      questions: s.questions.map((q) => ({ key: q.key, text: q.text, scale: q.scale })),
      answered: s.answered,
      allowComments: s.allowComments,
    };
  }

  @Post(':token/response')
  @HttpCode(201)
  async create(@Param('token') token: string, @Body() body: SubmitResponseDto) {
    await this.surveys.create(token, body);
    return { received: true };
  }

  @Put(':token/response')
  async replace(@Param('token') token: string, @Body() body: SubmitResponseDto) {
    await this.surveys.replace(token, body);
    return { received: true };
  }
}
