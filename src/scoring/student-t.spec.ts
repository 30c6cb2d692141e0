import { tCritical95, welchSignificant } from './student-t';

describe('tCritical95', () => {
  it('gives the exact quantile (R: qt(0.975, df)) for whole and fractional degrees of freedom', () => {
    expect(tCritical95(1)).toBeCloseTo(12.706205, 6);
    expect(tCritical95(9)).toBeCloseTo(2.262157, 6);
    // The coarse table used t(30) = 2.042 here, widening intervals.
    expect(tCritical95(38)).toBeCloseTo(2.024394, 6);
    expect(tCritical95(3.5)).toBeCloseTo(2.940089, 6);
    expect(tCritical95(1000)).toBeCloseTo(1.962339, 6);
    expect(tCritical95(Infinity)).toBeCloseTo(1.959964, 6);
  });

  it('has no value without degrees of freedom', () => {
    for (const df of [0, -1, NaN]) expect(tCritical95(df)).toBeNull();
  });
});

describe('welchSignificant', () => {
  it('decides a borderline difference with the exact fractional ν (R: t.test(var.equal = FALSE))', () => {
    // n = 20 and 20, sd 10 and 10: se = √10, ν = 38, t = 2.024394: the threshold is 6.4017.
    expect(welchSignificant(6.41, 5, 5, 20, 20)).toBe(true);
    expect(welchSignificant(6.39, 5, 5, 20, 20)).toBe(false);
  });

  it('calls any difference significant when neither side has spread', () => {
    expect(welchSignificant(0.1, 0, 0, 5, 5)).toBe(true);
    expect(welchSignificant(0, 0, 0, 5, 5)).toBe(false);
  });
});
