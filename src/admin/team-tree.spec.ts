import { countsShown, poolingPreview, treeOrder } from './team-tree';

const team = (id: string, parentId: string | null, invited = 0) => ({ id, parentId, name: id, invited });

describe('treeOrder', () => {
  it('lists parents before their children, siblings by name, with depth', () => {
    const order = treeOrder([team('Sales', 'Org'), team('Org', null), team('Eng', 'Org'), team('Mobile', 'Eng'), team('Orphan', 'gone')]);
    expect(order.map((t) => `${t.depth}${t.name}`)).toEqual(['0Org', '1Eng', '2Mobile', '1Sales', '0Orphan']);
  });
});

describe('poolingPreview (threshold 5)', () => {
  const outcomes = (teams: ReturnType<typeof team>[]) => Object.fromEntries([...poolingPreview(teams, 5)].map(([id, o]) => [id, o.kind === 'pooled' ? `pooled:${o.intoId}` : o.kind]));

  it('keeps teams at the threshold, pools a small team into its parent', () => {
    expect(outcomes([team('Org', null, 5), team('Eng', 'Org', 5), team('Tiny', 'Org', 2)])).toEqual({ Org: 'own', Eng: 'own', Tiny: 'pooled:Org' });
  });

  it('carries small teams up together until a group reaches the threshold', () => {
    expect(outcomes([team('Org', null, 0), team('Eng', 'Org', 1), team('Web', 'Eng', 2), team('App', 'Eng', 2), team('Big', 'Org', 6)])).toEqual({
      Org: 'empty',
      Eng: 'own',
      Web: 'pooled:Eng',
      App: 'pooled:Eng',
      Big: 'own',
    });
  });

  it('hides what no ancestor can carry to the threshold', () => {
    expect(outcomes([team('Org', null, 1), team('A', 'Org', 1), team('B', 'Org', 1)])).toEqual({ Org: 'hidden', A: 'hidden', B: 'hidden' });
  });
});

describe('countsShown (threshold 5)', () => {
  const shown = (invited: number[]) => [...countsShown(invited.map((n, i) => ({ id: `t${i}`, invited: n })), 5)].sort();

  it('withholds teams invited below the threshold', () => {
    expect(shown([6, 3, 2, 7])).toEqual(['t0', 't3']);
  });

  it('withholds the smallest shown team too when the withheld ones alone could be worked out from the total', () => {
    expect(shown([6, 2, 7])).toEqual(['t2']);
    expect(shown([6, 7])).toEqual(['t0', 't1']);
  });
});
