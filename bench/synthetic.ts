// Seeded synthetic data like scikit-learn's make_classification / make_regression (same recipes,
// our own Rng, so the numbers differ from numpy's but the difficulty is the same).
import { matrix, type Matrix } from '../src/engine/core/matrix.js';
import { Rng } from '../src/engine/core/random.js';

export interface ClassificationOptions {
  nSamples: number;
  nFeatures: number;
  nInformative: number;
  seed: number;
  /** Linear combinations of the informative features (scikit-learn default 2). */
  nRedundant?: number;
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
 * make_classification: each class owns nClustersPerClass Gaussian clusters centred on distinct vertices
 * of a hypercube of side 2 * classSep in the informative subspace, each with a random linear covariance;
 * redundant features are random linear combinations of the informative ones, the rest is N(0, 1) noise;
 * a fraction flipY of labels is replaced at random; rows and columns are shuffled.
 */
export function makeClassification(o: ClassificationOptions): { X: Matrix; y: Float64Array } {
  const rng = new Rng(o.seed);
  const n = o.nSamples;
  const F = o.nFeatures;
  const inf = o.nInformative;
  const red = Math.min(o.nRedundant ?? 2, F - inf);
  const nClasses = o.nClasses ?? 2;
  const perClass = o.nClustersPerClass ?? 2;
  const sep = o.classSep ?? 1;
  const flip = o.flipY ?? 0.01;
  const nClusters = nClasses * perClass;
  if (inf < 1 || inf > F || 2 ** inf < nClusters) throw new RangeError('nInformative too small for the clusters, or larger than nFeatures');
  // distinct random hypercube vertices
  const vertices = new Set<string>();
  const centroids: Float64Array[] = [];
  while (centroids.length < nClusters) {
    const v = new Float64Array(inf);
    for (let j = 0; j < inf; j++) v[j] = rng.next() < 0.5 ? -sep : sep;
    const key = v.join(',');
    if (vertices.has(key)) continue;
    vertices.add(key);
    centroids.push(v);
  }
  const covariances = centroids.map(() => {
    const A = new Float64Array(inf * inf);
    for (let i = 0; i < A.length; i++) A[i] = 2 * rng.next() - 1;
    return A;
  });
  const B = new Float64Array(inf * red);
  for (let i = 0; i < B.length; i++) B[i] = 2 * rng.next() - 1;

  const X = new Float64Array(n * F);
  const y = new Float64Array(n);
  const z = new Float64Array(inf);
  const base = Math.floor(n / nClusters);
  let row = 0;
  for (let k = 0; k < nClusters; k++) {
    const size = base + (k < n % nClusters ? 1 : 0);
    const A = covariances[k] as Float64Array;
    const c = centroids[k] as Float64Array;
    for (let s = 0; s < size; s++, row++) {
      for (let j = 0; j < inf; j++) z[j] = rng.normal();
      const o2 = row * F;
      for (let j = 0; j < inf; j++) {
        let v = c[j] as number;
        for (let i = 0; i < inf; i++) v += (z[i] as number) * (A[i * inf + j] as number);
        X[o2 + j] = v;
      }
      for (let r = 0; r < red; r++) {
        let v = 0;
        for (let i = 0; i < inf; i++) v += (X[o2 + i] as number) * (B[i * red + r] as number);
        X[o2 + inf + r] = v;
      }
      for (let j = inf + red; j < F; j++) X[o2 + j] = rng.normal();
      y[row] = k % nClasses;
    }
  }
  for (let i = 0; i < n; i++) if (rng.next() < flip) y[i] = rng.int(nClasses);
  return shuffled(rng, X, y, n, F);
}

/**
 * make_regression: X ~ N(0, 1); y = X w + noise * N(0, 1) where w has nInformative entries drawn
 * uniformly in [0, 100) and zeros elsewhere; columns shuffled.
 */
export function makeRegression(o: RegressionOptions): { X: Matrix; y: Float64Array } {
  const rng = new Rng(o.seed);
  const n = o.nSamples;
  const F = o.nFeatures;
  const w = new Float64Array(F);
  for (let j = 0; j < Math.min(o.nInformative, F); j++) w[j] = 100 * rng.next();
  const X = new Float64Array(n * F);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < F; j++) {
      const v = rng.normal();
      X[i * F + j] = v;
      s += v * (w[j] as number);
    }
    y[i] = s + o.noise * rng.normal();
  }
  return shuffled(rng, X, y, n, F);
}

/** Rows and columns in a seeded random order (scikit-learn's shuffle=True). */
function shuffled(rng: Rng, X: Float64Array, y: Float64Array, n: number, F: number): { X: Matrix; y: Float64Array } {
  const rowOrder = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const colOrder = rng.shuffle(Int32Array.from({ length: F }, (_, j) => j));
  const Xo = new Float64Array(n * F);
  const yo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const src = (rowOrder[i] as number) * F;
    for (let j = 0; j < F; j++) Xo[i * F + j] = X[src + (colOrder[j] as number)] as number;
    yo[i] = y[rowOrder[i] as number] as number;
  }
  return { X: matrix(n, F, Xo), y: yo };
}
