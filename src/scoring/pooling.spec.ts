import { poolTeams } from './pooling';

describe('poolTeams (DESIGN.md §4.8)', () => {
  it('pools a team invited below the threshold into its parent', () => {
    const pooled = poolTeams(
      [
        { teamId: 'sales', parentId: null, invited: 6 },
        { teamId: 'tiny', parentId: 'sales', invited: 2 },
        { teamId: 'big', parentId: 'sales', invited: 9 },
      ],
      5,
    );
    expect(Object.fromEntries(pooled.pooledInto)).toEqual({ tiny: 'sales' });
  });

  it('keeps going up until the pooled group reaches the threshold', () => {
    // a (2) + b (1) = 3 < 5: both go on to the root, whose own 1 + 3 = 4 people stay there.
    const pooled = poolTeams(
      [
        { teamId: 'root', parentId: null, invited: 1 },
        { teamId: 'b', parentId: 'root', invited: 1 },
        { teamId: 'a', parentId: 'b', invited: 2 },
      ],
      5,
    );
    expect(Object.fromEntries(pooled.pooledInto)).toEqual({ a: 'root', b: 'root' });
  });

  it('stops at the first ancestor whose pooled group reaches the threshold', () => {
    const pooled = poolTeams(
      [
        { teamId: 'root', parentId: null, invited: 30 },
        { teamId: 'dept', parentId: 'root', invited: 3 },
        { teamId: 'x', parentId: 'dept', invited: 2 },
        { teamId: 'y', parentId: 'dept', invited: 8 },
      ],
      5,
    );
    // dept's own 3 + x's 2 = 5: x stays in dept, dept itself is not pooled.
    expect(Object.fromEntries(pooled.pooledInto)).toEqual({ x: 'dept' });
  });

  it('leaves teams without people of their own alone', () => {
    expect(poolTeams([{ teamId: 'root', parentId: null, invited: 0 }, { teamId: 'a', parentId: 'root', invited: 7 }], 5).pooledInto.size).toBe(0);
  });
});

// Org ─┬─ Engineering ─┬─ Platform (6)
//      │   (0)         ├─ Mobile (2) ─── Mobile QA (1)
//      │               └─ Data (2)
//      └─ Sales (3) ──── Sales EMEA (1)
describe('the group a member is counted with (the survey\'s pooledWith)', () => {
  const tree: Array<[string, string | null, number]> = [
    ['org', null, 0],
    ['eng', 'org', 0],
    ['platform', 'eng', 6],
    ['mobile', 'eng', 2],
    ['mobile-qa', 'mobile', 1],
    ['data', 'eng', 2],
    ['sales', 'org', 3],
    ['emea', 'sales', 1],
  ];
  const groupOf = (team: string, threshold = 5) =>
    poolTeams(tree.map(([teamId, parentId, invited]) => ({ teamId, parentId, invited })), threshold).teamsWith(team).sort();

  it('is their own team when it was invited at or above the threshold', () => {
    expect(groupOf('platform')).toEqual(['platform']);
  });

  it('climbs to the nearest ancestor whose pooled people reach the threshold', () => {
    // Mobile QA (1) → Mobile (2 + 1 = 3) → Engineering (0 + 3 from Mobile + 2 from Data = 5).
    expect(groupOf('mobile-qa')).toEqual(['data', 'eng', 'mobile', 'mobile-qa']);
    expect(groupOf('data')).toEqual(['data', 'eng', 'mobile', 'mobile-qa']);
  });

  it('never pools a team that reached the threshold into its parent', () => {
    expect(groupOf('mobile')).not.toContain('platform');
  });

  it('ends at the top of the tree with everything pooled there when no team reaches the threshold', () => {
    // Sales (3 + 1) stays below 5 and hands its people to Org; Engineering (5) does not.
    expect(groupOf('emea')).toEqual(['emea', 'org', 'sales']);
    expect(groupOf('emea', 4)).toEqual(['emea', 'sales']);
  });
});
