import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { ApiProblems, JSON_BODY_PROBLEMS } from '../common/openapi';
import { FailedLookups } from './failed-lookups';
import { ResendDto, SUBMIT_RESPONSE_SCHEMA, SubmitResponse } from './surveys.dto';
import { AcceptedDto, ReceivedDto, SurveyDto } from './surveys.responses';
import { SurveysService } from './surveys.service';

const TOKEN = { name: 'token', description: 'the personal token from the invitation link `/s/{token}`' };
const NOT_FOUND = 'Unknown or tampered token (the same answer for both).';
const RATE_LIMITED = 'Too many failed look-ups from this client address; retry after `Retry-After` seconds.';

/** Answering through a personal link: public, the token is the credential. */
@ApiTags('answering')
@Public()
@ApiProblems({ 429: RATE_LIMITED })
@Controller('api/v1/surveys')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly lookups: FailedLookups,
  ) {}

  @Post('resend')
  @ApiOperation({
    summary: 'Re-send my survey links',
    description: 'Public. Always 202, whether or not the address is known; a known member gets the links of their open campaigns by email.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto, description: 'Accepted, whether or not the address is known.' })
  @ApiProblems(...JSON_BODY_PROBLEMS)
  @HttpCode(202)
  async resend(@Body() body: ResendDto, @Req() request: FastifyRequest) {
    await this.lookups.attempt(request.ip);
    this.surveys.resendInBackground(body.email);
    return { accepted: true };
  }

  @Get(':token')
  @ApiOperation({ summary: 'Open a survey', description: 'Public: the token is the credential.' })
  @ApiParam(TOKEN)
  @ApiOkResponse({ type: SurveyDto, description: 'The survey as the respondent sees it.' })
  @ApiProblems({ 404: NOT_FOUND, 410: 'The campaign is closed.' })
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
  @ApiOperation({
    summary: 'Answer a survey',
    description: 'Public. Questions may be skipped; values are integers within the item’s scale. Only one response per invitation ever counts.',
  })
  @ApiParam(TOKEN)
  @ApiCreatedResponse({ type: ReceivedDto, description: 'The answers are stored.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: NOT_FOUND, 409: 'This link has already answered; send a PUT to change the answers.', 410: 'The campaign is closed.' })
  @HttpCode(201)
  @RouteSchema({ body: SUBMIT_RESPONSE_SCHEMA })
  @ApiBody({ schema: SUBMIT_RESPONSE_SCHEMA })
  async create(@Param('token') token: string, @Body() body: SubmitResponse, @Req() request: FastifyRequest) {
    await this.lookups.counting(request.ip, () => this.surveys.create(token, body));
    return { received: true };
  }

  @Put(':token/response')
  @ApiOperation({ summary: 'Replace my answers', description: 'Public. Replaces the earlier answers (or answers for the first time) while the campaign is open.' })
  @ApiParam(TOKEN)
  @ApiOkResponse({ type: ReceivedDto, description: 'The answers are stored.' })
  @ApiProblems(...JSON_BODY_PROBLEMS, { 404: NOT_FOUND, 410: 'The campaign is closed.' })
  @RouteSchema({ body: SUBMIT_RESPONSE_SCHEMA })
  @ApiBody({ schema: SUBMIT_RESPONSE_SCHEMA })
  async replace(@Param('token') token: string, @Body() body: SubmitResponse, @Req() request: FastifyRequest) {
    await this.lookups.counting(request.ip, () => this.surveys.replace(token, body));
    return { received: true };
  }
}
