import { EntityManager } from 'typeorm';
import { FOLLOW_THROUGH_KEY } from '../instruments/questions.service';
import { campaignPooling } from '../scoring/pooling.sql';

/**
 * Follow-through (API.md "Acting on results"): when a campaign opens, every team of its frozen
 * audience that has actions from an earlier campaign, not yet asked about, gets the
 * `follow_through` item; the actions are marked as asked by this campaign, so exactly the
 * team's next survey asks, and the one after does not ask again.
 *
 * The item goes to the members of those teams and of the teams within them (the people an
 * action of the team concerns), widened to every team pooled with one of them (DESIGN §4.8),
 * listed in `campaigns.follow_through_team_ids`; everyone else in the campaign is not asked.
 * Widened, because close stores a pooled team's responses as the team it is pooled into: were
 * only part of a pooled group asked, a stored answer to the item would tell which sub-team it
 * came from. (Not asking pooled teams at all would keep that too, but a small team's actions
 * would then never be followed up; asked of the whole group, they are, at the only level they
 * can be reported.) Runs inside the opening transaction, after the invitations are created
 * (pooling is decided by them). Returns the teams whose actions are asked about.
 */
export async function askFollowThrough(manager: EntityManager, campaignId: string): Promise<string[]> {
  const [[asked]]: [Array<{ team_ids: string[]; reached: string[] }>] = await manager.query(
    `WITH RECURSIVE campaign AS (
       SELECT id, org_id, team_tree FROM campaigns WHERE id = $1
     ), tree AS (
       SELECT (t->>'id')::uuid AS team_id, (t->>'parentId')::uuid AS parent_id FROM campaign, jsonb_array_elements(coalesce(team_tree, '[]'::jsonb)) t
     ), marked AS (
       UPDATE actions a SET follow_through_campaign_id = $1
         FROM campaign c, campaigns earlier
        WHERE a.org_id = c.org_id AND a.team_id IN (SELECT team_id FROM tree)
          AND a.follow_through_campaign_id IS NULL
          AND earlier.id = a.campaign_id AND earlier.id <> c.id AND earlier.closed_at IS NOT NULL
       RETURNING a.team_id
     ), reached AS (
       SELECT DISTINCT team_id FROM marked
       UNION
       SELECT t.team_id FROM tree t JOIN reached r ON t.parent_id = r.team_id
     )
     UPDATE campaigns SET follow_through_team_ids = ARRAY(SELECT team_id FROM reached ORDER BY team_id),
            question_keys = CASE WHEN EXISTS (SELECT 1 FROM marked) AND NOT $2 = ANY (question_keys)
                                 THEN question_keys || $2::text ELSE question_keys END
      WHERE id = $1
     RETURNING ARRAY(SELECT DISTINCT team_id FROM marked) AS team_ids, follow_through_team_ids AS reached`,
    [campaignId, FOLLOW_THROUGH_KEY],
  );
  const pooling = await campaignPooling(manager, campaignId);
  const widened = [...new Set((asked?.reached ?? []).flatMap((team) => pooling.teamsWith(team)))];
  await manager.query(`UPDATE campaigns SET follow_through_team_ids = ARRAY(SELECT unnest($2::uuid[]) ORDER BY 1) WHERE id = $1`, [campaignId, widened]);
  return asked?.team_ids ?? [];
}
