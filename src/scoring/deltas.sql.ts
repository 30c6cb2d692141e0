/**
 * Deltas (DESIGN.md §5), derived from stored rows only, so they can be derived again for any
 * scored campaign whenever an earlier-closing one is scored: the order in which campaigns are
 * scored never changes a result.
 *
 * A group's previous campaign, per dimension: the latest earlier scored campaign of the
 * organization (by close time) that asked the same items of that dimension and holds the same
 * people's group: the same teams' people (`composition`), or, for the organization of a
 * whole-organization campaign, the organization of another. A group is never compared with a
 * different audience. The delta is null when either side is hidden or has no spread (n < 2).
 */

/**
 * The same group's team: equal, or both the organization (no team), as coalesce(team_id, zero
 * uuid), which the (campaign, scope, team) expression indexes of migration
 * 1764044000000-ScoringReasonsAndAudience serve. These rows were written in this same
 * transaction, so the planner's estimates for them are stale and every join must stay cheap
 * as a nested loop of index look-ups (IS NOT DISTINCT FROM can use no index).
 */
export const sameTeam = (a: string, b: string) =>
  `coalesce(${a}.team_id, '00000000-0000-0000-0000-000000000000') = coalesce(${b}.team_id, '00000000-0000-0000-0000-000000000000')`;

/**
 * Per dimension row of campaign $1: its previous campaign and both sides' numbers (significance
 * is decided in code: student-t.ts); with $2, only the rows that have a previous campaign.
 * Set-based: the candidate previous groups are joined in one go and the latest kept per row,
 * rather than a look-up per row.
 * - `candidates` is materialized: inlined, its test of the asked items ran once per row (10,000
 *   sorts of `questions` for 2,000 groups) instead of once per earlier campaign;
 * - a dimension row is looked up by its exact key, the team's own rows apart from the
 *   organization's (no team), which the unique key serves whatever the estimates (with a
 *   coalesce(team_id) condition, the planner could pick the unique key's (campaign, scope)
 *   prefix and scan every row of the scope per look-up: 4 s for 2,000 groups).
 * The campaign's own rows were written in this transaction: ScoringService analyzes the output
 * tables first (ANALYZE_GROUP_SCORES, ANALYZE_GROUP_RESULTS), or these joins are planned for
 * one row each.
 */
export const READ_DELTA_INPUTS = `
  WITH c AS (SELECT id, org_id, closes_at, created_at, question_keys FROM campaigns WHERE id = $1),
  dims AS (
    SELECT q.dimension, array_agg(q.key ORDER BY q.key) AS keys
      FROM c JOIN questions q ON q.key = ANY (c.question_keys) AND q.scale = 'agree7'
     GROUP BY q.dimension),
  candidates AS MATERIALIZED (
    SELECT d.dimension, pc.id, pc.closes_at, pc.created_at
      FROM dims d CROSS JOIN c
      JOIN campaigns pc ON pc.org_id = c.org_id AND pc.status = 'scored' AND pc.id <> c.id
                       AND (pc.closes_at, pc.created_at) < (c.closes_at, c.created_at)
     WHERE d.keys = ARRAY(SELECT q.key FROM questions q WHERE q.key = ANY (pc.question_keys) AND q.dimension = d.dimension ORDER BY q.key)),
  cur AS (
    SELECT s.scope, s.team_id, s.dimension, s.score, s.sd, s.n, g.composition, g.audience_is_organization
      FROM group_results g
      JOIN group_scores s ON s.campaign_id = g.campaign_id AND s.scope = g.scope AND s.team_id = g.team_id
     WHERE g.campaign_id = $1
    UNION ALL
    SELECT s.scope, s.team_id, s.dimension, s.score, s.sd, s.n, g.composition, g.audience_is_organization
      FROM group_results g
      JOIN group_scores s ON s.campaign_id = g.campaign_id AND s.scope = 'org' AND s.team_id IS NULL
     WHERE g.campaign_id = $1 AND g.scope = 'org'),
  previous AS (
    SELECT DISTINCT ON (cu.scope, cu.team_id, cu.dimension) cu.scope, cu.team_id, cu.dimension, k.id AS campaign_id
      FROM cur cu
      JOIN candidates k ON k.dimension = cu.dimension
      JOIN group_results pg ON pg.campaign_id = k.id AND pg.scope = cu.scope AND ${sameTeam('pg', 'cu')}
     WHERE CASE WHEN cu.scope = 'org' AND cu.audience_is_organization THEN pg.audience_is_organization
                ELSE pg.composition = cu.composition END
     ORDER BY cu.scope, cu.team_id, cu.dimension, k.closes_at DESC, k.created_at DESC, k.id DESC)
  SELECT cu.scope, cu.team_id, cu.dimension, pv.campaign_id AS previous_campaign_id,
         CASE WHEN cu.sd IS NOT NULL AND p.sd IS NOT NULL AND p.n >= 2 THEN (cu.score - p.score)::text END AS delta,
         cu.n, cu.sd::float8 AS sd, p.n AS prev_n, p.sd::float8 AS prev_sd
    FROM cur cu
    LEFT JOIN previous pv ON pv.scope = cu.scope AND pv.dimension = cu.dimension AND ${sameTeam('pv', 'cu')}
    LEFT JOIN LATERAL (
      SELECT p.n, p.sd, p.score FROM group_scores p
       WHERE p.campaign_id = pv.campaign_id AND p.scope = cu.scope AND p.team_id = cu.team_id AND p.dimension = cu.dimension
      UNION ALL
      SELECT p.n, p.sd, p.score FROM group_scores p
       WHERE cu.team_id IS NULL AND p.campaign_id = pv.campaign_id AND p.scope = 'org' AND p.team_id IS NULL AND p.dimension = cu.dimension) p ON true
   WHERE pv.campaign_id IS NOT NULL OR NOT $2::boolean`;

/**
 * Writes every dimension row's previous campaign, delta and significance ($2…$7 arrays, one
 * entry per row; nulls clear an earlier derivation). Rows that already hold them are left
 * alone: a campaign with no previous one writes nothing.
 */
export const UPDATE_DELTAS = `
  UPDATE group_scores s
     SET previous_campaign_id = x.previous_campaign_id, delta = x.delta, significant = x.significant
    FROM unnest($2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::numeric[], $7::boolean[])
           AS x(scope, team_id, dimension, previous_campaign_id, delta, significant)
   WHERE s.campaign_id = $1 AND s.scope = x.scope AND s.dimension = x.dimension
     AND ${sameTeam('s', 'x')}
     AND (s.previous_campaign_id, s.delta, s.significant) IS DISTINCT FROM (x.previous_campaign_id, x.delta, x.significant)`;

/** The organization's scored campaigns closing after campaign $1, whose deltas may compare with it. */
export const READ_LATER_SCORED = `
  SELECT l.id FROM campaigns c JOIN campaigns l ON l.org_id = c.org_id
   WHERE c.id = $1 AND l.status = 'scored' AND l.id <> c.id AND (l.closes_at, l.created_at) > (c.closes_at, c.created_at)
   ORDER BY l.closes_at, l.created_at`;
