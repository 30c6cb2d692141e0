import { Dimension, DIMENSIONS } from '../instruments/dimensions';

export interface ConversationGuide {
  dimension: Dimension;
  title: string;
  /** One sentence on why the dimension matters, in plain words. */
  why: string;
  /** Questions a manager can bring to the team; open, not leading, never about a person. */
  questions: string[];
}

/** Conversation guides, one per dimension: shared by the summary emails and the dashboards. */
export const CONVERSATION_GUIDES: Record<Dimension, ConversationGuide> = {
  psychological_safety: {
    dimension: 'psychological_safety',
    title: 'Making it safe to speak up',
    why: 'People who can raise problems and admit mistakes without fear surface issues early.',
    questions: [
      'When did someone here last raise a concern that turned out to matter? What made that possible?',
      'What is one thing that makes it harder to say "I got this wrong" on our team?',
      'How do we react when someone brings bad news, and how would we like to react?',
    ],
  },
  trust: {
    dimension: 'trust',
    title: 'Building trust',
    why: 'Trust lets people rely on each other and share information without hedging.',
    questions: [
      'Where do we rely on each other most, and where do we double-check instead?',
      'What could we share more openly that we currently keep to ourselves?',
      'What would help you be more candid with me about how work is really going?',
    ],
  },
  learning: {
    dimension: 'learning',
    title: 'Learning from each other',
    why: 'Teams that give each other honest feedback catch blind spots and grow faster.',
    questions: [
      'What is something you learned from a teammate recently? How could we make that happen more often?',
      'How do we prefer to receive feedback, and are we giving it that way?',
      'Which first impression of a colleague or a decision turned out to be wrong, and what changed your mind?',
    ],
  },
  repair: {
    dimension: 'repair',
    title: 'Repairing after friction',
    why: 'Friction is normal; what matters is whether the team works through it and moves on.',
    questions: [
      'Think of a disagreement we handled well. What did we do that we could repeat?',
      'Is there friction we have been avoiding that we should talk about?',
      'When one of us makes a misstep, how can we make it easy to own it and make it right?',
    ],
  },
  co_creation: {
    dimension: 'co_creation',
    title: 'Building together',
    why: 'A shared sense of purpose and ownership turns individual work into a team result.',
    questions: [
      'How would each of us describe in one sentence what we are building together?',
      'When did an idea get better because several of us worked on it? What helped?',
      'Which part of our work do you feel is "ours" rather than "mine", and which is not yet?',
    ],
  },
};

/** The weakest shown dimension (lowest score); null when nothing is shown. Ties go to the first in survey order. */
export function weakestDimension(scores: Partial<Record<Dimension, number | null>>): Dimension | null {
  let weakest: Dimension | null = null;
  for (const dimension of DIMENSIONS) {
    const score = scores[dimension];
    if (score === null || score === undefined) continue;
    if (weakest === null || score < (scores[weakest] as number)) weakest = dimension;
  }
  return weakest;
}
