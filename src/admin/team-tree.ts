/**
 * Pure helpers over a team tree: the order people read it in, and the preview of which teams a
 * campaign will pool upward or hide (DESIGN §4 item 8).
 */
import { walkTeamTree } from '../results/team-tree';

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

/**
 * A team invited below the threshold is pooled upward: its people count with the nearest
 * ancestor whose pooled group (its own people plus everyone pooled into it) reaches the threshold.
 * Worked deepest first, so a small team pooled into a small parent travels on up with it.
 */
export function poolingPreview(teams: Array<TreeTeam & { invited: number }>, threshold: number): Map<string, PoolingOutcome> {
  const ordered = treeOrder(teams);
  const byId = new Map(ordered.map((t) => [t.id, t]));
  const pool = new Map(ordered.map((t) => [t.id, t.invited]));
  const movedTo = new Map<string, string>();
  for (const t of [...ordered].sort((a, b) => b.depth - a.depth)) {
    const size = pool.get(t.id)!;
    if (size === 0 || size >= threshold) continue;
    const parent = t.parentId && byId.has(t.parentId) ? t.parentId : null;
    if (!parent) continue;
    pool.set(parent, pool.get(parent)! + size);
    pool.set(t.id, 0);
    movedTo.set(t.id, parent);
  }
  const outcome = new Map<string, PoolingOutcome>();
  for (const t of ordered) {
    if (t.invited === 0) {
      outcome.set(t.id, { kind: 'empty' });
      continue;
    }
    let at = t.id;
    while (movedTo.has(at)) at = movedTo.get(at)!;
    if (pool.get(at)! < threshold) outcome.set(t.id, { kind: 'hidden' });
    else if (at === t.id) outcome.set(t.id, { kind: 'own', people: pool.get(t.id)! });
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
