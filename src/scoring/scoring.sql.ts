/**
 * The scoring SQL (DESIGN.md §5), in the order ScoringService runs it inside one transaction.
 * Everything is set-based inside PostgreSQL: answers never travel to Node. Only the small
 * per-group counts come back, for the suppression rule (suppression.ts), whose decision goes
 * back in as `sc_hidden` before the output rows are written.
 *
 * Working tables are `TEMP … ON COMMIT DROP` (one transaction, one connection). Every
 * statement takes the campaign id as $1. Groups are keyed 'org', 'subtree:<team>',
 * 'direct:<team>'. Respondent scores on the 0–100 scale are s100 = (Σ − k)·100 / (6k) for a
 * respondent with k answered items summing (after reverse keying) to Σ; that is (s − 1)/6·100.
 * Stored numbers are rounded to 6 decimals so the same inputs always give the same rows.
 */

/** The campaign, locked: two scorings of one campaign run one after the other. */
export const LOCK_CAMPAIGN = `
  SELECT id, org_id, status, threshold, closes_at, created_at, question_keys
    FROM campaigns WHERE id = $1 FOR UPDATE`;

/** The t table from code ($2 degrees of freedom, $3 critical values). */
export const CREATE_T_TABLE = `
  CREATE TEMP TABLE sc_t ON COMMIT DROP AS
  SELECT df, t FROM unnest($1::int[], $2::numeric[]) AS x(df, t)`;

/** The frozen tree; a parent outside the frozen audience makes a root. */
export const CREATE_TREE = [
  `CREATE TEMP TABLE sc_tree ON COMMIT DROP AS
   SELECT (e->>'id')::uuid AS team_id, (e->>'parentId')::uuid AS parent_id, ord::int AS position
     FROM campaigns c, jsonb_array_elements(coalesce(c.team_tree, '[]'::jsonb)) WITH ORDINALITY AS x(e, ord)
    WHERE c.id = $1`,
  `UPDATE sc_tree SET parent_id = NULL WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT team_id FROM sc_tree)`,
  // Closure: every team with itself and each of its ancestors.
  `CREATE TEMP TABLE sc_closure ON COMMIT DROP AS
   WITH RECURSIVE up (team_id, ancestor_id) AS (
     SELECT team_id, team_id FROM sc_tree
     UNION
     SELECT up.team_id, t.parent_id FROM up JOIN sc_tree t ON t.team_id = up.ancestor_id WHERE t.parent_id IS NOT NULL
   ) SELECT team_id, ancestor_id FROM up`,
];

/**
 * The groups with their participation, and which respondents' teams belong to each:
 * the organization, every team over its subtree, and every team's own members where the team
 * has both members and children.
 */
export const CREATE_GROUPS = [
  `CREATE TEMP TABLE sc_groups ON COMMIT DROP AS
   WITH inv AS (SELECT team_id, count(*)::int AS c FROM invitations WHERE campaign_id = $1 GROUP BY team_id),
        res AS (SELECT team_id, count(*)::int AS c FROM responses WHERE campaign_id = $1 GROUP BY team_id),
        own AS (
          SELECT t.team_id, t.parent_id, t.position, coalesce(inv.c, 0) AS invited, coalesce(res.c, 0) AS responded,
                 EXISTS (SELECT 1 FROM sc_tree k WHERE k.parent_id = t.team_id) AS has_children
            FROM sc_tree t LEFT JOIN inv USING (team_id) LEFT JOIN res USING (team_id))
   SELECT 'org'::text AS gkey, 'org'::text AS scope, NULL::uuid AS team_id, NULL::text AS parent_key, 0 AS position,
          (SELECT count(*)::int FROM invitations WHERE campaign_id = $1) AS invited,
          (SELECT count(*)::int FROM responses WHERE campaign_id = $1) AS responded
   UNION ALL
   SELECT 'subtree:' || o.team_id, 'subtree', o.team_id,
          CASE WHEN o.parent_id IS NULL THEN 'org' ELSE 'subtree:' || o.parent_id END, 2 * o.position,
          (SELECT sum(x.invited)::int FROM sc_closure c JOIN own x ON x.team_id = c.team_id WHERE c.ancestor_id = o.team_id),
          (SELECT sum(x.responded)::int FROM sc_closure c JOIN own x ON x.team_id = c.team_id WHERE c.ancestor_id = o.team_id)
     FROM own o
   UNION ALL
   SELECT 'direct:' || o.team_id, 'direct', o.team_id, 'subtree:' || o.team_id, 2 * o.position + 1, o.invited, o.responded
     FROM own o WHERE o.has_children AND (o.invited > 0 OR o.responded > 0)`,
  `CREATE TEMP TABLE sc_member ON COMMIT DROP AS
   SELECT 'subtree:' || ancestor_id AS gkey, team_id AS resp_team FROM sc_closure
   UNION ALL
   SELECT gkey, team_id FROM sc_groups WHERE scope = 'direct'
   UNION ALL
   SELECT 'org', team_id FROM (SELECT team_id FROM sc_tree UNION SELECT team_id FROM responses WHERE campaign_id = $1) x`,
];

