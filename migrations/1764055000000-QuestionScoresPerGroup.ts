import { MigrationInterface, QueryRunner } from 'typeorm';

const REASONS = `ARRAY['few_answers', 'protects_smaller_group', 'pooled_upward', 'roster_change']`;

/**
 * One stored row per group for its question scores instead of one per group and question: the
 * asked questions' figures as arrays in key order (`counts` holds each question's count of the
 * raw values 0–10: counts[question][value + 1]). Scoring wrote 48,024 rows for 2,001 groups,
 * each with its own heap tuple, key entry and foreign-key check, about 0.45 s of a 50k-response
 * job (bench/README.md, scoring); the same figures in 2,001 rows take about 0.05 s and a third
 * of the space. A team page reads one row instead of 24.
 *
 * The view `question_scores` gives the old shape back (one row per group and question, the
 * distribution as shown: values 1–7 of an agreement item, 0–10 of `recommend`), so every
 * reader keeps reading rows.
 */
export class QuestionScoresPerGroup1764055000000 implements MigrationInterface {
  name = 'QuestionScoresPerGroup1764055000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE group_question_scores (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('org', 'subtree', 'direct')),
        team_id uuid,
        question_keys text[] NOT NULL,
        n integer[] NOT NULL,
        suppressed boolean[] NOT NULL,
        mean numeric[] NOT NULL,
        favorable numeric[] NOT NULL,
        counts integer[] NOT NULL,
        hidden_reason text[] NOT NULL,
        distribution_hidden_reason text[] NOT NULL,
        CHECK ((scope = 'org') = (team_id IS NULL)),
        CHECK (array_ndims(question_keys) = 1 AND array_ndims(counts) = 2 AND array_length(counts, 2) = 11
               AND array_length(counts, 1) = cardinality(question_keys)
               AND cardinality(n) = cardinality(question_keys) AND cardinality(suppressed) = cardinality(question_keys)
               AND cardinality(mean) = cardinality(question_keys) AND cardinality(favorable) = cardinality(question_keys)
               AND cardinality(hidden_reason) = cardinality(question_keys)
               AND cardinality(distribution_hidden_reason) = cardinality(question_keys)),
        CHECK (array_remove(hidden_reason, NULL) <@ ${REASONS} AND array_remove(distribution_hidden_reason, NULL) <@ ${REASONS})
      )`);
    await q.query(`CREATE UNIQUE INDEX group_question_scores_key ON group_question_scores (campaign_id, scope, team_id) NULLS NOT DISTINCT`);
    // The stored distribution is as shown; its values before the first shown one are 0 (1 for agreement items).
    await q.query(`
      INSERT INTO group_question_scores (campaign_id, org_id, scope, team_id, question_keys, n, suppressed, mean, favorable, counts,
                                         hidden_reason, distribution_hidden_reason)
      SELECT s.campaign_id, s.org_id, s.scope, s.team_id, array_agg(s.question_key ORDER BY s.question_key), array_agg(s.n ORDER BY s.question_key),
             array_agg(s.suppressed ORDER BY s.question_key), array_agg(s.mean ORDER BY s.question_key), array_agg(s.favorable ORDER BY s.question_key),
             array_agg(CASE WHEN cardinality(s.distribution) = 11 THEN s.distribution ELSE 0 || s.distribution || '{0,0,0}'::int[] END ORDER BY s.question_key),
             array_agg(s.hidden_reason ORDER BY s.question_key), array_agg(s.distribution_hidden_reason ORDER BY s.question_key)
        FROM question_scores s
       GROUP BY s.campaign_id, s.org_id, s.scope, s.team_id`);
    await q.query(`DROP TABLE question_scores`);
    await q.query(`
      CREATE VIEW question_scores AS
      SELECT g.campaign_id, g.org_id, g.scope, g.team_id, x.question_key, q.dimension, x.n, x.suppressed, x.mean, x.favorable,
             ARRAY(SELECT unnest(CASE WHEN q.scale = 'nps11' THEN g.counts[x.i:x.i][1:11] ELSE g.counts[x.i:x.i][2:8] END)) AS distribution,
             x.hidden_reason, x.distribution_hidden_reason
        FROM group_question_scores g
       CROSS JOIN LATERAL unnest(g.question_keys, g.n, g.suppressed, g.mean, g.favorable, g.hidden_reason, g.distribution_hidden_reason)
               WITH ORDINALITY AS x(question_key, n, suppressed, mean, favorable, hidden_reason, distribution_hidden_reason, i)
        JOIN questions q ON q.key = x.question_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER VIEW question_scores RENAME TO question_scores_packed`);
    await q.query(`CREATE TABLE question_scores AS SELECT * FROM question_scores_packed`);
    await q.query(`DROP VIEW question_scores_packed`);
    await q.query(`DROP TABLE group_question_scores`);
    await q.query(`
      ALTER TABLE question_scores
        ALTER COLUMN campaign_id SET NOT NULL, ALTER COLUMN org_id SET NOT NULL, ALTER COLUMN scope SET NOT NULL,
        ALTER COLUMN question_key SET NOT NULL, ALTER COLUMN dimension SET NOT NULL, ALTER COLUMN n SET NOT NULL,
        ALTER COLUMN suppressed SET NOT NULL, ALTER COLUMN distribution SET NOT NULL,
        ADD FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE,
        ADD CHECK (scope IN ('org', 'subtree', 'direct')),
        ADD CHECK (hidden_reason = ANY (${REASONS})),
        ADD CHECK (distribution_hidden_reason = ANY (${REASONS}))`);
    await q.query(`CREATE UNIQUE INDEX question_scores_key ON question_scores (campaign_id, scope, team_id, question_key) NULLS NOT DISTINCT`);
  }
}
