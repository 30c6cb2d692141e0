/**
 * The scoring SQL (DESIGN.md §5), in the order ScoringService runs it inside one transaction.
 * Everything is set-based inside PostgreSQL: answers never travel to Node. The answers are read
 * once (sc_pass), into small per-leaf-team rows; everything after that works on those, added up
 * the team closure (sufficient statistics: n, Σ, Σ², favorable counts, value counts). Only the small
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

/**
 * Whether the campaign asked the whole organization: its frozen tree holds every team the
 * organization had (created, not archived) when it launched. Otherwise its root group is an
 * audience, compared only with the same audience.
 */
export const READ_WHOLE_ORGANIZATION = `
  SELECT NOT EXISTS (
           SELECT 1 FROM teams t
            WHERE t.org_id = c.org_id
              AND t.created_at <= coalesce(c.launched_at, c.opened_at, c.closes_at)
              AND (t.archived_at IS NULL OR t.archived_at > coalesce(c.launched_at, c.opened_at, c.closes_at))
              AND NOT EXISTS (SELECT 1 FROM sc_tree s WHERE s.team_id = t.id)) AS whole
    FROM campaigns c WHERE c.id = $1`;

/** Exact t quantiles from code (student-t.ts) for the confidence intervals: ($1 degrees of freedom, $2 t₀.₉₇₅). */
export const CREATE_T_TABLE = `
  CREATE TEMP TABLE sc_t ON COMMIT DROP AS
  SELECT df, t FROM unnest($1::int[], $2::numeric[]) AS x(df, t)`;

export const READ_DEGREES_OF_FREEDOM = `SELECT DISTINCT n - 1 AS df FROM sc_dim WHERE n >= 2 ORDER BY 1`;

/** The frozen tree; a parent outside the frozen audience makes a root. */
export const CREATE_TREE = [
  `CREATE TEMP TABLE sc_tree ON COMMIT DROP AS
   SELECT (e->>'id')::uuid AS team_id, (e->>'parentId')::uuid AS parent_id, ord::int AS position
     FROM campaigns c, jsonb_array_elements(coalesce(c.team_tree, '[]'::jsonb)) WITH ORDINALITY AS x(e, ord)
    WHERE c.id = $1`,
  `UPDATE sc_tree SET parent_id = NULL WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT team_id FROM sc_tree)`,
  // Temp tables are never auto-analyzed: without statistics the closure expected 2.3M rows for
  // 2,000 teams and sized its hash table for them (0.3 s).
  `ANALYZE sc_tree`,
  // Closure: every team with itself and each of its ancestors.
  `CREATE TEMP TABLE sc_closure ON COMMIT DROP AS
   WITH RECURSIVE up (team_id, ancestor_id) AS (
     SELECT team_id, team_id FROM sc_tree
     UNION
     SELECT up.team_id, t.parent_id FROM up JOIN sc_tree t ON t.team_id = up.ancestor_id WHERE t.parent_id IS NOT NULL
   ) SELECT team_id, ancestor_id FROM up`,
];

/** The decision of pooling.ts: ($1 teams, $2 the team each one's people are counted in). */
export const CREATE_POOL = `
  CREATE TEMP TABLE sc_pool ON COMMIT DROP AS
  SELECT team_id, target_id FROM unnest($1::uuid[], $2::uuid[]) AS x(team_id, target_id)`;

/**
 * The groups with their participation, and which (pooled) teams' respondents belong to each:
 * the organization, every team over its subtree, and every team's own members where the team
 * has both members and children. Invitations and responses of a pooled team count in the team
 * they were pooled into (close stores responses there already; campaigns closed before it did
 * still name the small team, and land in the same groups); a pooled team's own group keeps its real invited count and
 * `pooled_into`. `gid` (the group's position, unique) keys the roll-ups: an integer hashes
 * and sorts faster than the text key.
 */