/** The asked questions, and each answer keyed once (agree7: 8 − value when reverse-keyed). */
export const CREATE_ANSWERS = [
  `CREATE TEMP TABLE sc_asked ON COMMIT DROP AS
   SELECT q.key, q.dimension, q.scale, q.reverse, q.position,
          count(*) OVER (PARTITION BY q.dimension)::int AS dim_items
     FROM campaigns c JOIN questions q ON q.key = ANY (c.question_keys)
    WHERE c.id = $1`,
  `CREATE TEMP TABLE sc_answers ON COMMIT DROP AS
   SELECT r.id AS response_id, r.team_id, a.question_key, q.dimension, q.scale, a.value::int AS raw,
          CASE WHEN q.reverse AND q.scale = 'agree7' THEN 8 - a.value ELSE a.value END::int AS keyed
     FROM responses r
     JOIN answers a ON a.response_id = r.id
     JOIN sc_asked q ON q.key = a.question_key
    WHERE r.campaign_id = $1
      AND ((q.scale = 'agree7' AND a.value BETWEEN 1 AND 7) OR (q.scale = 'nps11' AND a.value BETWEEN 0 AND 10))`,
];

/**
 * Respondent scores, computed once: one row per respondent and agreement dimension, left
 * out when the respondent answered fewer than half of the dimension's asked items.
 */
export const CREATE_RESPONDENT_SCORES = `
  CREATE TEMP TABLE sc_resp_dim ON COMMIT DROP AS
  SELECT a.response_id, a.team_id, a.dimension, count(*)::int AS k, sum(a.keyed)::int AS total,
         (sum(a.keyed) - count(*)) * 100.0 / (6 * count(*)) AS s100
    FROM sc_answers a
    JOIN (SELECT DISTINCT dimension, dim_items FROM sc_asked WHERE scale = 'agree7') d USING (dimension)
   WHERE a.scale = 'agree7'
   GROUP BY a.response_id, a.team_id, a.dimension, d.dim_items
  HAVING 2 * count(*) >= d.dim_items`;

/**
 * Per group and asked dimension (a row even where nobody answered): respondent scores joined
 * to the groups through the closure. Favorable/unfavorable on integer sums: Σ ≥ 5k / Σ ≤ 3k.
 */
export const CREATE_DIMENSION_STATS = `
  CREATE TEMP TABLE sc_dim ON COMMIT DROP AS
  WITH stats AS (
    SELECT m.gkey, d.dimension, count(*)::int AS n,
           round(avg(d.s100), 6) AS score,
           round(stddev_samp(d.s100), 6) AS sd,
           count(*) FILTER (WHERE d.total >= 5 * d.k)::int AS fav,
           count(*) FILTER (WHERE d.total <= 3 * d.k)::int AS unfav
      FROM sc_resp_dim d JOIN sc_member m ON m.resp_team = d.team_id
     GROUP BY m.gkey, d.dimension)
  SELECT g.gkey, g.scope, g.team_id, dims.dimension, coalesce(s.n, 0) AS n, s.score, s.sd, s.fav, s.unfav
    FROM sc_groups g
   CROSS JOIN (SELECT DISTINCT dimension FROM sc_asked WHERE scale = 'agree7') dims
    LEFT JOIN stats s ON s.gkey = g.gkey AND s.dimension = dims.dimension`;

/**
 * Per group and asked question: n, mean and favorable after reverse keying (for the 0–10
 * `recommend` item: its raw mean, favorable = % 9–10, and eNPS = % 9–10 − % 0–6), and the raw
 * distribution (1..7, or 0..10).
 */
