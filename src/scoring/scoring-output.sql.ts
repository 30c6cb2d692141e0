/**
 * The scoring output (DESIGN.md §4.8 and §5): the stored rows the results are read from,
 * written from the working tables of scoring.sql.ts once suppression is decided (`sc_hidden`,
 * with each hidden metric's reason). Deltas are derived afterwards (deltas.sql.ts). Every
 * statement takes the campaign id as $1 and the organization id as $2.
 */

import { sameTeam } from './deltas.sql';

export const DELETE_OUTPUT = [
  `DELETE FROM group_scores WHERE campaign_id = $1`,
  `DELETE FROM group_question_scores WHERE campaign_id = $1`,
  `DELETE FROM group_results WHERE campaign_id = $1`,
  `DELETE FROM campaign_reliability WHERE campaign_id = $1`,
];

/**
 * Per group, its previous campaign: the latest earlier scored one of the organization that
 * reported the same group, shown or hidden as a whole (`prev_hidden`: what that hiding
 * protected must stay hidden, so the group cannot simply be shown exactly now). Set-based over
 * the earlier campaigns' group rows. $3 closes_at, $4 created_at.
 */
export const CREATE_ROSTER_PREVIOUS = `
  CREATE TEMP TABLE sc_roster_prev ON COMMIT DROP AS
  SELECT DISTINCT ON (g.position) g.position AS gid, pc.id AS prev_id, r.suppressed AS prev_hidden
    FROM sc_groups g
    JOIN group_results r ON r.scope = g.scope AND ${sameTeam('r', 'g')}
    JOIN campaigns pc ON pc.id = r.campaign_id
   WHERE pc.org_id = $2 AND pc.status = 'scored' AND pc.id <> $1
     AND (pc.closes_at, pc.created_at) < ($3::timestamptz, $4::timestamptz)
   ORDER BY g.position, pc.closes_at DESC, pc.created_at DESC, pc.id DESC`;

export const READ_ROSTER_PREVIOUS = `SELECT DISTINCT prev_id FROM sc_roster_prev`;

/**
 * Per group, the teams whose people it held in its previous campaign: that campaign's frozen
 * tree and pooling, not today's (a change of pooling moves people between groups even when no
 * one joins or leaves). $1 the previous campaigns, and their pooling: $2 campaign, $3 team,
 * $4 the team it was pooled into.
 */
export const CREATE_ROSTER_PREVIOUS_TEAMS = `
  CREATE TEMP TABLE sc_prev_gteam ON COMMIT DROP AS
  WITH RECURSIVE tree AS (
    SELECT c.id AS campaign_id, (e->>'id')::uuid AS team_id, (e->>'parentId')::uuid AS parent_id
      FROM campaigns c, jsonb_array_elements(coalesce(c.team_tree, '[]'::jsonb)) AS e
     WHERE c.id = ANY ($1::uuid[])),
  held AS (
    SELECT t.campaign_id, t.team_id, coalesce(p.target_id, t.team_id) AS target_id
      FROM tree t LEFT JOIN unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS p(campaign_id, team_id, target_id) USING (campaign_id, team_id)),
  up (campaign_id, team_id, ancestor_id) AS (
    SELECT campaign_id, team_id, team_id FROM tree
    UNION
    SELECT up.campaign_id, up.team_id, t.parent_id
      FROM up JOIN tree t ON t.campaign_id = up.campaign_id AND t.team_id = up.ancestor_id WHERE t.parent_id IS NOT NULL),
  per_group AS (
    SELECT h.campaign_id, 'subtree'::text AS scope, u.ancestor_id AS group_team, h.team_id
      FROM held h JOIN up u ON u.campaign_id = h.campaign_id AND u.team_id = h.target_id
    UNION ALL
    SELECT campaign_id, 'direct', target_id, team_id FROM held)
  SELECT r.gid, x.team_id
    FROM sc_roster_prev r JOIN sc_groups g ON g.position = r.gid
    JOIN per_group x ON x.campaign_id = r.prev_id AND x.scope = g.scope AND x.group_team = g.team_id
   WHERE r.gid <> 0`;

/**
 * How many people joined or left each group's invited roster since its previous campaign:
 * |now| + |before| − 2·|in both|, counted per team, now through sc_gteam and before through
 * sc_prev_gteam (the teams whose people the group held in each; the organization holds
 * everyone). `recomposed`: the group holds other teams' people than then (pooling or the tree
 * changed), so the two campaigns' people are sets an attacker can difference along the teams
 * that moved, whatever the count. $1 campaign id, $2 the previous campaigns (few: usually one).
 */
