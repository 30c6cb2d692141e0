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

/** Per dimension row of campaign $1: its previous campaign and both sides' numbers (significance is decided in code: student-t.ts). */
export const READ_DELTA_INPUTS = `
  WITH c AS (SELECT id, org_id, closes_at, created_at, question_keys FROM campaigns WHERE id = $1),
  dims AS (
    SELECT q.dimension, array_agg(q.key ORDER BY q.key) AS keys
      FROM c JOIN questions q ON q.key = ANY (c.question_keys) AND q.scale = 'agree7'
     GROUP BY q.dimension),
  candidates AS (
    SELECT d.dimension, pc.id, pc.closes_at, pc.created_at
      FROM dims d CROSS JOIN c
      JOIN campaigns pc ON pc.org_id = c.org_id AND pc.status = 'scored' AND pc.id <> c.id
                       AND (pc.closes_at, pc.created_at) < (c.closes_at, c.created_at)
     WHERE d.keys = ARRAY(SELECT q.key FROM questions q WHERE q.key = ANY (pc.question_keys) AND q.dimension = d.dimension ORDER BY q.key))
  SELECT s.scope, s.team_id, s.dimension, prev.campaign_id AS previous_campaign_id,
         CASE WHEN s.sd IS NOT NULL AND prev.sd IS NOT NULL AND prev.n >= 2 THEN (s.score - prev.score)::text END AS delta,
         s.n, s.sd::float8 AS sd, prev.n AS prev_n, prev.sd::float8 AS prev_sd
    FROM group_scores s
    JOIN group_results g ON g.campaign_id = s.campaign_id AND g.scope = s.scope AND g.team_id IS NOT DISTINCT FROM s.team_id
    LEFT JOIN LATERAL (
      SELECT p.campaign_id, p.score, p.sd, p.n
        FROM candidates k
        JOIN group_results pg ON pg.campaign_id = k.id AND pg.scope = s.scope
                             AND (pg.team_id = s.team_id OR (s.team_id IS NULL AND pg.team_id IS NULL))
        JOIN group_scores p ON p.campaign_id = k.id AND p.scope = s.scope AND p.dimension = s.dimension
                           AND (p.team_id = s.team_id OR (s.team_id IS NULL AND p.team_id IS NULL))
       WHERE k.dimension = s.dimension
         AND CASE WHEN s.scope = 'org' AND g.audience_is_organization THEN pg.audience_is_organization
                  ELSE pg.composition = g.composition END
       ORDER BY k.closes_at DESC, k.created_at DESC, k.id DESC
       LIMIT 1) prev ON true
   WHERE s.campaign_id = $1`;

/**
 * Writes every dimension row's previous campaign, delta and significance ($2…$7 arrays, one
 * entry per row; nulls clear an earlier derivation). Teams are matched through coalesce so the
 * join can hash: the organization's row has no team.
 */
export const UPDATE_DELTAS = `
  UPDATE group_scores s
     SET previous_campaign_id = x.previous_campaign_id, delta = x.delta, significant = x.significant
    FROM unnest($2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::numeric[], $7::boolean[])
           AS x(scope, team_id, dimension, previous_campaign_id, delta, significant)
   WHERE s.campaign_id = $1 AND s.scope = x.scope AND s.dimension = x.dimension
     AND coalesce(s.team_id, '00000000-0000-0000-0000-000000000000') = coalesce(x.team_id, '00000000-0000-0000-0000-000000000000')`;

/** The organization's scored campaigns closing after campaign $1, whose deltas may compare with it. */
export const READ_LATER_SCORED = `
  SELECT l.id FROM campaigns c JOIN campaigns l ON l.org_id = c.org_id
   WHERE c.id = $1 AND l.status = 'scored' AND l.id <> c.id AND (l.closes_at, l.created_at) > (c.closes_at, c.created_at)
   ORDER BY l.closes_at, l.created_at`;