export const CREATE_QUESTION_STATS = [
  `CREATE TEMP TABLE sc_qcounts ON COMMIT DROP AS
   SELECT m.gkey, a.question_key, a.raw, a.keyed, count(*)::int AS c
     FROM sc_answers a JOIN sc_member m ON m.resp_team = a.team_id
    GROUP BY m.gkey, a.question_key, a.raw, a.keyed`,
  // Without an index each (group, question) pair below scans all of sc_qcounts: quadratic in
  // the number of teams (bench/README.md, scoring). Temp tables are never auto-analyzed.
  `CREATE INDEX ON sc_qcounts (gkey, question_key)`,
  `ANALYZE sc_qcounts`,
  `CREATE TEMP TABLE sc_q ON COMMIT DROP AS
   SELECT g.gkey, g.scope, g.team_id, q.key, q.dimension, q.scale, q.position,
          coalesce(s.n, 0) AS n, s.mean, s.favorable, s.enps,
          ARRAY(SELECT coalesce(sum(c.c), 0)::int
                  FROM generate_series(CASE WHEN q.scale = 'nps11' THEN 0 ELSE 1 END, CASE WHEN q.scale = 'nps11' THEN 10 ELSE 7 END) v
                  LEFT JOIN sc_qcounts c ON c.gkey = g.gkey AND c.question_key = q.key AND c.raw = v
                 GROUP BY v ORDER BY v) AS distribution
     FROM sc_groups g
    CROSS JOIN sc_asked q
     LEFT JOIN LATERAL (
       SELECT sum(c.c)::int AS n,
              round(sum(c.keyed * c.c)::numeric / sum(c.c), 6) AS mean,
              round(100.0 * coalesce(sum(c.c) FILTER (WHERE c.keyed >= CASE WHEN q.scale = 'nps11' THEN 9 ELSE 5 END), 0) / sum(c.c), 6) AS favorable,
              CASE WHEN q.scale = 'nps11' THEN
                round(100.0 * (coalesce(sum(c.c) FILTER (WHERE c.raw >= 9), 0) - coalesce(sum(c.c) FILTER (WHERE c.raw <= 6), 0)) / sum(c.c), 6)
              END AS enps
         FROM sc_qcounts c WHERE c.gkey = g.gkey AND c.question_key = q.key
       HAVING sum(c.c) > 0
     ) s ON true`,
  // Looked up once per output row below; temp tables are never auto-analyzed.
  `CREATE INDEX ON sc_q (gkey, key)`,
  `ANALYZE sc_q`,
];

/** The counts the suppression rule needs (small: groups × metrics). */
export const READ_GROUPS = `SELECT gkey, parent_key, responded FROM sc_groups ORDER BY position`;
export const READ_DIMENSION_NS = `SELECT gkey, dimension, n FROM sc_dim`;
export const READ_QUESTION_NS = `SELECT gkey, key, n FROM sc_q`;

/** The decision of suppression.ts: ($1 group keys, $2 metrics) that must not be shown. */
export const CREATE_HIDDEN = `
  CREATE TEMP TABLE sc_hidden ON COMMIT DROP AS
  SELECT gkey, metric FROM unnest($1::text[], $2::text[]) AS x(gkey, metric)`;

/** Every output row asks sc_hidden whether its metric is hidden. */
export const INDEX_HIDDEN = [`CREATE INDEX ON sc_hidden (gkey, metric)`, `ANALYZE sc_hidden`];

/** The aggregates over millions of answers stay in memory instead of spilling to disk. */
export const SCORING_WORK_MEM = `SET LOCAL work_mem = '64MB'`;

export const DELETE_OUTPUT = [
  `DELETE FROM group_scores WHERE campaign_id = $1`,
  `DELETE FROM question_scores WHERE campaign_id = $1`,
  `DELETE FROM group_results WHERE campaign_id = $1`,
  `DELETE FROM campaign_reliability WHERE campaign_id = $1`,
];

