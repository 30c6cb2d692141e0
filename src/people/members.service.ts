import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.events';
import { Principal } from '../auth/principal';
import { ConflictError, isUniqueViolation, NotFoundError } from '../common/errors';
import { ListQuery, paginate } from '../common/pagination';
import { inTransaction } from '../database/transaction';
import { assertEmailAllowed } from './email-domains';
import { CreateMemberDto } from './teams.dto';
import { TeamsService } from './teams.service';
import { Member } from './member.entity';

export function toMemberView(m: Member) {
  return { id: m.id, email: m.email, name: m.name, teamId: m.teamId, active: m.active };
}

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly teams: TeamsService,
  ) {}

  async add(actor: Principal, teamId: string, input: CreateMemberDto): Promise<Member> {
    const orgId = actor.orgId;
    return inTransaction(this.db, async ({ manager }) => {
      // FOR SHARE: an archive of this team running now waits for the new member, then sees it (409).
      const team = await this.teams.findLive(manager, orgId, teamId, undefined, 'pessimistic_read');
      await assertEmailAllowed(manager, orgId, input.email);
      try {
        const member = await manager.getRepository(Member).save({ orgId, teamId, email: input.email, name: input.name ?? null, active: true });
        await recordAudit(manager, {
          orgId,
          actor,
          type: 'member.added',
          subject: { kind: 'member', id: member.id, label: member.email },
          detail: { teamId, team: team.name },
        });
        return member;
      } catch (error) {
        if (isUniqueViolation(error, 'members_active_email_key')) {
          throw new ConflictError(`${input.email} is already an active member of this organization.`);
        }
        throw error;
      }
    });
  }

  async list(orgId: string, teamId: string, query: ListQuery) {
    await this.teams.findLive(this.db.manager, orgId, teamId);
    return paginate(
      this.db.getRepository(Member).createQueryBuilder('m').where('m.org_id = :orgId AND m.team_id = :teamId AND m.active', { orgId, teamId }),
      query,
    );
  }

  /** Deactivates; past responses stay, and were never linked to the member anyway. */
  async deactivate(actor: Principal, id: string): Promise<void> {
    await inTransaction(this.db, async ({ manager }) => {
      const [member] = await manager.query<{ email: string; team_id: string; active: boolean }[]>(`SELECT email, team_id, active FROM members WHERE id = $1 AND org_id = $2 FOR UPDATE`, [id, actor.orgId]);
      if (!member) throw new NotFoundError('member');
      if (!member.active) return;
      await manager.query(`UPDATE members SET active = false WHERE id = $1`, [id]);
      await recordAudit(manager, {
        orgId: actor.orgId,
        actor,
        type: 'member.deactivated',
        subject: { kind: 'member', id, label: member.email },
        detail: { teamId: member.team_id },
      });
    });
  }
}
