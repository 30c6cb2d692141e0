import { INCOMPLETE_RESPONDENTS, keyed, LEAF_QUESTIONS, overValues, VALUES } from './scoring.sql';

/**
 * Cronbach's alpha per asked agreement dimension (not follow_through: one item, no dimension)
 * over every respondent of the campaign with all of that dimension's asked items answered:
 * α = k/(k − 1) · (1 − Σ var(item) / var(total)), sample variances. Null for fewer than 2
 * items, fewer than 30 complete cases, or zero variance of the totals. Read from the pass's
 * per-team rows (scoring.sql.ts) and the few incomplete respondents' items:
 * - the complete cases are the 'dimension' rows with k = the dimension's items, whose
 *   Σ(total − k) and Σ(total − k)² give var(total) exactly: (N·Σx² − (Σx)²)/(N(N − 1)) is the
 *   same integer ratio for x = total − k as for x = total, the ratio var_samp computes;
 * - an item's sums over the complete cases are its sums over every answer (from the counts by
 *   value) minus those of the incomplete respondents (unpacked from their rows).
 * $1 campaign id, $2 org id.
 */
export const INSERT_RELIABILITY = `
  INSERT INTO campaign_reliability (campaign_id, org_id, dimension, items, complete_cases, alpha)
  WITH dims AS (
    SELECT dimension, count(*)::int AS k FROM sc_asked WHERE scale = 'agree7' AND dimension <> 'follow_through' GROUP BY dimension),
  complete AS (
    SELECT p.dimension, sum(p.n)::bigint AS n, sum(p.s1)::bigint AS s1, sum(p.s2)::bigint AS s2
      FROM sc_pass p JOIN dims d ON d.dimension = p.dimension AND d.k = p.k
     WHERE p.kind = 'dimension'
     GROUP BY p.dimension),
  totals AS (
    SELECT dimension, n::int AS cases,
           CASE WHEN n >= 2 THEN (n::numeric * s2 - s1::numeric * s1) / (n * (n - 1))::numeric END AS total_var
      FROM complete),
  answered AS (
    SELECT l.key, ${VALUES.map((v) => `sum(l.c${v})::bigint AS c${v}`).join(', ')} FROM ${LEAF_QUESTIONS} l GROUP BY l.key),
  every AS (
    SELECT q.dimension, q.item, ${overValues('a', (v) => keyed('q', v))} AS s,
           ${overValues('a', (v) => `(${keyed('q', v)}) * (${keyed('q', v)})`)} AS ss
      FROM answered a JOIN sc_asked q ON q.key = a.key AND q.scale = 'agree7'),
  incomplete AS (
    SELECT r.dimension, q.item, sum(x.keyed)::bigint AS s, sum(x.keyed * x.keyed)::bigint AS ss
      FROM ${INCOMPLETE_RESPONDENTS} r JOIN dims d USING (dimension)
      JOIN sc_asked q ON q.dimension = r.dimension
     CROSS JOIN LATERAL (SELECT ((r.items >> (4 * q.item)) & 15)::int - 1 AS raw) v
     CROSS JOIN LATERAL (SELECT CASE WHEN v.raw < 0 THEN 0 WHEN q.reverse THEN 8 - v.raw ELSE v.raw END AS keyed) x
     WHERE r.k < d.k
     GROUP BY r.dimension, q.item),
  item_sums AS (
    SELECT e.dimension, sum(((e.ss - coalesce(i.ss, 0)) * t.cases - (e.s - coalesce(i.s, 0)) * (e.s - coalesce(i.s, 0)))::numeric
                            / (t.cases * (t.cases - 1)::numeric)) AS sum_var
      FROM every e JOIN totals t USING (dimension)
      LEFT JOIN incomplete i ON i.dimension = e.dimension AND i.item = e.item
     WHERE t.cases >= 2
     GROUP BY e.dimension)
  SELECT $1::uuid, $2::uuid, d.dimension, d.k, coalesce(t.cases, 0),
         CASE WHEN d.k < 2 OR coalesce(t.cases, 0) < 30 OR t.total_var IS NULL OR t.total_var = 0 THEN NULL
              ELSE round(d.k::numeric / (d.k - 1) * (1 - s.sum_var / t.total_var), 6) END
    FROM dims d LEFT JOIN totals t USING (dimension) LEFT JOIN item_sums s USING (dimension)`;
