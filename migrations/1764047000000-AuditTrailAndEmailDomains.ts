import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit trail of roster and access changes (DESIGN §4 item 9), and the
 * organization's allowed member and user email domains.
 * Actor and subject are copied into the row (id, email, label) rather than referenced: a removed
 * user or an archived team must not take its history with it, and nothing may change a row.
 */
export class AuditTrailAndEmailDomains1764047000000 implements MigrationInterface {
  name = 'AuditTrailAndEmailDomains1764047000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id),
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        actor_email text,
        type text NOT NULL CHECK (type ~ '^[a-z_]+\\.[a-z_]+$'),
        subject_kind text NOT NULL,
        subject_id uuid,
        subject_label text NOT NULL,
        detail jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_newest_idx ON audit_events (org_id, at DESC, id DESC)`);
    // Insert-only for everyone, the application's own role included: no path updates or
    // deletes an event, so the trail cannot be edited to hide a planted member.
    await q.query(`
      CREATE FUNCTION audit_events_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_insert_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_insert_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_insert_only()`);
    await q.query(`ALTER TABLE organizations ADD COLUMN allowed_email_domains text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations DROP COLUMN allowed_email_domains`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_insert_only()`);
  }
}
