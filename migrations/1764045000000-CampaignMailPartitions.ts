import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox becomes LIST-partitioned by `open_campaign_id` (DESIGN.md §3, §4 item 7): mail
 * about an open campaign (invitations, reminders, resends) lives in that campaign's own
 * partition, created at launch and dropped at close with the other open-phase partitions, so
 * no dead row version or page byte says who was reminded. Everything else (sign-in, reports)
 * has a NULL key and lives in `email_outbox_general`, which refuses campaign mail.
 *
 * `retry_at`: a temporary failure leaves the row pending until then (backoff); the mail
 * sweeper re-queues it. Existing campaign mail of open campaigns moves into new partitions;
 * that of closed campaigns (sent invitations kept by the old close) is not carried over.
 */
export class CampaignMailPartitions1764045000000 implements MigrationInterface {
  name = 'CampaignMailPartitions1764045000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TEMP TABLE outbox_before ON COMMIT DROP AS SELECT * FROM email_outbox`);
    await q.query(`DROP TABLE email_outbox`);
    await q.query(`
      CREATE TABLE email_outbox (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        open_campaign_id uuid,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        kind text NOT NULL,
        recipient text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        dedupe_key text NOT NULL,
        campaign_id uuid,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        claimed_until timestamptz,
        retry_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT email_outbox_id_key UNIQUE NULLS NOT DISTINCT (id, open_campaign_id),
        CONSTRAINT email_outbox_dedupe_key UNIQUE NULLS NOT DISTINCT (dedupe_key, open_campaign_id),
        CHECK ((open_campaign_id IS NULL) = (kind NOT IN ('invitation', 'reminder', 'resend')))
      ) PARTITION BY LIST (open_campaign_id)`);
    await q.query(`CREATE TABLE email_outbox_general PARTITION OF email_outbox FOR VALUES IN (NULL)`);
    await q.query(`CREATE INDEX email_outbox_unsent_idx ON email_outbox (created_at) WHERE status = 'pending' AND retry_at IS NULL`);
    await q.query(`CREATE INDEX email_outbox_retry_idx ON email_outbox (retry_at) WHERE status = 'pending' AND retry_at IS NOT NULL`);
    await q.query(`CREATE INDEX email_outbox_claim_idx ON email_outbox (claimed_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX email_outbox_campaign_idx ON email_outbox (campaign_id, kind) WHERE campaign_id IS NOT NULL`);

    const open = (await q.query(`SELECT id FROM campaigns WHERE status = 'open'`)) as Array<{ id: string }>;
    for (const { id } of open) {
      // Same name and options as src/responses/open-phase.ts gives a partition at launch.
      await q.query(
        `CREATE TABLE email_outbox_${id.replace(/-/g, '')} PARTITION OF email_outbox FOR VALUES IN ('${id}')
           WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)`,
      );
    }
    await q.query(`
      INSERT INTO email_outbox (id, open_campaign_id, org_id, kind, recipient, payload, dedupe_key, campaign_id, status,
                                attempts, last_error, claimed_until, created_at, sent_at)
      SELECT b.id, CASE WHEN b.kind IN ('invitation', 'reminder', 'resend') THEN b.campaign_id END, b.org_id, b.kind, b.recipient,
             b.payload, b.dedupe_key, b.campaign_id, b.status, b.attempts, b.last_error, b.claimed_until, b.created_at, b.sent_at
        FROM outbox_before b
       WHERE b.kind NOT IN ('invitation', 'reminder', 'resend')
          OR b.campaign_id IN (SELECT id FROM campaigns WHERE status = 'open')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TEMP TABLE outbox_after ON COMMIT DROP AS SELECT * FROM email_outbox`);
    await q.query(`DROP TABLE email_outbox`);
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
    await q.query(`
      INSERT INTO email_outbox (id, org_id, kind, recipient, payload, dedupe_key, campaign_id, status, attempts, last_error, claimed_until, created_at, sent_at)
      SELECT id, org_id, kind, recipient, payload, dedupe_key, campaign_id, status, attempts, last_error, claimed_until, created_at, sent_at
        FROM outbox_after`);
  }
}