/** $2 org id. */
export const INSERT_GROUP_RESULTS = `
  INSERT INTO group_results (campaign_id, org_id, scope, team_id, position, invited, responded, suppressed,
                             enps_n, enps_suppressed, enps)
  SELECT $1::uuid, $2::uuid, g.scope, g.team_id, g.position, g.invited, g.responded,
         EXISTS (SELECT 1 FROM sc_hidden h WHERE h.gkey = g.gkey AND h.metric = 'group'),
         e.n, e.hidden, CASE WHEN NOT e.hidden THEN e.enps END
    FROM sc_groups g
    LEFT JOIN LATERAL (
      SELECT q.n, q.enps, EXISTS (SELECT 1 FROM sc_hidden h WHERE h.gkey = g.gkey AND h.metric = 'enps') AS hidden
        FROM sc_q q WHERE q.gkey = g.gkey AND q.key = 'recommend'
    ) e ON true`;

/**
 * Dimension rows, with the 95 % CI (t at n − 1, clipped to 0–100; null for n < 2) and the
 * delta against the group's previous scored campaign: the latest earlier one (by closes_at)
 * of the organization that has this group and asked the same items of this dimension. Delta
 * and significance are null when either side is suppressed (stored numbers are then null) or
 * has n < 2. Welch: significant when |Δ| > t(ν)·√(s₁²/n₁ + s₂²/n₂), ν by Welch–Satterthwaite,
 * t at the largest tabulated ν ≤ ν. $2 org id, $3 closes_at, $4 created_at.
 */
export const INSERT_GROUP_SCORES = `
  INSERT INTO group_scores (campaign_id, org_id, scope, team_id, dimension, n, suppressed, score, sd, ci_low, ci_high,
                            favorable, neutral, unfavorable, previous_campaign_id, delta, significant)
  SELECT $1::uuid, $2::uuid, d.scope, d.team_id, d.dimension, d.n, h.hidden,
         cur.score, cur.sd,
         -- (greatest/least skip NULLs: without the CASE, n < 2 would get a 0–100 interval)
         CASE WHEN cur.sd IS NOT NULL THEN round(greatest(0, cur.score - ci.t * cur.sd / sqrt(d.n::numeric)), 6) END,
         CASE WHEN cur.sd IS NOT NULL THEN round(least(100, cur.score + ci.t * cur.sd / sqrt(d.n::numeric)), 6) END,
         CASE WHEN cur.score IS NOT NULL THEN round(100.0 * d.fav / d.n, 6) END,
         CASE WHEN cur.score IS NOT NULL THEN round(100.0 * (d.n - d.fav - d.unfav) / d.n, 6) END,
         CASE WHEN cur.score IS NOT NULL THEN round(100.0 * d.unfav / d.n, 6) END,
         prev.campaign_id,
         w.delta,
         CASE WHEN w.delta IS NULL THEN NULL
              WHEN w.a + w.b = 0 THEN w.delta <> 0
              ELSE abs(w.delta) > (SELECT t.t FROM sc_t t
                                    WHERE t.df <= floor((w.a + w.b) ^ 2 / (w.a ^ 2 / (d.n - 1) + w.b ^ 2 / (prev.n - 1)))
                                    ORDER BY t.df DESC LIMIT 1) * sqrt(w.a + w.b)
         END
    FROM sc_dim d
   CROSS JOIN LATERAL (
     SELECT EXISTS (SELECT 1 FROM sc_hidden x WHERE x.gkey = d.gkey AND x.metric = 'dim:' || d.dimension) AS hidden) h
   CROSS JOIN LATERAL (
     SELECT CASE WHEN NOT h.hidden AND d.n > 0 THEN d.score END AS score,
            CASE WHEN NOT h.hidden AND d.n >= 2 THEN d.sd END AS sd) cur
    LEFT JOIN LATERAL (
     SELECT t.t FROM sc_t t WHERE t.df <= d.n - 1 ORDER BY t.df DESC LIMIT 1) ci ON true
    LEFT JOIN LATERAL (
     SELECT p.campaign_id, p.score, p.sd, p.n
       FROM group_scores p JOIN campaigns pc ON pc.id = p.campaign_id
      WHERE pc.org_id = $2 AND pc.status = 'scored' AND pc.id <> $1
        AND (pc.closes_at, pc.created_at) < ($3::timestamptz, $4::timestamptz)
        AND p.scope = d.scope AND p.team_id IS NOT DISTINCT FROM d.team_id AND p.dimension = d.dimension
        AND ARRAY(SELECT q.key FROM questions q WHERE q.key = ANY (pc.question_keys) AND q.dimension = d.dimension ORDER BY q.key)
          = ARRAY(SELECT a.key FROM sc_asked a WHERE a.dimension = d.dimension ORDER BY a.key)
      ORDER BY pc.closes_at DESC, pc.created_at DESC, pc.id DESC
      LIMIT 1) prev ON true
   CROSS JOIN LATERAL (
     SELECT CASE WHEN cur.sd IS NOT NULL AND prev.sd IS NOT NULL AND prev.n >= 2 THEN cur.score - prev.score END AS delta,
            cur.sd ^ 2 / d.n AS a,
            prev.sd ^ 2 / prev.n AS b) w`;

