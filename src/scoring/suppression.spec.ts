import { HiddenReason, SuppressionGroup, suppressGroups } from './suppression';
import { smallestDerivable } from './suppression.attacker';

/** A hand-drawn tree: [key, parent, n]; the organization is the root. */
const tree = (...rows: Array<[string, string | null, number]>): SuppressionGroup[] => rows.map(([key, parent, n]) => ({ key, parent, n }));
const sorted = (s: Map<string, HiddenReason>) => [...s.keys()].sort();

describe('suppressGroups (DESIGN.md §5)', () => {
  it('shows everything when every group reaches the threshold', () => {
    expect(sorted(suppressGroups(tree(['org', null, 20], ['A', 'org', 10], ['B', 'org', 10]), 5))).toEqual([]);
  });

  it('one small child: hides it and the next-smallest sibling, so org − shown siblings reveals only a pair of ≥ threshold', () => {
    const groups = tree(['org', null, 20], ['A', 'org', 3], ['B', 'org', 8], ['C', 'org', 9]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['A', 'B']);
  });

  it('two small children whose sum is below the threshold: a third sibling is hidden too', () => {
    const groups = tree(['org', null, 20], ['A', 'org', 2], ['B', 'org', 2], ['C', 'org', 16]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['A', 'B', 'C']);
  });

  it('two small children whose sum reaches the threshold protect each other', () => {
    const groups = tree(['org', null, 20], ['A', 'org', 2], ['B', 'org', 3], ['C', 'org', 15]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['A', 'B']);
  });

  it('a group hidden to protect a sibling is not left rebuildable from its own shown children', () => {
    // A (3) is small; B (12) is hidden to protect it; B = B1 + B2 would give B back, and A = org − B − C.
    // Hiding B1 (6) is enough: what is derivable, A + B1 = org − C − B2, holds 9 people.
    const groups = tree(['org', null, 30], ['A', 'org', 3], ['B', 'org', 12], ['B1', 'B', 6], ['B2', 'B', 6], ['C', 'org', 15]);
    const hidden = suppressGroups(groups, 5);
    expect(sorted(hidden)).toEqual(['A', 'B', 'B1']);
    expect(smallestDerivable(groups, hidden, 5)).toBeNull();
    expect(hidden.has('C')).toBe(false);
  });

  it('a team with members and children: its own members are an implicit child', () => {
    // subtree:T = direct:T (3) + subtree:C (9); direct:T alone would be subtree:T − subtree:C.
    const groups = tree(['org', null, 12], ['subtree:T', 'org', 12], ['direct:T', 'subtree:T', 3], ['subtree:C', 'subtree:T', 9]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['direct:T', 'subtree:C']);
  });

  it('cascades down: a child hidden for protection gets its own small child protected in turn', () => {
    const groups = tree(
      ['org', null, 12],
      ['subtree:T', 'org', 12],
      ['direct:T', 'subtree:T', 3],
      ['subtree:C', 'subtree:T', 9],
      ['subtree:C1', 'subtree:C', 5],
      ['subtree:C2', 'subtree:C', 4],
    );
    expect(sorted(suppressGroups(groups, 5))).toEqual(['direct:T', 'subtree:C', 'subtree:C1', 'subtree:C2']);
  });

  it('a below-threshold parent hides its whole subtree and does not force hiding elsewhere beyond the rule', () => {
    const groups = tree(['org', null, 40], ['A', 'org', 4], ['A1', 'A', 2], ['A2', 'A', 2], ['B', 'org', 18], ['C', 'org', 18]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['A', 'A1', 'A2', 'B']);
  });

  it('ignores a child nobody answered in: there is nothing to derive about it', () => {
    const groups = tree(['org', null, 10], ['A', 'org', 10], ['B', 'org', 0]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['B']);
  });

  it('hides everything when the organization itself is below the threshold', () => {
    const groups = tree(['org', null, 4], ['A', 'org', 2], ['B', 'org', 2]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['A', 'B', 'org']);
  });

  it('starts a metric from the groups hidden as a whole (a dimension with a large n inside a hidden group)', () => {
    const groups = tree(['org', null, 30], ['A', 'org', 10], ['B', 'org', 10], ['C', 'org', 10]);
    expect(sorted(suppressGroups(groups, 5, ['A']))).toEqual(['A', 'B']);
  });

  it('a sole child carries the same people as its parent: hidden exactly when the parent is', () => {
    const groups = tree(['org', null, 20], ['A', 'org', 2], ['B', 'org', 18], ['B1', 'B', 18]);
    expect(sorted(suppressGroups(groups, 5))).toEqual(['A', 'B', 'B1']);
  });

  it('decides the same whatever order the groups come in', () => {
    const groups = tree(['org', null, 40], ['A', 'org', 3], ['B', 'org', 9], ['C', 'org', 9], ['D', 'org', 19], ['B1', 'B', 4], ['B2', 'B', 5]);
    const expected = sorted(suppressGroups(groups, 5));
    for (let i = 0; i < 5; i++) {
      const shuffled = [...groups].sort(() => Math.random() - 0.5);
      expect(sorted(suppressGroups(shuffled, 5))).toEqual(expected);
    }
    // A (3) needs a partner: B and C tie at 9, B wins by key; B (hidden, 9) then hides B1 and B2.
    expect(expected).toEqual(['A', 'B', 'B1', 'B2']);
  });

  it('a hidden parent needs only one hidden child of at least the threshold (issue 13, item 7)', () => {
    // S (2) is small; P (12) is hidden to protect it; P = B + C (6 + 6): hiding B alone keeps P from
    // being rebuilt, and what can be derived (P + S − C = B + S) holds 8 people.
    const groups = tree(['org', null, 34], ['S', 'org', 2], ['P', 'org', 12], ['B', 'P', 6], ['C', 'P', 6], ['Q', 'org', 20]);
    const hidden = suppressGroups(groups, 5);
    expect(sorted(hidden)).toEqual(['B', 'P', 'S']);
    expect(smallestDerivable(groups, hidden, 5)).toBeNull();
  });

  it('says why: few answers, or protecting a smaller group', () => {
    const hidden = suppressGroups(tree(['org', null, 20], ['A', 'org', 3], ['B', 'org', 8], ['C', 'org', 9]), 5);
    expect(Object.fromEntries(hidden)).toEqual({ A: 'few_answers', B: 'protects_smaller_group' });
  });

  it('"not rebuildable" alone under a hidden parent is unsafe: the attacker derives two people', () => {
    // P (12) is hidden to protect S (1). Under P, A (1) is hidden and P cannot be rebuilt, but
    // org − Q = P + S is known, and P + S − B − C = A + S: two people's answers.
    const groups = tree(['org', null, 33], ['S', 'org', 1], ['P', 'org', 12], ['A', 'P', 1], ['B', 'P', 6], ['C', 'P', 5], ['Q', 'org', 20]);
    const notRebuildable = new Map<string, HiddenReason>([['S', 'few_answers'], ['P', 'protects_smaller_group'], ['A', 'few_answers']]);
    expect(smallestDerivable(groups, notRebuildable, 5)).toEqual({ groups: ['A', 'S'], n: 2 });
    // The rule hides C too: what is derivable then (A + C + S) holds 7 people.
    const hidden = suppressGroups(groups, 5);
    expect(sorted(hidden)).toEqual(['A', 'C', 'P', 'S']);
    expect(smallestDerivable(groups, hidden, 5)).toBeNull();
  });

  it('fuzzed trees: an attacker who solves the tree equations never isolates fewer than threshold people', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 400; run++) {
      const threshold = 3 + Math.floor(rand() * 4);
      const groups = randomTree(rand, 6 + Math.floor(rand() * 9));
      const hidden = suppressGroups(groups, threshold);
      const leak = smallestDerivable(groups, hidden, threshold);
      if (leak) throw new Error(`run ${run}: ${JSON.stringify({ threshold, groups, hidden: [...hidden.keys()], leak })}`);
      for (const g of groups) if (g.n < threshold) expect(hidden.get(g.key)).toBe('few_answers');
    }
  });
});

/** A random tree; n = own members + children, a group's own members an explicit "direct" child when it has children. */
function randomTree(rand: () => number, size: number): SuppressionGroup[] {
  const groups: SuppressionGroup[] = [{ key: 'org', parent: null, n: 0 }];
  for (let i = 1; i < size; i++) {
    const parent = groups[Math.floor(rand() * groups.length)];
    groups.push({ key: `g${String(i).padStart(2, '0')}`, parent: parent.key, n: 0 });
  }
  const own = new Map(groups.map((g) => [g.key, rand() < 0.2 ? 0 : Math.floor(rand() * 9)]));
  const total = (key: string): number => own.get(key)! + groups.filter((c) => c.parent === key).reduce((s, c) => s + total(c.key), 0);
  for (const g of groups) g.n = total(g.key);
  for (const g of [...groups]) {
    if (groups.some((c) => c.parent === g.key) && own.get(g.key)! > 0) groups.push({ key: `${g.key}~direct`, parent: g.key, n: own.get(g.key)! });
  }
  return groups;
}