export const CREATE_ROSTER_CHANGES = `
  CREATE TEMP TABLE sc_roster ON COMMIT DROP AS
  WITH cur AS (SELECT team_id, count(*)::int AS c FROM invitations WHERE campaign_id = $1 GROUP BY team_id),
  prev AS (
    SELECT campaign_id, team_id, count(*)::int AS c FROM invitations WHERE campaign_id = ANY ($2::uuid[]) GROUP BY campaign_id, team_id),
  stayed AS (
    SELECT p.campaign_id, c.team_id AS cur_team, p.team_id AS prev_team, count(*)::int AS c
      FROM (SELECT member_id, team_id FROM invitations WHERE campaign_id = $1) c
      JOIN (SELECT campaign_id, member_id, team_id FROM invitations WHERE campaign_id = ANY ($2::uuid[])) p USING (member_id)
     GROUP BY p.campaign_id, c.team_id, p.team_id),
  cur_g AS (SELECT t.gid, sum(x.c)::int AS c FROM sc_gteam t JOIN cur x USING (team_id) WHERE t.gid <> 0 GROUP BY t.gid),
  prev_g AS (
    SELECT r.gid, sum(x.c)::int AS c
      FROM sc_roster_prev r JOIN sc_prev_gteam t USING (gid) JOIN prev x ON x.campaign_id = r.prev_id AND x.team_id = t.team_id
     GROUP BY r.gid),
  both_g AS (
    SELECT r.gid, sum(s.c)::int AS c
      FROM sc_roster_prev r
      JOIN sc_gteam a ON a.gid = r.gid
      JOIN stayed s ON s.campaign_id = r.prev_id AND s.cur_team = a.team_id
      JOIN sc_prev_gteam b ON b.gid = r.gid AND b.team_id = s.prev_team
     WHERE r.gid <> 0
     GROUP BY r.gid),
  -- Set-based: a group is recomposed when a (group, team) pair is in one campaign only (an
  -- EXCEPT per group scanned both tables two thousand times: 2 s).
  recomposed AS (
    SELECT DISTINCT coalesce(a.gid, b.gid) AS gid
      FROM (SELECT t.gid, t.team_id FROM sc_gteam t JOIN sc_roster_prev r USING (gid) WHERE r.gid <> 0) a
      FULL JOIN sc_prev_gteam b ON b.gid = a.gid AND b.team_id = a.team_id
     WHERE a.gid IS NULL OR b.gid IS NULL),
  teams AS (
    SELECT r.gid, r.prev_hidden, recomposed.gid IS NOT NULL AS recomposed, coalesce(cur_g.c, 0) AS now_n, coalesce(prev_g.c, 0) AS before_n, coalesce(both_g.c, 0) AS both_n
      FROM sc_roster_prev r
      LEFT JOIN cur_g ON cur_g.gid = r.gid
      LEFT JOIN prev_g ON prev_g.gid = r.gid
      LEFT JOIN both_g ON both_g.gid = r.gid
      LEFT JOIN recomposed ON recomposed.gid = r.gid
     WHERE r.gid <> 0),
  org AS (
    SELECT 0 AS gid, r.prev_hidden, false AS recomposed, (SELECT sum(c) FROM cur) AS now_n,
           (SELECT sum(c) FROM prev WHERE campaign_id = r.prev_id) AS before_n,
           coalesce((SELECT sum(c) FROM stayed WHERE campaign_id = r.prev_id), 0) AS both_n
      FROM sc_roster_prev r WHERE r.gid = 0)
  SELECT gid, prev_hidden, recomposed, (now_n + before_n - 2 * both_n)::int AS changed FROM teams
  UNION ALL
  SELECT gid, prev_hidden, recomposed, (coalesce(now_n, 0) + coalesce(before_n, 0) - 2 * both_n)::int FROM org`;

/**
 * Per group: whether its roster changed by fewer than threshold people ($1 threshold), or it was
 * hidden as a whole in its previous campaign and fewer than threshold people changed since, or
 * it holds other teams than then, or it is new while its teams or people were in the
 * organization's previous campaign (they were in other groups' sums there; $2 campaign id), so
 * its scores are whole numbers and its counts and distributions withheld (DESIGN.md §4.8).
 */
