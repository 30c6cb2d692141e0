/** The five relationship dimensions the question bank measures, in display order, with their labels. */
export const DIMENSIONS = ['psychological_safety', 'trust', 'learning', 'repair', 'co_creation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Record<Dimension, string> = {
  psychological_safety: 'Psychological safety',
  trust: 'Trust',
  learning: 'Learning from each other',
  repair: 'Repair after friction',
  co_creation: 'Building together',
};
