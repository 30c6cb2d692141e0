import { CONVERSATION_GUIDES, weakestDimension } from './conversation-guides';

describe('conversation guides', () => {
  it('has questions for every dimension', () => {
    for (const guide of Object.values(CONVERSATION_GUIDES)) expect(guide.questions.length).toBeGreaterThanOrEqual(3);
  });

  it('picks the lowest shown score, ignoring suppressed dimensions', () => {
    expect(weakestDimension({ psychological_safety: 70, trust: 55.5, learning: null, repair: 61, co_creation: 80 })).toBe('trust');
    expect(weakestDimension({ psychological_safety: 40, trust: 40 })).toBe('psychological_safety');
    expect(weakestDimension({ learning: null })).toBeNull();
  });
});
