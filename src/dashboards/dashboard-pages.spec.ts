import { renderHome, renderOrg, renderTeam, PageFrame } from './dashboard-pages';
import type { HomeTeamRow, TeamPageData } from './dashboard.service';
import type { Dimension } from '../instruments/dimensions';
import type { DimensionsView } from '../results/results.views';
import { campaign, dim, dims, group, q, results, teamResults } from '../../test/support/result-views';

/** What a reader sees on the dashboards when a number is hidden, and what the page points to. */
const frame: PageFrame = { orgName: 'Acme', timeZone: 'Europe/London', user: { id: 'u', name: 'Mia', email: 'mia@example.com', role: 'hr_admin' }, csrf: 'x' };
/** A trend point's scores as the page reads them from a group's dimensions. */
const scoresOf = (dimensions: DimensionsView) =>
  Object.fromEntries(Object.entries(dimensions).map(([d, v]) => [d, v?.score ?? null])) as Record<Dimension, number | null>;
const text = (page: string) => page.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

function teamPage(g: ReturnType<typeof group>, questions = [q('ps_raise_problems', 'psychological_safety', 5.5, 75), q('cocreate_ownership', 'co_creation', null, null)]): string {
  const data: TeamPageData = {
    team: { id: g.teamId, name: g.name },
    parent: null,
    pooledIntoName: g.pooledInto ? 'Northwind' : null,
    children: [],
    trend: [{ campaignId: campaign.id, campaignName: campaign.name, closesAt: campaign.closesAt, suppressed: g.suppressed, index: g.index, scores: scoresOf(g.dimensions) }],
    results: teamResults(g, questions),
    questionInfo: {},
    loop: { teamId: g.teamId, teamName: g.name, actions: [], today: '2025-05-02', openMirrors: [] },
  };
  return text(renderTeam(frame, data));
}

describe('dashboard pages: hidden numbers say their recorded reason', () => {
  const shownWithHiddenDim = group('eng', 'Eng', null, {
    dimensions: dims({ psychological_safety: dim(70) }),
    hiddenReasons: { co_creation: 'few_answers' },
  });

  it('a team page names why one dimension of a shown team is hidden', () => {
    const page = teamPage(shownWithHiddenDim);
    expect(page).toContain('Building together hidden: fewer than 5 answers');
    expect(page).not.toContain('hidden for anonymity');
  });

  it('the org heatmap cell of a dimension hidden inside a shown team names its reason', () => {
    const page = renderOrg(frame, { campaigns: [campaign], results: { ...results([shownWithHiddenDim]), reliability: { psychological_safety: 0.8, co_creation: null } }, coverage: [] });
    const row = text(page.slice(page.indexOf('>Eng</a>')).split('</tr>')[0]);
    expect(row).toContain('hidden: fewer than 5 answers');
    expect(row).not.toContain('hidden for anonymity');
  });

  it('the home list says which team a pooled team is counted in', () => {
    const row: HomeTeamRow = {
      teamId: 'tiny', name: 'Tiny', depth: 1, latest: { id: campaign.id, name: campaign.name, closesAt: campaign.closesAt }, threshold: 5,
      suppressed: true, hiddenReason: 'pooled_upward', pooledInto: 'eng', pooledIntoName: 'Engineering', index: null, participation: null, invited: 3, responded: null, change: null,
    };
    expect(text(renderHome(frame, { teams: [row] }))).toContain('counted in Engineering');
  });

  it('the actions form points to the conversation guide only when the page shows one', () => {
    const shown = teamPage(shownWithHiddenDim);
    expect(shown).toContain('A conversation to have');
    expect(shown).toContain('the conversation guide above is a starting point');

    const hidden = teamPage(group('eng', 'Eng', null, { suppressed: true, hiddenReason: 'protects_smaller_group', invited: 7, responded: 7 }));
    expect(hidden).not.toContain('A conversation to have');
    expect(hidden).not.toContain('conversation guide');
    expect(hidden).toContain('No scores are shown for this survey');
  });
});

describe('dashboard pages: dates on the organization’s calendar', () => {
  it('a survey closing at 00:00 UTC reads as the day before for an organization in California, as in the console', () => {
    const west = { ...frame, timeZone: 'America/Los_Angeles' };
    const g = group('eng', 'Eng', null, { dimensions: dims({ psychological_safety: dim(70) }) });
    const org = text(renderOrg(west, { campaigns: [campaign], results: results([g]), coverage: [] }));
    expect(org).toContain('closed 30 Apr 2025');
    expect(org).toContain('Spring pulse (30 Apr 2025)');
    expect(org).not.toContain('1 May 2025');
    expect(text(renderOrg(frame, { campaigns: [campaign], results: results([g]), coverage: [] }))).toContain('closed 1 May 2025');
  });
});

describe('dashboard pages: a pooled team', () => {
  it('names the team its people are counted in, even when that is above its parent', () => {
    const page = teamPage({ ...group('people', 'People', 'ops', { suppressed: true, hiddenReason: 'pooled_upward', invited: 4, responded: null }), pooledInto: 'nw' });
    expect(page).toContain('its answers are counted in Northwind and not shown on their own');
  });
});
