import { EntityManager } from 'typeorm';
import { campaignPartition } from '../database/campaign-partitions';

/**
 * The open-phase tables of one campaign: its key, the token-hash → invitation map, the
 * answers given so far and the mail sent about it, each a LIST partition of its own. Created
 * at launch; dropped at close.
 *
 * Lock order, the same everywhere (DESIGN.md §6): campaign row, then these parents in this
 * order, then a campaign's partitions. Paths that must not wait for another campaign's
 * launch or close (rendering and sending mail) name a campaign's partitions directly and
 * never touch a parent.
 */
const PARENTS = ['campaign_keys', 'open_tokens', 'open_responses', 'open_answers', 'email_outbox'] as const;
export type OpenPhaseTable = (typeof PARENTS)[number];

/** The partition of one campaign; a name safe to write into SQL (the id is checked). */
export function openPhaseTable(parent: OpenPhaseTable, campaignId: string): string {
  return campaignPartition(parent, campaignId);
}

/**
 * No autovacuum on these partitions: an ANALYZE would copy sample values (who answered, who
 * was reminded) into pg_statistic, whose dead rows outlive the drop. They live for weeks at
 * most and hold few row versions; the drop reclaims everything.
 */
export async function createOpenPhase(manager: EntityManager, campaignId: string): Promise<void> {
  for (const parent of PARENTS) {
    // DDL cannot take bind parameters; the id was checked to be a uuid by openPhaseTable.
    await manager.query(
      `CREATE TABLE ${openPhaseTable(parent, campaignId)} PARTITION OF ${parent} FOR VALUES IN ('${campaignId}')
         WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)`,
    );
  }
}

/**
 * Waits for in-flight answers and mail of every campaign to commit and blocks new ones until
 * this transaction ends; parents first (dropping a partition needs its parent anyway), so a
 * transaction holding a parent never waits for a partition this one holds.
 */
export async function lockOpenPhase(manager: EntityManager, campaignId: string): Promise<boolean> {
  const exists = await manager.query<{ exists: boolean }[]>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [openPhaseTable('open_responses', campaignId)]);
  if (!exists[0].exists) return false;
  await manager.query(`LOCK TABLE ONLY ${PARENTS.join(', ')} IN ACCESS EXCLUSIVE MODE`);
  await manager.query(`LOCK TABLE ${PARENTS.map((p) => openPhaseTable(p, campaignId)).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  return true;
}

/** Dropping (not emptying) unlinks the files: no dead row version or index entry survives. */
export async function dropOpenPhase(manager: EntityManager, campaignId: string): Promise<void> {
  const tables = PARENTS.map((p) => openPhaseTable(p, campaignId)).join(', ');
  await manager.query(`DROP TABLE IF EXISTS ${tables}`);
}
