// scikit-learn's IsolationForest(n_estimators=100, max_samples='auto', contamination=c, max_features=1.0,
// bootstrap=False) by its definition (Liu et al. 2008 as sklearn implements it): each tree is grown on
// min(256, n) rows drawn without replacement, to depth ceil(log2(max_samples)), every split on a random
// non-constant feature at a threshold uniform between the node's min and max. A row's path length is its
// leaf depth plus c(leaf size), c(n) = 2H(n−1) − 2(n−1)/n; score_samples = −2^(−mean path / c(max_samples));
// the rows scoring below the contamination percentile of the training scores are the outliers.
// Seeded with our Rng (the trees are not scikit-learn's draw for draw; the definition is).
import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';

export interface IsolationForestOptions {
  nEstimators?: number;
  /** Rows per tree; default min(256, n). */
  maxSamples?: number;
  /** Expected fraction of outliers, in (0, 0.5]. */
  contamination: number;
  seed: number;
}

interface IsoTree {
  feature: Int32Array; // -1 = leaf
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf: depth + c(size). */
  path: Float64Array;
}

const EULER = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points (sklearn's _average_path_length). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

function growTree(X: Matrix, rows: Int32Array, maxDepth: number, rng: Rng): IsoTree {
  const p = X.cols;
  const d = X.data;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const path: number[] = [];
  const features = Int32Array.from({ length: p }, (_, j) => j);
  const node = (lo: number, hi: number, depth: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    path.push(depth + averagePathLength(hi - lo));
    if (hi - lo < 2 || depth >= maxDepth) return id;
    // Draw features without replacement until one is not constant on the node (sklearn's random splitter).
    let drawn = 0;
    let f = -1;
    let mn = 0;
    let mx = 0;
    while (drawn < p) {
      const pick = drawn + rng.int(p - drawn);
      const t = features[pick] as number;
      features[pick] = features[drawn] as number;
      features[drawn] = t;
      drawn++;
      mn = Infinity;
      mx = -Infinity;
      for (let i = lo; i < hi; i++) {
        const v = d[(rows[i] as number) * p + t] as number;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx > mn) {
        f = t;
        break;
      }
    }
    if (f < 0) return id;
    let thr = mn + rng.next() * (mx - mn);
    if (thr >= mx) thr = mn;
    let mid = lo;
    for (let i = lo; i < hi; i++) {
      const r = rows[i] as number;
      if ((d[r * p + f] as number) <= thr) {
        rows[i] = rows[mid] as number;
        rows[mid] = r;
        mid++;
      }
    }
    feature[id] = f;
    threshold[id] = thr;
    const l = node(lo, mid, depth + 1);
    const rr = node(mid, hi, depth + 1);
    left[id] = l;
    right[id] = rr;
    return id;
  };
  node(0, rows.length, 0);
  return { feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right), path: Float64Array.from(path) };
}

/** score_samples of every row of Xq: −2^(−E[path] / c(maxSamples)); lower = more abnormal. */
function scoreSamples(trees: readonly IsoTree[], Xq: Matrix, maxSamples: number): Float64Array {
  const p = Xq.cols;
  const out = new Float64Array(Xq.rows);
  const norm = averagePathLength(maxSamples);
  for (let i = 0; i < Xq.rows; i++) {
    let sum = 0;
    for (const t of trees) {
      let n = 0;
      while ((t.feature[n] as number) >= 0) n = (Xq.data[i * p + (t.feature[n] as number)] as number) <= (t.threshold[n] as number) ? (t.left[n] as number) : (t.right[n] as number);
      sum += t.path[n] as number;
    }
    out[i] = -Math.pow(2, -(sum / trees.length) / (norm || 1));
  }
  return out;
}

/** numpy.percentile(v, q) with linear interpolation. */
function percentile(v: Float64Array, q: number): number {
  const s = Float64Array.from(v).sort();
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + (pos - lo) * ((s[hi] as number) - (s[lo] as number));
}

/** Fits the forest on X and returns which of X's rows it predicts as outliers (fit_predict == -1). */
export function isolationForestOutliers(X: Matrix, o: IsolationForestOptions): { outlier: Uint8Array; scores: Float64Array; offset: number } {
  const n = X.rows;
  const outlier = new Uint8Array(n);
  if (n < 2) return { outlier, scores: new Float64Array(n), offset: 0 };
  const maxSamples = Math.min(o.maxSamples ?? 256, n);
  const maxDepth = Math.ceil(Math.log2(Math.max(maxSamples, 2)));
  const rng = new Rng(o.seed);
  const trees: IsoTree[] = [];
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < (o.nEstimators ?? 100); t++) {
    // Partial Fisher-Yates: the first maxSamples entries are a sample without replacement.
    for (let i = 0; i < maxSamples; i++) {
      const j = i + rng.int(n - i);
      const v = all[i] as number;
      all[i] = all[j] as number;
      all[j] = v;
    }
    trees.push(growTree(X, all.slice(0, maxSamples), maxDepth, rng));
  }
  const scores = scoreSamples(trees, X, maxSamples);
  const offset = percentile(scores, 100 * o.contamination);
  for (let i = 0; i < n; i++) if ((scores[i] as number) < offset) outlier[i] = 1;
  return { outlier, scores, offset };
}
