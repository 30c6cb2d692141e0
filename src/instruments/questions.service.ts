import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Dimension } from './dimensions';

export interface Question {
  key: string;
  dimension: Dimension | 'enps';
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

  /** The default survey: every agreement item (the 24 of the five dimensions). */
  async defaultKeys(): Promise<string[]> {
    return (await this.all()).filter((q) => q.scale === 'agree7').map((q) => q.key);
  }
}
