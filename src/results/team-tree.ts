/**
 * The one walk over the team tree that the dashboards and the report emails share: depth
 * first, each team directly under its parent, siblings alphabetical (so the same tree reads the
 * same on every page and in every mail); a team whose parent is not in the list counts as a
 * top-level team, so a reader's partial view still forms a tree.
 */
export interface TreeLink {
  id: string;
  parentId: string | null;
  name: string;
}

const bySiblingName = (a: TreeLink, b: TreeLink) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

export function walkTeamTree<T>(teams: T[], link: (team: T) => TreeLink, from: string | null = null): Array<{ team: T; depth: number }> {
  const ids = new Set(teams.map((t) => link(t).id));
  const children = new Map<string | null, T[]>();
  for (const t of teams) {
    const { parentId } = link(t);
    const key = parentId && ids.has(parentId) ? parentId : null;
    children.set(key, [...(children.get(key) ?? []), t]);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => bySiblingName(link(a), link(b)));
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

/** A results group: a team over its subtree, or a team's own members only. */
export interface ScopedGroup {
  teamId: string;
  parentId: string | null;
  name: string;
  scope: 'subtree' | 'direct';
}

/**
 * Results groups in tree order: each team, then its own members (one level deeper), then its
 * child teams. From a team (`from`): that team's own members first, then the teams beneath it.
 */
export function groupsInTreeOrder<G extends ScopedGroup>(groups: G[], from: string | null = null): Array<{ group: G; depth: number }> {
  const direct = new Map(groups.filter((g) => g.scope === 'direct').map((g) => [g.teamId, g]));
  const subtree = groups.filter((g) => g.scope === 'subtree');
  const out: Array<{ group: G; depth: number }> = [];
  const ownMembers = (teamId: string, depth: number) => {
    const g = direct.get(teamId);
    if (g) out.push({ group: g, depth });
  };
  if (from) ownMembers(from, 0);
  for (const { team, depth } of walkTeamTree(subtree, (t) => ({ id: t.teamId, parentId: t.parentId, name: t.name }), from)) {
    out.push({ group: team, depth });
    ownMembers(team.teamId, depth + 1);
  }
  return out;
}