export const CREATE_GROUPS = [
  `CREATE TEMP TABLE sc_own ON COMMIT DROP AS
   WITH inv AS (SELECT team_id, count(*)::int AS c FROM invitations WHERE campaign_id = $1 GROUP BY team_id),
        res AS (SELECT team_id, count(*)::int AS c FROM responses WHERE campaign_id = $1 GROUP BY team_id),
        pooled AS (
          SELECT coalesce(p.target_id, t.team_id) AS team_id, sum(coalesce(inv.c, 0))::int AS invited, sum(coalesce(res.c, 0))::int AS responded
            FROM sc_tree t LEFT JOIN sc_pool p USING (team_id) LEFT JOIN inv USING (team_id) LEFT JOIN res USING (team_id)
           GROUP BY 1)
   SELECT t.team_id, t.parent_id, t.position, coalesce(inv.c, 0) AS own_invited, p.target_id AS pooled_into,
          coalesce(pooled.invited, 0) AS invited, coalesce(pooled.responded, 0) AS responded,
          EXISTS (SELECT 1 FROM sc_tree k WHERE k.parent_id = t.team_id) AS has_children
     FROM sc_tree t LEFT JOIN inv USING (team_id) LEFT JOIN sc_pool p USING (team_id) LEFT JOIN pooled USING (team_id)`,
  `CREATE TEMP TABLE sc_groups ON COMMIT DROP AS
   SELECT 'org'::text AS gkey, 'org'::text AS scope, NULL::uuid AS team_id, NULL::text AS parent_key, 0 AS position,
          (SELECT count(*)::int FROM invitations WHERE campaign_id = $1) AS invited,
          (SELECT count(*)::int FROM responses WHERE campaign_id = $1) AS responded,
          NULL::uuid AS pooled_into
   UNION ALL
   SELECT 'subtree:' || o.team_id, 'subtree', o.team_id,
          CASE WHEN o.parent_id IS NULL THEN 'org' ELSE 'subtree:' || o.parent_id END, 2 * o.position,
          CASE WHEN o.pooled_into IS NULL THEN s.invited ELSE s.own_invited END, s.responded, o.pooled_into
     FROM sc_own o
     JOIN (SELECT c.ancestor_id, sum(x.invited)::int AS invited, sum(x.own_invited)::int AS own_invited, sum(x.responded)::int AS responded
             FROM sc_closure c JOIN sc_own x ON x.team_id = c.team_id
            GROUP BY c.ancestor_id) s ON s.ancestor_id = o.team_id
   UNION ALL
   SELECT 'direct:' || o.team_id, 'direct', o.team_id, 'subtree:' || o.team_id, 2 * o.position + 1, o.invited, o.responded, NULL
     FROM sc_own o WHERE o.has_children AND (o.invited > 0 OR o.responded > 0)`,
  `CREATE TEMP TABLE sc_member ON COMMIT DROP AS
   SELECT g.position AS gid, c.team_id AS resp_team
     FROM sc_closure c JOIN sc_groups g ON g.scope = 'subtree' AND g.team_id = c.ancestor_id
   UNION ALL
   SELECT position, team_id FROM sc_groups WHERE scope = 'direct'
   UNION ALL
   SELECT 0, team_id FROM (SELECT team_id FROM sc_tree UNION SELECT team_id FROM responses WHERE campaign_id = $1) x`,
  `ANALYZE sc_member`,
  // Which (frozen) teams' people each group holds: for comparing rosters and, fingerprinted,
  // so that a delta compares only the same people's groups.
  `CREATE TEMP TABLE sc_gteam ON COMMIT DROP AS
   SELECT m.gid, t.team_id FROM sc_tree t LEFT JOIN sc_pool p USING (team_id) JOIN sc_member m ON m.resp_team = coalesce(p.target_id, t.team_id)`,
  `ANALYZE sc_gteam`,
  `CREATE TEMP TABLE sc_composition ON COMMIT DROP AS
   SELECT gid, md5(string_agg(team_id::text, ',' ORDER BY team_id)) AS composition FROM sc_gteam GROUP BY gid`,
];

/**
 * The asked questions; `item` numbers a question within its dimension (0, 1, … by key), so a
 * respondent's answers to one dimension pack into one bigint, 4 bits each (room for 15 items;
 * the largest dimension has 7).
 */
export const CREATE_ASKED = `
  CREATE TEMP TABLE sc_asked ON COMMIT DROP AS
  SELECT q.key, q.dimension, q.scale, q.reverse, q.position,
         (row_number() OVER (PARTITION BY q.dimension ORDER BY q.key) - 1)::int AS item,
         count(*) OVER (PARTITION BY q.dimension)::int AS dim_items
    FROM campaigns c JOIN questions q ON q.key = ANY (c.question_keys)
   WHERE c.id = $1`;

