import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, recordAudit } from '../audit/audit.events';
import { ApiKeysService } from '../auth/api-keys.service';
import { Principal } from '../auth/principal';
import { ConflictError, isUniqueViolation, NotFoundError } from '../common/errors';
import { ListQuery, paginate } from '../common/pagination';
import { inTransaction } from '../database/transaction';
import { OutboxService } from '../mail/outbox.service';
import { assertEmailAllowed } from './email-domains';
import { lockOrganizationTree } from './teams.service';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { User } from './user.entity';

const LAST_ADMIN = 'This is the organization’s last HR admin; make someone else an HR admin first.';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * The user and their invitation mail in one transaction, so a refused request (a taken
   * address is a 409) mails nothing; the user's id as dedupe key makes it one mail per user.
   */
  async create(actor: Principal, input: CreateUserDto): Promise<User> {
    try {
      return await inTransaction(this.db, async (tx) => {
        const { manager } = tx;
        await assertEmailAllowed(manager, actor.orgId, input.email);
        const user = await manager.getRepository(User).save({ orgId: actor.orgId, ...input });
        await recordAudit(manager, { orgId: actor.orgId, actor, type: 'user.created', subject: subjectOf(user), detail: { role: user.role } });
        await this.outbox.write(tx, [
          {
            orgId: actor.orgId,
            kind: 'user_invitation',
            recipient: user.email,
            payload: { userId: user.id, invitedByName: actor.name, invitedByEmail: actor.email },
            dedupeKey: `user-invitation-${user.id}`,
          },
        ]);
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A user with the email ${input.email} already exists.`);
      throw error;
    }
  }

  list(orgId: string, query: ListQuery) {
    return paginate(this.db.getRepository(User).createQueryBuilder('u').where('u.org_id = :orgId', { orgId }), query);
  }

  async get(orgId: string, id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOneBy({ id, orgId });
    if (!user) throw new NotFoundError('user');
    return user;
  }

  /** Name and role; a change that would leave the organization without an HR admin is a 409. */
  async update(actor: Principal, id: string, input: UpdateUserDto): Promise<User> {
    return inTransaction(this.db, async ({ manager }) => {
      const user = await this.lockForChange(manager, actor.orgId, id);
      const changes: Partial<Pick<User, 'name' | 'role'>> = {};
      if (input.name !== undefined && input.name !== user.name) changes.name = input.name;
      if (input.role !== undefined && input.role !== user.role) changes.role = input.role;
      if (Object.keys(changes).length === 0) return user;
      if (user.role === 'hr_admin' && changes.role) await this.assertAnotherAdmin(manager, actor.orgId, id);
      await manager.getRepository(User).update({ id, orgId: actor.orgId }, changes);
      await recordAudit(manager, { orgId: actor.orgId, actor, type: 'user.updated', subject: subjectOf(user), detail: changes });
      return { ...user, ...changes };
    });
  }

  /**
   * Removes a user: the row goes, and with it (ON DELETE CASCADE) every API key, session,
   * sign-in link and team-manager link, in one transaction, so nothing of theirs works a moment
   * later and their address can no longer ask for a sign-in link.
   */
  async remove(actor: Principal, id: string): Promise<void> {
    await inTransaction(this.db, async ({ manager }) => {
      const user = await this.lockForChange(manager, actor.orgId, id);
      if (user.role === 'hr_admin') await this.assertAnotherAdmin(manager, actor.orgId, id);
      await manager.query(`DELETE FROM users WHERE id = $1 AND org_id = $2`, [id, actor.orgId]);
      await recordAudit(manager, { orgId: actor.orgId, actor, type: 'user.removed', subject: subjectOf(user), detail: { role: user.role } });
    });
  }

  /** A new API key for a user, recorded in the audit trail; `actor` null is the command line. */
  async createApiKey(actor: AuditActor | null, orgId: string, userId: string, label: string | null, manager?: EntityManager): Promise<{ id: string; key: string }> {
    if (!manager) return inTransaction(this.db, (tx) => this.createApiKey(actor, orgId, userId, label, tx.manager));
    const created = await this.apiKeys.create(manager, orgId, userId, label);
    await recordAudit(manager, { orgId, actor, type: 'api_key.created', subject: keySubject(created.id, label, created.email) });
    return { id: created.id, key: created.key };
  }

  /** The key stops working at once (the next request with it is a 401). */
  async revokeApiKey(actor: Principal, id: string): Promise<void> {
    await inTransaction(this.db, async ({ manager }) => {
      const key = await this.apiKeys.revoke(manager, actor.orgId, id);
      if (key.revokedNow) await recordAudit(manager, { orgId: actor.orgId, actor, type: 'api_key.revoked', subject: keySubject(id, key.label, key.email) });
    });
  }

  /**
   * `cli api-key`: a new key for an existing user found by address (a lost key is replaced,
   * never recovered). An address that is a user in several organizations needs the organization's name.
   */
  async createApiKeyForEmail(email: string, label: string | null, orgName?: string): Promise<{ orgName: string; key: string }> {
    const users: Array<{ id: string; org_id: string; org_name: string }> = await this.db.query(
      `SELECT u.id, u.org_id, o.name AS org_name FROM users u JOIN organizations o ON o.id = u.org_id
        WHERE u.email = $1 AND ($2::text IS NULL OR o.name = $2)`,
      [email, orgName ?? null],
    );
    if (users.length === 0) throw new NotFoundError(`user with the email ${email}${orgName ? ` in "${orgName}"` : ''}`);
    if (users.length > 1) throw new ConflictError(`${email} is a user in ${users.length} organizations; name one with --org`);
    const { key } = await this.createApiKey(null, users[0].org_id, users[0].id, label);
    return { orgName: users[0].org_name, key };
  }

  /**
   * Changes to users' roles are serialized per organization (the organization row lock), so two
   * requests removing each of the last two HR admins cannot both see "another admin remains".
   */
  private async lockForChange(manager: EntityManager, orgId: string, id: string): Promise<User> {
    await lockOrganizationTree(manager, orgId);
    const user = await manager.getRepository(User).findOneBy({ id, orgId });
    if (!user) throw new NotFoundError('user');
    return user;
  }

  private async assertAnotherAdmin(manager: EntityManager, orgId: string, exceptId: string): Promise<void> {
    const [{ others }] = await manager.query<{ others: number }[]>(
      `SELECT count(*)::int AS others FROM users WHERE org_id = $1 AND role = 'hr_admin' AND id <> $2`,
      [orgId, exceptId],
    );
    if (others === 0) throw new ConflictError(LAST_ADMIN);
  }
}

function keySubject(id: string, label: string | null, email: string) {
  return { kind: 'api_key', id, label: label ? `${label} (${email})` : email };
}

function subjectOf(user: User) {
  return { kind: 'user', id: user.id, label: user.email };
}
