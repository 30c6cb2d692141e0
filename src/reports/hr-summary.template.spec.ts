import { buildHrSummary, renderHrSummary } from './hr-summary.template';
import { dim, dims, group, results } from '../../test/support/result-views';

function view(name = 'Eng') {
  const org = { invited: 30, responded: 24, participation: 80, suppressed: false, hiddenReason: null, hiddenReasons: {}, rounded: false, index: 66, dimensions: dims({ psychological_safety: dim(70, 2, false), trust: dim(64, -5.5, true) }) };
  const all = results(
    [
      group('eng', name, null, { dimensions: dims({ psychological_safety: dim(88.2, 12.3, true), trust: dim(35, -4.9, true) }), invited: 15, responded: 12, participation: 80 }),
      group('eng', name, null, { scope: 'direct', dimensions: dims({ psychological_safety: dim(60, 9, false) }), invited: 5, responded: 5, participation: 100 }),
      group('web', 'Web', 'eng', { dimensions: dims({ psychological_safety: dim(50, -7, true) }), invited: 10, responded: 7, participation: 70 }),
      group('ops', 'Ops', null, { suppressed: true, invited: 15, responded: 2, participation: 13.3 }),
    ],
    org,
  );
  return buildHrSummary({ recipientName: 'Hana', orgName: 'Acme', publicUrl: 'https://rapport.example', results: all, askedDimensions: ['psychological_safety', 'trust'] });
}

describe('HR summary template', () => {
  it('has participation by team, the heatmap with hidden cells, the largest changes and the org dashboard link', () => {
    const v = view();
    expect(v.teams.map((t) => t.name)).toEqual(['Eng', 'Eng (own members)', 'Web', 'Ops']);
    const mail = renderHrSummary(v);
    expect(mail.subject).toBe('Organization summary: Spring pulse');
    expect(mail.text).toContain('Participation across the organization: 24 of 30 people answered (80%)');
    expect(mail.text).toContain('Ops: 2 of 15 people answered (13.3%)');
    expect(mail.text).toContain('Eng: 88.2 | 35.0');
    expect(mail.text).toContain('Ops: hidden | hidden');
    // Only significant changes of at least 5 points, largest first.
    expect(v.changes.map((c) => `${c.group}/${c.delta}`)).toEqual(['Eng/12.3', 'Web/-7', 'Whole organization/-5.5']);
    expect(mail.text).toContain('Eng, Psychological safety: +12.3 (now 88.2)');
    expect(mail.text).toContain('Organization dashboard: https://rapport.example/dashboard/org');
    expect(mail.html).toContain('href="https://rapport.example/dashboard/org"');
    expect(mail.html).toMatch(/background:#8fd19e[^>]*>88\.2</);
    expect(mail.html).toMatch(/background:#e4e4e7[^>]*>hidden</);
    expect(mail.html).not.toMatch(/<script|<img|<link|<style/i);
  });

  it('escapes team names', () => {
    const mail = renderHrSummary(view('<b>R&D</b>'));
    expect(mail.html).toContain('&lt;b&gt;R&amp;D&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>R&D</b>');
  });
});
