import { EntityManager } from 'typeorm';
import * as SQL from './deltas.sql';
import { welchSignificant } from './student-t';

interface DeltaInput {
  scope: string;
  team_id: string | null;
  dimension: string;
  previous_campaign_id: string | null;
  delta: string | null;
  n: number;
  sd: number | null;
  prev_n: number | null;
  prev_sd: number | null;
}

/**
 * Derives the deltas of one scored campaign from stored rows (deltas.sql.ts): significance by
 * Welch's test with the exact t quantile at the fractional ν. One read and one bulk write of
 * the campaign's dimension rows; nothing else is held in memory. `fresh`: the rows were just
 * written and hold no delta yet, so only those with a previous campaign need writing (a
 * campaign with none, such as an organization's first, writes nothing).
 */
export async function deriveDeltas(manager: EntityManager, campaignId: string, { fresh = false } = {}): Promise<void> {
  const rows: DeltaInput[] = await manager.query(SQL.READ_DELTA_INPUTS, [campaignId, fresh]);
  if (rows.length === 0) return;
  const significant = rows.map((r) =>
    r.delta === null ? null : welchSignificant(Number(r.delta), r.sd! ** 2 / r.n, r.prev_sd! ** 2 / r.prev_n!, r.n, r.prev_n!),
  );
  await manager.query(SQL.UPDATE_DELTAS, [
    campaignId,
    rows.map((r) => r.scope),
    rows.map((r) => r.team_id),
    rows.map((r) => r.dimension),
    rows.map((r) => r.previous_campaign_id),
    rows.map((r) => r.delta),
    significant,
  ]);
}

/** After campaign $1 is scored (its rows just written): its deltas, then those of every later-closing scored campaign, which may now compare with it. */
export async function deriveDeltasFrom(manager: EntityManager, campaignId: string): Promise<void> {
  await deriveDeltas(manager, campaignId, { fresh: true });
  const later: Array<{ id: string }> = await manager.query(SQL.READ_LATER_SCORED, [campaignId]);
  for (const { id } of later) await deriveDeltas(manager, id);
}
