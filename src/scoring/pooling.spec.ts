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
    expect(Object.fromEntries(pooled)).toEqual({ tiny: 'sales' });
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
    expect(Object.fromEntries(pooled)).toEqual({ a: 'root', b: 'root' });
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
    expect(Object.fromEntries(pooled)).toEqual({ x: 'dept' });
  });

  it('leaves teams without people of their own alone', () => {
    expect(poolTeams([{ teamId: 'root', parentId: null, invited: 0 }, { teamId: 'a', parentId: 'root', invited: 7 }], 5).size).toBe(0);
  });
});
