import { EntityManager } from 'typeorm';
import { ServiceUnavailableError } from '../common/errors';
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

/**
 * A hot path's statement may take its parents in another order than PARENTS (the planner
 * follows the query text), so a strong lock waits at most this long before giving way: it
 * lets go of everything this attempt got and tries again. Well below PostgreSQL's
 * deadlock_timeout (1 s by default), so we give way before the deadlock detector aborts a
 * respondent's statement.
 */
const GIVE_WAY_MS = 200;
const ATTEMPTS = 50;

/** The partition of one campaign; a name safe to write into SQL (the id is checked). */
export function openPhaseTable(parent: OpenPhaseTable, campaignId: string): string {
  return campaignPartition(parent, campaignId);
}

/** Every table named, in the order given, or none: never waits while holding some of them. */
async function lockAll(manager: EntityManager, tables: string[], mode: 'SHARE UPDATE EXCLUSIVE' | 'ACCESS EXCLUSIVE'): Promise<void> {
  const [{ previous }] = await manager.query<{ previous: string }[]>(`SELECT current_setting('lock_timeout') AS previous`);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    await manager.query(`SAVEPOINT open_phase_locks`);
    try {
      await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [`${GIVE_WAY_MS}ms`]);
      await manager.query(`LOCK TABLE ${tables.join(', ')} IN ${mode} MODE`);
      await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);
      await manager.query(`RELEASE SAVEPOINT open_phase_locks`);
      return;
    } catch (error) {
      // 55P03 lock_not_available: the rollback releases what this attempt got, and the setting.
      if ((error as { code?: string }).code !== '55P03') throw error;
      await manager.query(`ROLLBACK TO SAVEPOINT open_phase_locks`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * GIVE_WAY_MS));
    }
  }
  throw new ServiceUnavailableError('Surveys are too busy to open or close one right now; try again in a moment.');
}

/**
 * Each partition is built as a table of its own and then attached: ATTACH needs only SHARE
 * UPDATE EXCLUSIVE on the parent (CREATE … PARTITION OF needs ACCESS EXCLUSIVE), so a launch
 * never stops anyone answering or any mail being written.
 *
 * No autovacuum on these partitions: an ANALYZE would copy sample values (who answered, who
 * was reminded) into pg_statistic, whose dead rows outlive the drop. They live for weeks at
 * most and hold few row versions; the drop reclaims everything.
 */
export async function createOpenPhase(manager: EntityManager, campaignId: string): Promise<void> {
  for (const parent of PARENTS) {
    // DDL cannot take bind parameters; openPhaseTable checks the id is a uuid.
    await manager.query(
      `CREATE TABLE ${openPhaseTable(parent, campaignId)} (LIKE ${parent} INCLUDING ALL)
         WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)`,
    );
  }
  await lockAll(manager, PARENTS.map((p) => `ONLY ${p}`), 'SHARE UPDATE EXCLUSIVE');
  for (const parent of PARENTS) {
    await manager.query(`ALTER TABLE ${parent} ATTACH PARTITION ${openPhaseTable(parent, campaignId)} FOR VALUES IN ('${campaignId}')`);
  }
}

/**
 * Waits for in-flight answers and mail of every campaign to commit and blocks new ones until
 * this transaction ends: parents first (dropping a partition needs its parent anyway), then
 * this campaign's partitions (mail names them directly), in one give-way attempt.
 */
export async function lockOpenPhase(manager: EntityManager, campaignId: string): Promise<boolean> {
  const exists = await manager.query<{ exists: boolean }[]>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [openPhaseTable('open_responses', campaignId)]);
  if (!exists[0].exists) return false;
  await lockAll(manager, [...PARENTS.map((p) => `ONLY ${p}`), ...PARENTS.map((p) => openPhaseTable(p, campaignId))], 'ACCESS EXCLUSIVE');
  return true;
}

/** Dropping (not emptying) unlinks the files: no dead row version or index entry survives. */
export async function dropOpenPhase(manager: EntityManager, campaignId: string): Promise<void> {
  const tables = PARENTS.map((p) => openPhaseTable(p, campaignId)).join(', ');
  await manager.query(`DROP TABLE IF EXISTS ${tables}`);
}
