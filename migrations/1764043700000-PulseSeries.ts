import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring pulse series (DESIGN.md §5, §9 "Pulse slots"). A series makes one campaign per
 * slot; campaigns.series_id/slot_start and UNIQUE (series_id, slot_start) already exist, so
 * two workers can never make two campaigns for one slot. Deleting a series stops its future
 * slots (deleted_at) and keeps the campaigns it made, which still point at it.
 */
export class PulseSeries1764043700000 implements MigrationInterface {
  name = 'PulseSeries1764043700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pulse_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        team_ids uuid[] NOT NULL CHECK (cardinality(team_ids) >= 1),
        cadence text NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
        items_per_pulse integer NOT NULL CHECK (items_per_pulse BETWEEN 5 AND 24),
        duration_days integer NOT NULL CHECK (
          duration_days >= 1
          AND duration_days <= CASE cadence WHEN 'weekly' THEN 7 WHEN 'biweekly' THEN 14 ELSE 28 END
        ),
        start_at timestamptz NOT NULL,
        paused_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (org_id, id)
      )`);
    await q.query(`CREATE INDEX pulse_series_active_idx ON pulse_series (org_id, created_at, id) WHERE deleted_at IS NULL`);
    await q.query(`
      ALTER TABLE campaigns
        ADD CONSTRAINT campaigns_series_fk FOREIGN KEY (org_id, series_id) REFERENCES pulse_series (org_id, id),
        ADD CONSTRAINT campaigns_series_slot_check CHECK ((series_id IS NULL) = (slot_start IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_series_slot_check, DROP CONSTRAINT campaigns_series_fk`);
    await q.query(`DROP TABLE pulse_series`);
  }
}
