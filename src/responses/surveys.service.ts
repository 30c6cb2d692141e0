import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ConflictError, FieldError, GoneError, NotFoundError, ValidationFailedError } from '../common/errors';
import { isEmailAddress } from '../common/formats';
import { inTransaction } from '../database/transaction';
import { FrozenTeam } from '../campaigns/campaign.entity';
import { Question, QuestionsService, SCALE_RANGE } from '../instruments/questions.service';
import { OutboxService } from '../mail/outbox.service';
import { COMMENT_MAX_LENGTH, SubmitResponse } from './surveys.dto';
import { campaignPooling } from '../scoring/pooling.sql';
import { parseToken } from '../campaigns/tokens';

export interface OpenSurvey {
  campaignName: string;
  closesAt: Date;
  allowComments: boolean;
  teamName: string;
  questions: Question[];
  /** Whether this link has answered; the answers themselves are never shown back (no receipt). */
  answered: boolean;
  /** The other invited people this link's answers are pooled with (see pooledWith()). */
  pooledWith: string[];
}

/** The question keys a link's team is asked: follow_through only of the teams whose actions it is about. */
const TEAM_QUESTION_KEYS = `CASE WHEN t.team_id = ANY (c.follow_through_team_ids) THEN c.question_keys
                   ELSE array_remove(c.question_keys, 'follow_through') END`;

/** An open survey's lookup by token hash ($1 campaign id, $2 token hash), for showing it. */
export const SURVEY_LOOKUP_SQL = `SELECT t.team_id, c.name, c.closes_at, c.allow_comments, c.team_tree,
              ${TEAM_QUESTION_KEYS} AS question_keys,
              c.status = 'open' AND c.closes_at > now() AS accepting,
              r.invitation_id IS NOT NULL AS answered
         FROM open_tokens t
         JOIN campaigns c ON c.id = t.campaign_id
         LEFT JOIN open_responses r ON r.campaign_id = t.campaign_id AND r.invitation_id = t.invitation_id
        WHERE t.campaign_id = $1 AND t.token_hash = $2`;

/** The link's lookup by token hash while its campaign accepts answers ($1 campaign id, $2 token hash). */
const OPEN_LINK = `SELECT t.invitation_id, t.team_id, ${TEAM_QUESTION_KEYS} AS asked
             FROM open_tokens t JOIN campaigns c ON c.id = t.campaign_id
            WHERE t.campaign_id = $1 AND t.token_hash = $2 AND c.status = 'open' AND c.closes_at > now()`;

/**
 * A first submission (POST …/response) in one statement, one round trip: find the link by
 * token hash while the campaign accepts answers, insert the response unless this link already
 * has one or was not asked one of the keys, then its answers. $1 campaign id, $2 token hash,
 * $3 comment, $4 question keys, $5 values. Only the token hash is bound, never the invitation id, so a slow-query log holds
 * nothing that links to a person once the token map is dropped at close. Exported so
 * bench/submissions.ts runs the very same text under pgbench.
 */
export const SUBMISSION_SQL = `WITH link AS (${OPEN_LINK}), created AS (
           INSERT INTO open_responses (campaign_id, invitation_id, team_id, comment)
           SELECT $1, invitation_id, team_id, $3 FROM link WHERE $4::text[] <@ asked
           ON CONFLICT (campaign_id, invitation_id) DO NOTHING
           RETURNING invitation_id
         ), saved AS (
           INSERT INTO open_answers (campaign_id, invitation_id, question_key, value)
           SELECT $1, c.invitation_id, a.key, a.value FROM created c, unnest($4::text[], $5::smallint[]) AS a (key, value)
         )
         SELECT EXISTS (SELECT 1 FROM link) AS found, EXISTS (SELECT 1 FROM link WHERE $4::text[] <@ asked) AS asked,
                EXISTS (SELECT 1 FROM created) AS created`;

/**
 * Replacing (PUT, and the survey page) takes two statements in one transaction: the response
 * row first (parameters as in SUBMISSION_SQL but the values), which waits for a concurrent
 * replacement of the same link to commit, then the answers ($3 keys, $4 values), seen afresh:
 * those to keys no longer given are deleted, the others inserted or updated (disjoint sets,
 * so no row is touched twice).
 */
const REPLACEMENT_SQL = [
  `WITH link AS (${OPEN_LINK}), response AS (
           INSERT INTO open_responses (campaign_id, invitation_id, team_id, comment)
           SELECT $1, invitation_id, team_id, $3 FROM link WHERE $4::text[] <@ asked
           ON CONFLICT (campaign_id, invitation_id) DO UPDATE SET comment = EXCLUDED.comment
         )
         SELECT EXISTS (SELECT 1 FROM link) AS found, EXISTS (SELECT 1 FROM link WHERE $4::text[] <@ asked) AS asked`,
  `WITH link AS (${OPEN_LINK}), dropped AS (
           DELETE FROM open_answers a USING link l
            WHERE a.campaign_id = $1 AND a.invitation_id = l.invitation_id AND a.question_key <> ALL ($3::text[])
         )
         INSERT INTO open_answers (campaign_id, invitation_id, question_key, value)
         SELECT $1, l.invitation_id, a.key, a.value FROM link l, unnest($3::text[], $4::smallint[]) AS a (key, value)
         ON CONFLICT (campaign_id, invitation_id, question_key) DO UPDATE SET value = EXCLUDED.value`,
];

