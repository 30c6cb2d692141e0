import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit.events';
import { Principal } from '../auth/principal';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationFailedError } from '../common/errors';
import { ListQuery, Page, paginate } from '../common/pagination';
import { inTransaction } from '../database/transaction';
import { CreateTeamDto, TeamView, UpdateTeamDto } from './teams.dto';
import { Team } from './team.entity';

/** Team ids a manager may read: the teams they manage and all their live descendants. */
export const MANAGED_SUBTREE_SQL = `
  WITH RECURSIVE scope AS (
    SELECT t.id FROM teams t JOIN team_managers tm ON tm.team_id = t.id
     WHERE tm.user_id = $2 AND t.org_id = $1 AND t.archived_at IS NULL
    UNION
    SELECT c.id FROM teams c JOIN scope s ON c.parent_id = s.id
     WHERE c.org_id = $1 AND c.archived_at IS NULL
  ) SELECT id FROM scope`;

/**
 * Serializes changes to one organization's tree so two moves cannot form a cycle together.
 * NO KEY UPDATE, not UPDATE: inserting a team or user checks its foreign key to the
 * organization with KEY SHARE, which FOR UPDATE would block (and deadlock against `archive`).
 */
export async function lockOrganizationTree(manager: EntityManager, orgId: string): Promise<void> {
  await manager.query(`SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE`, [orgId]);
}

