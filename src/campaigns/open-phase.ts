import { EntityManager } from 'typeorm';

/**
 * The open-phase tables of one campaign: its key, the token-hash → invitation map and the
 * answers given so far, each a LIST partition of its own. Created at launch; dropped at close.
 */
const PARENTS = ['campaign_keys', 'open_tokens', 'open_responses', 'open_answers'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function partitionName(parent: (typeof PARENTS)[number], campaignId: string): string {
  if (!UUID.test(campaignId)) throw new Error('campaign id must be a lower-case uuid');
  return `${parent}_${campaignId.replace(/-/g, '')}`;
}

export async function createOpenPhase(manager: EntityManager, campaignId: string): Promise<void> {
  for (const parent of PARENTS) {
    // DDL cannot take bind parameters; the id was checked to be a uuid above.
    await manager.query(`CREATE TABLE ${partitionName(parent, campaignId)} PARTITION OF ${parent} FOR VALUES IN ('${campaignId}')`);
  }
}

/** Waits for in-flight answers to commit and blocks new ones until this transaction ends. */
export async function lockOpenPhase(manager: EntityManager, campaignId: string): Promise<boolean> {
  const exists = await manager.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [partitionName('open_responses', campaignId)]);
  if (!exists[0].exists) return false;
  const tables = PARENTS.map((p) => partitionName(p, campaignId)).join(', ');
  await manager.query(`LOCK TABLE ${tables} IN ACCESS EXCLUSIVE MODE`);
  return true;
}

/** Dropping (not emptying) unlinks the files: no dead row version or index entry survives. */
export async function dropOpenPhase(manager: EntityManager, campaignId: string): Promise<void> {
  const tables = PARENTS.map((p) => partitionName(p, campaignId)).join(', ');
  await manager.query(`DROP TABLE IF EXISTS ${tables}`);
}