/** What a campaign asks, frozen at launch: safe to keep in memory while it is open. */
interface Asked {
  questions: Map<string, Question>;
  allowComments: boolean;
}

/** Open campaigns at once in one deployment are few; past this, the cache starts over. */
const ASKED_CACHE_LIMIT = 1000;

const CLOSED = 'This survey has closed; answers can no longer be given or changed.';

/** Answering through a personal link. The token is the credential and is never logged or stored. */
/** What SURVEY_LOOKUP_SQL returns for a link. */
interface SurveyRow {
  team_id: string;
  name: string;
  closes_at: Date;
  allow_comments: boolean;
  question_keys: string[];
  team_tree: FrozenTeam[];
  accepting: boolean;
  answered: boolean;
}

@Injectable()
export class SurveysService {
  private readonly logger = new Logger('Surveys');
  private readonly asked = new Map<string, Promise<Asked | null>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly questions: QuestionsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * node-postgres's pool, for the hottest statement: TypeORM's per-query runner (acquire,
   * release, logging hooks) costs more CPU than the statement's own round trip here.
   */
  private get pool(): Pool {
    return (this.db.driver as PostgresDriver).master as Pool;
  }

  /**
   * Unknown, tampered and other-campaign tokens all look the same: a 404 after one lookup by
   * hash (nothing is compared byte by byte, so timing says nothing about how close a guess was).
   */
  async open(token: string): Promise<OpenSurvey> {
    const link = this.parse(token);
    const [row] = await this.db.query<SurveyRow[]>(SURVEY_LOOKUP_SQL, [link.campaignId, link.hash]);
    if (!row) return this.refuse(link.campaignId);
    if (!row.accepting) throw new GoneError(CLOSED);
    const bank = await this.questions.byKey();
    const tree = row.team_tree;
    return {
      campaignName: row.name,
      closesAt: row.closes_at,
      allowComments: row.allow_comments,
      teamName: tree.find((t) => t.id === row.team_id)?.name ?? '',
      questions: row.question_keys.map((k) => bank.get(k)).filter((q): q is Question => q !== undefined),
      answered: row.answered,
      pooledWith: await this.pooledWith(link, row.team_id),
    };
  }

  /** First answers; a second POST with the same link is a 409 (PUT replaces). */
  async create(token: string, input: SubmitResponse): Promise<void> {
    const { found, created } = await this.save(token, input, async (params) => (await this.pool.query<{ found: boolean; asked: boolean; created: boolean }>(SUBMISSION_SQL, params)).rows[0]);
    if (found && !created) throw new ConflictError('This link has already answered; send a PUT to change the answers.');
  }

  /** Creates or replaces this link's answers while the campaign is open. */
  async replace(token: string, input: SubmitResponse): Promise<void> {
    await this.save(token, input, (params) =>
      inTransaction(this.db, async ({ manager }) => {
        const [campaignId, hash, comment, keys, values] = params;
        const [{ found, asked }] = await manager.query<{ found: boolean; asked: boolean }[]>(REPLACEMENT_SQL[0], [campaignId, hash, comment, keys]);
        if (found && asked) await manager.query(REPLACEMENT_SQL[1], [campaignId, hash, keys, values]);
        return { found, asked };
      }),
    );
  }

  /**
   * One round trip for a first submission when all is well: the campaign's questions come from
   * memory, the link is found and the answers written by one statement. Bad input and unknown
   * links take the slow path, so that a bad link is a 404 (or 410) before any word about its
   * answers. Statements are bound to the token hash only.
   */
  private async save<T extends { found: boolean; asked: boolean }>(
    token: string,
    input: SubmitResponse,
    write: (params: unknown[]) => Promise<T>,
  ): Promise<T> {
    const link = this.parse(token);
    const asked = await this.askedBy(link.campaignId);
    if (!asked) return this.refuse(link.campaignId);
    const errors = this.check(asked, input);
    if (errors.length > 0) {
      await this.open(token);
      throw new ValidationFailedError(errors);
    }
    const comment = input.comment?.trim() || null;
    const params = [link.campaignId, link.hash, comment, input.answers.map((a) => a.questionKey), input.answers.map((a) => a.value)];
    const result = await this.guardClose(link.campaignId, () => write(params));
    if (!result.found) return this.refuse(link.campaignId);
    if (!result.asked) {
      // A key the campaign asks, but not of this link's team (follow_through): said as for any other.
      const survey = await this.open(token);
      const team = { questions: new Map(survey.questions.map((q) => [q.key, q])), allowComments: survey.allowComments };
      throw new ValidationFailedError(this.check(team, input));
    }
    return result;
  }

