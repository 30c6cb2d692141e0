import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoring output (DESIGN.md §5), written only by the scoring worker, deleted and re-inserted
 * per campaign in one transaction. A group is (scope, team_id): scope 'org' (team_id NULL),
 * 'subtree' (a team over its whole frozen subtree) or 'direct' (a team's own members, only for
 * teams that have members and children).
 *
 * Suppression is decided at scoring time and stored: a suppressed metric has `suppressed`
 * true and NULL numbers (its n is kept, it is not shown), so no reader can ever see or
 * subtract what the worker hid. Numbers are stored unrounded (6 decimals); readers round.
 */
export class Scoring1764043600000 implements MigrationInterface {
  name = 'Scoring1764043600000';

  async up(q: QueryRunner): Promise<void> {
    // One row per campaign and group: participation, whole-group suppression, index, eNPS.
    await q.query(`
      CREATE TABLE group_results (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('org', 'subtree', 'direct')),
        team_id uuid,
        position integer NOT NULL,
        invited integer NOT NULL,
        responded integer NOT NULL,
        suppressed boolean NOT NULL,
        index numeric,
        enps_n integer,
        enps_suppressed boolean,
        enps numeric,
        CHECK ((scope = 'org') = (team_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX group_results_key ON group_results (campaign_id, scope, team_id) NULLS NOT DISTINCT`);
    await q.query(`CREATE INDEX group_results_team_idx ON group_results (team_id, scope)`);

    // One row per campaign, group and asked dimension.
    await q.query(`
      CREATE TABLE group_scores (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('org', 'subtree', 'direct')),
        team_id uuid,
        dimension text NOT NULL,
        n integer NOT NULL,
        suppressed boolean NOT NULL,
        score numeric,
        sd numeric,
        ci_low numeric,
        ci_high numeric,
        favorable numeric,
        neutral numeric,
        unfavorable numeric,
        previous_campaign_id uuid,
        delta numeric,
        significant boolean
      )`);
    await q.query(`CREATE UNIQUE INDEX group_scores_key ON group_scores (campaign_id, scope, team_id, dimension) NULLS NOT DISTINCT`);
    await q.query(`CREATE INDEX group_scores_team_idx ON group_scores (team_id, scope, dimension)`);

    // One row per campaign, group and asked question; distribution is raw (before reverse keying).
    await q.query(`
      CREATE TABLE question_scores (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('org', 'subtree', 'direct')),
        team_id uuid,
        question_key text NOT NULL,
        dimension text NOT NULL,
        n integer NOT NULL,
        suppressed boolean NOT NULL,
        mean numeric,
        favorable numeric,
        distribution integer[] NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX question_scores_key ON question_scores (campaign_id, scope, team_id, question_key) NULLS NOT DISTINCT`);

    // Cronbach's alpha per campaign and asked agreement dimension, over all respondents.
    await q.query(`
      CREATE TABLE campaign_reliability (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        dimension text NOT NULL,
        items integer NOT NULL,
        complete_cases integer NOT NULL,
        alpha numeric,
        PRIMARY KEY (campaign_id, dimension)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_reliability, question_scores, group_scores, group_results`);
  }
}
