/**
 * Pure helpers over a team tree: the order people read it in, and the preview of which teams a
 * campaign will pool upward or hide (DESIGN §4 item 8).
 */
import { walkTeamTree } from '../results/team-tree';
import { poolTeams } from '../scoring/pooling';

export interface TreeTeam {
  id: string;
  parentId: string | null;
  name: string;
}

/** Depth-first, siblings by name; a team whose parent is not in the list is a root. */
export function treeOrder<T extends TreeTeam>(teams: T[]): Array<T & { depth: number }> {
  const byName = [...teams].sort((a, b) => a.name.localeCompare(b.name));
  return walkTeamTree(byName, (t) => t).map(({ team, depth }) => ({ ...team, depth }));
}

export type PoolingOutcome =
  /** Reported as a group of its own: `people` counts its own and those of teams pooled into it. */
  | { kind: 'own'; people: number }
  /** Invited below the threshold: its answers join this ancestor's group. */
  | { kind: 'pooled'; intoId: string; intoName: string }
  /** Below the threshold with no ancestor that reaches it: never reported on its own or pooled. */
  | { kind: 'hidden' }
  /** Nobody to invite. */
  | { kind: 'empty' };

/** The rule campaigns pool by (scoring/pooling.ts), applied to a draft's teams as they stand now. */
export function poolingPreview(teams: Array<TreeTeam & { invited: number }>, threshold: number): Map<string, PoolingOutcome> {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const pooling = poolTeams(
    teams.map((t) => ({ teamId: t.id, parentId: t.parentId, invited: t.invited })),
    threshold,
  );
  const outcome = new Map<string, PoolingOutcome>();
  for (const t of teams) {
    const at = pooling.groupOf(t.id);
    if (t.invited === 0) outcome.set(t.id, { kind: 'empty' });
    else if (pooling.groupSize(t.id) < threshold) outcome.set(t.id, { kind: 'hidden' });
    else if (at === t.id) outcome.set(t.id, { kind: 'own', people: pooling.groupSize(t.id) });
    else outcome.set(t.id, { kind: 'pooled', intoId: at, intoName: byId.get(at)!.name });
  }
  return outcome;
}

/**
 * Which teams' answer counts an open campaign may show. A team invited below the threshold
 * shows none (it would say who answered); and because the campaign's total is shown too, the
 * withheld teams together must also reach the threshold, or subtracting the shown counts from
 * the total would give theirs: then the smallest shown teams are withheld as well.
 */
export function countsShown(teams: Array<{ id: string; invited: number }>, threshold: number): Set<string> {
  const shown = new Set(teams.filter((t) => t.invited >= threshold).map((t) => t.id));
  let withheld = teams.filter((t) => !shown.has(t.id)).reduce((n, t) => n + t.invited, 0);
  const smallestFirst = teams.filter((t) => shown.has(t.id)).sort((a, b) => a.invited - b.invited);
  while (withheld > 0 && withheld < threshold && smallestFirst.length > 0) {
    const next = smallestFirst.shift()!;
    shown.delete(next.id);
    withheld += next.invited;
  }
  return shown;
}
