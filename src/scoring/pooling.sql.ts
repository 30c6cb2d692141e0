import { EntityManager } from 'typeorm';
import { Pooling, poolTeams } from './pooling';

/**
 * A launched campaign's pooling, from what it is decided by: the tree and threshold frozen at
 * launch and the invitations per team. Close, scoring and the survey all read it here, so the
 * group a response is stored in at close is the one scoring reports and the survey names.
 */
export async function campaignPooling(manager: Pick<EntityManager, 'query'>, campaignId: string): Promise<Pooling> {
  const rows: Array<{ threshold: number | null; team_id: string; parent_id: string | null; invited: number }> = await manager.query(
    `WITH per_team AS (SELECT team_id, count(*)::int AS n FROM invitations WHERE campaign_id = $1 GROUP BY team_id)
     SELECT c.threshold, t->>'id' AS team_id, t->>'parentId' AS parent_id, coalesce(p.n, 0) AS invited
       FROM campaigns c
      CROSS JOIN jsonb_array_elements(coalesce(c.team_tree, '[]'::jsonb)) t
       LEFT JOIN per_team p ON p.team_id = (t->>'id')::uuid
      WHERE c.id = $1`,
    [campaignId],
  );
  // A launched campaign always has its threshold frozen; 5 is the product default should one lack it.
  const threshold = rows[0]?.threshold ?? 5;
  return poolTeams(
    rows.map((r) => ({ teamId: r.team_id, parentId: r.parent_id, invited: r.invited })),
    threshold,
  );
}
