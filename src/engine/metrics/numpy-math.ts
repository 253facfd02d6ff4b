// Float arithmetic in the order numpy uses, so that scores and their means/stds match scikit-learn's to
// the last bit where the inputs allow (numpy 1.24, float64, contiguous 1-D reductions).

const PAIRWISE_BLOCK = 128;

/** numpy's pairwise summation of a[start, start + n) (umath loops_utils pairwise_sum). */
function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = a[start] as number;
    let r1 = a[start + 1] as number;
    let r2 = a[start + 2] as number;
    let r3 = a[start + 3] as number;
    let r4 = a[start + 4] as number;
    let r5 = a[start + 5] as number;
    let r6 = a[start + 6] as number;
    let r7 = a[start + 7] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = start + i;
      r0 += a[p] as number;
      r1 += a[p + 1] as number;
      r2 += a[p + 2] as number;
      r3 += a[p + 3] as number;
      r4 += a[p + 4] as number;
      r5 += a[p + 5] as number;
      r6 += a[p + 6] as number;
      r7 += a[p + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** np.sum of a 1-D float64 array (identity 0 plus the pairwise sum). */
export function npSum(a: ArrayLike<number>): number {
  return 0 + pairwise(a, 0, a.length);
}

/** np.mean. */
export function npMean(a: ArrayLike<number>): number {
  return npSum(a) / a.length;
}

/** np.std with ddof = 0 (population), computed as numpy's _var does. */
export function npStd(a: ArrayLike<number>): number {
  const mean = npSum(a) / a.length;
  const sq = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - mean;
    sq[i] = d * d;
  }
  return Math.sqrt(npSum(sq) / a.length);
}

/** np.average(a, weights=w) = sum(a * w) / sum(w). */
export function npWeightedAverage(a: ArrayLike<number>, w: ArrayLike<number>): number {
  const prod = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) prod[i] = (a[i] as number) * (w[i] as number);
  return npSum(prod) / npSum(w);
}

/** np.round(x, decimals): scale, round half to even, unscale. */
export function npRound(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** decimals;
  const y = x * scale;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1; // Math.round rounds .5 up; numpy's rint goes to even
  return r / scale + 0; // + 0 turns -0 into 0
}
