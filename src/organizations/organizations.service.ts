import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersService } from '../people/users.service';
import { Principal } from '../auth/principal';
import { recordAudit } from '../audit/audit.events';
import { NotFoundError } from '../common/errors';
import { inTransaction } from '../database/transaction';
import { User } from '../people/user.entity';
import { UpdateOrganizationDto } from './organizations.dto';
import { Organization } from './organization.entity';

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
  ) {}

  async get(orgId: string): Promise<Organization> {
    const org = await this.db.getRepository(Organization).findOneBy({ id: orgId });
    if (!org) throw new NotFoundError('organization');
    return org;
  }

  async any(): Promise<boolean> {
    return (await this.db.query<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM organizations) AS any`))[0].any;
  }

  async update(actor: Principal, changes: UpdateOrganizationDto): Promise<Organization> {
    const defined = Object.fromEntries(Object.entries(changes ?? {}).filter(([, value]) => value !== undefined));
    if (Object.keys(defined).length > 0) {
      await inTransaction(this.db, async ({ manager }) => {
        await manager.getRepository(Organization).update({ id: actor.orgId }, defined);
        const org = await manager.getRepository(Organization).findOneByOrFail({ id: actor.orgId });
        await recordAudit(manager, { orgId: actor.orgId, actor, type: 'org.updated', subject: { kind: 'organization', id: org.id, label: org.name }, detail: defined });
      });
    }
    return this.get(actor.orgId);
  }

  /** `cli init`: an organization, its first HR admin and that admin's first API key, together. */
  async createWithAdmin(input: { name: string; adminEmail: string; adminName: string; timezone?: string }) {
    return inTransaction(this.db, async (tx) => {
      const org = await tx.manager.getRepository(Organization).save({ name: input.name, timezone: input.timezone ?? 'UTC' });
      const admin = await tx.manager
        .getRepository(User)
        .save({ orgId: org.id, email: input.adminEmail, name: input.adminName, role: 'hr_admin' as const });
      await recordAudit(tx.manager, { orgId: org.id, actor: null, type: 'user.created', subject: { kind: 'user', id: admin.id, label: admin.email }, detail: { role: 'hr_admin' } });
      const { key } = await this.users.createApiKey(null, org.id, admin.id, 'created by init', tx.manager);
      return { orgId: org.id, userId: admin.id, apiKey: key };
    });
  }
}