/** What the pass needs of each asked question: its item number, dimension, keying and valid values. */
export const READ_ASKED = `
  SELECT key, item, dimension, reverse AND scale = 'agree7' AS reversed,
         CASE scale WHEN 'nps11' THEN 0 ELSE 1 END AS lo, CASE scale WHEN 'nps11' THEN 10 ELSE 7 END AS hi,
         scale = 'agree7' AS agreement, dim_items
    FROM sc_asked ORDER BY key`;

/** The raw values 0..10: a question's counts by value are the columns c0 … c10. */
export const VALUES = Array.from({ length: 11 }, (_, v) => v);

/** Count c<v> of an aggregated row c, or 0 where the raw value v is not valid for question q. */
const validCount = (v: number) => `CASE WHEN ${v} BETWEEN q.lo AND q.hi THEN c.c${v} ELSE 0 END`;

/**
 * The one pass over the answers, into the per-leaf sufficient statistics every group adds up
 * (per team a response belongs to; a group adds up the teams whose people it holds after
 * pooling, sc_gteam). Two plain aggregates over the same join, each partially aggregated in
 * parallel workers; grouping sets (both groupings in one scan) cannot be, and their one serial
 * aggregate made the statement 2.5–2.7 s at 50k responses, 1.9–2.2 s now (bench/README.md):
 * - per respondent (`respondent`), for each agreement dimension d (columns k<d>, total<d>,
 *   items<d>): the items answered (k), their keyed sum (8 − value when reverse-keyed) and the
 *   raw values packed by item as value + 1 (0 = not answered); then one row per respondent and
 *   dimension answered. One group per respondent rather than per respondent and dimension: a
 *   fifth of the groups to hash (grouped per dimension as well, the two aggregates were no
 *   faster than grouping sets);
 * - per team and question key: the count of each raw value 0 … 10 (count FILTER, so the
 *   workers' partial aggregates already reduce 1.2M answers to 43k rows). This aggregate joins
 *   only `responses`: which questions were asked and which values are valid for each is
 *   applied to its 43k rows afterwards, not tested on every answer (the join and the range
 *   test were about 4 % of the statement at 50k responses).
 * What is kept (`kind`), reduced in the same statement (writing the respondent rows to a temp
 * table and reading them back cost more than the rest of the roll-ups together):
 * - 'question': per team and asked question with a valid answer, the answers (n) and the count
 *   of each raw value (c0 … c10), valid values only;
 * - 'dimension': per team, agreement dimension and items answered (k), over respondents who
 *   answered at least half of the dimension's asked items: n, s1 = Σ(total − k),
 *   s2 = Σ(total − k)², and the favorable (Σ ≥ 5k) and unfavorable (Σ ≤ 3k) counts. A
 *   respondent's score is s100 = (total − k)·100/(6k), so grouping by k keeps these sums exact
 *   integers;
 * - 'incomplete': a respondent's row (k, packed items) in an agreement dimension they did not
 *   answer in full, for reliability (a few percent of the respondents).
 * The SQL depends on the number of agreement dimensions asked (`dimensions`; at least one
 * column set, so that it stays valid when there are none); a dimension's asked items (`asked`)
 * come from the parameter arrays: joined, the planner took them for a few hundred rows.
 * The items are packed with bit_or (one answer per question and response, so their 4-bit
 * fields never overlap): sum() of a bigint adds in numeric, several times slower.
 * The asked questions come as parameters (READ_ASKED: $2 key, $3 item, $4 the position of
 * the question's dimension in $8 (0 outside the agreement dimensions), $5 reversed, $6 and $7
 * the valid values; $8 the agreement dimensions and $9 their asked items) and nothing else is
 * joined:
 * - a statement that reads a temp table cannot use parallel workers, and this one is worth them;
 * - `questions` was seeded without statistics: joined here, the planner expected one question
 *   and read the answers through the primary key's second column once per question (24 scans
 *   of the whole index: 60 s instead of 16 s at 200k responses, bench/README.md). An unnest of
 *   the arrays is estimated at its true length whatever the statistics of `questions`.
 * The dimension filters compare that position with a constant, not the dimension's text: 1.2M
 * times each at 50k responses, about 5 % of the statement.
 */
