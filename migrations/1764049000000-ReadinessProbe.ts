import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row that readiness rewrites: a committed write is the only proof that PostgreSQL can
 * still write (a standby after failover, a read-only or full server answer reads fine).
 */
export class ReadinessProbe1764049000000 implements MigrationInterface {
  name = 'ReadinessProbe1764049000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE readiness_probe (id smallint PRIMARY KEY CHECK (id = 1), written_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`INSERT INTO readiness_probe (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE readiness_probe`);
  }
}
