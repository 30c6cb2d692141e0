import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, FieldError, GoneError, NotFoundError, ValidationFailedError } from '../common/errors';
import { inTransaction } from '../database/transaction';
import { FrozenTeam } from '../campaigns/campaign.entity';
import { Question, QuestionsService, SCALE_RANGE } from '../instruments/questions.service';
import { OutboxService } from '../mail/outbox.service';
import { AnswerDto, SubmitResponseDto } from './surveys.dto';
import { parseToken } from '../campaigns/tokens';

export interface OpenSurvey {
  campaignId: string;
  invitationId: string;
  campaignName: string;
  closesAt: Date;
  allowComments: boolean;
  teamName: string;
  questions: Question[];
  /** Whether this link has answered; the answers themselves are never shown back (no receipt). */
  answered: boolean;
}

/**
 * The two statements of one first submission (POST …/response): the lookup by token hash
 * ($1 campaign id, $2 token hash), then the insert ($1 campaign id, $2 invitation id,
 * $3 comment, $4 question keys, $5 values). Exported so bench/submissions.ts runs the very
 * same text under pgbench.
 */
export const SURVEY_LOOKUP_SQL = `SELECT t.invitation_id, t.team_id, c.name, c.closes_at, c.allow_comments, c.team_tree,
              -- follow_through is asked only of the teams whose actions it is about
              CASE WHEN t.team_id = ANY (c.follow_through_team_ids) THEN c.question_keys
                   ELSE array_remove(c.question_keys, 'follow_through') END AS question_keys,
              c.status = 'open' AND c.closes_at > now() AS accepting,
              r.invitation_id IS NOT NULL AS answered
         FROM open_tokens t
         JOIN campaigns c ON c.id = t.campaign_id
         LEFT JOIN open_responses r ON r.campaign_id = t.campaign_id AND r.invitation_id = t.invitation_id
        WHERE t.campaign_id = $1 AND t.token_hash = $2`;

export const SUBMISSION_INSERT_SQL = `WITH created AS (
           INSERT INTO open_responses (campaign_id, invitation_id, team_id, comment)
           SELECT $1, t.invitation_id, t.team_id, $3 FROM open_tokens t WHERE t.campaign_id = $1 AND t.invitation_id = $2
           ON CONFLICT (campaign_id, invitation_id) DO NOTHING
           RETURNING invitation_id
         ), saved AS (
           INSERT INTO open_answers (campaign_id, invitation_id, question_key, value)
           SELECT $1, c.invitation_id, a.key, a.value FROM created c, unnest($4::text[], $5::smallint[]) AS a (key, value)
         )
         SELECT count(*)::int AS created FROM created`;

const CLOSED = 'This survey has closed; answers can no longer be given or changed.';

/** Answering through a personal link. The token is the credential and is never logged or stored. */
@Injectable()
export class SurveysService {
  private readonly logger = new Logger('Surveys');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly questions: QuestionsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Unknown, tampered and other-campaign tokens all look the same: a 404 after one lookup by
   * hash (nothing is compared byte by byte, so timing says nothing about how close a guess was).
   */
  async open(token: string): Promise<OpenSurvey> {
    const parsed = parseToken(token);
    if (!parsed) throw new NotFoundError('survey');
    const [row] = await this.db.query(SURVEY_LOOKUP_SQL, [parsed.campaignId, parsed.hash]);
    if (!row) {
      // After close the token map is gone; a well-formed link to a closed campaign is told so.
      const [closed] = await this.db.query(`SELECT 1 FROM campaigns WHERE id = $1 AND status IN ('closed', 'scored')`, [parsed.campaignId]);
      if (closed) throw new GoneError(CLOSED);
      throw new NotFoundError('survey');
    }
    if (!row.accepting) throw new GoneError(CLOSED);
    const bank = await this.questions.byKey();
    const team = (row.team_tree as FrozenTeam[]).find((t) => t.id === row.team_id);
    return {
      campaignId: parsed.campaignId,
      invitationId: row.invitation_id,
      campaignName: row.name,
      closesAt: row.closes_at,
      allowComments: row.allow_comments,
      teamName: team?.name ?? '',
      questions: (row.question_keys as string[]).map((k) => bank.get(k)).filter((q): q is Question => q !== undefined),
      answered: row.answered,
    };
  }

