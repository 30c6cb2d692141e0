import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { FailedLookups } from './failed-lookups';
import { ResendDto, SUBMIT_RESPONSE_SCHEMA, SubmitResponse } from './surveys.dto';
import { SurveysService } from './surveys.service';

/** Answering through a personal link: public, the token is the credential. */
@ApiTags('answering')
@Public()
@Controller('api/v1/surveys')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly lookups: FailedLookups,
  ) {}

  @Post('resend')
  @HttpCode(202)
  async resend(@Body() body: ResendDto, @Req() request: FastifyRequest) {
    await this.lookups.attempt(request.ip);
    this.surveys.resendInBackground(body.email);
    return { accepted: true };
  }

  @Get(':token')
  async get(@Param('token') token: string, @Req() request: FastifyRequest) {
    const s = await this.lookups.counting(request.ip, () => this.surveys.open(token));
    return {
      campaign: { name: s.campaignName, closesAt: s.closesAt.toISOString() },
      team: { name: s.teamName },
      questions: s.questions.map((q) => ({ key: q.key, text: q.text, scale: q.scale })),
      answered: s.answered,
      allowComments: s.allowComments,
      pooledWith: s.pooledWith,
    };
  }

  // The body is checked by Fastify's compiled schema (SUBMIT_RESPONSE_SCHEMA), not by the
  // global ValidationPipe: an interface type gives the pipe nothing to do.
  @Post(':token/response')
  @HttpCode(201)
  @RouteSchema({ body: SUBMIT_RESPONSE_SCHEMA })
  @ApiBody({ schema: SUBMIT_RESPONSE_SCHEMA })
  async create(@Param('token') token: string, @Body() body: SubmitResponse, @Req() request: FastifyRequest) {
    await this.lookups.counting(request.ip, () => this.surveys.create(token, body));
    return { received: true };
  }

  @Put(':token/response')
  @RouteSchema({ body: SUBMIT_RESPONSE_SCHEMA })
  @ApiBody({ schema: SUBMIT_RESPONSE_SCHEMA })
  async replace(@Param('token') token: string, @Body() body: SubmitResponse, @Req() request: FastifyRequest) {
    await this.lookups.counting(request.ip, () => this.surveys.replace(token, body));
    return { received: true };
  }
}