@Injectable()
export class TeamsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The live teams a principal may read, as a set of ids; null means "all of the organization". */
  async visibleTeamIds(principal: Principal): Promise<Set<string> | null> {
    if (principal.role === 'hr_admin') return null;
    const rows: Array<{ id: string }> = await this.db.query(MANAGED_SUBTREE_SQL, [principal.orgId, principal.userId]);
    return new Set(rows.map((r) => r.id));
  }

  async list(principal: Principal, query: ListQuery): Promise<Page<TeamView>> {
    const qb = this.db
      .getRepository(Team)
      .createQueryBuilder('t')
      .where('t.org_id = :orgId AND t.archived_at IS NULL', { orgId: principal.orgId });
    if (principal.role !== 'hr_admin') {
      qb.andWhere(`t.id IN (${MANAGED_SUBTREE_SQL.replace(/\$1/g, ':orgId').replace(/\$2/g, ':userId')})`, {
        userId: principal.userId,
      });
    }
    const page = await paginate(qb, query);
    return { items: await this.withManagers(page.items), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<TeamView> {
    const visible = await this.visibleTeamIds(principal);
    if (visible && !visible.has(id)) throw new NotFoundError('team');
    const [team] = await this.withManagers([await this.findLive(this.db.manager, principal.orgId, id)]);
    return team;
  }

  async create(actor: Principal, input: CreateTeamDto): Promise<TeamView> {
    const orgId = actor.orgId;
    const id = await inTransaction(this.db, async ({ manager }) => {
      // FOR SHARE: an archive of the parent running now waits for this child, then sees it (409).
      if (input.parentId) await this.findLive(manager, orgId, input.parentId, 'parentId', 'pessimistic_read');
      const team = await this.saveUnique(manager, { orgId, name: input.name, parentId: input.parentId ?? null });
      await this.replaceManagers(manager, orgId, team.id, input.managerIds ?? []);
      await recordAudit(manager, {
        orgId,
        actor,
        type: 'team.created',
        subject: { kind: 'team', id: team.id, label: team.name },
        detail: { parentId: team.parentId, managerIds: input.managerIds ?? [] },
      });
      return team.id;
    });
    return this.getUnscoped(orgId, id);
  }

  async update(actor: Principal, id: string, input: UpdateTeamDto): Promise<TeamView> {
    const orgId = actor.orgId;
    await inTransaction(this.db, async ({ manager }) => {
      await lockOrganizationTree(manager, orgId);
      const team = await this.findLive(manager, orgId, id);
      if (input.parentId !== undefined && input.parentId !== team.parentId) {
        if (input.parentId !== null) {
          await this.findLive(manager, orgId, input.parentId, 'parentId');
          if (await this.isInSubtree(manager, orgId, id, input.parentId)) {
            throw new ConflictError('A team cannot be moved under itself or one of its own descendants.');
          }
        }
        team.parentId = input.parentId;
      }
      const renamedFrom = input.name !== undefined && input.name !== team.name ? team.name : undefined;
      if (input.name !== undefined) team.name = input.name;
      await this.saveUnique(manager, team);
      if (input.managerIds) await this.replaceManagers(manager, orgId, id, input.managerIds);
      await recordAudit(manager, {
        orgId,
        actor,
        type: 'team.updated',
        subject: { kind: 'team', id, label: team.name },
        detail: { ...input, ...(renamedFrom !== undefined ? { renamedFrom } : {}) },
      });
    });
    return this.getUnscoped(orgId, id);
  }

  /** Archives; refused while the team still has live child teams or active members. */
  async archive(actor: Principal, id: string): Promise<void> {
    const orgId = actor.orgId;
    await inTransaction(this.db, async ({ manager }) => {
      await lockOrganizationTree(manager, orgId);
      // FOR UPDATE before counting: a child team or member being added under this team holds
      // FOR SHARE on it, so we count only once those writes have committed or rolled back.
      const team = await this.findLive(manager, orgId, id, undefined, 'pessimistic_write');
      const [{ children, members }] = await manager.query<{ children: number; members: number }[]>(
        `SELECT (SELECT count(*)::int FROM teams WHERE parent_id = $1 AND archived_at IS NULL) AS children,
                (SELECT count(*)::int FROM members WHERE team_id = $1 AND active) AS members`,
        [id],
      );
      if (children > 0 || members > 0) {
        throw new ConflictError(
          `The team still has ${children} active child team(s) and ${members} active member(s); move or remove them first.`,
        );
      }
      await manager.query(`UPDATE teams SET archived_at = now() WHERE id = $1`, [id]);
      await recordAudit(manager, { orgId, actor, type: 'team.archived', subject: { kind: 'team', id, label: team.name } });
    });
  }

  /** `lock` needs a transaction; see `archive` for why adding under a team takes FOR SHARE. */
  async findLive(
    manager: EntityManager,
    orgId: string,
    id: string,
    field?: string,
    lock?: 'pessimistic_read' | 'pessimistic_write',
  ): Promise<Team> {
    const team = await manager.getRepository(Team).findOne({ where: { id, orgId }, ...(lock ? { lock: { mode: lock } } : {}) });
    if (!team || team.archivedAt) {
      if (field) throw new ValidationFailedError([{ field, message: `${field} does not name an active team` }]);
      throw new NotFoundError('team');
    }
    return team;
  }

  private async getUnscoped(orgId: string, id: string): Promise<TeamView> {
    const [team] = await this.withManagers([await this.findLive(this.db.manager, orgId, id)]);
    return team;
  }

  private async isInSubtree(manager: EntityManager, orgId: string, rootId: string, candidateId: string) {
    const rows = await manager.query<unknown[]>(
      `WITH RECURSIVE sub AS (
         SELECT id FROM teams WHERE id = $2 AND org_id = $1
         UNION SELECT c.id FROM teams c JOIN sub ON c.parent_id = sub.id WHERE c.org_id = $1
       ) SELECT 1 FROM sub WHERE id = $3`,
      [orgId, rootId, candidateId],
    );
    return rows.length > 0;
  }

  private async saveUnique(manager: EntityManager, team: Partial<Team>): Promise<Team> {
    try {
      return await manager.getRepository(Team).save(team);
    } catch (error) {
      if (isUniqueViolation(error, 'teams_live_name_key')) throw new ConflictError(`A team named "${team.name}" already exists.`);
      throw error;
    }
  }

  private async replaceManagers(manager: EntityManager, orgId: string, teamId: string, userIds: string[]) {
    if (userIds.length > 0) {
      const found: Array<{ id: string }> = await manager.query(`SELECT id FROM users WHERE org_id = $1 AND id = ANY($2::uuid[])`, [
        orgId,
        userIds,
      ]);
      const known = new Set(found.map((r) => r.id));
      const unknown = userIds.filter((u) => !known.has(u));
      if (unknown.length > 0) {
        throw new ValidationFailedError(unknown.map((u) => ({ field: 'managerIds', message: `${u} is not a user of this organization` })));
      }
    }
    await manager.query(`DELETE FROM team_managers WHERE team_id = $1`, [teamId]);
    if (userIds.length > 0) {
      await manager.query(
        `INSERT INTO team_managers (org_id, team_id, user_id) SELECT $1, $2, unnest($3::uuid[])`,
        [orgId, teamId, userIds],
      );
    }
  }

  private async withManagers(teams: Team[]): Promise<TeamView[]> {
    if (teams.length === 0) return [];
    const rows: Array<{ team_id: string; user_id: string }> = await this.db.query(
      `SELECT team_id, user_id FROM team_managers WHERE team_id = ANY($1::uuid[]) ORDER BY user_id`,
      [teams.map((t) => t.id)],
    );
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      parentId: t.parentId,
      managerIds: rows.filter((r) => r.team_id === t.id).map((r) => r.user_id),
    }));
  }
}
