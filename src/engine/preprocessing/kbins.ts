// scikit-learn's KBinsDiscretizer(n_bins=5, encode="ordinal", strategy="kmeans"), PyCaret's bin_numeric_features:
// per column a 1-D k-means (Lloyd, centres started at the midpoints of n_bins equal-width intervals, on the
// mean-centred values as KMeans does), the bin edges halfway between sorted centres, edges closer than 1e-8 merged;
// a value's bin is the number of inner edges <= it.

/** Inner bin edges of one column's training values (no NaN). */
export function kmeansBinEdges(values: Float64Array, nBins = 5, maxIter = 300, tol = 1e-4): number[] {
  const n = values.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n === 0 || lo === hi) return [];
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  const x = Float64Array.from(values, (v) => v - mean);
  let variance = 0;
  for (const v of x) variance += v * v;
  variance /= n;
  const tolerance = variance * tol;
  // np.linspace(lo, hi, nBins + 1), then midpoints.
  const step = (hi - lo) / nBins;
  const uniform = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? hi : lo + i * step));
  let centers: Float64Array = Float64Array.from({ length: nBins }, (_, i) => ((uniform[i + 1] as number) + (uniform[i] as number)) * 0.5 - mean);
  const labels = new Int32Array(n);
  const previous = new Int32Array(n).fill(-1);
  for (let it = 0; it < maxIter; it++) {
    assign(x, centers, labels);
    const next = updateCenters(x, centers, labels, nBins);
    let shift = 0;
    for (let c = 0; c < nBins; c++) shift += ((next[c] as number) - (centers[c] as number)) ** 2;
    centers = next;
    if (labels.every((l, i) => l === previous[i])) break;
    if (shift <= tolerance) break;
    previous.set(labels);
  }
  const sorted = Array.from(centers, (c) => c + mean).sort((a, b) => a - b);
  const edges = [lo];
  for (let c = 1; c < nBins; c++) edges.push(((sorted[c] as number) + (sorted[c - 1] as number)) * 0.5);
  edges.push(hi);
  // np.ediff1d(edges, to_begin=inf) > 1e-8
  const kept = edges.filter((e, i) => i === 0 || e - (edges[i - 1] as number) > 1e-8);
  return kept.slice(1, -1);
}

function assign(x: Float64Array, centers: Float64Array, labels: Int32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < centers.length; c++) {
      const d = (v - (centers[c] as number)) ** 2;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    labels[i] = best;
  }
}

/** Means per cluster; an empty cluster takes the point farthest from its centre (scikit-learn's relocation). */
function updateCenters(x: Float64Array, centers: Float64Array, labels: Int32Array, k: number): Float64Array {
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < x.length; i++) {
    sum[labels[i] as number]! += x[i] as number;
    count[labels[i] as number]!++;
  }
  const empty = Array.from({ length: k }, (_, c) => c).filter((c) => count[c] === 0);
  if (empty.length > 0) {
    const far = Array.from(x.keys())
      .map((i) => ({ i, d: ((x[i] as number) - (centers[labels[i] as number] as number)) ** 2 }))
      .sort((a, b) => b.d - a.d || a.i - b.i)
      .slice(0, empty.length);
    empty.forEach((c, t) => {
      const i = (far[t] as { i: number }).i;
      const old = labels[i] as number;
      sum[old]! -= x[i] as number;
      count[old]!--;
      sum[c] = x[i] as number;
      count[c] = 1;
    });
  }
  return Float64Array.from(sum, (s, c) => (count[c] === 0 ? (centers[c] as number) : s / (count[c] as number)));
}

/** The bin of v: the number of inner edges <= v (np.searchsorted(edges, v, side="right")). */
export function binOf(v: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
