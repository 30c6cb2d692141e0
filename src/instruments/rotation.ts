/**
 * Pulse item rotation (DESIGN.md §5): a pulse asks `itemsPerPulse` of the agreement items,
 * covering every dimension, and rotates items so that within each dimension every item is
 * asked equally often.
 *
 * - Quotas: each dimension gets at least one item; the remaining seats go one at a time to
 *   the dimension furthest below its proportional share (itemsPerPulse × size / total), ties
 *   to the earlier dimension. Quotas depend only on itemsPerPulse and the bank, so they are
 *   the same for every pulse of a series.
 * - Round robin: pulse k asks, in a dimension of s items with quota q, the items at positions
 *   k·q, k·q + 1, …, k·q + q − 1 (mod s). Over pulses 0…m−1 the dimension's items are asked
 *   in one continuous cycle, so their counts differ by at most 1 at any point and are exactly
 *   equal after every s / gcd(s, q) pulses. Two pulses ask identical items of a dimension
 *   exactly when k·q ≡ k'·q (mod s), which is what makes their deltas comparable.
 */

import { DIMENSIONS } from './dimensions';

export interface RotatableItem {
  key: string;
  dimension: string;
}

/** A pulse asks at least one item of each of the five dimensions … */
export const MIN_ITEMS_PER_PULSE = DIMENSIONS.length;
/** … and at most the whole agreement bank (the 24 agree7 items the migrations seed). */
export const MAX_ITEMS_PER_PULSE = 24;

/** Items per dimension for one pulse, in the order dimensions first appear in the bank. */
export function pulseQuotas(sizes: Array<{ dimension: string; size: number }>, itemsPerPulse: number): Map<string, number> {
  const total = sizes.reduce((sum, d) => sum + d.size, 0);
  if (!Number.isInteger(itemsPerPulse) || itemsPerPulse < sizes.length || itemsPerPulse > total) {
    throw new RangeError(`itemsPerPulse must be an integer from ${sizes.length} to ${total}`);
  }
  const quotas = sizes.map((d) => ({ ...d, quota: 1, share: (itemsPerPulse * d.size) / total }));
  for (let seat = sizes.length; seat < itemsPerPulse; seat++) {
    let best: (typeof quotas)[number] | null = null;
    for (const d of quotas) {
      if (d.quota >= d.size) continue;
      if (!best || d.share - d.quota > best.share - best.quota) best = d;
    }
    best!.quota++;
  }
  return new Map(quotas.map((d) => [d.dimension, d.quota]));
}

/**
 * The keys pulse number `pulseIndex` (0 for a series' first pulse) asks, in bank order.
 * `bank` is the agreement items in bank order (their order within a dimension is the rotation order).
 */
export function rotateItems(bank: RotatableItem[], itemsPerPulse: number, pulseIndex: number): string[] {
  if (!Number.isInteger(pulseIndex) || pulseIndex < 0) throw new RangeError('pulseIndex must be a non-negative integer');
  const byDimension = new Map<string, RotatableItem[]>();
  for (const item of bank) {
    const list = byDimension.get(item.dimension) ?? [];
    list.push(item);
    byDimension.set(item.dimension, list);
  }
  const quotas = pulseQuotas(
    [...byDimension].map(([dimension, items]) => ({ dimension, size: items.length })),
    itemsPerPulse,
  );
  const chosen = new Set<string>();
  for (const [dimension, items] of byDimension) {
    const q = quotas.get(dimension)!;
    const first = (pulseIndex * q) % items.length;
    for (let j = 0; j < q; j++) chosen.add(items[(first + j) % items.length].key);
  }
  return bank.filter((item) => chosen.has(item.key)).map((item) => item.key);
}
