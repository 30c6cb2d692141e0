import { pulseQuotas, rotateItems } from './rotation';

const SIZES: Array<[string, number]> = [
  ['psychological_safety', 7],
  ['trust', 5],
  ['learning', 4],
  ['repair', 4],
  ['co_creation', 4],
];
const BANK = SIZES.flatMap(([dimension, size]) => Array.from({ length: size }, (_, i) => ({ key: `${dimension}_${i}`, dimension })));
const dimensionOf = new Map(BANK.map((b) => [b.key, b.dimension]));

function counts(pulses: string[][]): Map<string, number> {
  const c = new Map(BANK.map((b) => [b.key, 0]));
  for (const keys of pulses) for (const k of keys) c.set(k, c.get(k)! + 1);
  return c;
}

describe('pulse rotation', () => {
  it('splits itemsPerPulse across the five dimensions roughly in proportion, at least one each', () => {
    const q = (n: number) => [...pulseQuotas(SIZES.map(([dimension, size]) => ({ dimension, size })), n).values()];
    expect(q(5)).toEqual([1, 1, 1, 1, 1]);
    expect(q(12)).toEqual([4, 2, 2, 2, 2]);
    expect(q(24)).toEqual([7, 5, 4, 4, 4]);
    for (let n = 5; n <= 24; n++) {
      const quotas = q(n);
      expect(quotas.reduce((a, b) => a + b, 0)).toBe(n);
      quotas.forEach((quota, i) => {
        expect(quota).toBeGreaterThanOrEqual(1);
        expect(quota).toBeLessThanOrEqual(SIZES[i][1]);
        // Never further than one item from the proportional share (beyond the minimum of one).
        expect(Math.abs(quota - Math.max(1, (n * SIZES[i][1]) / 24))).toBeLessThan(1.5);
      });
    }
    expect(() => q(4)).toThrow(RangeError);
    expect(() => q(25)).toThrow(RangeError);
  });

  it.each([5, 6, 8, 10, 12, 17, 23, 24])('over eight pulses of %i items: every dimension each time, items asked equally often', (n) => {
    const pulses = Array.from({ length: 8 }, (_, k) => rotateItems(BANK, n, k));
    for (const [k, keys] of pulses.entries()) {
      expect(keys).toHaveLength(n);
      expect(new Set(keys).size).toBe(n);
      expect(new Set(keys.map((key) => dimensionOf.get(key)))).toEqual(new Set(SIZES.map(([d]) => d)));
      // Bank order is kept.
      expect(keys).toEqual(BANK.map((b) => b.key).filter((key) => keys.includes(key)));
      // At every prefix of the series, within a dimension counts differ by at most one.
      const soFar = counts(pulses.slice(0, k + 1));
      for (const [dimension] of SIZES) {
        const values = BANK.filter((b) => b.dimension === dimension).map((b) => soFar.get(b.key)!);
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('asks every item of a dimension exactly equally often over a full cycle', () => {
    for (let n = 5; n <= 24; n++) {
      // 420 = lcm(7, 5, 4) pulses is a whole number of cycles for every dimension.
      const c = counts(Array.from({ length: 420 }, (_, k) => rotateItems(BANK, n, k)));
      for (const [dimension] of SIZES) {
        const values = BANK.filter((b) => b.dimension === dimension).map((b) => c.get(b.key)!);
        expect(new Set(values).size).toBe(1);
      }
    }
  });

  it('asks all 24 items every time at 24, and repeats identical item sets once a cycle comes round', () => {
    expect(rotateItems(BANK, 24, 0)).toEqual(BANK.map((b) => b.key));
    expect(rotateItems(BANK, 24, 5)).toEqual(BANK.map((b) => b.key));
    const learning = (k: number) => rotateItems(BANK, 12, k).filter((key) => dimensionOf.get(key) === 'learning');
    expect(learning(0)).toEqual(learning(2));
    expect(learning(0)).not.toEqual(learning(1));
  });
});