/**
 * The index: the mean of the dimension scores shown for the group. `follow_through` is scored
 * like a one-item dimension of its own (DESIGN.md §5) but belongs to no dimension, so it is no
 * part of the index.
 */
export const UPDATE_INDEX = `
  UPDATE group_results r SET index = s.index
    FROM (SELECT scope, team_id, round(avg(score), 6) AS index
            FROM group_scores WHERE campaign_id = $1 AND score IS NOT NULL AND dimension <> 'follow_through'
           GROUP BY scope, team_id) s
   WHERE r.campaign_id = $1 AND r.scope = s.scope AND r.team_id IS NOT DISTINCT FROM s.team_id AND NOT r.suppressed`;

/** Question rows; a suppressed question keeps its n but shows no numbers and an all-zero distribution. */
export const INSERT_QUESTION_SCORES = `
  INSERT INTO question_scores (campaign_id, org_id, scope, team_id, question_key, dimension, n, suppressed, mean, favorable, distribution)
  SELECT $1::uuid, $2::uuid, q.scope, q.team_id, q.key, q.dimension, q.n, h.hidden,
         CASE WHEN NOT h.hidden THEN q.mean END,
         CASE WHEN NOT h.hidden THEN q.favorable END,
         CASE WHEN h.hidden THEN array_fill(0, ARRAY[cardinality(q.distribution)]) ELSE q.distribution END
    FROM sc_q q
   CROSS JOIN LATERAL (
     SELECT EXISTS (SELECT 1 FROM sc_hidden x WHERE x.gkey = q.gkey AND x.metric = 'q:' || q.key) AS hidden) h`;

/**
 * Cronbach's alpha per asked agreement dimension (not follow_through: one item, no dimension) over every respondent of the campaign with
 * all of that dimension's asked items answered: α = k/(k − 1) · (1 − Σ var(item) / var(total)),
 * sample variances. Null for fewer than 2 items, fewer than 30 complete cases, or zero
 * variance of the totals. $2 org id.
 */
export const INSERT_RELIABILITY = `
  INSERT INTO campaign_reliability (campaign_id, org_id, dimension, items, complete_cases, alpha)
  WITH dims AS (
    SELECT dimension, count(*)::int AS k FROM sc_asked WHERE scale = 'agree7' AND dimension <> 'follow_through' GROUP BY dimension),
  complete AS (
    SELECT a.response_id, a.dimension, sum(a.keyed) AS total
      FROM sc_answers a JOIN dims d USING (dimension)
     GROUP BY a.response_id, a.dimension, d.k
    HAVING count(*) = d.k),
  totals AS (
    SELECT dimension, count(*)::int AS cases, var_samp(total) AS total_var FROM complete GROUP BY dimension),
  items AS (
    SELECT a.dimension, a.question_key, var_samp(a.keyed) AS item_var
      FROM sc_answers a JOIN complete c ON c.response_id = a.response_id AND c.dimension = a.dimension
     GROUP BY a.dimension, a.question_key),
  item_sums AS (
    SELECT dimension, sum(item_var) AS sum_var FROM items GROUP BY dimension)
  SELECT $1::uuid, $2::uuid, d.dimension, d.k, coalesce(t.cases, 0),
         CASE WHEN d.k < 2 OR coalesce(t.cases, 0) < 30 OR t.total_var IS NULL OR t.total_var = 0 THEN NULL
              ELSE round(d.k::numeric / (d.k - 1) * (1 - s.sum_var / t.total_var), 6) END
    FROM dims d LEFT JOIN totals t USING (dimension) LEFT JOIN item_sums s USING (dimension)`;

export const MARK_SCORED = `
  UPDATE campaigns SET status = 'scored', scored_at = now(), status_detail = NULL
   WHERE id = $1 AND status IN ('closed', 'scored')`;
