import quantile = require('@stdlib/stats-base-dists-t-quantile');

/**
 * The two-sided 95 % critical value of Student's t, t₀.₉₇₅(ν), exactly (stdlib's quantile
 * function), for any real ν > 0: the confidence intervals use ν = n − 1, the Welch test the
 * fractional ν of Welch–Satterthwaite. Null when ν is not a positive number (no interval, no test).
 */
export function tCritical95(df: number): number | null {
  if (!(df > 0)) return null;
  if (df === Infinity) return 1.959963984540054;
  return quantile(0.975, df);
}

/**
 * Welch's test of a difference in means at 95 %: significant when |Δ| > t(ν)·√(a + b) with
 * a = s₁²/n₁, b = s₂²/n₂ and ν = (a + b)² / (a²/(n₁ − 1) + b²/(n₂ − 1)). With no spread on
 * either side any difference is significant.
 */
export function welchSignificant(delta: number, a: number, b: number, n1: number, n2: number): boolean {
  if (a + b === 0) return delta !== 0;
  const nu = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
  return Math.abs(delta) > (tCritical95(nu) as number) * Math.sqrt(a + b);
}
