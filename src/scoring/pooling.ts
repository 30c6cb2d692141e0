/**
 * Pooling upward (DESIGN.md §4.8), the one implementation of the rule: a team whose own invited
 * people (plus any pooled into it) are fewer than the threshold has its people counted in its
 * parent's own members' group, and so on up, until a team's pooled group reaches the threshold.
 * A root (or a team whose parent is outside the tree) that stays below it keeps its people
 * (they are then simply suppressed as few answers). Decided on invitations, not responses, so
 * who answered does not change which group an answer lands in.
 *
 * Close applies it to the closed tables, scoring to its groups, the survey to `pooledWith`, and
 * the console to a draft's preview; they must agree, so they all call this.
 */
export interface PoolingTeam {
  teamId: string;
  parentId: string | null;
  /** People invited in this team itself (not its child teams). */
  invited: number;
}

export interface Pooling {
  /** Each pooled team → the team that finally keeps its people (teams not pooled are absent). */
  readonly pooledInto: ReadonlyMap<string, string>;
  /** The team whose group holds this team's people: the one it is pooled into, else itself. */
  groupOf(teamId: string): string;
  /** People in the group a team's people are counted in (its own plus everyone pooled there). */
  groupSize(teamId: string): number;
  /** The teams whose people share that group, the team itself included. */
  teamsWith(teamId: string): string[];
}

export function poolTeams(teams: readonly PoolingTeam[], threshold: number): Pooling {
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
  const pooledInto = new Map([...into.keys()].map((id) => [id, target(id)]));
  const groupOf = (id: string) => pooledInto.get(id) ?? id;
  return {
    pooledInto,
    groupOf,
    groupSize: (id) => pooled.get(groupOf(id)) ?? 0,
    teamsWith: (id) => {
      const group = groupOf(id);
      return teams.map((t) => t.teamId).filter((t) => groupOf(t) === group);
    },
  };
}
