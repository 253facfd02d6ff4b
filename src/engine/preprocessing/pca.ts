import { svd } from '../core/linalg.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';

export interface PcaFit {
  mean: Float64Array;
  /** components × width, row-major (scikit-learn's components_). */
  components: Float64Array;
  nComponents: number;
  explainedVarianceRatio: Float64Array;
}

/**
 * scikit-learn's PCA with the full SVD: centre, SVD, signs flipped so the largest |U| entry of each component is
 * positive (svd_flip), keep `components` of them: an integer count, a fraction of the variance to explain
 * (0 < f < 1), or null for all.
 */
export function fitPca(X: Matrix, components: number | null): PcaFit {
  const { rows: n, cols: p } = X;
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += X.data[i * p + j] as number;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const centred = matrix(n, p);
  for (let i = 0; i < n * p; i++) centred.data[i] = (X.data[i] as number) - (mean[i % p] as number);
  const { s, vt, u, r } = svd(centred, true);
  const U = u as Float64Array;
  for (let k = 0; k < r; k++) {
    let best = 0;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(U[i * r + k] as number);
      if (a > best) {
        best = a;
        at = i;
      }
    }
    if ((U[at * r + k] as number) < 0) for (let j = 0; j < p; j++) vt[k * p + j] = -(vt[k * p + j] as number);
  }
  const variance = Float64Array.from(s, (v) => (v * v) / (n - 1));
  const total = variance.reduce((a, b) => a + b, 0);
  const ratio = Float64Array.from(variance, (v) => v / total);
  const limit = Math.min(n, p);
  let keep: number;
  if (components === null) keep = limit;
  else if (components > 0 && components < 1) {
    // searchsorted(cumsum(ratio), f, side="right") + 1
    let cum = 0;
    keep = 0;
    while (keep < r && cum + (ratio[keep] as number) <= components) cum += ratio[keep++] as number;
    keep = Math.min(keep + 1, r);
  } else keep = components;
  if (!Number.isInteger(keep) || keep < 1 || keep > limit)
    throw new EngineInputError('BAD_PARAM', `pcaComponents ${components} must be at most min(rows, model inputs) = ${limit}`, 'setupParams.pcaComponents');
  return { mean, components: vt.slice(0, keep * p), nComponents: keep, explainedVarianceRatio: ratio.slice(0, keep) };
}

export function pcaTransform(X: Matrix, mean: Float64Array, components: Float64Array, k: number): Matrix {
  const { rows: n, cols: p } = X;
  const out = matrix(n, k);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let j = 0; j < p; j++) v += ((X.data[i * p + j] as number) - (mean[j] as number)) * (components[c * p + j] as number);
      out.data[i * k + c] = v;
    }
  return out;
}
