/**
 * Two-sided 95 % critical values of Student's t (t₀.₉₇₅,ν), the one table both the confidence
 * intervals (ν = n − 1) and the Welch test (ν from Welch–Satterthwaite) read. The scoring SQL
 * receives it as a parameter, so the table lives here only.
 *
 * A fractional or untabulated ν uses the largest tabulated ν not above it: the critical value
 * is then slightly larger, i.e. the interval slightly wider and the test slightly stricter.
 */
export const T_TABLE_95: ReadonlyArray<readonly [df: number, t: number]> = [
  [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571],
  [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262], [10, 2.228],
  [11, 2.201], [12, 2.179], [13, 2.16], [14, 2.145], [15, 2.131],
  [16, 2.12], [17, 2.11], [18, 2.101], [19, 2.093], [20, 2.086],
  [21, 2.08], [22, 2.074], [23, 2.069], [24, 2.064], [25, 2.06],
  [26, 2.056], [27, 2.052], [28, 2.048], [29, 2.045], [30, 2.042],
  [40, 2.021], [50, 2.009], [60, 2.0], [80, 1.99], [100, 1.984], [120, 1.98],
  [200, 1.972], [500, 1.965], [1000, 1.962],
];

/** The critical value for ν degrees of freedom; null when ν < 1 (no interval, no test). */
export function tCritical95(df: number): number | null {
  if (!Number.isFinite(df) && df > 0) return T_TABLE_95[T_TABLE_95.length - 1][1];
  if (!(df >= 1)) return null;
  let t = T_TABLE_95[0][1];
  for (const [d, v] of T_TABLE_95) {
    if (d <= df) t = v;
    else break;
  }
  return t;
}