  private parse(token: string): { campaignId: string; hash: Buffer } {
    const link = parseToken(token);
    if (!link) throw new NotFoundError('survey');
    return link;
  }

  /** A link that finds nothing: 410 when its campaign has closed (the token map is gone), else 404. */
  private async refuse(campaignId: string): Promise<never> {
    this.asked.delete(campaignId);
    const [closed] = await this.db.query<unknown[]>(
      `SELECT 1 FROM campaigns WHERE id = $1 AND (status IN ('closed', 'scored') OR (status = 'open' AND closes_at <= now()))`,
      [campaignId],
    );
    if (closed) throw new GoneError(CLOSED);
    throw new NotFoundError('survey');
  }

  /** The questions an open campaign asks; they and allow_comments are frozen at launch. */
  private askedBy(campaignId: string): Promise<Asked | null> {
    const cached = this.asked.get(campaignId);
    if (cached) return cached;
    const loading = Promise.all([
      this.db.query<{ question_keys: string[]; allow_comments: boolean }[]>(`SELECT question_keys, allow_comments FROM campaigns WHERE id = $1 AND status = 'open'`, [campaignId]),
      this.questions.byKey(),
    ]).then(([[row], bank]) => {
      if (!row) {
        this.asked.delete(campaignId);
        return null;
      }
      const questions = new Map(row.question_keys.flatMap((k) => (bank.has(k) ? [[k, bank.get(k)!] as const] : [])));
      return { questions, allowComments: row.allow_comments };
    });
    loading.catch(() => this.asked.delete(campaignId));
    if (this.asked.size >= ASKED_CACHE_LIMIT) this.asked.clear();
    this.asked.set(campaignId, loading);
    return loading;
  }

  /**
   * The other invited people whose answers are combined with this link's in the smallest group
   * that can ever be reported (names, or addresses where there is no name), so a member can see
   * whom they are counted with and notice a stranger.
   */
  private async pooledWith(link: { campaignId: string; hash: Buffer }, teamId: string): Promise<string[]> {
    const teams = (await campaignPooling(this.db.manager, link.campaignId)).teamsWith(teamId);
    const people = await this.db.query<{ name: string }[]>(
      `SELECT coalesce(nullif(trim(m.name), ''), m.email) AS name
         FROM invitations i JOIN members m ON m.id = i.member_id
        WHERE i.campaign_id = $1 AND i.team_id = ANY ($2::uuid[])
          AND i.id <> (SELECT t.invitation_id FROM open_tokens t WHERE t.campaign_id = $1 AND t.token_hash = $3)
        ORDER BY 1`,
      [link.campaignId, teams, link.hash],
    );
    return people.map((p) => p.name);
  }

  /**
   * Re-sends the links of open campaigns to an address. The caller is answered before any
   * lookup, so neither the answer nor its timing says whether the address is known.
   */
  resendInBackground(email: string): void {
    this.resend(email).catch((error: Error) => this.logger.warn(`resend failed: ${error.message}`));
  }

  async resend(email: string): Promise<void> {
    if (!isEmailAddress(email)) return;
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

  /** Keys asked by this campaign, values inside each item's scale, each key once; no problems is []. */
  private check(asked: Asked, input: SubmitResponse): FieldError[] {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.answers.forEach((answer, i) => {
      const question = asked.questions.get(answer.questionKey);
      if (!question) errors.push({ field: `answers.${i}.questionKey`, message: `"${answer.questionKey}" is not a question of this survey` });
      else {
        const { min, max } = SCALE_RANGE[question.scale];
        if (!Number.isInteger(answer.value) || answer.value < min || answer.value > max) {
          errors.push({ field: `answers.${i}.value`, message: `value must be a whole number between ${min} and ${max}` });
        }
      }
      if (seen.has(answer.questionKey)) errors.push({ field: `answers.${i}.questionKey`, message: `"${answer.questionKey}" is answered twice` });
      seen.add(answer.questionKey);
    });
    if (input.answers.length === 0) errors.push({ field: 'answers', message: 'answer at least one question' });
    if ((input.comment?.length ?? 0) > COMMENT_MAX_LENGTH) errors.push({ field: 'comment', message: `comment must be at most ${COMMENT_MAX_LENGTH} characters` });
    if (input.comment?.trim() && !asked.allowComments) errors.push({ field: 'comment', message: 'this survey does not take comments' });
    return errors;
  }

  /** A submission that lost the race with close finds its partition gone: that is a 410. */
  private async guardClose<T>(campaignId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const [row] = await this.db.query<{ accepting: boolean }[]>(`SELECT status = 'open' AND closes_at > now() AS accepting FROM campaigns WHERE id = $1`, [campaignId]);
      if (!row?.accepting) throw new GoneError(CLOSED);
      throw error;
    }
  }
}
