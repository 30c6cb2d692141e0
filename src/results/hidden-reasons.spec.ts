import { explainHidden, hiddenLabel, reasonOf } from './hidden-reasons';

describe('why a number is hidden, in words', () => {
  it('takes the reason scoring recorded, and otherwise the one the counts prove', () => {
    expect(reasonOf({ suppressed: true, invited: 7, responded: 7, hiddenReason: 'pooled_upward' }, 5)).toBe('pooled_upward');
    expect(reasonOf({ suppressed: true, invited: 9, responded: 3 }, 5)).toBe('few_answers');
    expect(reasonOf({ suppressed: true, invited: 7, responded: 7 }, 5)).toBe('protects_smaller_group');
  });

  it('never tells a team hidden to protect a neighbour to raise participation', () => {
    const e = explainHidden('protects_smaller_group', { subject: 'Platform', threshold: 5, invited: 7, responded: 7 });
    expect(e.participationHelps).toBe(false);
    expect(e.why).toContain('smaller neighbouring group');
    expect(e.change).toContain('more answers from Platform would not change it');
    expect(`${e.why} ${e.change}`).not.toMatch(/when the neighbouring groups have more answers/);
  });

  it('says how many more answers would have shown a team only when that is true', () => {
    const short = explainHidden('few_answers', { subject: 'Web', threshold: 5, invited: 9, responded: 3 });
    expect(short.change).toBe('2 more answers would have reached the 5 needed.');
    expect(short.participationHelps).toBe(true);
    const tooSmall = explainHidden('few_answers', { subject: 'Tiny', threshold: 5, invited: 3, responded: 3 });
    expect(tooSmall.participationHelps).toBe(false);
    expect(tooSmall.change).toContain('More answers would not change this');
    expect(tooSmall.change).not.toMatch(/more answers? would have/);
  });

  it('names the group a pooled team counts in', () => {
    const e = explainHidden('pooled_upward', { subject: 'Tiny', threshold: 5, invited: null, responded: null, pooledIntoName: 'Engineering' });
    expect(e.why).toContain('counted in Engineering');
    expect(hiddenLabel('pooled_upward', 5, 'Engineering')).toBe('counted in Engineering');
    expect(hiddenLabel('few_answers', 5)).toBe('hidden: fewer than 5 answers');
  });
});
