import { buildManagerReport, renderManagerReport, sectionTeamIds } from './manager-report.template';
import { dim, dims, group, q, results, teamResults } from '../../test/support/result-views';

const QUESTIONS = new Map([
  ['ps_mistakes_held', { text: 'If I make a mistake on this team, it is often held against me.', reverse: true }],
  ['ps_raise_problems', { text: 'People on this team can bring up problems and tough issues.', reverse: false }],
  ['trust_follow_through', { text: 'When teammates say they will do something, they follow through.', reverse: false }],
  ['learn_honest_feedback', { text: 'I get honest feedback from teammates that helps me grow.', reverse: false }],
  ['repair_move_on', { text: 'After a disagreement, we are able to move on without lingering resentment.', reverse: false }],
]);

const engDims = dims({
  psychological_safety: dim(72.4, 6.1, true),
  trust: dim(65, -1.2, false),
  learning: dim(58.3),
  repair: dim(41.7, -8, true),
  co_creation: null,
});
const engQuestions = [
  q('ps_mistakes_held', 'psychological_safety', 6.1, 90),
  q('ps_raise_problems', 'psychological_safety', 5.5, 75),
  q('trust_follow_through', 'trust', 4.9, 55),
  q('learn_honest_feedback', 'learning', 4.2, 40),
  q('repair_move_on', 'repair', 3.1, 12.5),
  q('cocreate_ownership', 'co_creation', null, null),
];

function view(name = 'Eng', suppressed = false) {
  const eng = group('eng', name, null, { dimensions: engDims, invited: 15, responded: 12, participation: 80, index: 59.4, suppressed });
  const all = results([
    eng,
    group('eng', name, null, { scope: 'direct', invited: 5, responded: 4, participation: 80, index: 61 }),
    group('web', 'Web', 'eng', { invited: 6, responded: 5, participation: 83.3, index: 57.2 }),
    group('mob', 'Mobile', 'eng', { invited: 4, responded: 3, participation: 75, suppressed: true }),
    group('ops', 'Ops', null),
  ]);
  return buildManagerReport({ recipientName: 'Mia', orgName: 'Acme', publicUrl: 'https://rapport.example', results: all, teams: [teamResults(eng, engQuestions)], questions: QUESTIONS });
}

describe('manager report template', () => {
  it('writes participation, the five dimensions with change and significance, items, a guide and the dashboard link', () => {
    const mail = renderManagerReport(view());
    expect(mail.subject).toBe('Your team results: Spring pulse');
    expect(mail.text).toContain('Participation: 12 of 15 people answered (80%)');
    expect(mail.text).toMatch(/Psychological safety\s+72\.4\s+\+6\.1, a real change/);
    // A real minus sign since the emails share the dashboards' format (results.format.ts).
    expect(mail.text).toMatch(/Trust\s+65\.0\s+\u22121\.2, may be chance/);
    expect(mail.text).toMatch(/Learning from each other\s+58\.3\s+no earlier result/);
    expect(mail.text).toMatch(/Building together\s+not shown/);
    // Strongest: the reverse-keyed item reads as "disagree"; weakest, lowest first.
    expect(mail.text).toContain('"If I make a mistake on this team, it is often held against me.": 90% disagree (worded in reverse, so disagreeing is favourable)');
    const weakest = mail.text.split('Weakest items:')[1];
    expect(weakest.indexOf('move on')).toBeLessThan(weakest.indexOf('honest feedback'));
    expect(mail.text).toContain('A conversation to have: Repairing after friction');
    expect(mail.text).toContain('Think of a disagreement we handled well.');
    expect(mail.text).toContain('Eng (own members): 4 of 5 people answered (80%); overall 61.0');
    expect(mail.text).toContain('Mobile: 3 of 4 people answered (75%); no scores (hidden: fewer than 5 answers)');
    expect(mail.text).not.toContain('Ops');
    expect(mail.text).toContain('Team dashboard: https://rapport.example/dashboard/teams/eng');
    expect(mail.html).toContain('href="https://rapport.example/dashboard/teams/eng"');
    expect(mail.html).toContain('72.4');
  });

  it('escapes team names and everything else in the HTML; no scripts or external images', () => {
    const mail = renderManagerReport(view('<b>R&D</b>'));
    expect(mail.html).toContain('&lt;b&gt;R&amp;D&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>R&D</b>');
    expect(mail.html).not.toMatch(/<script|<img|<link|<style/i);
    expect(mail.text).toContain('<b>R&D</b>'); // the text part is plain text
  });

  const hiddenSection = (opts: Parameters<typeof group>[3]) => {
    const team = group('q', 'Quiet team', null, { suppressed: true, ...opts });
    const mail = renderManagerReport(
      buildManagerReport({ recipientName: 'Mia', orgName: 'Acme', publicUrl: 'https://rapport.example', results: results([team]), teams: [teamResults(team)], questions: QUESTIONS }),
    );
    return { text: mail.text.split('Quiet team')[1], html: mail.html.split('Quiet team</h2>')[1].replace(/<[^>]*>/g, ' ') };
  };

  it('a team with too few answers is told how many more would have shown it, and how participation could rise', () => {
    const { text, html } = hiddenSection({ invited: 9, responded: 3, participation: 33.3, hiddenReason: 'few_answers' });
    for (const part of [text, html]) {
      expect(part).toContain('Results are shown only from 5 answers up');
      expect(part).toContain('3 of 9 answered.');
      expect(part).toContain('2 more answers would have reached the 5 needed.');
      expect(part).toContain('How participation could rise');
    }
  });

  it('a team hidden to protect a smaller neighbour is never told to raise participation', () => {
    const { text, html } = hiddenSection({ invited: 7, responded: 7, participation: 100, hiddenReason: 'protects_smaller_group' });
    for (const part of [text, html]) {
      expect(part).toContain('smaller neighbouring group');
      expect(part).toContain('more answers from this team would not change it');
      expect(part).not.toMatch(/participation could rise|more answers would have/i);
    }
  });

  it('a team smaller than the threshold is not promised results for more answers', () => {
    const { text } = hiddenSection({ invited: 3, responded: 3, participation: 100, hiddenReason: 'few_answers' });
    expect(text).toContain('Only 3 people were invited from this team');
    expect(text).not.toMatch(/participation could rise|more answers? would have/i);
  });

  it('gives a section only to managed teams not already under another managed team', () => {
    const all = results([group('a', 'A', null), group('b', 'B', 'a'), group('c', 'C', 'b'), group('d', 'D', null)]);
    expect(sectionTeamIds(all, new Set(['b', 'c', 'd', 'x']))).toEqual(['b', 'd']);
  });
});