export const CREATE_ROUNDED = `
  CREATE TEMP TABLE sc_rounded ON COMMIT DROP AS
  WITH prev AS (
         SELECT p.team_id, p.member_id FROM sc_roster_prev o JOIN invitations p ON p.campaign_id = o.prev_id WHERE o.gid = 0),
       -- Groups whose teams or people were in the organization's previous campaign, found once
       -- for all groups (a subquery per group scanned the invitations two thousand times).
       seen AS (
         SELECT t.gid FROM sc_gteam t JOIN prev ON prev.team_id = t.team_id
         UNION
         SELECT t.gid FROM sc_gteam t
           JOIN invitations c ON c.campaign_id = $2 AND c.team_id = t.team_id
           JOIN prev ON prev.member_id = c.member_id)
  SELECT g.position AS gid, x.rounded, CASE WHEN x.rounded THEN 0 ELSE 6 END AS digits
    FROM sc_groups g LEFT JOIN sc_roster r ON r.gid = g.position
   CROSS JOIN LATERAL (
     SELECT CASE WHEN r.gid IS NOT NULL THEN (r.changed > 0 OR r.prev_hidden) AND r.changed < $1 OR r.recomposed
                 ELSE g.position IN (SELECT gid FROM seen) END AS rounded) x`;

/** The group tree with what is hidden as a whole and what the roster change rounds (spreadRounding). */
export const READ_ROUNDING_TREE = `
  SELECT g.gkey, g.parent_key, g.responded, r.rounded, h.reason
    FROM sc_groups g JOIN sc_rounded r ON r.gid = g.position LEFT JOIN sc_hidden h ON h.gkey = g.gkey AND h.metric = 'group'
   ORDER BY g.position`;

/** Rounds the groups $1 (keys) too. */
export const ROUND_ALSO = `
  UPDATE sc_rounded r SET rounded = true, digits = 0 FROM sc_groups g WHERE g.position = r.gid AND g.gkey = ANY ($1::text[])`;

/**
 * Group rows. A group invited below the threshold has its counts withheld (its count would
 * say who answered): `pooled_upward` for a team pooled into an ancestor, else `few_answers`;
 * a group whose roster changed by fewer than threshold people: `roster_change`.
 * The index: the mean of the dimension scores shown for the group (a whole number where its
 * scores are), read from the group_scores rows written just before, so what "shown" means is
 * decided once, there (INSERT_GROUP_SCORES). `follow_through` is scored like a one-item
 * dimension of its own (DESIGN.md §5) but belongs to no dimension, so it is no part of the index.
 * $3 threshold, $4 whether the campaign asked the whole organization.
 */
export const INSERT_GROUP_RESULTS = `
  INSERT INTO group_results (campaign_id, org_id, scope, team_id, position, invited, responded, suppressed,
                             enps_n, enps_suppressed, enps, hidden_reason, counts_hidden_reason, enps_hidden_reason,
                             pooled_into, rounded, composition, audience_is_organization, index)
  WITH shown AS (
    SELECT scope, team_id, avg(score) AS index
      FROM group_scores WHERE campaign_id = $1 AND score IS NOT NULL AND dimension <> 'follow_through'
     GROUP BY scope, team_id)
  SELECT $1::uuid, $2::uuid, g.scope, g.team_id, g.position, g.invited, g.responded, hg.gkey IS NOT NULL,
         e.n, CASE WHEN e.key IS NOT NULL THEN he.gkey IS NOT NULL END,
         CASE WHEN he.gkey IS NULL THEN round(e.enps, r.digits) END,
         hg.reason,
         CASE WHEN g.pooled_into IS NOT NULL THEN 'pooled_upward'
              WHEN g.invited < $3 THEN 'few_answers'
              WHEN r.rounded THEN 'roster_change' END,
         he.reason, g.pooled_into, r.rounded, comp.composition,
         CASE WHEN g.scope = 'org' THEN $4::boolean END,
         CASE WHEN hg.gkey IS NULL THEN round(shown.index, r.digits) END
    FROM sc_groups g
    JOIN sc_rounded r ON r.gid = g.position
    LEFT JOIN sc_composition comp ON comp.gid = g.position
    LEFT JOIN sc_hidden hg ON hg.gkey = g.gkey AND hg.metric = 'group'
    LEFT JOIN sc_q e ON e.gid = g.position AND e.key = 'recommend'
    LEFT JOIN sc_hidden he ON he.gkey = g.gkey AND he.metric = 'enps'
    LEFT JOIN shown ON shown.scope = g.scope AND ${sameTeam('shown', 'g')}`;

/**
 * Dimension rows, with the 95 % CI: score ± t₀.₉₇₅(n − 1)·sd/√n, t exact (sc_t), clipped to
 * 0–100, null for n < 2. Whole numbers for a group whose roster changed by fewer than
 * threshold people. The delta is derived afterwards (deltas.sql.ts).
 */
