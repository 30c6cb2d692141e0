import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { sha256 } from '../common/crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { ApiKey } from './api-key.entity';
import { Principal, Role } from './principal';

const KEY_FORMAT = /^rpk_[A-Za-z0-9_-]{43}$/;

@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `rpk_` + 256 random bits; only its hash is kept. In the caller's transaction, so the caller
   * records it in the audit trail with it. FOR SHARE on the user: a removal running now waits,
   * then deletes the new key with the user.
   */
  async create(manager: EntityManager, orgId: string, userId: string, label: string | null): Promise<{ id: string; key: string; email: string }> {
    const key = `rpk_${randomBytes(32).toString('base64url')}`;
    const [user] = await manager.query<{ email: string }[]>(`SELECT email FROM users WHERE id = $1 AND org_id = $2 FOR SHARE`, [userId, orgId]);
    if (!user) throw new NotFoundError('user');
    const saved = await manager.getRepository(ApiKey).save({ orgId, userId, keyHash: sha256(key), label });
    return { id: saved.id, key, email: user.email };
  }

  /** Revokes in the caller's transaction; `revokedNow` is false when the key already was. */
  async revoke(manager: EntityManager, orgId: string, id: string): Promise<{ label: string | null; email: string; revokedNow: boolean }> {
    const [key] = await manager.query<{ label: string | null; revoked_at: Date | null; email: string }[]>(
      `SELECT k.label, k.revoked_at, u.email FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.id = $1 AND k.org_id = $2 FOR UPDATE OF k`,
      [id, orgId],
    );
    if (!key) throw new NotFoundError('API key');
    if (!key.revoked_at) await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [id]);
    return { label: key.label, email: key.email, revokedNow: !key.revoked_at };
  }

  async authenticate(key: string): Promise<Principal | null> {
    if (!KEY_FORMAT.test(key)) return null;
    const rows: Array<{ key_id: string; stale: boolean } & Record<'user_id' | 'org_id' | 'email' | 'name', string> & { role: Role }> =
      await this.db.query(
        `SELECT k.id AS key_id, u.id AS user_id, u.org_id, u.role, u.email, u.name,
                (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
           FROM api_keys k JOIN users u ON u.id = k.user_id AND u.org_id = k.org_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
        [sha256(key)],
      );
    const row = rows[0];
    if (!row) return null;
    // Recording every use would be a write per request; a minute's resolution is enough.
    if (row.stale) await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.key_id]);
    return { userId: row.user_id, orgId: row.org_id, role: row.role, email: row.email, name: row.name };
  }
}
