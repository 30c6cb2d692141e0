import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { sha256 } from '../common/crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors';
import { AuditActor, recordAudit } from '../audit/audit.events';
import { inTransaction } from '../database/transaction';
import { ApiKey } from './api-key.entity';
import { Principal, Role } from './principal';

const KEY_FORMAT = /^rpk_[A-Za-z0-9_-]{43}$/;

export const hashSecret = (secret: string): Buffer => sha256(secret);

@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `rpk_` + 256 random bits; only its hash is kept. `actor` is who asked (null: the command line).
   * FOR SHARE on the user: a removal running now waits, then deletes the new key with the user.
   */
  async create(orgId: string, userId: string, label: string | null, actor: AuditActor | null, manager?: EntityManager): Promise<{ id: string; key: string }> {
    if (!manager) return inTransaction(this.db, (tx) => this.create(orgId, userId, label, actor, tx.manager));
    const key = `rpk_${randomBytes(32).toString('base64url')}`;
    const [user] = await manager.query(`SELECT email FROM users WHERE id = $1 AND org_id = $2 FOR SHARE`, [userId, orgId]);
    if (!user) throw new NotFoundError('user');
    const saved = await manager.getRepository(ApiKey).save({ orgId, userId, keyHash: hashSecret(key), label });
    await recordAudit(manager, {
      orgId,
      actor,
      type: 'api_key.created',
      subject: { kind: 'api_key', id: saved.id, label: label ? `${label} (${user.email})` : user.email },
    });
    return { id: saved.id, key };
  }

  /**
   * `cli api-key`: a new key for an existing user found by address (a lost key is replaced,
   * never recovered). An address that is a user in several organizations needs the organization's name.
   */
  async createForEmail(email: string, label: string | null, orgName?: string): Promise<{ orgName: string; key: string }> {
    const users: Array<{ id: string; org_id: string; org_name: string }> = await this.db.query(
      `SELECT u.id, u.org_id, o.name AS org_name FROM users u JOIN organizations o ON o.id = u.org_id
        WHERE u.email = $1 AND ($2::text IS NULL OR o.name = $2)`,
      [email, orgName ?? null],
    );
    if (users.length === 0) throw new NotFoundError(`user with the email ${email}${orgName ? ` in "${orgName}"` : ''}`);
    if (users.length > 1) throw new ConflictError(`${email} is a user in ${users.length} organizations; name one with --org`);
    const { key } = await this.create(users[0].org_id, users[0].id, label, null);
    return { orgName: users[0].org_name, key };
  }

  async revoke(actor: Principal, id: string): Promise<void> {
    await inTransaction(this.db, async ({ manager }) => {
      const [key] = await manager.query(
        `SELECT k.label, k.revoked_at, u.email FROM api_keys k JOIN users u ON u.id = k.user_id
          WHERE k.id = $1 AND k.org_id = $2 FOR UPDATE OF k`,
        [id, actor.orgId],
      );
      if (!key) throw new NotFoundError('API key');
      if (key.revoked_at) return;
      await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [id]);
      await recordAudit(manager, {
        orgId: actor.orgId,
        actor,
        type: 'api_key.revoked',
        subject: { kind: 'api_key', id, label: key.label ? `${key.label} (${key.email})` : key.email },
      });
    });
  }

  /** A user's keys that still work, for the console (the key itself is never kept). */
  async listLive(orgId: string): Promise<Array<{ id: string; userId: string; label: string | null; createdAt: Date; lastUsedAt: Date | null }>> {
    return this.db.query(
      `SELECT id, user_id AS "userId", label, created_at AS "createdAt", last_used_at AS "lastUsedAt"
         FROM api_keys WHERE org_id = $1 AND revoked_at IS NULL ORDER BY created_at`,
      [orgId],
    );
  }

  async authenticate(key: string): Promise<Principal | null> {
    if (!KEY_FORMAT.test(key)) return null;
    const rows: Array<{ key_id: string; stale: boolean } & Record<'user_id' | 'org_id' | 'email' | 'name', string> & { role: Role }> =
      await this.db.query(
        `SELECT k.id AS key_id, u.id AS user_id, u.org_id, u.role, u.email, u.name,
                (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
           FROM api_keys k JOIN users u ON u.id = k.user_id AND u.org_id = k.org_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
        [hashSecret(key)],
      );
    const row = rows[0];
    if (!row) return null;
    // Recording every use would be a write per request; a minute's resolution is enough.
    if (row.stale) await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.key_id]);
    return { userId: row.user_id, orgId: row.org_id, role: row.role, email: row.email, name: row.name };
  }
}
