import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events written in one millisecond (one transaction often writes two) share `at`, and a
 * random id put them in random order: the trail is read newest first by (at, seq), seq being
 * the order they were written.
 */
export class AuditEventOrder1764051000000 implements MigrationInterface {
  name = 'AuditEventOrder1764051000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`);
    await q.query(`DROP INDEX audit_events_newest_idx`);
    await q.query(`CREATE INDEX audit_events_newest_idx ON audit_events (org_id, at DESC, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_newest_idx`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN seq`);
    await q.query(`CREATE INDEX audit_events_newest_idx ON audit_events (org_id, at DESC, id DESC)`);
  }
}
