import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.events';
import { Principal } from '../auth/principal';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { decodeCursor, encodeCursor, ListQuery, Page } from '../common/pagination';
import { inTransaction } from '../database/transaction';
import { TeamsService } from '../people/teams.service';
import { ACTION_COLUMNS, ActionRow, ActionView, toActionView } from '../results/team-loop';
import { CreateActionDto, UpdateActionDto } from './actions.dto';
import { campaignForTeam, requireActingOn } from './team-access';

/**
 * A team's action plan (API.md "Acting on results"): the few things the team agreed to do
 * after its results, each tied to a dimension and usually to the campaign it came from.
 * The team's managers and HR record and move them; the team's next survey asks whether they
 * were followed through (./follow-through.ts).
 */
@Injectable()
export class ActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly teams: TeamsService,
  ) {}

  async create(principal: Principal, teamId: string, input: CreateActionDto): Promise<ActionView> {
    await requireActingOn(this.db.manager, this.teams, principal, teamId);
    if (input.campaignId) {
      const campaign = await campaignForTeam(this.db.manager, principal.orgId, input.campaignId.toLowerCase(), teamId);
      if (!campaign) throw new ValidationFailedError([{ field: 'campaignId', message: 'no campaign of this organization with that id included the team' }]);
      if (campaign.status !== 'scored') {
        throw new ValidationFailedError([{ field: 'campaignId', message: `the campaign is ${campaign.status}: an action answers results, which exist once it is scored` }]);
      }
    }
    const row = await inTransaction(this.db, async ({ manager }) => {
      const [created]: ActionRow[] = await manager.query(
        `INSERT INTO actions AS a (org_id, team_id, campaign_id, dimension, title, detail, due_on, created_by, created_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9)
         RETURNING ${ACTION_COLUMNS}`,
        [principal.orgId, teamId, input.campaignId?.toLowerCase() ?? null, input.dimension, input.title, input.detail ?? null, input.dueOn ?? null, principal.userId, principal.name],
      );
      const view = toActionView(created);
      await recordAudit(manager, { orgId: principal.orgId, actor: principal, type: 'action.created', subject: { kind: 'action', id: view.id, label: view.title }, detail: { teamId, dimension: view.dimension } });
      return created;
    });
    return toActionView(row);
  }

  /** The team's actions, oldest first, a page at a time. */
  async list(principal: Principal, teamId: string, query: ListQuery): Promise<Page<ActionView>> {
    await requireActingOn(this.db.manager, this.teams, principal, teamId);
    const limit = query.limit ?? 50;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows: ActionRow[] = await this.db.query(
      `SELECT ${ACTION_COLUMNS} FROM actions a
        WHERE a.org_id = $1 AND a.team_id = $2
          AND ($3::timestamptz IS NULL OR (a.created_at, a.id) > ($3::timestamptz, $4::uuid))
        ORDER BY a.created_at, a.id LIMIT $5`,
      [principal.orgId, teamId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(toActionView), nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), last.id) : null };
  }

  async get(principal: Principal, id: string): Promise<ActionView> {
    return toActionView(await this.findActing(principal, id));
  }

  /** Changes only the fields given; null clears detail, dueOn or note. */
  async update(principal: Principal, id: string, input: UpdateActionDto): Promise<ActionView> {
    await this.findActing(principal, id);
    const has = (field: keyof UpdateActionDto) => input[field] !== undefined;
    const row = await inTransaction(this.db, async ({ manager }) => {
      const [[updated]]: [ActionRow[]] = await manager.query(
      `UPDATE actions a SET
          title = CASE WHEN $3 THEN $4 ELSE a.title END,
          detail = CASE WHEN $5 THEN $6 ELSE a.detail END,
          due_on = CASE WHEN $7 THEN $8::date ELSE a.due_on END,
          status = CASE WHEN $9 THEN $10 ELSE a.status END,
          note = CASE WHEN $11 THEN $12 ELSE a.note END,
          updated_at = now()
        WHERE a.id = $1 AND a.org_id = $2
        RETURNING ${ACTION_COLUMNS}`,
      [
        id, principal.orgId,
        has('title'), input.title ?? null,
        has('detail'), input.detail ?? null,
        has('dueOn'), input.dueOn ?? null,
        has('status'), input.status ?? null,
        has('note'), input.note ?? null,
      ],
      );
      if (!updated) throw new NotFoundError('action');
      const view = toActionView(updated);
      await recordAudit(manager, { orgId: principal.orgId, actor: principal, type: 'action.updated', subject: { kind: 'action', id, label: view.title }, detail: { ...input } });
      return updated;
    });
    return toActionView(row);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.findActing(principal, id);
    await this.db.query(`DELETE FROM actions WHERE id = $1 AND org_id = $2`, [id, principal.orgId]);
  }

  /** The action, if the caller may act on its team; 404 otherwise (another team's action is as unknown as a missing one). */
  private async findActing(principal: Principal, id: string): Promise<ActionRow> {
    const [row]: ActionRow[] = await this.db.query(`SELECT ${ACTION_COLUMNS} FROM actions a WHERE a.id = $1 AND a.org_id = $2`, [id, principal.orgId]);
    if (!row) throw new NotFoundError('action');
    const visible = await this.teams.visibleTeamIds(principal);
    if (visible && !visible.has(row.team_id)) throw new NotFoundError('action');
    return row;
  }
}