export const createPass = (dimensions: number) => {
  const ds = Array.from({ length: Math.max(1, dimensions) }, (_, i) => i + 1);
  // The asked questions' valid answers of the campaign.
  const answers = `FROM responses r
      JOIN answers a ON a.response_id = r.id
      JOIN unnest($2::text[], $3::int[], $4::int[], $5::boolean[], $6::int[], $7::int[]) AS q(key, item, d, reversed, lo, hi)
        ON q.key = a.question_key
     WHERE r.campaign_id = $1 AND a.value BETWEEN q.lo AND q.hi`;
  const inDimension = (d: number) => `FILTER (WHERE q.d = ${d})`;
  const perDimension = ds.map(
    (d) => `count(*) ${inDimension(d)}::int AS k${d},
                   sum(CASE WHEN q.reversed THEN 8 - a.value ELSE a.value END) ${inDimension(d)}::int AS total${d},
                   bit_or((a.value + 1)::bigint << (4 * q.item)) ${inDimension(d)} AS items${d}`,
  );
  const nulls = VALUES.map(() => 'NULL').join(', ');
  return `
  CREATE TEMP TABLE sc_pass ON COMMIT DROP AS
  WITH respondent AS (
    SELECT x.team_id, y.d, y.k, y.total, y.items, ($9::int[])[y.d] AS asked
      FROM (SELECT r.team_id,
                   ${perDimension.join(',\n                   ')}
              ${answers.replace(/\n/g, '\n        ')}
             GROUP BY r.id, r.team_id) x
     CROSS JOIN LATERAL (VALUES ${ds.map((d) => `(${d}, x.k${d}, x.total${d}, x.items${d})`).join(', ')}) AS y(d, k, total, items)
     WHERE y.k > 0)
  SELECT 'question' AS kind, team_id, key, NULL::text AS dimension, NULL::int AS k, n,
         NULL::bigint AS s1, NULL::bigint AS s2, NULL::int AS fav, NULL::int AS unfav,
         ${VALUES.map((v) => `c${v}`).join(', ')},
         NULL::bigint AS items
    FROM (SELECT c.team_id, c.key, ${VALUES.map(validCount).join(' + ')} AS n, ${VALUES.map((v) => `${validCount(v)} AS c${v}`).join(', ')}
            FROM (SELECT r.team_id, a.question_key AS key, ${VALUES.map((v) => `count(*) FILTER (WHERE a.value = ${v})::int AS c${v}`).join(', ')}
                    FROM responses r
                    JOIN answers a ON a.response_id = r.id
                   WHERE r.campaign_id = $1
                   GROUP BY r.team_id, a.question_key) c
            JOIN unnest($2::text[], $6::int[], $7::int[]) AS q(key, lo, hi) ON q.key = c.key) valid
   WHERE n > 0
  UNION ALL
  SELECT 'dimension', team_id, NULL, ($8::text[])[d], k, count(*)::int,
         sum(total - k)::bigint, sum((total - k) * (total - k))::bigint,
         count(*) FILTER (WHERE total >= 5 * k)::int, count(*) FILTER (WHERE total <= 3 * k)::int,
         ${nulls}, NULL
    FROM respondent WHERE 2 * k >= asked
   GROUP BY team_id, d, k
  UNION ALL
  SELECT 'incomplete', team_id, NULL, ($8::text[])[d], k, 1, NULL, NULL, NULL, NULL, ${nulls}, items
    FROM respondent WHERE k < asked`;
};

/** The pass's rows of one kind, statistics are read from (small: per team). */
export const LEAF_QUESTIONS = `(SELECT team_id, key, n, ${VALUES.map((v) => `c${v}`).join(', ')} FROM sc_pass WHERE kind = 'question')`;
const LEAF_DIMENSIONS = `(SELECT team_id, dimension, k, n, s1, s2, fav, unfav FROM sc_pass WHERE kind = 'dimension')`;
export const INCOMPLETE_RESPONDENTS = `(SELECT dimension, k, items FROM sc_pass WHERE kind = 'incomplete')`;

