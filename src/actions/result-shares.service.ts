import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { ConflictError, NotFoundError } from '../common/errors';
import { recordAudit } from '../audit/audit.events';
import { inTransaction } from '../database/transaction';
import { OutboxService } from '../mail/outbox.service';
import { TeamsService } from '../people/teams.service';
import { ShareResponse, ShareResultsDto } from './actions.dto';
import { campaignForTeam, requireActingOn } from './team-access';

export const shareDedupeKey = (campaignId: string, teamId: string, memberId: string) => `results-share-${campaignId}-${teamId}-${memberId}`;

export interface ShareOutcome extends ShareResponse {
  /** True when this call wrote the share (202); false when it had been shared before (200). */
  created: boolean;
}

/**
 * Results back to the team (API.md "Acting on results"): one email per active member of the
 * team and the teams within it (the people its results speak for), carrying only what the
 * team page shows as aggregates, its actions and the manager's message. Once per team and
 * campaign: the unique row in `result_shares` is written in the same transaction as the
 * outbox rows, so two simultaneous shares send once.
 */
@Injectable()
export class ResultSharesService {
  private readonly logger = new Logger('ResultShares');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly teams: TeamsService,
    private readonly outbox: OutboxService,
  ) {}

  async share(principal: Principal, teamId: string, input: ShareResultsDto): Promise<ShareOutcome> {
    await requireActingOn(this.db.manager, this.teams, principal, teamId);
    const campaignId = input.campaignId.toLowerCase();
    const campaign = await campaignForTeam(this.db.manager, principal.orgId, campaignId, teamId);
    if (!campaign) throw new NotFoundError('campaign');
    if (campaign.status !== 'scored') throw new ConflictError(`The campaign is ${campaign.status}; results can be shared once it is closed and scored.`);
    const [group]: Array<{ suppressed: boolean }> = await this.db.query(
      `SELECT suppressed FROM group_results WHERE campaign_id = $1 AND scope = 'subtree' AND team_id = $2`,
      [campaignId, teamId],
    );
    if (!group || group.suppressed) {
      throw new ConflictError('This team’s results for the campaign are hidden to protect anonymity, so there is nothing to share with the team.');
    }

    return inTransaction(this.db, async (tx) => {
      const [created]: Array<{ id: string; shared_at: Date }> = await tx.manager.query(
        `INSERT INTO result_shares (org_id, team_id, campaign_id, message, shared_by, shared_by_name, recipients)
         VALUES ($1, $2, $3, $4, $5, $6, 0)
         ON CONFLICT (team_id, campaign_id) DO NOTHING
         RETURNING id, shared_at`,
        [principal.orgId, teamId, campaignId, input.message ?? null, principal.userId, principal.name],
      );
      if (!created) {
        const [earlier]: Array<{ recipients: number; shared_at: Date }> = await tx.manager.query(
          `SELECT recipients, shared_at FROM result_shares WHERE team_id = $1 AND campaign_id = $2`,
          [teamId, campaignId],
        );
        return { created: false, alreadyShared: true, recipients: earlier.recipients, sharedAt: new Date(earlier.shared_at).toISOString() };
      }
      const members: Array<{ id: string; email: string }> = await tx.manager.query(
        `WITH RECURSIVE subtree AS (
           SELECT id FROM teams WHERE id = $2 AND org_id = $1
           UNION
           SELECT t.id FROM teams t JOIN subtree s ON t.parent_id = s.id WHERE t.org_id = $1 AND t.archived_at IS NULL
         )
         SELECT m.id, m.email FROM members m JOIN subtree s ON s.id = m.team_id WHERE m.org_id = $1 AND m.active ORDER BY m.id`,
        [principal.orgId, teamId],
      );
      await this.outbox.write(
        tx,
        members.map((m) => ({
          orgId: principal.orgId,
          kind: 'results_share' as const,
          recipient: m.email,
          payload: { shareId: created.id, memberId: m.id },
          dedupeKey: shareDedupeKey(campaignId, teamId, m.id),
          campaignId,
        })),
      );
      await tx.manager.query(`UPDATE result_shares SET recipients = $2 WHERE id = $1`, [created.id, members.length]);
      const [team]: Array<{ name: string }> = await tx.manager.query(`SELECT name FROM teams WHERE id = $1`, [teamId]);
      await recordAudit(tx.manager, {
        orgId: principal.orgId,
        actor: principal,
        type: 'results.shared',
        subject: { kind: 'team', id: teamId, label: team.name },
        detail: { campaign: campaign.name, recipients: members.length },
      });
      this.logger.log(`campaign ${campaignId}: results of team ${teamId} shared with ${members.length} member(s)`);
      return { created: true, alreadyShared: false, recipients: members.length, sharedAt: new Date(created.shared_at).toISOString() };
    });
  }
}
