import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CreateActionDto, MirrorDto, ShareResultsDto, UpdateActionDto } from '../actions/actions.dto';
import { ActionsService } from '../actions/actions.service';
import { MirrorsService } from '../actions/mirrors.service';
import { ResultSharesService } from '../actions/result-shares.service';
import { Principal } from '../auth/principal';
import { WebSession } from '../auth/sessions.service';
import { CurrentSession, WebPage } from '../auth/web-page';
import { FieldError, ValidationFailedError } from '../common/errors';
import { isReturnPath } from '../common/html-error.filter';
import { flatten, uuidPipe } from '../common/validation';
import { frameOf } from './dashboard.controller';
import { renderTeam } from './dashboard-pages';
import { DashboardService } from './dashboard.service';
import { FormState } from './team-loop-pages';

type FormBody = Record<string, string | string[] | undefined>;

const text = (body: FormBody, name: string): string | undefined => {
  const value = body[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A form's fields checked by the same DTO as the JSON API; refusals become field errors. */
async function formDto<T extends object>(type: new () => T, values: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(type, values);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new ValidationFailedError(flatten(errors));
  return dto;
}

/** Where to go after a form: back to the team page (and its section) it came from, never elsewhere. */
function backTo(body: FormBody, teamId: string): string {
  const [path, fragment] = (text(body, 'back') ?? '').split('#');
  const safePath = isReturnPath(path) && path.startsWith('/dashboard/teams/') ? path : `/dashboard/teams/${teamId}`;
  return fragment && /^[a-z-]+$/.test(fragment) ? `${safePath}#${fragment}` : safePath;
}

const campaignOf = (back: string): string | undefined => /[?&]campaignId=([0-9a-f-]{36})/.exec(back)?.[1];

/**
 * The team page's forms (actions, mirror, share): thin handlers over the same services as the
 * JSON API, so a form can do exactly what the API allows for the same person. Success
 * redirects back to the page (303, post-redirect-get); a refused field shows the page again
 * (422) with the error beside it and what was typed kept.
 */
@ApiExcludeController()
@Controller('dashboard')
@WebPage()
export class TeamLoopController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly actions: ActionsService,
    private readonly mirrors: MirrorsService,
    private readonly shares: ResultSharesService,
  ) {}

  @Post('teams/:id/actions')
  createAction(@CurrentSession() session: WebSession, @Param('id', uuidPipe('team')) teamId: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.submit(session, reply, teamId, body, 'create', async (me) => {
      const dto = await formDto(CreateActionDto, pick(body, ['campaignId', 'dimension', 'title', 'detail', 'dueOn']));
      await this.actions.create(me, teamId, dto);
    });
  }

  @Post('actions/:id')
  async updateAction(@CurrentSession() session: WebSession, @Param('id', uuidPipe('action')) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    const action = await this.actions.get(session.principal, id);
    return this.submit(session, reply, action.teamId, body, `update:${id}`, async (me) => {
      await this.actions.update(me, id, await formDto(UpdateActionDto, pick(body, ['status', 'note', 'dueOn'])));
    });
  }

  @Post('actions/:id/delete')
  async deleteAction(@CurrentSession() session: WebSession, @Param('id', uuidPipe('action')) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    const action = await this.actions.get(session.principal, id);
    return this.submit(session, reply, action.teamId, body, `update:${id}`, (me) => this.actions.remove(me, id));
  }

  @Post('teams/:id/mirror')
  mirror(@CurrentSession() session: WebSession, @Param('id', uuidPipe('team')) teamId: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    const campaignId = text(body, 'campaignId') ?? '';
    const answers = Object.keys(body)
      .filter((k) => k.startsWith('q_') && text(body, k))
      .map((k) => ({ questionKey: k.slice(2), value: Number(text(body, k)) }));
    return this.submit(session, reply, teamId, body, `mirror:${campaignId}`, async (me) => {
      try {
        await this.mirrors.record(me, uuidPipe('campaign').transform(campaignId, { type: 'body' }), teamId, await formDto(MirrorDto, { answers }));
      } catch (error) {
        // The API names answers by position; the form names them by question.
        if (error instanceof ValidationFailedError) {
          throw new ValidationFailedError(
            (error.errors ?? []).map((e) => {
              const i = /^answers\.(\d+)\./.exec(e.field)?.[1];
              return i !== undefined && answers[Number(i)] ? { ...e, field: `q_${answers[Number(i)].questionKey}` } : e.field === 'answers' ? { field: 'answers', message: 'Answer at least one question.' } : e;
            }),
          );
        }
        throw error;
      }
    });
  }

  @Post('teams/:id/share')
  share(@CurrentSession() session: WebSession, @Param('id', uuidPipe('team')) teamId: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.submit(session, reply, teamId, body, 'share', async (me) => {
      await this.shares.share(me, teamId, await formDto(ShareResultsDto, pick(body, ['campaignId', 'message'])));
    });
  }

  private async submit(
    session: WebSession,
    reply: FastifyReply,
    teamId: string,
    body: FormBody,
    form: string,
    work: (me: Principal) => Promise<unknown>,
  ): Promise<string> {
    const back = backTo(body, teamId);
    try {
      await work(session.principal);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      const refused: FormState = { form, values: stringValues(body), errors: error.errors ?? ([] as FieldError[]) };
      reply.status(422);
      return renderTeam(frameOf(session, reply), await this.dashboards.team(session.principal, teamId, { campaignId: campaignOf(back), timeZone: session.orgTimeZone }), refused);
    }
    reply.status(303).header('location', back);
    return '';
  }
}

function pick(body: FormBody, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = text(body, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function stringValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(Object.keys(body).map((k) => [k, text(body, k) ?? '']));
}
