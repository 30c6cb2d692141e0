import { renderOverview } from './admin-overview.page';

describe('console overview: teams without a manager', () => {
  it('does not say nobody hears of a team that a manager above sees as a line in their report', () => {
    const page = renderOverview(
      { orgName: 'Acme', userName: 'Hana', csrf: 'x', notice: null },
      { threshold: 5, open: [], scheduled: [], failedReports: [], teamsWithoutManager: [{ id: 'm', name: 'Mobile' }], smallTeams: [], recentMembers: [] },
      'Europe/London',
    ).replace(/<[^>]*>/g, '');
    expect(page).not.toContain('Nobody receives these teams’ reports');
    expect(page).toContain('No manager gets a report of these teams’ own; where a team above has a manager, that report shows each as one line.');
  });
});
