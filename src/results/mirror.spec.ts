import { blindSpots, mirrorGaps, scoreMirror } from './mirror';

const asked = [
  { key: 'ps_a', dimension: 'psychological_safety', reverse: false },
  { key: 'ps_b', dimension: 'psychological_safety', reverse: true },
  { key: 'tr_a', dimension: 'trust', reverse: false },
  { key: 'tr_b', dimension: 'trust', reverse: false },
  { key: 'tr_c', dimension: 'trust', reverse: false },
  { key: 'learn_a', dimension: 'learning', reverse: false },
];

describe('scoreMirror', () => {
  it('scores each dimension like one respondent: reverse-keyed items flipped, mapped to 0–100', () => {
    // ps: 7 and (8 − 1) = 7 → 100; trust: 4, 5, 6 → mean 5 → 66.7; learning: 1 → 0.
    const scores = scoreMirror({ ps_a: 7, ps_b: 1, tr_a: 4, tr_b: 5, tr_c: 6, learn_a: 1 }, asked);
    expect(scores).toEqual({ psychological_safety: 100, trust: 66.7, learning: 0, repair: null, co_creation: null });
  });

  it('leaves out a dimension answered on fewer than half of its asked items', () => {
    const scores = scoreMirror({ tr_a: 7, ps_a: 4 }, asked);
    expect(scores.trust).toBeNull(); // 1 of 3
    expect(scores.psychological_safety).toBe(50); // 1 of 2 is half: kept
    expect(scores.learning).toBeNull();
  });
});

describe('mirror gaps and blind spots', () => {
  const team = {
    psychological_safety: { score: 52.4 },
    trust: { score: 80 },
    learning: null,
    repair: { score: 60 },
    co_creation: { score: 70 },
  };

  it('sets the expectation beside each shown score, largest gap first, and skips hidden or unasked dimensions', () => {
    const gaps = mirrorGaps({ psychological_safety: 75, trust: 72, learning: 90, repair: 61, co_creation: null }, team);
    expect(gaps.map((g) => [g.dimension, g.gap])).toEqual([
      ['psychological_safety', 22.6],
      ['trust', -8],
      ['repair', 1],
    ]);
  });

  it('names at most two blind spots, each a gap of at least 10 points in either direction', () => {
    const gaps = mirrorGaps({ psychological_safety: 75, trust: 60, learning: null, repair: 75, co_creation: 69 }, team);
    expect(blindSpots(gaps).map((g) => g.dimension)).toEqual(['psychological_safety', 'trust']);
    expect(blindSpots(mirrorGaps({ psychological_safety: 55, trust: 78, learning: null, repair: 60, co_creation: 70 }, team))).toEqual([]);
  });
});