/**
 * Temp tables are never auto-analyzed; the roll-ups below filter these rows by kind, join them
 * by team and group them by key or dimension. Those columns only: the wide count columns made
 * the ANALYZE 2–3 times slower (150 against 60–75 ms at 50k responses). A sample of 3,000 rows
 * (statistics target 10) tells these plans as much as the default 30,000: three kinds, and
 * teams, keys and dimensions by the thousand at most; the output tables' ANALYZE keeps the
 * default.
 */
export const ANALYZE_PASS = [
  `SET LOCAL default_statistics_target = 10`,
  `ANALYZE sc_pass (kind, team_id, key, dimension)`,
  `SET LOCAL default_statistics_target TO DEFAULT`,
];

/**
 * Σ over the raw values v of c<v> × f(v), for counts c0 … c10 of one question; `f` gives each
 * value's SQL term (NULL: left out).
 */
export const overValues = (counts: string, f: (v: number) => string | null) =>
  VALUES.flatMap((v) => {
    const term = f(v);
    return term === null ? [] : [`${counts}.c${v}::bigint * ${term}`];
  }).join(' + ');

/** A raw value after reverse keying, for a question `q` of sc_asked. */
export const keyed = (q: string, v: number) => `CASE WHEN ${q}.reverse AND ${q}.scale = 'agree7' THEN ${8 - v} ELSE ${v} END`;

/**
 * Per group and asked dimension (a row even where nobody answered): the per-leaf rows added up
 * the closure. With m = Σ(total − k)/k and q = Σ((total − k)/k)² over the group's respondents,
 * score = 100·m/(6n) and sd = 100/6·√((q − m²/n)/(n − 1)): the mean and sample standard
 * deviation of s100.
 */
export const CREATE_DIMENSION_STATS = `
  CREATE TEMP TABLE sc_dim ON COMMIT DROP AS
  WITH stats AS (
    SELECT m.gid, l.dimension, sum(l.n)::int AS n,
           sum(l.s1::numeric(40, 20) / l.k) AS m1,
           sum(l.s2::numeric(40, 20) / (l.k * l.k)) AS m2,
           sum(l.fav)::int AS fav, sum(l.unfav)::int AS unfav
      FROM ${LEAF_DIMENSIONS} l JOIN sc_gteam m ON m.team_id = l.team_id
     GROUP BY m.gid, l.dimension)
  SELECT g.gkey, g.position AS gid, g.scope, g.team_id, dims.dimension, coalesce(s.n, 0) AS n,
         round(100 * s.m1 / (6 * s.n), 6) AS score,
         CASE WHEN s.n >= 2 THEN round(100 / 6.0 * sqrt(greatest(0, (s.m2 - s.m1 * s.m1 / s.n) / (s.n - 1))), 6) END AS sd,
         s.fav, s.unfav
    FROM sc_groups g
   CROSS JOIN (SELECT DISTINCT dimension FROM sc_asked WHERE scale = 'agree7') dims
    LEFT JOIN stats s ON s.gid = g.position AND s.dimension = dims.dimension`;

/** A question's counts of the raw values 0..10 (an agreement item's 0 and 8–10 are always 0: not valid). */
const COUNTS = VALUES.map((v) => `coalesce(c.c${v}, 0)`).join(', ');

/** The sum of count columns `c.c<v>` over the raw values v in `values`. */
const countOf = (values: number[]) => values.map((v) => `c.c${v}`).join(' + ');

/**
 * Per group and asked question: the per-leaf counts added up the closure, then n, mean and
 * favorable after reverse keying (for the 0–10 `recommend` item: its raw mean, favorable =
 * % 9–10, and eNPS = % 9–10 − % 0–6), the raw counts by value (`counts`: 0..10) and the largest
 * (`top_count`, for the distribution rule of INSERT_QUESTION_SCORES). From the counts: with
 * S = Σ v·c<v> over the n valid answers, a reverse-keyed item's keyed sum is 8n − S, and its
 * favorable answers (keyed 5–7) are the raw 1–3; one test per row rather than one per value.
 */
