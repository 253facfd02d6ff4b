// Seeded synthetic data: scikit-learn 1.2's make_classification / make_regression, transcribed with
// numpy's legacy RandomState (src/engine/selection/numpy-random.ts), so that makeClassification({..., seed: 0})
// is the very data scikit-learn's make_classification(..., random_state=0) returns (up to the last bit of
// its matrix products) and the reference's 100k figures compare like with like.
import { matrix, type Matrix } from '../src/engine/core/matrix.js';
import { NumpyRandomState } from '../src/engine/selection/numpy-random.js';

export interface ClassificationOptions {
  nSamples: number;
  nFeatures: number;
  nInformative: number;
  seed: number;
  nRedundant?: number; // scikit-learn default 2
  nClasses?: number; // default 2
  nClustersPerClass?: number; // default 2
  flipY?: number; // default 0.01
  classSep?: number; // default 1
}

export interface RegressionOptions {
  nSamples: number;
  nFeatures: number;
  nInformative: number;
  noise: number;
  seed: number;
}

/**
 * make_classification (hypercube=True, shift 0, scale 1, shuffle=True): each class owns
 * nClustersPerClass Gaussian clusters centred on distinct random vertices of a hypercube of side
 * 2 * classSep in the informative subspace, each with a random linear covariance; redundant features are
 * random linear combinations of the informative ones, the rest N(0, 1) noise; a fraction flipY of the
 * labels is redrawn at random; rows, then columns, are shuffled.
 */
export function makeClassification(o: ClassificationOptions): { X: Matrix; y: Float64Array } {
  const rng = new NumpyRandomState(o.seed);
  const n = o.nSamples;
  const F = o.nFeatures;
  const inf = o.nInformative;
  const red = o.nRedundant ?? 2;
  const nClasses = o.nClasses ?? 2;
  const perClass = o.nClustersPerClass ?? 2;
  const sep = o.classSep ?? 1;
  const flip = o.flipY ?? 0.01;
  const nClusters = nClasses * perClass;
  const useless = F - inf - red;
  if (inf < 1 || inf > 30 || useless < 0 || 2 ** inf < nClusters) throw new RangeError('need 1 <= nInformative <= 30, nInformative + nRedundant <= nFeatures, 2^nInformative >= clusters');
  const sizes = Array.from({ length: nClusters }, () => Math.floor(n / nClasses / perClass));
  for (let i = 0; i < n - sizes.reduce((a, b) => a + b, 0); i++) sizes[i % nClusters]! += 1;
  // _generate_hypercube: distinct vertices by tracking selection, bits most significant first
  const chosen = new Set<number>();
  const centroids: Float64Array[] = [];
  for (let k = 0; k < nClusters; k++) {
    let v = rng.randint(0, 2 ** inf);
    while (chosen.has(v)) v = rng.randint(0, 2 ** inf);
    chosen.add(v);
    centroids.push(Float64Array.from({ length: inf }, (_, b) => ((v >>> (inf - 1 - b)) & 1) * 2 * sep - sep));
  }
  const X = new Float64Array(n * F);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < inf; j++) X[i * F + j] = rng.gauss();
  const z = new Float64Array(inf);
  let row = 0;
  for (let k = 0; k < nClusters; k++) {
    const A = new Float64Array(inf * inf);
    for (let i = 0; i < A.length; i++) A[i] = 2 * rng.nextDouble() - 1;
    const c = centroids[k] as Float64Array;
    for (let s = 0; s < (sizes[k] as number); s++, row++) {
      const o2 = row * F;
      for (let j = 0; j < inf; j++) z[j] = X[o2 + j] as number;
      for (let j = 0; j < inf; j++) {
        let v = 0;
        for (let i = 0; i < inf; i++) v += (z[i] as number) * (A[i * inf + j] as number);
        X[o2 + j] = v + (c[j] as number);
      }
      y[row] = k % nClasses;
    }
  }
  if (red > 0) {
    const B = new Float64Array(inf * red);
    for (let i = 0; i < B.length; i++) B[i] = 2 * rng.nextDouble() - 1;
    for (let r = 0; r < n; r++) {
      for (let q = 0; q < red; q++) {
        let v = 0;
        for (let i = 0; i < inf; i++) v += (X[r * F + i] as number) * (B[i * red + q] as number);
        X[r * F + inf + q] = v;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = F - useless; j < F; j++) X[i * F + j] = rng.gauss();
  const flipped: number[] = [];
  for (let i = 0; i < n; i++) if (rng.nextDouble() < flip) flipped.push(i);
  for (const i of flipped) y[i] = rng.randint(0, nClasses);
  return shuffled(rng, X, y, n, F);
}

/**
 * make_regression (effective_rank None, bias 0, shuffle=True): X ~ N(0, 1); y = X w + noise * N(0, 1)
 * where the first nInformative weights are uniform in [0, 100) and the rest 0; rows, then columns, shuffled.
 */
export function makeRegression(o: RegressionOptions): { X: Matrix; y: Float64Array } {
  const rng = new NumpyRandomState(o.seed);
  const n = o.nSamples;
  const F = o.nFeatures;
  const X = new Float64Array(n * F);
  for (let i = 0; i < X.length; i++) X[i] = rng.gauss();
  const w = new Float64Array(F);
  for (let j = 0; j < Math.min(o.nInformative, F); j++) w[j] = 100 * rng.nextDouble();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < F; j++) s += (X[i * F + j] as number) * (w[j] as number);
    y[i] = s;
  }
  if (o.noise > 0) for (let i = 0; i < n; i++) y[i] = (y[i] as number) + o.noise * rng.gauss();
  return shuffled(rng, X, y, n, F);
}

/** sklearn.utils.shuffle of the rows (a shuffled arange), then a shuffled column order. */
function shuffled(rng: NumpyRandomState, X: Float64Array, y: Float64Array, n: number, F: number): { X: Matrix; y: Float64Array } {
  const rowOrder = Int32Array.from({ length: n }, (_, i) => i);
  rng.shuffle(rowOrder);
  const colOrder = Int32Array.from({ length: F }, (_, j) => j);
  rng.shuffle(colOrder);
  const Xo = new Float64Array(n * F);
  const yo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const src = (rowOrder[i] as number) * F;
    for (let j = 0; j < F; j++) Xo[i * F + j] = X[src + (colOrder[j] as number)] as number;
    yo[i] = y[rowOrder[i] as number] as number;
  }
  return { X: matrix(n, F, Xo), y: yo };
}
