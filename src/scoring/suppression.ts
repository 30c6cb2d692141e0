/**
 * The anonymity rule of DESIGN.md §5, over the small tree of groups of one campaign, for one
 * metric (the group as a whole, a dimension, a question or eNPS, each with its own n):
 *
 * 1. a group with n < threshold is suppressed (`few_answers`);
 * 2. under every shown group, the suppressed children must be none, or at least two with
 *    combined n ≥ threshold; otherwise the smallest shown child (ties by key) is suppressed
 *    too (`protects_smaller_group`);
 * 3. under a group hidden to protect another while its own n ≥ threshold (its sum with the
 *    group it protects is known), the suppressed children must have combined n ≥ threshold:
 *    with none it would be rebuilt from its children, and with only small ones the sum of
 *    those and the protected group would be known (parent + protected − shown children).
 *    One hidden child of n ≥ threshold is enough there;
 * 4. repeat over the whole tree until nothing changes.
 *
 * Rule 3 is stricter than "not rebuildable" and looser than rule 2: suppression.spec.ts shows
 * with an attacker that solves the tree's equations that the first is unsafe and that this
 * rule leaves no combination of fewer than threshold people derivable.
 *
 * The organization is the root; a team's own members ("direct") are an ordinary child of the
 * team's subtree group. A child with n = 0 holds nobody, so nothing can be derived about it
 * and it takes no part in rules 2–3. A sole child holds the same people as its parent and is
 * hidden exactly when the parent is. Suppression only ever grows, so the loop ends, and the
 * order is fixed (breadth-first, children by key), so the same input gives the same answer.
 */
/** The product default n (organizations.anonymity_threshold defaults to it in the schema too). */
export const DEFAULT_ANONYMITY_THRESHOLD = 5;

export interface SuppressionGroup {
  key: string;
  /** null for the root (the organization). */
  parent: string | null;
  n: number;
}

export type HiddenReason = 'few_answers' | 'protects_smaller_group' | 'pooled_upward' | 'roster_change';

/** Suppressed group keys with their reason; `alsoSuppressed` (e.g. groups hidden as a whole) keep the reason given. */
export function suppressGroups(
  groups: readonly SuppressionGroup[],
  threshold: number,
  alsoSuppressed: ReadonlyMap<string, HiddenReason> | Iterable<string> = [],
): Map<string, HiddenReason> {
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

  const suppressed = new Map<string, HiddenReason>();
  const given = alsoSuppressed instanceof Map ? [...(alsoSuppressed as Map<string, HiddenReason>).entries()] : [...(alsoSuppressed as Iterable<string>)].map((k) => [k, 'few_answers'] as const);
  for (const [key, reason] of given) if (byKey.has(key)) suppressed.set(key, reason);
  for (const g of groups) if (g.n < threshold && !suppressed.has(g.key)) suppressed.set(g.key, 'few_answers');

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
        kids.length === 1
          ? parentShown === (hidden.length === 0)
          : parentShown
            ? hidden.length === 0 || (hidden.length >= 2 && hiddenN >= threshold)
            : hiddenN >= threshold;
      if (ok) continue;
      const next = kids.filter((c) => !suppressed.has(c.key)).sort((a, b) => a.n - b.n || compareKeys(a.key, b.key))[0];
      if (!next) continue; // every child already hidden: nothing more can be done here
      suppressed.set(next.key, kids.length === 1 ? (suppressed.get(parent.key) ?? 'protects_smaller_group') : 'protects_smaller_group');
      changed = true;
    }
  }
  return suppressed;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
