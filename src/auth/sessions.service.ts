import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { randomToken, sha256 } from '../common/crypto';
import { RETURN_COOKIE } from '../common/html-error.filter';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { Principal, Role } from './principal';

export const SESSION_COOKIE = 'rapport_session';
export const SESSION_HOURS = 12;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface WebSession {
  id: string;
  principal: Principal;
  orgName: string;
  /** The organization's IANA timezone: pages show dates as people there read them. */
  orgTimeZone: string;
  expiresAt: Date;
}

/**
 * Server-side sessions for staff pages. The cookie holds 256 random bits; the database only
 * their SHA-256, so a leaked table opens no session. Sessions end at expiry, at sign-out, or
 * when revoked (one, or all of a user's).
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
  ) {}

  /** Starts a session (in the caller's transaction) and returns the cookie value. */
  async create(manager: EntityManager, orgId: string, userId: string): Promise<string> {
    const token = randomToken(32);
    await manager.query(
      `INSERT INTO sessions (org_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => ${SESSION_HOURS}))`,
      [orgId, userId, sha256(token)],
    );
    return token;
  }

  async resolve(token: string | undefined): Promise<WebSession | null> {
    if (!token || !TOKEN_FORMAT.test(token)) return null;
    const rows: Array<{ id: string; expires_at: Date; user_id: string; org_id: string; role: Role; email: string; name: string; org_name: string; org_timezone: string }> =
      await this.db.query(
        `SELECT s.id, s.expires_at, u.id AS user_id, u.org_id, u.role, u.email, u.name, o.name AS org_name, o.timezone AS org_timezone
           FROM sessions s
           JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id
           JOIN organizations o ON o.id = s.org_id
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
        [sha256(token)],
      );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      expiresAt: r.expires_at,
      orgName: r.org_name,
      orgTimeZone: r.org_timezone,
      principal: { userId: r.user_id, orgId: r.org_id, role: r.role, email: r.email, name: r.name },
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`, [sessionId]);
  }

  /** Signs a user out everywhere (for example when their access is withdrawn). */
  async revokeAllForUser(orgId: string, userId: string): Promise<number> {
    const [, affected] = await this.db.query<[unknown, number]>(
      `UPDATE sessions SET revoked_at = now() WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [orgId, userId],
    );
    return affected;
  }

  setCookie(reply: FastifyReply, token: string): void {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.env === 'production',
      maxAge: SESSION_HOURS * 3600,
    });
  }

  /** The page (a dashboard link from a summary email) to return to after sign-in. */
  rememberReturnPath(reply: FastifyReply, path: string): void {
    reply.setCookie(RETURN_COOKIE, path, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.config.env === 'production', maxAge: 3600 });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.config.env === 'production' });
  }
}
