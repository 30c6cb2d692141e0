import { T_TABLE_95, tCritical95 } from './t-table';

describe('tCritical95', () => {
  it('gives the published two-sided 95 % values', () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(2)).toBe(4.303);
    expect(tCritical95(9)).toBe(2.262);
    expect(tCritical95(30)).toBe(2.042);
    expect(tCritical95(120)).toBe(1.98);
  });

  it('uses the largest tabulated ν not above a fractional or untabulated ν (slightly conservative)', () => {
    expect(tCritical95(1.9)).toBe(12.706);
    expect(tCritical95(3.5)).toBe(3.182);
    expect(tCritical95(35)).toBe(2.042);
    expect(tCritical95(59.99)).toBe(2.009);
    expect(tCritical95(10_000)).toBe(1.962);
    expect(tCritical95(Infinity)).toBe(1.962);
  });

  it('has no value below one degree of freedom (n = 1: no interval, no test)', () => {
    expect(tCritical95(0)).toBeNull();
    expect(tCritical95(0.5)).toBeNull();
    expect(tCritical95(-1)).toBeNull();
    expect(tCritical95(NaN)).toBeNull();
  });

  it('is strictly increasing in ν and decreasing in t', () => {
    for (let i = 1; i < T_TABLE_95.length; i++) {
      expect(T_TABLE_95[i][0]).toBeGreaterThan(T_TABLE_95[i - 1][0]);
      expect(T_TABLE_95[i][1]).toBeLessThan(T_TABLE_95[i - 1][1]);
    }
    expect(T_TABLE_95[T_TABLE_95.length - 1][1]).toBeGreaterThan(1.959964);
  });
});
