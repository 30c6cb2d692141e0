import { enpsBreakdown, enpsWords, favourableOrder, formatEnps } from './items.format';

describe('reading an item in the favourable direction', () => {
  it('keeps a usual item from strongly disagree to strongly agree', () => {
    const { labels, counts } = favourableOrder([1, 0, 0, 1, 2, 3, 4], false);
    expect(labels[0]).toBe('1 strongly disagree');
    expect(counts).toEqual([1, 0, 0, 1, 2, 3, 4]);
  });

  it('turns a reverse-worded item round, so the disagreeing majority lands on the green end', () => {
    // Mostly "strongly disagree" to "it is held against me": favourable, so it must end up on the right.
    const { labels, counts } = favourableOrder([9, 3, 1, 0, 1, 0, 0], true);
    expect(labels[0]).toBe('7 strongly agree');
    expect(labels[6]).toBe('1 strongly disagree');
    expect(counts).toEqual([0, 0, 1, 0, 1, 3, 9]);
  });
});

describe('eNPS', () => {
  it('counts promoters (9–10), passives (7–8) and detractors (0–6)', () => {
    //            0  1  2  3  4  5  6  7  8  9 10
    const dist = [0, 0, 0, 0, 0, 1, 2, 2, 1, 3, 3];
    expect(enpsBreakdown(dist)).toEqual({ answers: 12, promoters: 50, passives: 25, detractors: 25, enps: 25 });
  });

  it('is null without answers or for a 1–7 item', () => {
    expect(enpsBreakdown(Array(11).fill(0))).toBeNull();
    expect(enpsBreakdown([1, 2, 3, 4, 5, 6, 7])).toBeNull();
  });

  it('reads as a signed number on −100 to 100 with its three groups, never as "% favourable"', () => {
    expect(formatEnps(25)).toBe('+25');
    expect(formatEnps(-12.5)).toBe('\u221212.5');
    expect(formatEnps(0)).toBe('0');
    const words = enpsWords(25, enpsBreakdown([0, 0, 0, 0, 0, 1, 2, 2, 1, 3, 3]));
    expect(words).toBe('eNPS +25 (on \u2212100 to 100): 50% promoters (9\u201310), 25% passives (7\u20138), 25% detractors (0\u20136)');
    expect(words).not.toMatch(/favou?rable/);
  });
});