export const CREATE_QUESTION_STATS = `
  CREATE TEMP TABLE sc_q ON COMMIT DROP AS
  WITH counts AS (
    SELECT m.gid, l.key, sum(l.n)::int AS n, ${VALUES.map((v) => `sum(l.c${v})::int AS c${v}`).join(', ')}
      FROM ${LEAF_QUESTIONS} l JOIN sc_gteam m ON m.team_id = l.team_id
     GROUP BY m.gid, l.key)
  SELECT g.gkey, g.position AS gid, g.scope, g.team_id, q.key, q.dimension, q.scale, q.position,
         coalesce(c.n, 0) AS n,
         round(CASE WHEN f.reversed THEN 8 * c.n - f.s ELSE f.s END::numeric / c.n, 6) AS mean,
         round(100.0 * f.fav / c.n, 6) AS favorable,
         CASE WHEN q.scale = 'nps11' THEN round(100.0 * (f.fav - (${countOf([0, 1, 2, 3, 4, 5, 6])})) / c.n, 6) END AS enps,
         ARRAY[${COUNTS}] AS counts, greatest(${COUNTS}) AS top_count
    FROM sc_groups g
   CROSS JOIN sc_asked q
    LEFT JOIN counts c ON c.gid = g.position AND c.key = q.key
   CROSS JOIN LATERAL (
     SELECT q.reverse AND q.scale = 'agree7' AS reversed, ${overValues('c', (v) => (v === 0 ? null : String(v)))} AS s,
            CASE WHEN q.scale = 'nps11' THEN ${countOf([9, 10])}
                 WHEN q.reverse THEN ${countOf([1, 2, 3])}
                 ELSE ${countOf([5, 6, 7])} END AS fav) f`;

/**
 * The counts the suppression rule needs: the groups in position order, and per dimension and
 * per question every group's n in that same order (one array per metric: sc_dim and sc_q hold
 * a row for every group), rather than 60k rows of (group, metric, n).
 */
export const READ_GROUPS = `SELECT gkey, parent_key, responded, pooled_into FROM sc_groups ORDER BY position`;
export const READ_DIMENSION_NS = `SELECT dimension, array_agg(n ORDER BY gid) AS ns FROM sc_dim GROUP BY dimension`;
export const READ_QUESTION_NS = `SELECT key, array_agg(n ORDER BY gid) AS ns FROM sc_q GROUP BY key`;

/** The decision of suppression.ts: ($1 group keys, $2 metrics) that must not be shown, $3 why. */
export const CREATE_HIDDEN = `
  CREATE TEMP TABLE sc_hidden ON COMMIT DROP AS
  SELECT gkey, metric, reason FROM unnest($1::text[], $2::text[], $3::text[]) AS x(gkey, metric, reason)`;

/** Every output row looks up sc_hidden: whether its metric is hidden. */
export const INDEX_HIDDEN = [`CREATE INDEX ON sc_hidden (gkey, metric)`, `ANALYZE sc_hidden`];

/**
 * Settings of the scoring transaction (SET LOCAL: transaction-scoped). No JIT: every statement
 * here but the pass works on a few thousand rows, yet the planner's estimates for fresh temp
 * tables are far too high, and compiling with inlining and optimization cost 0.4–1.8 s per
 * statement (over 2 s of a 50k-response job), more than the statements themselves; the pass
 * gains nothing measurable from it either. A hash table is allocated for the rows the planner
 * expects, so work_mem is kept modest: an overestimate with 256 MB of room cost ~0.4 s of
 * zeroed memory per statement.
 */
const ROLL_UP_WORK_MEM = `SET LOCAL work_mem = '32MB'`;
export const SCORING_SETTINGS = [`SET LOCAL jit = off`, ROLL_UP_WORK_MEM];

/**
 * The pass alone gets more (then back to SCORING_SETTINGS' work_mem): it groups the answers
 * per response, in each worker and again after the Gather: at 200k responses hash tables of
 * ~85 MB each, which must not spill to disk (bench/README.md, scoring).
 */
export const PASS_WORK_MEM = [`SET LOCAL work_mem = '256MB'`, ROLL_UP_WORK_MEM];

export const MARK_SCORED = `
  UPDATE campaigns SET status = 'scored', scored_at = now(), status_detail = NULL
   WHERE id = $1 AND status IN ('closed', 'scored')`;
