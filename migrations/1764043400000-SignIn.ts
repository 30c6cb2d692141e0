import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in for staff by magic link, and the server-side sessions it starts. Only the SHA-256
 * of a link's token or a session's cookie value is stored; the secrets themselves exist only
 * in the mail (the link) and the browser (the cookie). A link is single-use (`used_at`) and
 * short-lived (`expires_at`); a session can be revoked (`revoked_at`) before it expires.
 */
export class SignIn1764043400000 implements MigrationInterface {
  name = 'SignIn1764043400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE magic_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        user_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX magic_links_user_idx ON magic_links (user_id, created_at)`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        user_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions, magic_links`);
  }
}