describe('manager report: what the team agreed', () => {
  const action = (title: string, status: 'planned' | 'in_progress' | 'done' | 'dropped', followThroughCampaignId: string | null = null) => ({
    id: title, teamId: 'eng', campaignId: 'earlier', dimension: 'learning' as const, title, detail: null, dueOn: status === 'planned' ? '2026-05-01' : null,
    status, note: null, createdBy: { id: 'u', name: 'Mia' }, createdAt: '', updatedAt: '', followThroughCampaignId,
  });

  it('lists open actions and those this survey asked about, with the follow-through score, and keeps the item out of the strongest and weakest', () => {
    const eng = group('eng', 'Eng', null, { dimensions: engDims });
    const team = {
      ...teamResults(eng, [...engQuestions, q('follow_through', 'follow_through', 6.9, 100)]),
      followThrough: dim(66.7),
      actions: [action('Feedback pairs', 'planned'), action('Retro', 'done', 'c1'), action('Old idea', 'done'), action('Gave up', 'dropped')],
    };
    const mail = renderManagerReport(buildManagerReport({ recipientName: 'Mia', orgName: 'Acme', publicUrl: 'https://x', results: results([eng]), teams: [team], questions: QUESTIONS }));
    expect(mail.text).toContain('Follow-through: "We followed through on what we agreed after our last survey": 66.7 of 100 (60% agree).');
    expect(mail.text).toContain('  - Feedback pairs (Learning from each other): planned, due 1 May 2026');
    expect(mail.text).toContain('  - Retro (Learning from each other): done');
    expect(mail.text).not.toContain('Old idea');
    expect(mail.text).not.toContain('Gave up');
    expect(mail.html).toContain('What the team agreed');
    expect(mail.text.split('Strongest items:')[1].split('Weakest items:')[0]).not.toContain('followed through');
  });
});

describe('manager report: a hidden number inside a shown team', () => {
  it('says the reason scoring recorded for a hidden dimension and a hidden eNPS', () => {
    const eng = { ...group('eng', 'Eng', null, { dimensions: engDims, hiddenReasons: { co_creation: 'few_answers', enps: 'roster_change' } }), enps: null };
    const mail = renderManagerReport(
      buildManagerReport({ recipientName: 'Mia', orgName: 'Acme', publicUrl: 'https://x', results: results([eng]), teams: [teamResults(eng, engQuestions)], questions: QUESTIONS }),
    );
    expect(mail.text).toMatch(/Building together\s+not shown \(hidden: fewer than 5 answers\)/);
    expect(mail.text).toContain('eNPS: hidden: few people joined or left since last time');
    expect(mail.html.replace(/<[^>]*>/g, ' ')).toContain('hidden: fewer than 5 answers');
    expect(mail.text).not.toContain('hidden for anonymity');
  });
});

describe('manager report: follow-through belongs to the team that agreed something', () => {
  it('a team with no action this survey asked about shows no follow-through score (it would be a child team\'s)', () => {
    const product = group('product', 'Product', null, { dimensions: engDims });
    const team = { ...teamResults(product, engQuestions), followThrough: dim(68.2), actions: [] };
    const mail = renderManagerReport(buildManagerReport({ recipientName: 'Maya', orgName: 'Acme', publicUrl: 'https://x', results: results([product]), teams: [team], questions: QUESTIONS }));
    expect(mail.text).not.toContain('Follow-through');
    expect(mail.html).not.toContain('68.2');
  });
});
