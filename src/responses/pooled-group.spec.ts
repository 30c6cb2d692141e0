import { pooledGroupTeams } from './pooled-group';

// Org ─┬─ Engineering ─┬─ Platform (6)
//      │   (0)         ├─ Mobile (2) ─── Mobile QA (1)
//      │               └─ Data (2)
//      └─ Sales (3) ──── Sales EMEA (1)
const tree = [
  { id: 'org', parentId: null, name: 'Org' },
  { id: 'eng', parentId: 'org', name: 'Engineering' },
  { id: 'platform', parentId: 'eng', name: 'Platform' },
  { id: 'mobile', parentId: 'eng', name: 'Mobile' },
  { id: 'mobile-qa', parentId: 'mobile', name: 'Mobile QA' },
  { id: 'data', parentId: 'eng', name: 'Data' },
  { id: 'sales', parentId: 'org', name: 'Sales' },
  { id: 'emea', parentId: 'sales', name: 'Sales EMEA' },
];
const invited = new Map([
  ['platform', 6],
  ['mobile', 2],
  ['mobile-qa', 1],
  ['data', 2],
  ['sales', 3],
  ['emea', 1],
]);
const groupOf = (team: string, threshold = 5) => pooledGroupTeams(tree, invited, threshold, team).sort();

describe('the smallest group a member can ever be reported in', () => {
  it('is their own team when it was invited at or above the threshold', () => {
    expect(groupOf('platform')).toEqual(['platform']);
  });

  it('climbs to the nearest ancestor whose pooled people reach the threshold', () => {
    // Mobile QA (1) → Mobile (2 + 1 = 3) → Engineering (0 + 3 from Mobile + 2 from Data = 5).
    expect(groupOf('mobile-qa')).toEqual(['data', 'eng', 'mobile', 'mobile-qa']);
    expect(groupOf('data')).toEqual(['data', 'eng', 'mobile', 'mobile-qa']);
  });

  it('never pools a team that reached the threshold into its parent', () => {
    // Engineering's group holds Mobile and Data, not Platform's six.
    expect(groupOf('mobile')).not.toContain('platform');
  });

  it('ends at the top of the tree with everything pooled there when no team reaches the threshold', () => {
    // Sales (3 + 1) stays below 5 and hands its people to Org; Engineering (5) does not.
    expect(groupOf('emea')).toEqual(['emea', 'org', 'sales']);
    expect(groupOf('emea', 4)).toEqual(['emea', 'sales']);
  });
});
