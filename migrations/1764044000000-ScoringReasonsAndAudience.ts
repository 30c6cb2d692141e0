import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What scoring now records beside its numbers (DESIGN.md §4.8 and §5, API.md "Results"):
 * - why each hidden number is hidden (`hidden_reason`: few_answers, protects_smaller_group,
 *   pooled_upward, roster_change), for the group, its counts, eNPS, each dimension, each
 *   question and each question's distribution;
 * - `pooled_into`: the team whose group a team invited below the threshold was counted in;
 * - `rounded`: the group's roster changed by fewer than threshold people since its previous
 *   reported campaign, so its scores are whole numbers;
 * - `composition`: which teams' people a group holds (md5 of their sorted ids), so a delta
 *   compares a group only with the same people's group; `audience_is_organization` on the
 *   organization row: the campaign asked the whole organization.
 * Rows scored before this migration get their composition here; the rest stays null until
 * they are scored again.
 *
 * Scoring joins its rows by (campaign, scope, team) where the organization has no team; the
 * expression indexes on coalesce(team_id, zero uuid) let those joins use an index (a join on
 * IS NOT DISTINCT FROM cannot), since rows written in the same transaction have stale estimates.
 */
export class ScoringReasonsAndAudience1764044000000 implements MigrationInterface {
  name = 'ScoringReasonsAndAudience1764044000000';

  async up(q: QueryRunner): Promise<void> {
    const reason = `text CHECK (%I IN ('few_answers', 'protects_smaller_group', 'pooled_upward', 'roster_change'))`;
    const col = (name: string) => `ADD COLUMN ${name} ${reason.replace('%I', name)}`;
    await q.query(`
      ALTER TABLE group_results
        ${col('hidden_reason')}, ${col('counts_hidden_reason')}, ${col('enps_hidden_reason')},
        ADD COLUMN pooled_into uuid,
        ADD COLUMN rounded boolean NOT NULL DEFAULT false,
        ADD COLUMN composition text,
        ADD COLUMN audience_is_organization boolean`);
    await q.query(`ALTER TABLE group_scores ${col('hidden_reason')}`);
    const team = `coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid)`;
    await q.query(`CREATE INDEX group_scores_group_idx ON group_scores (campaign_id, scope, (${team}), dimension)`);
    await q.query(`CREATE INDEX group_results_group_idx ON group_results (campaign_id, scope, (${team}))`);
    await q.query(`CREATE INDEX group_results_team_group_idx ON group_results ((${team}), scope)`);
    await q.query(`ALTER TABLE question_scores ${col('hidden_reason')}, ${col('distribution_hidden_reason')}`);
    await q.query(`
      WITH RECURSIVE tree AS (
        SELECT c.id AS campaign_id, (e->>'id')::uuid AS team_id, (e->>'parentId')::uuid AS parent_id
          FROM campaigns c, jsonb_array_elements(coalesce(c.team_tree, '[]'::jsonb)) e
         WHERE c.status = 'scored'),
      up AS (
        SELECT campaign_id, team_id, team_id AS ancestor_id FROM tree
        UNION
        SELECT u.campaign_id, u.team_id, t.parent_id
          FROM up u JOIN tree t ON t.campaign_id = u.campaign_id AND t.team_id = u.ancestor_id
         WHERE t.parent_id IS NOT NULL),
      composition AS (
        SELECT campaign_id, 'subtree' AS scope, ancestor_id AS team_id, md5(string_agg(team_id::text, ',' ORDER BY team_id)) AS c
          FROM up GROUP BY campaign_id, ancestor_id
        UNION ALL
        SELECT campaign_id, 'direct', team_id, md5(team_id::text) FROM tree
        UNION ALL
        SELECT campaign_id, 'org', NULL, md5(string_agg(team_id::text, ',' ORDER BY team_id)) FROM tree GROUP BY campaign_id)
      UPDATE group_results g SET composition = x.c
        FROM composition x
       WHERE g.campaign_id = x.campaign_id AND g.scope = x.scope AND g.team_id IS NOT DISTINCT FROM x.team_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX group_scores_group_idx, group_results_group_idx, group_results_team_group_idx`);
    await q.query(`ALTER TABLE question_scores DROP COLUMN hidden_reason, DROP COLUMN distribution_hidden_reason`);
    await q.query(`ALTER TABLE group_scores DROP COLUMN hidden_reason`);
    await q.query(`
      ALTER TABLE group_results DROP COLUMN hidden_reason, DROP COLUMN counts_hidden_reason, DROP COLUMN enps_hidden_reason,
        DROP COLUMN pooled_into, DROP COLUMN rounded, DROP COLUMN composition, DROP COLUMN audience_is_organization`);
  }
}
