/**
 * Pooling upward (DESIGN.md §4.8): a team whose own invited people (plus any pooled into it)
 * are fewer than the threshold has its responses counted in its parent's own members' group,
 * and so on up, until a team's pooled group reaches the threshold. A root that stays below it
 * keeps its people (they are then simply suppressed as few answers). Decided on invitations,
 * not responses, so who answered does not change which group an answer lands in.
 *
 * Returns the team each pooled team's people are counted in (teams not pooled are absent).
 */
export interface PoolingTeam {
  teamId: string;
  parentId: string | null;
  /** People invited in this team itself (not its child teams). */
  invited: number;
}

export function poolTeams(teams: readonly PoolingTeam[], threshold: number): Map<string, string> {
  const byId = new Map(teams.map((t) => [t.teamId, t]));
  const depth = (t: PoolingTeam): number => {
    let d = 0;
    for (let p = t.parentId; p !== null && byId.has(p); p = byId.get(p)!.parentId) d++;
    return d;
  };
  // Deepest first, so a team has received everything pooled into it before it is decided.
  const order = [...teams].sort((a, b) => depth(b) - depth(a) || (a.teamId < b.teamId ? -1 : 1));
  const pooled = new Map(teams.map((t) => [t.teamId, t.invited]));
  const into = new Map<string, string>();
  for (const team of order) {
    const size = pooled.get(team.teamId)!;
    if (size === 0 || size >= threshold || team.parentId === null || !byId.has(team.parentId)) continue;
    into.set(team.teamId, team.parentId);
    pooled.set(team.parentId, pooled.get(team.parentId)! + size);
  }
  // Follow each chain to the team that finally keeps the people.
  const target = (id: string): string => (into.has(id) ? target(into.get(id)!) : id);
  return new Map([...into.keys()].map((id) => [id, target(id)]));
}
