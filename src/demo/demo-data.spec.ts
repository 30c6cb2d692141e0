import type { Question } from '../instruments/questions.service';
import { DEMO_TEAMS, seededRandom, simulateResponse } from './demo-data';

const questions: Question[] = [
  { key: 'a', dimension: 'trust', text: 'A', scale: 'agree7', reverse: false },
  { key: 'r', dimension: 'psychological_safety', text: 'R', scale: 'agree7', reverse: true },
  { key: 'recommend', dimension: 'enps', text: 'N', scale: 'nps11', reverse: false },
];

describe('demo answers', () => {
  it('are the same for the same seed', () => {
    const team = DEMO_TEAMS[2];
    expect(simulateResponse(team, 0, questions, seededRandom(7))).toEqual(simulateResponse(team, 0, questions, seededRandom(7)));
  });

  it('stay inside each scale', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      for (const a of simulateResponse(DEMO_TEAMS[i % DEMO_TEAMS.length], i % 3, questions, random).answers) {
        const [min, max] = a.questionKey === 'recommend' ? [0, 10] : [1, 7];
        expect(Number.isInteger(a.value) && a.value >= min && a.value <= max).toBe(true);
      }
    }
  });

  it('gives a team with a higher level higher agreement on average, and reverse-keys the reverse items', () => {
    const mean = (level: number, key: string) => {
      const random = seededRandom(3);
      const team = { ...DEMO_TEAMS[1], level, drift: 0 };
      const values = Array.from({ length: 400 }, () => simulateResponse(team, 0, questions, random).answers.find((a) => a.questionKey === key)?.value).filter(
        (v): v is number => v !== undefined,
      );
      return values.reduce((s, v) => s + v, 0) / values.length;
    };
    expect(mean(5.5, 'a')).toBeGreaterThan(mean(4, 'a') + 1);
    expect(mean(5.5, 'r')).toBeLessThan(mean(4, 'r') - 1);
  });

  it('describes a three-level tree of about a dozen teams and 120 people, with one small team', () => {
    expect(DEMO_TEAMS).toHaveLength(13);
    const members = DEMO_TEAMS.reduce((s, t) => s + t.members, 0);
    expect(members).toBeGreaterThanOrEqual(110);
    expect(members).toBeLessThanOrEqual(130);
    expect(DEMO_TEAMS.some((t) => t.members > 0 && t.members < 5)).toBe(true);
  });
});
