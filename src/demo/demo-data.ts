/**
 * The demo organization and how its people answer: per-team latent levels per dimension that
 * drift over three campaigns, respondents scattered around their team, items around their
 * respondent. Seeded, so every demo looks the same.
 */
import type { Question } from '../instruments/questions.service';

export interface DemoTeam {
  name: string;
  parent: string | null;
  members: number;
  /** Mean agreement (1–7) in the first campaign, before per-dimension offsets. */
  level: number;
  /** Change of that level per campaign. */
  drift: number;
  manager?: 'product' | 'engineering';
}

export const DEMO_ORG = { name: 'Northwind (demo)', timezone: 'Europe/London', admin: { email: 'hr@northwind.example', name: 'Hana Reyes' } };

export const DEMO_MANAGERS = {
  product: { email: 'maya@northwind.example', name: 'Maya Lindqvist' },
  engineering: { email: 'omar@northwind.example', name: 'Omar Haddad' },
};

export const DEMO_TEAMS: DemoTeam[] = [
  { name: 'Northwind', parent: null, members: 0, level: 5, drift: 0 },
  { name: 'Product', parent: 'Northwind', members: 0, level: 5.2, drift: 0.1, manager: 'product' },
  { name: 'Design', parent: 'Product', members: 13, level: 5.6, drift: 0.15 },
  { name: 'Mobile', parent: 'Product', members: 14, level: 4.6, drift: 0.3 },
  { name: 'Web', parent: 'Product', members: 14, level: 5.0, drift: -0.05 },
  { name: 'Engineering', parent: 'Northwind', members: 0, level: 4.9, drift: 0, manager: 'engineering' },
  { name: 'Platform', parent: 'Engineering', members: 15, level: 5.1, drift: -0.35 },
  { name: 'Data', parent: 'Engineering', members: 13, level: 5.4, drift: 0.05 },
  { name: 'Infrastructure', parent: 'Engineering', members: 12, level: 4.4, drift: 0.25 },
  { name: 'Operations', parent: 'Northwind', members: 0, level: 4.8, drift: 0 },
  { name: 'Support', parent: 'Operations', members: 16, level: 4.3, drift: 0.2 },
  { name: 'Sales', parent: 'Operations', members: 14, level: 4.9, drift: -0.1 },
  { name: 'People', parent: 'Operations', members: 4, level: 5.5, drift: 0 },
];

/** The three past campaigns: how many days before today each closed, and how many answered. */
export const DEMO_CAMPAIGNS = [
  { name: 'Spring relationships check', closedDaysAgo: 98, participation: 0.78 },
  { name: 'Summer relationships check', closedDaysAgo: 56, participation: 0.84 },
  { name: 'Autumn relationships check', closedDaysAgo: 14, participation: 0.81 },
];

const DIMENSION_OFFSET: Record<string, number> = { psychological_safety: 0, trust: 0.25, learning: -0.3, repair: -0.15, co_creation: 0.1 };

const COMMENTS = {
  low: [
    'Decisions get made in side conversations and we hear about them late.',
    'I would like us to talk about conflicts instead of working around them.',
    'Feedback mostly comes during reviews; more often would help.',
  ],
  high: [
    'People here genuinely help each other out when things get busy.',
    'Our retros actually change how we work, which I appreciate.',
    'I feel I can disagree openly and still be heard.',
  ],
};

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

export interface SimulatedResponse {
  answers: Array<{ questionKey: string; value: number }>;
  comment?: string;
}

/** One respondent of `team` in campaign number `round` (0-based). */
export function simulateResponse(team: DemoTeam, round: number, questions: Question[], random: () => number): SimulatedResponse {
  const person = team.level + team.drift * round + normal(random) * 0.6;
  const answers = questions
    .filter(() => random() > 0.03) // now and then a question is skipped
    .map((q) => {
      if (q.scale === 'nps11') return { questionKey: q.key, value: Math.round(clamp(((person - 1) / 6) * 10 + normal(random) * 1.5, 0, 10)) };
      const agreement = clamp(Math.round(person + (DIMENSION_OFFSET[q.dimension] ?? 0) + normal(random) * 0.8), 1, 7);
      return { questionKey: q.key, value: q.reverse ? 8 - agreement : agreement };
    });
  const response: SimulatedResponse = { answers };
  if (random() < 0.25) {
    const pool = person >= 5 ? COMMENTS.high : COMMENTS.low;
    response.comment = pool[Math.floor(random() * pool.length)];
  }
  return response;
}

/** What the demo's managers agreed after a campaign (by index), and where each action stands now. */
export interface DemoAction {
  after: number;
  team: string;
  manager: keyof typeof DEMO_MANAGERS;
  dimension: 'psychological_safety' | 'trust' | 'learning' | 'repair' | 'co_creation';
  title: string;
  detail?: string;
  /** Days from today; negative is overdue. */
  dueInDays?: number;
  status: 'planned' | 'in_progress' | 'done' | 'dropped';
  note?: string;
}

export const DEMO_ACTIONS: DemoAction[] = [
  { after: 0, team: 'Mobile', manager: 'product', dimension: 'learning', title: 'Feedback pairs every other Friday', detail: 'Ten minutes, rotating pairs, one thing that helped and one to try.', status: 'done', note: 'Running since June; the team wants to keep it.' },
  { after: 0, team: 'Platform', manager: 'engineering', dimension: 'trust', title: 'Share the roadmap draft before decisions are made', status: 'dropped', note: 'Overtaken by the re-organisation.' },
  { after: 1, team: 'Mobile', manager: 'product', dimension: 'repair', title: 'Name the friction in retros, not in side channels', status: 'in_progress', dueInDays: 20 },
  { after: 2, team: 'Platform', manager: 'engineering', dimension: 'psychological_safety', title: 'Blameless reviews after every incident', detail: 'Start with the two open incidents.', status: 'planned', dueInDays: 30 },
  { after: 2, team: 'Mobile', manager: 'product', dimension: 'co_creation', title: 'Plan the next quarter together in one workshop', status: 'planned', dueInDays: 45 },
];

/** The manager's mirror recorded while the last campaign was open: Omar expects more of Platform than it reports. */
export const DEMO_MIRROR = { campaign: 2, team: 'Platform', manager: 'engineering' as const, level: 6 };

/** The results shared back with a team after the last campaign. */
export const DEMO_SHARE = {
  campaign: 2,
  team: 'Mobile',
  manager: 'product' as const,
  message: 'Thank you for answering. Feedback pairs clearly helped; next we plan the quarter together. Bring your ideas on Thursday.',
};