export const INSERT_GROUP_SCORES = `
  INSERT INTO group_scores (campaign_id, org_id, scope, team_id, dimension, n, suppressed, score, sd, ci_low, ci_high,
                            favorable, neutral, unfavorable, hidden_reason)
  SELECT $1::uuid, $2::uuid, d.scope, d.team_id, d.dimension, d.n, h.hidden,
         round(cur.score, r.digits), round(cur.sd, r.digits),
         -- (greatest/least skip NULLs: without the CASE, n < 2 would get a 0–100 interval)
         CASE WHEN cur.sd IS NOT NULL THEN round(greatest(0, cur.score - ci.t * cur.sd / sqrt(d.n::numeric)), r.digits) END,
         CASE WHEN cur.sd IS NOT NULL THEN round(least(100, cur.score + ci.t * cur.sd / sqrt(d.n::numeric)), r.digits) END,
         CASE WHEN cur.score IS NOT NULL THEN round(100.0 * d.fav / d.n, r.digits) END,
         CASE WHEN cur.score IS NOT NULL THEN round(100.0 * (d.n - d.fav - d.unfav) / d.n, r.digits) END,
         CASE WHEN cur.score IS NOT NULL THEN round(100.0 * d.unfav / d.n, r.digits) END,
         x.reason
    FROM sc_dim d
    JOIN sc_rounded r ON r.gid = d.gid
    LEFT JOIN sc_hidden x ON x.gkey = d.gkey AND x.metric = 'dim:' || d.dimension
    LEFT JOIN sc_t ci ON ci.df = d.n - 1
   CROSS JOIN LATERAL (SELECT x.gkey IS NOT NULL AS hidden) h
   CROSS JOIN LATERAL (
     SELECT CASE WHEN NOT h.hidden AND d.n > 0 THEN d.score END AS score,
            CASE WHEN NOT h.hidden AND d.n >= 2 THEN d.sd END AS sd) cur`;

/**
 * The group rows' index and the deltas join the rows just written. Statistics taken before them
 * (autovacuum's) know nothing of this campaign: the planner expected one row per campaign and
 * chose nested loops that rescanned its 2,000 or 10,000 rows per row (the index 26 s and
 * READ_DELTA_INPUTS 20–40 s at 2,000 groups in the benchmark's 200k run). Sampling the key
 * columns the joins use takes a few milliseconds; it waits only for another scoring's ANALYZE
 * (or autovacuum's) of the same table. Each runs right after its table is written.
 */
export const ANALYZE_GROUP_SCORES = `ANALYZE group_scores (campaign_id, scope, team_id, dimension)`;
export const ANALYZE_GROUP_RESULTS = `ANALYZE group_results (campaign_id, scope, team_id)`;

/**
 * Question scores, one row per group: its asked questions' figures as arrays in key order
 * (group_question_scores; the view `question_scores` unpacks them). Every array_agg takes the
 * group's rows in the same order, so the arrays stay aligned, and the sorted subquery makes it
 * key order: one sort, where an ORDER BY in each aggregate sorted eight times (PostgreSQL 15).
 * A suppressed question keeps its n but shows no numbers and all-zero counts. Its counts are
 * also withheld where one value holds all answers but at most one (they would tell each
 * person's answer: `few_answers`) and in a group whose roster changed by fewer than threshold
 * people (`roster_change`, which also withholds the mean).
 */
export const INSERT_QUESTION_SCORES = `
  INSERT INTO group_question_scores (campaign_id, org_id, scope, team_id, question_keys, n, suppressed, mean, favorable, counts,
                                     hidden_reason, distribution_hidden_reason)
  SELECT $1::uuid, $2::uuid, scope, team_id, ${['key', 'n', 'hidden', 'mean', 'favorable', 'counts', 'reason', 'dist_reason'].map((c) => `array_agg(${c})`).join(', ')}
    FROM (SELECT q.gid, q.scope, q.team_id, q.key, q.n, h.hidden,
                 CASE WHEN NOT h.hidden AND NOT r.rounded THEN q.mean END AS mean,
                 CASE WHEN NOT h.hidden THEN round(q.favorable, r.digits) END AS favorable,
                 CASE WHEN dist.reason IS NULL THEN q.counts ELSE array_fill(0, ARRAY[cardinality(q.counts)]) END AS counts,
                 CASE WHEN h.hidden THEN x.reason WHEN r.rounded THEN 'roster_change' END AS reason,
                 dist.reason AS dist_reason
            FROM sc_q q
            JOIN sc_rounded r ON r.gid = q.gid
            LEFT JOIN sc_hidden x ON x.gkey = q.gkey AND x.metric = 'q:' || q.key
           CROSS JOIN LATERAL (SELECT x.gkey IS NOT NULL AS hidden) h
           CROSS JOIN LATERAL (
             SELECT CASE WHEN h.hidden THEN x.reason
                         WHEN r.rounded THEN 'roster_change'
                         WHEN q.n > 0 AND q.top_count >= q.n - 1 THEN 'few_answers' END AS reason) dist
           ORDER BY q.gid, q.scope, q.team_id, q.key) question
   GROUP BY gid, scope, team_id`;
