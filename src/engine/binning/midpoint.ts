/**
 * scikit-learn's split threshold between two consecutive values lo < hi: their midpoint lo / 2 + hi / 2, or
 * lo when that rounds to hi or overflows. Both bin layouts cut with it, and the trees' thresholds are it.
 */
export function midpoint(lo: number, hi: number): number {
  if (lo === hi) return lo;
  const m = lo / 2 + hi / 2;
  return m === hi || !Number.isFinite(m) ? lo : m;
}
