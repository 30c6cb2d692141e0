import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditActor, recordAudit } from '../audit/audit.events';
import { seal } from '../common/crypto';
import { ConflictError, NotFoundError } from '../common/errors';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { askFollowThrough } from '../actions/follow-through';
import { inTransaction, Transaction } from '../database/transaction';
import { OutboxService, QueuedRow } from '../mail/outbox.service';
import { QueueService } from '../queues/queue.service';
import { campaignPooling } from '../scoring/pooling.sql';
import { createOpenPhase, dropOpenPhase, lockOpenPhase } from './open-phase';
import { createToken, tokenHash } from './tokens';
import { Campaign, FrozenTeam } from './campaign.entity';

/** Lets a delayed job that fires a moment early still count as due. */
const CLOCK_SLACK = `interval '5 seconds'`;

/**
 * The one place a campaign changes state. Each transition is a conditional UPDATE inside one
 * transaction with everything that goes with it; what follows is enqueued after commit, so
 * running a transition twice does nothing the second time.
 */
@Injectable()
export class CampaignLifecycleService {
  private readonly logger = new Logger('CampaignLifecycle');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly outbox: OutboxService,
    private readonly queues: QueueService,
  ) {}

  /** draft → open (or scheduled when opensAt is in the future). Freezes audience, tree and threshold. */
  async launch(orgId: string, id: string, actor: AuditActor | null): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const [row] = await tx.manager.query<{ name: string; status: string; past: boolean }[]>(`SELECT name, status, closes_at <= now() AS past FROM campaigns WHERE id = $1 AND org_id = $2 FOR UPDATE`, [id, orgId]);
      if (!row) throw new NotFoundError('campaign');
      if (row.status !== 'draft') throw new ConflictError(`The campaign is already ${row.status}; only a draft can be launched.`);
      if (row.past) throw new ConflictError('The campaign closes in the past; edit its closesAt before launching.');
      const tree = await this.freezeTree(tx, orgId, id);
      if (tree.length === 0) throw new ConflictError('None of the campaign\'s teams is active any more; edit its teams before launching.');
      // TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [[launched]] = await tx.manager.query<[{ status: string; opens_at: Date }[], number]>(
        `UPDATE campaigns c
            SET status = CASE WHEN c.opens_at > now() THEN 'scheduled' ELSE 'open' END,
                launched_at = now(), team_tree = $3::jsonb, threshold = o.anonymity_threshold
           FROM organizations o
          WHERE c.id = $1 AND c.org_id = $2 AND o.id = c.org_id AND c.status = 'draft'
          RETURNING c.status, c.opens_at`,
        [id, orgId, JSON.stringify(tree)],
      );
      await recordAudit(tx.manager, {
        orgId,
        actor,
        type: 'campaign.launched',
        subject: { kind: 'campaign', id, label: row.name },
        detail: { status: launched.status, teams: tree.length },
      });
      if (launched.status === 'open') {
        await this.openInTransaction(tx, id);
      } else {
        tx.afterCommit(() => this.queues.enqueue('campaigns.open', { campaignId: id }, { delayMs: launched.opens_at.getTime() - Date.now() }));
      }
    });
  }

  /** scheduled → open at opensAt: invitations for the audience's active members, emailed. */
  async open(id: string): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      const opened = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM campaigns WHERE id = $1 AND status = 'scheduled' AND opens_at <= now() + ${CLOCK_SLACK} FOR UPDATE`,
        [id],
      );
      if (opened.length === 0) return false;
      await tx.manager.query(`UPDATE campaigns SET status = 'open' WHERE id = $1`, [id]);
      await this.openInTransaction(tx, id);
      return true;
    });
  }

  /**
   * open → closed: answers copied in random order into the closed tables with nothing that
   * points back and small teams pooled upward, comments shuffled (and pooled alike), and the open-phase partitions dropped, the campaign's mail
   * (who was reminded, who asked for their link again) with them.
   */
  async close(id: string, options: { orgId?: string; dueOnly?: boolean; actor?: AuditActor } = {}): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx.manager.query<{ org_id: string; name: string; status: string; allow_comments: boolean; due: boolean }[]>(
        `SELECT org_id, name, status, allow_comments, closes_at <= now() + ${CLOCK_SLACK} AS due
           FROM campaigns WHERE id = $1 AND ($2::uuid IS NULL OR org_id = $2) FOR UPDATE`,
        [id, options.orgId ?? null],
      );
      if (!row) throw new NotFoundError('campaign');
      if (row.status !== 'open') {
        if (options.dueOnly) return false;
        throw new ConflictError(`The campaign is ${row.status}; only an open campaign can be closed.`);
      }
      if (options.dueOnly && !row.due) return false;

      await lockOpenPhase(tx.manager, id);
      // A team invited below the threshold is stored as the team it is pooled into (DESIGN §4.8),
      // so even the closed tables, joined with the invitations, narrow no response to fewer
      // than threshold people.
      const { pooledInto } = await campaignPooling(tx.manager, id);
      const pool = [[...pooledInto.keys()], [...pooledInto.values()]];
      const pooledTeam = `coalesce((SELECT p.target_id FROM unnest($3::uuid[], $4::uuid[]) AS p(team_id, target_id) WHERE p.team_id = o.team_id), o.team_id)`;
      // One statement: `drawn` is materialized once, so each open response gets one fresh id.
      const [{ responded }] = await tx.manager.query<{ responded: number }[]>(
        `WITH drawn AS (
           SELECT gen_random_uuid() AS response_id, o.invitation_id, ${pooledTeam} AS team_id FROM open_responses o WHERE o.campaign_id = $1
         ), kept AS (
           INSERT INTO responses (id, org_id, campaign_id, team_id)
           SELECT response_id, $2, $1, team_id FROM drawn ORDER BY random()
           RETURNING id
         ), copied AS (
           INSERT INTO answers (response_id, question_key, value)
           SELECT d.response_id, a.question_key, a.value
             FROM drawn d JOIN open_answers a ON a.campaign_id = $1 AND a.invitation_id = d.invitation_id
            ORDER BY random()
         )
         SELECT count(*)::int AS responded FROM kept`,
        [id, row.org_id, ...pool],
      );
      if (row.allow_comments) {
        await tx.manager.query(
          `INSERT INTO campaign_comments (org_id, campaign_id, team_id, body)
           SELECT $2, $1, ${pooledTeam}, o.comment FROM open_responses o
            WHERE o.campaign_id = $1 AND o.comment IS NOT NULL AND btrim(o.comment) <> '' ORDER BY random()`,
          [id, row.org_id, ...pool],
        );
      }
      await dropOpenPhase(tx.manager, id);
      await tx.manager.query(`UPDATE campaigns SET status = 'closed', closed_at = now(), responded = $2 WHERE id = $1`, [id, responded]);
      await recordAudit(tx.manager, {
        orgId: row.org_id,
        actor: options.actor ?? null,
        type: 'campaign.closed',
        subject: { kind: 'campaign', id, label: row.name },
        detail: { early: !row.due },
      });
      tx.afterCommit(() => this.queues.enqueue('scoring.score', { campaignId: id }));
      this.logger.log(`campaign ${id} closed with ${responded} response(s)`);
      return true;
    });
  }

  /** One reminder round: mail only to invitations with no answer yet, decided at send time. */
  async remind(id: string, round: number): Promise<number> {
    return inTransaction(this.db, async (tx) => {
      // Campaign row before partitions (the lock order of launch and close).
      await tx.manager.query(`SELECT 1 FROM campaigns WHERE id = $1 FOR SHARE`, [id]);
      const [claimed]: [unknown[]] = await tx.manager.query(
        `UPDATE campaign_reminders r SET sent_at = now()
           FROM campaigns c
          WHERE r.campaign_id = $1 AND r.round = $2 AND r.sent_at IS NULL AND r.due_at <= now() + ${CLOCK_SLACK}
            AND c.id = r.campaign_id AND c.status = 'open'
          RETURNING r.round`,
        [id, round],
      );
      if (claimed.length === 0) return 0;
      // Written in one statement: who had not answered yet never leaves the database, not even as
      // bound addresses in a slow-query log that would outlive the close. Rows name the link by
      // token hash (meaningless once the partitions are dropped), never the invitation.
      const queued: QueuedRow[] = await tx.manager.query(
        `INSERT INTO email_outbox (org_id, kind, recipient, payload, dedupe_key, campaign_id, open_campaign_id)
         SELECT i.org_id, 'reminder', lower(m.email), jsonb_build_object('tokenHash', encode(t.token_hash, 'hex'), 'round', $2::int),
                'reminder-' || $2::int || '-' || encode(t.token_hash, 'hex'), $1, $1
           FROM invitations i JOIN members m ON m.id = i.member_id
           JOIN open_tokens t ON t.campaign_id = $1 AND t.invitation_id = i.id
          WHERE i.campaign_id = $1 AND m.active
            AND NOT EXISTS (SELECT 1 FROM open_responses r WHERE r.campaign_id = $1 AND r.invitation_id = i.id)
         ON CONFLICT (dedupe_key, open_campaign_id) DO NOTHING
         RETURNING id, open_campaign_id, kind, attempts`,
        [id, round],
      );
      this.outbox.sendAfterCommit(tx, queued);
      return queued.length;
    });
  }

  /**
   * HR's "remind now": an extra round due at once, sent by the same rule as a scheduled one
   * (only to those who have not answered, decided at send time). At most one round an hour, so a
   * double click or an impatient afternoon cannot flood people's inboxes.
   */
  async remindNow(orgId: string, id: string): Promise<number> {
    const round = await inTransaction(this.db, async ({ manager }) => {
      const [row] = await manager.query<{ status: string }[]>(`SELECT status FROM campaigns WHERE id = $1 AND org_id = $2 FOR UPDATE`, [id, orgId]);
      if (!row) throw new NotFoundError('campaign');
      if (row.status !== 'open') throw new ConflictError(`The campaign is ${row.status}; only an open campaign can send reminders.`);
      const [{ recent, next }] = await manager.query<{ recent: boolean; next: number }[]>(
        `SELECT coalesce(bool_or(sent_at > now() - interval '1 hour'), false) AS recent, coalesce(max(round), 0) + 1 AS next
           FROM campaign_reminders WHERE campaign_id = $1`,
        [id],
      );
      if (recent) throw new ConflictError('A reminder went out less than an hour ago; wait before sending another.');
      await manager.query(`INSERT INTO campaign_reminders (campaign_id, round, due_at) VALUES ($1, $2, now())`, [id, next]);
      return next;
    });
    return this.remind(id, round);
  }

  /** The audience as it is now: chosen live teams (and their live subteams), parents re-pointed to
   * the nearest team inside the audience. */
  private async freezeTree(tx: Transaction, orgId: string, id: string): Promise<FrozenTeam[]> {
    return tx.manager.query(
      `WITH RECURSIVE c AS (SELECT team_ids, include_subteams FROM campaigns WHERE id = $2),
       audience AS (
         SELECT t.id, t.parent_id, t.name FROM teams t, c
          WHERE t.org_id = $1 AND t.archived_at IS NULL AND t.id = ANY(c.team_ids)
         UNION
         SELECT t.id, t.parent_id, t.name FROM teams t JOIN audience a ON t.parent_id = a.id, c
          WHERE c.include_subteams AND t.org_id = $1 AND t.archived_at IS NULL
       ),
       up AS (
         SELECT a.id, a.parent_id AS ancestor, 1 AS depth FROM audience a
         UNION ALL
         SELECT up.id, t.parent_id, up.depth + 1 FROM up JOIN teams t ON t.id = up.ancestor
          WHERE up.ancestor IS NOT NULL AND up.ancestor NOT IN (SELECT id FROM audience)
       )
       SELECT a.id, a.name,
              (SELECT up.ancestor FROM up WHERE up.id = a.id AND up.ancestor IN (SELECT id FROM audience)
                ORDER BY up.depth LIMIT 1) AS "parentId"
         FROM audience a ORDER BY a.name`,
      [orgId, id],
    );
  }

  private async openInTransaction(tx: Transaction, id: string): Promise<void> {
    const [campaign]: Array<Pick<Campaign, 'orgId' | 'closesAt' | 'reminderHours'> & { teamIds: string[] }> = await tx.manager.query(
      `SELECT org_id AS "orgId", closes_at AS "closesAt", reminder_hours AS "reminderHours",
              ARRAY(SELECT (t->>'id')::uuid FROM jsonb_array_elements(team_tree) t) AS "teamIds"
         FROM campaigns WHERE id = $1`,
      [id],
    );
    const invitations: Array<{ id: string; team_id: string; email: string }> = await tx.manager.query(
      `WITH created AS (
         INSERT INTO invitations (org_id, campaign_id, member_id, team_id)
         SELECT m.org_id, $2, m.id, m.team_id FROM members m
          WHERE m.org_id = $1 AND m.active AND m.team_id = ANY($3::uuid[])
         RETURNING id, member_id, team_id
       )
       SELECT created.id, created.team_id, m.email FROM created JOIN members m ON m.id = created.member_id`,
      [campaign.orgId, id, campaign.teamIds],
    );

    // Before the survey is live: teams with actions from an earlier campaign are asked about them
    // (after the invitations, which decide who is pooled with whom).
    await askFollowThrough(tx.manager, id);

    const key = randomBytes(32);
    await createOpenPhase(tx.manager, id);
    await tx.manager.query(`INSERT INTO campaign_keys (campaign_id, sealed_key) VALUES ($1, $2)`, [id, seal(this.config.masterKey, key)]);
    const hashes = invitations.map((i) => tokenHash(createToken(id, key, i.id)));
    key.fill(0);
    if (invitations.length > 0) {
      await tx.manager.query(
        `INSERT INTO open_tokens (campaign_id, token_hash, invitation_id, team_id)
         SELECT $1, t.hash, t.invitation_id, t.team_id FROM unnest($2::bytea[], $3::uuid[], $4::uuid[]) AS t (hash, invitation_id, team_id)`,
        [id, hashes, invitations.map((i) => i.id), invitations.map((i) => i.team_id)],
      );
    }

    // A round whose time has already passed at opening is skipped, not sent late.
    const rounds: Array<{ round: number; due_at: Date }> = await tx.manager.query(
      `INSERT INTO campaign_reminders (campaign_id, round, due_at)
       SELECT $1, r.ordinality, $2::timestamptz - make_interval(hours => r.hours)
         FROM unnest($3::int[]) WITH ORDINALITY AS r (hours, ordinality)
        WHERE $2::timestamptz - make_interval(hours => r.hours) > now()
       RETURNING round, due_at`,
      [id, campaign.closesAt, campaign.reminderHours],
    );
    await tx.manager.query(`UPDATE campaigns SET opened_at = now(), invited = $2 WHERE id = $1`, [id, invitations.length]);
    // Named by token hash like every campaign message: the invitation id never reaches a statement of the mail path.
    await this.outbox.write(
      tx,
      invitations.map((i, n) => {
        const hash = hashes[n].toString('hex');
        return { orgId: campaign.orgId, kind: 'invitation' as const, recipient: i.email, payload: { tokenHash: hash }, dedupeKey: `invitation-${hash}`, campaignId: id };
      }),
    );
    tx.afterCommit(async () => {
      await this.queues.enqueue('campaigns.close', { campaignId: id }, { delayMs: new Date(campaign.closesAt).getTime() - Date.now() });
      for (const r of rounds) {
        await this.queues.enqueue('campaigns.remind', { campaignId: id, round: r.round }, { delayMs: new Date(r.due_at).getTime() - Date.now() });
      }
    });
  }
}
