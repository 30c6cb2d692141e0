import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing the loop (DESIGN.md §3, §5, §7): the actions a team agreed on, the follow-through
 * item that the team's next survey asks about them, the manager's mirror and the record of
 * results shared back with a team.
 *
 * `follow_through` sits in no survey dimension: its `dimension` names itself (as `recommend`
 * has 'enps'), so scoring treats it as a one-item dimension of its own, kept out of the index.
 * Nobody picks it for a campaign: it is added at open to the campaigns of teams with actions
 * from an earlier campaign, and asked only of those teams' members
 * (`campaigns.follow_through_team_ids`, the invitation teams that see it).
 */
export class CloseTheLoop1764048000000 implements MigrationInterface {
  name = 'CloseTheLoop1764048000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO questions (key, dimension, text, scale, reverse, position)
       VALUES ('follow_through', 'follow_through', 'We followed through on what we agreed after our last survey.', 'agree7', false, 26)`,
    );
    await q.query(`ALTER TABLE campaigns ADD COLUMN follow_through_team_ids uuid[] NOT NULL DEFAULT '{}'`);

    await q.query(`
      CREATE TABLE actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        team_id uuid NOT NULL,
        campaign_id uuid,
        dimension text NOT NULL CHECK (dimension IN ('psychological_safety', 'trust', 'learning', 'repair', 'co_creation')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        detail text CHECK (length(detail) <= 2000),
        due_on date,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
        note text CHECK (length(note) <= 2000),
        created_by uuid,
        created_by_name text NOT NULL,
        -- The campaign that asked the team whether this was followed through (set at its open).
        follow_through_campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, campaign_id) REFERENCES campaigns (org_id, id) ON DELETE SET NULL (campaign_id),
        FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id) ON DELETE SET NULL (created_by)
      )`);
    await q.query(`CREATE INDEX actions_team_idx ON actions (team_id, created_at)`);
    await q.query(`CREATE INDEX actions_awaiting_idx ON actions (org_id, team_id) WHERE campaign_id IS NOT NULL AND follow_through_campaign_id IS NULL`);

    // The manager's expectation of the team's answers: a table of its own, never read by
    // scoring and never joined with responses. answers: { questionKey: value }.
    await q.query(`
      CREATE TABLE mirrors (
        org_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        team_id uuid NOT NULL,
        user_id uuid NOT NULL,
        answers jsonb NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, team_id, user_id),
        FOREIGN KEY (org_id, campaign_id) REFERENCES campaigns (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
      )`);

    // One share per team and campaign, ever: the unique key is what makes a second share send nothing.
    await q.query(`
      CREATE TABLE result_shares (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        team_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        message text CHECK (length(message) <= 2000),
        shared_by uuid,
        shared_by_name text NOT NULL,
        recipients integer NOT NULL,
        shared_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (team_id, campaign_id),
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, campaign_id) REFERENCES campaigns (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, shared_by) REFERENCES users (org_id, id) ON DELETE SET NULL (shared_by)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE result_shares, mirrors, actions`);
    await q.query(`ALTER TABLE campaigns DROP COLUMN follow_through_team_ids`);
    await q.query(`DELETE FROM questions WHERE key = 'follow_through'`);
  }
}
