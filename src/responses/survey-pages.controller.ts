import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../auth/csrf';
import { PublicPage } from '../auth/web-page';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parseToken } from '../campaigns/tokens';
import { FieldError, GoneError, NotFoundError, RateLimitedError, ValidationFailedError } from '../common/errors';
import { FailedLookups } from './failed-lookups';
import { linkProblemPage, resendSentPage, surveyForm, thanksPage } from './survey-pages';
import { ResendDto, SubmitResponse } from './surveys.dto';
import { SurveysService } from './surveys.service';

type FormBody = Record<string, string | string[] | undefined>;

/** The answers of an HTML form (`q_<key>` radio fields and `comment`) as the JSON API's body. */
export function formToResponse(form: FormBody): SubmitResponse {
  const answers = Object.entries(form)
    .filter(([name, value]) => name.startsWith('q_') && typeof value === 'string' && value !== '')
    .map(([name, value]) => ({ questionKey: name.slice(2), value: Number(value) }));
  const comment = typeof form.comment === 'string' && form.comment.trim() ? form.comment : undefined;
  return { answers, comment };
}

/**
 * The respondent's pages at /s/:token: a form that works without JavaScript; its POST creates
 * or replaces the answers and redirects (303) to a thank-you page.
 */
@ApiExcludeController()
@PublicPage()
@Controller('s')
export class SurveyPagesController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly lookups: FailedLookups,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The organization's timezone, so the page states the closing time as the invitation did. */
  private async timeZone(token: string): Promise<string> {
    const [row]: Array<{ timezone: string }> = await this.db.query(
      `SELECT o.timezone FROM campaigns c JOIN organizations o ON o.id = c.org_id WHERE c.id = $1`,
      [parseToken(token)?.campaignId],
    );
    return row?.timezone ?? 'UTC';
  }

  private async form(token: string, reply: FastifyReply, errors?: FieldError[]): Promise<string> {
    return surveyForm(await this.surveys.open(token), await this.timeZone(token), csrfToken(reply), errors);
  }

  @Post('resend')
  async resend(@Body() form: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.lookups.attempt(request.ip);
    const input = plainToInstance(ResendDto, { email: form?.email });
    if ((await validate(input)).length === 0) this.surveys.resendInBackground(input.email);
    return reply.status(200).send(resendSentPage());
  }

  @Get(':token')
  async show(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.answer(request, reply, async () => reply.send(await this.form(token, reply)));
  }

  @Post(':token')
  async submit(@Param('token') token: string, @Body() form: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.answer(request, reply, async () => {
      const input = formToResponse(form ?? {});
      try {
        if (input.answers.length === 0) throw new ValidationFailedError([{ field: 'answers', message: 'Answer at least one question before sending.' }]);
        await this.surveys.replace(token, input);
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        return reply.status(422).send(await this.form(token, reply, error.errors));
      }
      return reply.status(303).header('location', `/s/${token}/thanks`).send();
    });
  }

  @Get(':token/thanks')
  async thanks(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.answer(request, reply, async () => reply.send(thanksPage(await this.surveys.open(token), await this.timeZone(token))));
  }

  /**
   * Unknown and closed links get pages written for a respondent, not the staff error page; an
   * unknown link counts against the address's limit of failed look-ups.
   */
  private async answer(request: FastifyRequest, reply: FastifyReply, work: () => Promise<unknown>) {
    try {
      return await work();
    } catch (error) {
      const verdict = await this.lookups.judge(request.ip, error);
      if (verdict instanceof RateLimitedError) throw verdict;
      if (error instanceof NotFoundError) return reply.status(404).send(linkProblemPage(404, csrfToken(reply)));
      if (error instanceof GoneError) return reply.status(410).send(linkProblemPage(410, csrfToken(reply)));
      throw error;
    }
  }
}
