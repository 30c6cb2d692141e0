/** Share of the invited who answered, in percent to one decimal; null when nobody was invited. */
export function participation(responded: number, invited: number): number | null {
  // Integers first, one division: the rounding sees the exact ratio.
  return invited > 0 ? Math.round((1000 * responded) / invited) / 10 : null;
}
