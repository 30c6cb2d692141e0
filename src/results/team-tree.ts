/**
 * The one walk over the team tree that the dashboards and the report emails share: depth
 * first, siblings in the order given (sort first for alphabetical); a team whose parent is not
 * in the list counts as a top-level team, so a reader's partial view still forms a tree.
 */
export interface TreeLink {
  id: string;
  parentId: string | null;
}

export function walkTeamTree<T>(teams: T[], link: (team: T) => TreeLink, from: string | null = null): Array<{ team: T; depth: number }> {
  const ids = new Set(teams.map((t) => link(t).id));
  const children = new Map<string | null, T[]>();
  for (const t of teams) {
    const { parentId } = link(t);
    const key = parentId && ids.has(parentId) ? parentId : null;
    children.set(key, [...(children.get(key) ?? []), t]);
  }
  const out: Array<{ team: T; depth: number }> = [];
  const visit = (parent: string | null, depth: number) => {
    for (const team of children.get(parent) ?? []) {
      out.push({ team, depth });
      visit(link(team).id, depth + 1);
    }
  };
  visit(from, 0);
  return out;
}

/** Each team's depth in the tree (0 for a top-level team); a team listed twice counts once. */
export function teamDepths<T>(teams: T[], link: (team: T) => TreeLink): Map<string, number> {
  const seen = new Set<string>();
  const unique = teams.filter((t) => !seen.has(link(t).id) && seen.add(link(t).id));
  return new Map(walkTeamTree(unique, link).map(({ team, depth }) => [link(team).id, depth]));
}
