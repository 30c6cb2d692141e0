import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every message Rapport sends is first a row here, written in the same transaction as the
 * change that causes it; the mail worker sends it. `dedupe_key` makes a second copy of the
 * same message impossible to even queue. `claimed_until` is a lease: a worker that died
 * mid-send leaves a claim that expires, and the reconciler hands the row out again.
 */
export class MailOutbox1764043300000 implements MigrationInterface {
  name = 'MailOutbox1764043300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        kind text NOT NULL,
        recipient text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        dedupe_key text NOT NULL UNIQUE,
        campaign_id uuid,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        claimed_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX email_outbox_unsent_idx ON email_outbox (created_at) WHERE status IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX email_outbox_campaign_idx ON email_outbox (campaign_id, kind) WHERE campaign_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_outbox`);
  }
}
