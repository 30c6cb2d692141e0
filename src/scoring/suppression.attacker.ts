import { SuppressionGroup } from './suppression';

/**
 * The attacker the suppression rule is tested against (suppression.spec.ts): someone who reads
 * every shown group's number for one metric (any additive one: a sum of scores, a count of
 * a value) and knows the tree, where every parent is the sum of its children. Each hidden
 * group is an unknown; each parent gives a linear equation. A combination of hidden groups is
 * derivable when it lies in the row space of those equations. Returns the smallest derivable
 * combination that isolates fewer than threshold people (a hidden group alone, the sum of two
 * disjoint hidden groups, or a hidden group minus a hidden descendant), or null.
 */
export function smallestDerivable(
  groups: readonly SuppressionGroup[],
  hidden: ReadonlyMap<string, unknown> | ReadonlySet<string>,
  threshold: number,
): { groups: string[]; n: number } | null {
  const unknowns = groups.filter((g) => hidden.has(g.key) && g.n > 0);
  const index = new Map(unknowns.map((g, i) => [g.key, i]));
  const rows: number[][] = [];
  for (const parent of groups) {
    const kids = groups.filter((c) => c.parent === parent.key && c.n > 0);
    if (kids.length === 0) continue;
    const row = new Array<number>(unknowns.length).fill(0);
    if (index.has(parent.key)) row[index.get(parent.key)!] += 1;
    for (const k of kids) if (index.has(k.key)) row[index.get(k.key)!] -= 1;
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  const basis = rowReduce(rows);
  const derivable = (vector: number[]) => rowReduce([...basis, vector]).length === basis.length;

  const parentOf = new Map(groups.map((g) => [g.key, g.parent]));
  const isAncestor = (a: string, b: string) => {
    for (let p = parentOf.get(b) ?? null; p !== null; p = parentOf.get(p) ?? null) if (p === a) return true;
    return false;
  };
  const candidates: Array<{ groups: string[]; n: number; vector: number[] }> = [];
  const unit = (i: number, sign = 1) => unknowns.map((_, j) => (j === i ? sign : 0));
  unknowns.forEach((a, i) => {
    candidates.push({ groups: [a.key], n: a.n, vector: unit(i) });
    unknowns.forEach((b, j) => {
      if (j <= i) return;
      const v = unit(i).map((x, k) => x + unit(j)[k]);
      if (!isAncestor(a.key, b.key) && !isAncestor(b.key, a.key)) candidates.push({ groups: [a.key, b.key].sort(), n: a.n + b.n, vector: v });
      if (isAncestor(a.key, b.key)) candidates.push({ groups: [a.key, b.key], n: a.n - b.n, vector: unit(i).map((x, k) => x - unit(j)[k]) });
      if (isAncestor(b.key, a.key)) candidates.push({ groups: [b.key, a.key], n: b.n - a.n, vector: unit(j).map((x, k) => x - unit(i)[k]) });
    });
  });
  const leaks = candidates.filter((c) => c.n > 0 && c.n < threshold && derivable(c.vector)).sort((a, b) => a.n - b.n);
  return leaks.length ? { groups: leaks[0].groups, n: leaks[0].n } : null;
}

/** The non-zero rows of the reduced row echelon form (small integer matrices: a tolerance suffices). */
export function rowReduce(input: number[][]): number[][] {
  const m = input.map((r) => [...r]);
  const width = m[0]?.length ?? 0;
  let rank = 0;
  for (let col = 0; col < width && rank < m.length; col++) {
    const pivot = m.findIndex((r, i) => i >= rank && Math.abs(r[col]) > 1e-9);
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot], m[rank]];
    const p = m[rank][col];
    m[rank] = m[rank].map((v) => v / p);
    for (let i = 0; i < m.length; i++) {
      if (i === rank || Math.abs(m[i][col]) < 1e-9) continue;
      const f = m[i][col];
      m[i] = m[i].map((v, k) => v - f * m[rank][k]);
    }
    rank++;
  }
  return m.slice(0, rank);
}
