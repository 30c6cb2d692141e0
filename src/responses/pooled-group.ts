import { FrozenTeam } from '../campaigns/campaign.entity';

/**
 * The teams whose invited people make up the smallest group a member of `teamId` can ever be
 * reported in (DESIGN §4.8): a team invited below the threshold hands its people up to its
 * parent at close, together with whatever was handed to it; the first team, from the member's
 * own upward, whose own people plus those handed to it reach the threshold is that group.
 * When even the top of the tree stays below, the group is everything pooled there (it is never
 * reported, and it is still whom the answer is combined with).
 */
export function pooledGroupTeams(tree: FrozenTeam[], invited: ReadonlyMap<string, number>, threshold: number, teamId: string): string[] {
  const children = new Map<string, FrozenTeam[]>();
  for (const team of tree) {
    if (team.parentId === null) continue;
    children.set(team.parentId, [...(children.get(team.parentId) ?? []), team]);
  }
  // Bottom-up: the teams pooled into each team (itself included) and how many people they hold.
  const pooled = new Map<string, { teams: string[]; people: number }>();
  const poolOf = (id: string): { teams: string[]; people: number } => {
    const known = pooled.get(id);
    if (known) return known;
    const pool = { teams: [id], people: invited.get(id) ?? 0 };
    for (const child of children.get(id) ?? []) {
      const below = poolOf(child.id);
      if (below.people < threshold) {
        pool.teams.push(...below.teams);
        pool.people += below.people;
      }
    }
    pooled.set(id, pool);
    return pool;
  };
  const parentOf = new Map(tree.map((t) => [t.id, t.parentId]));
  let current = teamId;
  for (;;) {
    const pool = poolOf(current);
    const parent = parentOf.get(current);
    // A parent outside the frozen tree (outside the audience) ends the climb like a root.
    if (pool.people >= threshold || !parent || !parentOf.has(parent)) return pool.teams;
    current = parent;
  }
}
