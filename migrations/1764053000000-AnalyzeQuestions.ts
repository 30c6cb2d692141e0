import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `questions` is seeded once by a migration and, at 26 rows, never reaches autovacuum's analyze
 * threshold: without statistics the planner expected one question wherever it is joined (the
 * scoring, the results' reads) and chose nested loops over the answers (bench/README.md,
 * scoring). Its rows change only through migrations, so analyzing it here keeps it right.
 */
export class AnalyzeQuestions1764053000000 implements MigrationInterface {
  name = 'AnalyzeQuestions1764053000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ANALYZE questions`);
  }

  async down(): Promise<void> {
    // Statistics only: nothing to undo.
  }
}
