import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, staff (users and their API keys), the team tree and the members who answer.
 * created_at has millisecond precision so it round-trips through list cursors exactly.
 * Every tenant-owned table carries org_id, and composite foreign keys on (org_id, id) make a
 * cross-organization reference impossible even by a bug in a query.
 */
export class PeopleAndAccess1764043200000 implements MigrationInterface {
  name = 'PeopleAndAccess1764043200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        anonymity_threshold integer NOT NULL DEFAULT 5 CHECK (anonymity_threshold BETWEEN 3 AND 50),
        timezone text NOT NULL DEFAULT 'UTC',
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('hr_admin', 'manager')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (org_id, email),
        UNIQUE (org_id, id)
      )`);
    await q.query(`CREATE INDEX users_email_idx ON users (email)`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        user_id uuid NOT NULL,
        key_hash bytea NOT NULL UNIQUE,
        label text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        parent_id uuid,
        archived_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        FOREIGN KEY (org_id, parent_id) REFERENCES teams (org_id, id),
        CHECK (parent_id IS DISTINCT FROM id)
      )`);
    // Team names identify teams in CSV imports, so live names are unique per organization.
    await q.query(`CREATE UNIQUE INDEX teams_live_name_key ON teams (org_id, lower(name)) WHERE archived_at IS NULL`);
    await q.query(`CREATE INDEX teams_parent_idx ON teams (org_id, parent_id)`);
    await q.query(`
      CREATE TABLE team_managers (
        org_id uuid NOT NULL,
        team_id uuid NOT NULL,
        user_id uuid NOT NULL,
        PRIMARY KEY (team_id, user_id),
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX team_managers_user_idx ON team_managers (user_id)`);
    await q.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        team_id uuid NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        name text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX members_active_email_key ON members (org_id, email) WHERE active`);
    await q.query(`CREATE INDEX members_team_idx ON members (team_id) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE members, team_managers, teams, api_keys, users, organizations`);
  }
}
