/**
 * The anonymity rule of DESIGN.md §5, over the small tree of groups of one campaign, for one
 * metric (the group as a whole, a dimension, a question or eNPS, each with its own n):
 *
 * 1. a group with n < threshold is suppressed (primary suppression);
 * 2. under every group whose aggregate is known or derivable (every shown group, and every
 *    group hidden to protect a sibling while its own n ≥ threshold), the suppressed children
 *    must be none (only for a shown parent: a hidden parent with all children shown could be
 *    rebuilt from them), or all of a single child, or at least two with combined n ≥ threshold;
 *    otherwise the smallest shown child (ties by key) is suppressed too;
 * 3. repeat over the whole tree until nothing changes.
 *
 * The organization is the root; a team's own members ("direct") are an ordinary child of the
 * team's subtree group. A child with n = 0 holds nobody, so nothing can be derived about it
 * and it takes no part in rule 2. Suppression only ever grows, so the loop ends, and the
 * order is fixed (breadth-first, children by key), so the same input gives the same answer.
 */
export interface SuppressionGroup {
  key: string;
  /** null for the root (the organization). */
  parent: string | null;
  n: number;
}

export function suppressGroups(groups: readonly SuppressionGroup[], threshold: number, alsoSuppressed: Iterable<string> = []): Set<string> {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const children = new Map<string, SuppressionGroup[]>();
  for (const g of groups) {
    if (g.parent === null || !byKey.has(g.parent)) continue;
    const list = children.get(g.parent) ?? [];
    list.push(g);
    children.set(g.parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => compareKeys(a.key, b.key));

  // Breadth-first from the roots: parents before their children, in a fixed order.
  const order: SuppressionGroup[] = groups.filter((g) => g.parent === null || !byKey.has(g.parent)).sort((a, b) => compareKeys(a.key, b.key));
  for (let i = 0; i < order.length; i++) order.push(...(children.get(order[i].key) ?? []));

  const suppressed = new Set<string>();
  for (const g of groups) if (g.n < threshold) suppressed.add(g.key);
  for (const key of alsoSuppressed) if (byKey.has(key)) suppressed.add(key);

  let changed = true;
  while (changed) {
    changed = false;
    for (const parent of order) {
      if (parent.n < threshold) continue; // primary: everything under it is below the threshold too
      const kids = (children.get(parent.key) ?? []).filter((c) => c.n > 0);
      if (kids.length === 0) continue;
      const parentShown = !suppressed.has(parent.key);
      const hidden = kids.filter((c) => suppressed.has(c.key));
      const hiddenN = hidden.reduce((sum, c) => sum + c.n, 0);
      const ok =
        (parentShown && hidden.length === 0) ||
        (hidden.length >= 2 && hiddenN >= threshold) ||
        (kids.length === 1 && hidden.length === 1);
      if (ok) continue;
      const next = kids.filter((c) => !suppressed.has(c.key)).sort((a, b) => a.n - b.n || compareKeys(a.key, b.key))[0];
      if (!next) continue; // every child already hidden: nothing more can be done here
      suppressed.add(next.key);
      changed = true;
    }
  }
  return suppressed;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