  /** First answers; a second POST with the same link is a 409 (PUT replaces). */
  async create(token: string, input: SubmitResponseDto): Promise<void> {
    const survey = await this.open(token);
    const answers = this.check(survey, input);
    const [{ created }] = await this.guardClose(survey.campaignId, () =>
      this.db.query(
        SUBMISSION_INSERT_SQL,
        [survey.campaignId, survey.invitationId, input.comment?.trim() || null, answers.map((a) => a.questionKey), answers.map((a) => a.value)],
      ),
    );
    if (created !== 1) throw new ConflictError('This link has already answered; send a PUT to change the answers.');
  }

  /** Creates or replaces this link's answers while the campaign is open. */
  async replace(token: string, input: SubmitResponseDto): Promise<void> {
    const survey = await this.open(token);
    const answers = this.check(survey, input);
    await this.guardClose(survey.campaignId, () =>
      inTransaction(this.db, async ({ manager }) => {
        await manager.query(
          `INSERT INTO open_responses (campaign_id, invitation_id, team_id, comment)
           SELECT $1, t.invitation_id, t.team_id, $3 FROM open_tokens t WHERE t.campaign_id = $1 AND t.invitation_id = $2
           ON CONFLICT (campaign_id, invitation_id) DO UPDATE SET comment = EXCLUDED.comment`,
          [survey.campaignId, survey.invitationId, input.comment?.trim() || null],
        );
        await manager.query(`DELETE FROM open_answers WHERE campaign_id = $1 AND invitation_id = $2`, [survey.campaignId, survey.invitationId]);
        await manager.query(
          `INSERT INTO open_answers (campaign_id, invitation_id, question_key, value)
           SELECT $1, $2, a.key, a.value FROM unnest($3::text[], $4::smallint[]) AS a (key, value)`,
          [survey.campaignId, survey.invitationId, answers.map((a) => a.questionKey), answers.map((a) => a.value)],
        );
      }),
    );
  }

  /**
   * Re-sends the links of open campaigns to an address. The caller is answered before any
   * lookup, so neither the answer nor its timing says whether the address is known.
   */
  resendInBackground(email: string): void {
    this.resend(email).catch((error: Error) => this.logger.warn(`resend failed: ${error.message}`));
  }

  async resend(email: string): Promise<void> {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return;
    // Named by token hash, like every campaign message (DESIGN.md §4 item 7).
    const links: Array<{ token_hash: string; org_id: string; campaign_id: string; email: string }> = await this.db.query(
      `SELECT encode(t.token_hash, 'hex') AS token_hash, i.org_id, i.campaign_id, m.email
         FROM members m JOIN invitations i ON i.member_id = m.id JOIN campaigns c ON c.id = i.campaign_id
         JOIN open_tokens t ON t.campaign_id = i.campaign_id AND t.invitation_id = i.id
        WHERE m.email = $1 AND m.active AND c.status = 'open' AND c.closes_at > now()`,
      [email],
    );
    if (links.length === 0) return;
    // At most one re-send per link per hour, however often the form is used.
    const hour = new Date().toISOString().slice(0, 13);
    await inTransaction(this.db, (tx) =>
      this.outbox.write(
        tx,
        links.map((l) => ({
          orgId: l.org_id,
          kind: 'resend' as const,
          recipient: l.email,
          payload: { tokenHash: l.token_hash },
          dedupeKey: `resend-${l.token_hash}-${hour}`,
          campaignId: l.campaign_id,
        })),
      ),
    );
  }

  /** Keys asked by this campaign, values inside each item's scale, each key once. */
  private check(survey: OpenSurvey, input: SubmitResponseDto): AnswerDto[] {
    const asked = new Map(survey.questions.map((q) => [q.key, q]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.answers.forEach((answer, i) => {
      const question = asked.get(answer.questionKey);
      if (!question) errors.push({ field: `answers.${i}.questionKey`, message: `"${answer.questionKey}" is not a question of this survey` });
      else {
        const { min, max } = SCALE_RANGE[question.scale];
        if (answer.value < min || answer.value > max) errors.push({ field: `answers.${i}.value`, message: `value must be between ${min} and ${max}` });
      }
      if (seen.has(answer.questionKey)) errors.push({ field: `answers.${i}.questionKey`, message: `"${answer.questionKey}" is answered twice` });
      seen.add(answer.questionKey);
    });
    if (input.comment?.trim() && !survey.allowComments) errors.push({ field: 'comment', message: 'this survey does not take comments' });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return input.answers;
  }

  /** A submission that lost the race with close finds its partition gone: that is a 410. */
  private async guardClose<T>(campaignId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const [row] = await this.db.query(`SELECT status = 'open' AND closes_at > now() AS accepting FROM campaigns WHERE id = $1`, [campaignId]);
      if (!row?.accepting) throw new GoneError(CLOSED);
      throw error;
    }
  }
}
