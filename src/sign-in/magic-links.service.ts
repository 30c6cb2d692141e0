import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { randomToken, sha256 } from '../common/crypto';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';

export const MAGIC_LINK_MINUTES = 15;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface StaffAccount {
  orgId: string;
  userId: string;
  orgName: string;
  name: string;
}

/**
 * Single-use sign-in links: 256 random bits, only their SHA-256 stored, valid for 15 minutes.
 * One link names one user in one organization, so a person who is staff in two organizations
 * gets a link for each.
 */
@Injectable()
export class MagicLinksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
  ) {}

  /** Every organization in which this address is a user (hr_admin or manager). */
  async accountsFor(email: string, manager: EntityManager = this.db.manager): Promise<StaffAccount[]> {
    const rows: Array<{ org_id: string; user_id: string; org_name: string; name: string }> = await manager.query(
      `SELECT u.org_id, u.id AS user_id, o.name AS org_name, u.name
         FROM users u JOIN organizations o ON o.id = u.org_id
        WHERE u.email = $1 ORDER BY o.name, o.id`,
      [email.trim().toLowerCase()],
    );
    return rows.map((r) => ({ orgId: r.org_id, userId: r.user_id, orgName: r.org_name, name: r.name }));
  }

  /** Links issued to a user in the last 15 minutes (to cap how much mail one address can get). */
  async recentCount(manager: EntityManager, orgId: string, userId: string): Promise<number> {
    const [{ n }] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM magic_links WHERE org_id = $1 AND user_id = $2 AND created_at > now() - make_interval(mins => ${MAGIC_LINK_MINUTES})`,
      [orgId, userId],
    );
    return n;
  }

  /** A new link; the token is returned once and never stored. */
  async issue(manager: EntityManager, orgId: string, userId: string): Promise<{ id: string; token: string }> {
    const token = randomToken(32);
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO magic_links (org_id, user_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(mins => ${MAGIC_LINK_MINUTES})) RETURNING id`,
      [orgId, userId, sha256(token)],
    );
    return { id, token };
  }

  url(token: string): string {
    return `${this.config.publicUrl}/auth/magic/${token}`;
  }

  /** What the sign-in button page shows, without using the link up. */
  async peek(token: string): Promise<{ orgName: string; name: string; email: string } | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const rows: Array<{ org_name: string; name: string; email: string }> = await this.db.query(
      `SELECT o.name AS org_name, u.name, u.email
         FROM magic_links m
         JOIN users u ON u.id = m.user_id AND u.org_id = m.org_id
         JOIN organizations o ON o.id = m.org_id
        WHERE m.token_hash = $1 AND m.used_at IS NULL AND m.expires_at > now()`,
      [sha256(token)],
    );
    return rows[0] ? { orgName: rows[0].org_name, name: rows[0].name, email: rows[0].email } : null;
  }

  /** Uses the link up (once, before expiry) in the caller's transaction; null if it cannot be. */
  async consume(manager: EntityManager, token: string): Promise<{ orgId: string; userId: string } | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const [rows]: [Array<{ org_id: string; user_id: string }>] = await manager.query(
      `UPDATE magic_links SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING org_id, user_id`,
      [sha256(token)],
    );
    return rows[0] ? { orgId: rows[0].org_id, userId: rows[0].user_id } : null;
  }

  /** `cli login-link`: a fresh link for each organization in which the address is a user. */
  async issueForEmail(email: string): Promise<Array<{ orgName: string; url: string }>> {
    return this.db.transaction(async (manager) => {
      const links: Array<{ orgName: string; url: string }> = [];
      for (const account of await this.accountsFor(email, manager)) {
        const { token } = await this.issue(manager, account.orgId, account.userId);
        links.push({ orgName: account.orgName, url: this.url(token) });
      }
      return links;
    });
  }
}
