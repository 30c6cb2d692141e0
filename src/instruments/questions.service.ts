import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Dimension } from './dimensions';

/**
 * "We followed through on what we agreed after our last survey": in no dimension (its
 * `dimension` names itself), never chosen for a campaign, added at open to the campaigns of
 * teams with actions from an earlier one (src/actions/follow-through.ts).
 */
export const FOLLOW_THROUGH_KEY = 'follow_through';

export interface Question {
  key: string;
  dimension: Dimension | 'enps' | typeof FOLLOW_THROUGH_KEY;
  text: string;
  scale: 'agree7' | 'nps11';
  reverse: boolean;
}

export const SCALE_RANGE: Record<Question['scale'], { min: number; max: number }> = {
  agree7: { min: 1, max: 7 },
  nps11: { min: 0, max: 10 },
};

/** The question bank is seeded by a migration and never changes at run time, so it is read once. */
@Injectable()
export class QuestionsService {
  private bank: Promise<Question[]> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<Question[]> {
    this.bank ??= this.db
      .query(`SELECT key, dimension, text, scale, reverse FROM questions ORDER BY position`)
      .catch((error) => {
        this.bank = null;
        throw error;
      });
    return this.bank;
  }

  async byKey(): Promise<Map<string, Question>> {
    return new Map((await this.all()).map((q) => [q.key, q]));
  }

  /** What a campaign may ask (GET /questions): the 24 agreement items and `recommend`. */
  async choosable(): Promise<Question[]> {
    return (await this.all()).filter((q) => q.key !== FOLLOW_THROUGH_KEY);
  }

  /** The default survey: every agreement item of the five dimensions (the 24). */
  async defaultKeys(): Promise<string[]> {
    return (await this.choosable()).filter((q) => q.scale === 'agree7').map((q) => q.key);
  }
}
