import { groupsInTreeOrder, walkTeamTree } from './team-tree';

const team = (id: string, name: string, parentId: string | null) => ({ id, name, parentId });

describe('team tree order', () => {
  // Deliberately given in an order where alphabetical-by-name would put children under the wrong parent.
  const teams = [
    team('z', 'Zeta', null),
    team('web', 'Web', 'eng'),
    team('alpha', 'Alpha', 'z'),
    team('eng', 'Engineering', null),
    team('api', 'API', 'eng'),
    team('mob', 'mobile', 'eng'),
  ];

  it('puts children directly under their parent, siblings alphabetical (case aside)', () => {
    const order = walkTeamTree(teams, (t) => t).map(({ team: t, depth }) => `${'-'.repeat(depth)}${t.name}`);
    expect(order).toEqual(['Engineering', '-API', '-mobile', '-Web', 'Zeta', '-Alpha']);
  });

  it("places a team's own members right after it, before its child teams", () => {
    const g = (teamId: string, name: string, parentId: string | null, scope: 'subtree' | 'direct' = 'subtree') => ({ teamId, name, parentId, scope });
    const groups = [g('web', 'Web', 'eng'), g('eng', 'Engineering', null, 'direct'), g('api', 'API', 'eng'), g('eng', 'Engineering', null)];
    const order = groupsInTreeOrder(groups).map(({ group, depth }) => `${depth} ${group.name} ${group.scope}`);
    expect(order).toEqual(['0 Engineering subtree', '1 Engineering direct', '1 API subtree', '1 Web subtree']);
    expect(groupsInTreeOrder(groups, 'eng').map(({ group, depth }) => `${depth} ${group.name} ${group.scope}`)).toEqual([
      '0 Engineering direct',
      '0 API subtree',
      '0 Web subtree',
    ]);
  });
});
