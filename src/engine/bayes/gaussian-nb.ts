// scikit-learn's GaussianNB: per-class means and (population) variances plus
// varSmoothing · max feature variance; joint log-likelihood with log priors.
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badState, checkX, checkXy, numParam, type StateSchema } from '../linear/base.js';
import { argmaxRow, encodeClasses } from '../core/classes.js';

export interface GaussianNBParams extends Record<string, unknown> {
  varSmoothing: number;
  randomState: number;
}

interface NBState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  prior: Float64Array;
  theta: Float64Array; // k × p
  variance: Float64Array; // k × p (smoothed)
}

export class GaussianNB extends BaseEstimator<GaussianNBParams, NBState> implements Classifier<GaussianNBParams> {
  readonly type = 'GaussianNB';
  protected readonly schema: StateSchema<NBState> = { classes: 'vector', prior: 'vector', theta: 'vector', variance: 'vector' };
  constructor(params?: Partial<GaussianNBParams>) {
    super({ varSmoothing: 1e-9, randomState: 0 }, params);
  }
  protected make(p: Partial<GaussianNBParams>): this {
    return new GaussianNB(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: NBState): void {
    const k = s.classes.length;
    if (k < 1 || s.prior.length !== k || s.theta.length === 0 || s.theta.length % k !== 0 || s.variance.length !== s.theta.length) {
      badState(this.type, 'shapes do not match');
    }
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const smoothing = numParam(this.params, 'varSmoothing', { min: 0 });
    checkXy(X, y, options);
    const { rows: n, cols: p, data } = X;
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    const sw = options?.sampleWeight;
    const wsum = new Float64Array(k);
    const theta = new Float64Array(k * p);
    const variance = new Float64Array(k * p);
    // overall variance (for the smoothing epsilon)
    const mu = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) + (data[i * p + j] as number);
    for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) / n;
    const ss = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) {
        const d = (data[o + j] as number) - (mu[j] as number);
        ss[j] = (ss[j] as number) + d * d;
      }
    }
    let maxVar = 0;
    for (let j = 0; j < p; j++) maxVar = Math.max(maxVar, (ss[j] as number) / n);
    // (all-constant X would make every variance 0; keep them positive so likelihoods stay finite)
    const epsilon = Math.max(smoothing * maxVar, Number.MIN_VALUE);
    for (let i = 0; i < n; i++) {
      const c = index[i] as number;
      const w = sw ? (sw[i] as number) : 1;
      wsum[c] = (wsum[c] as number) + w;
      for (let j = 0; j < p; j++) theta[c * p + j] = (theta[c * p + j] as number) + w * (data[i * p + j] as number);
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) theta[c * p + j] = (theta[c * p + j] as number) / (wsum[c] as number);
    for (let i = 0; i < n; i++) {
      const c = index[i] as number;
      const w = sw ? (sw[i] as number) : 1;
      for (let j = 0; j < p; j++) variance[c * p + j] = (variance[c * p + j] as number) + w * ((data[i * p + j] as number) - (theta[c * p + j] as number)) ** 2;
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) variance[c * p + j] = (variance[c * p + j] as number) / (wsum[c] as number) + epsilon;
    let total = 0;
    for (let c = 0; c < k; c++) total += wsum[c] as number;
    const prior = Float64Array.from(wsum, (w) => w / total);
    this.fitted = { classes, prior, theta, variance };
    return this;
  }

  /** rows × k joint log-likelihoods log P(c) + log P(x | c). */
  jointLogLikelihood(X: Matrix): Float64Array {
    const s = this.state();
    const k = s.classes.length;
    const p = s.theta.length / k;
    checkX(X, p);
    const norm = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let t = 0;
      for (let j = 0; j < p; j++) t += Math.log(2 * Math.PI * (s.variance[c * p + j] as number));
      norm[c] = Math.log(s.prior[c] as number) - 0.5 * t;
    }
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      for (let c = 0; c < k; c++) {
        let q = 0;
        for (let j = 0; j < p; j++) q += ((X.data[i * p + j] as number) - (s.theta[c * p + j] as number)) ** 2 / (s.variance[c * p + j] as number);
        out[i * k + c] = (norm[c] as number) - 0.5 * q;
      }
    }
    return out;
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    const k = s.classes.length;
    const jll = this.jointLogLikelihood(X);
    return Float64Array.from({ length: X.rows }, (_, i) => s.classes[argmaxRow(jll, i * k, k)] as number);
  }

  predictProba(X: Matrix): Matrix {
    const k = this.state().classes.length;
    const jll = this.jointLogLikelihood(X);
    for (let i = 0; i < X.rows; i++) {
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, jll[i * k + c] as number);
      let se = 0;
      for (let c = 0; c < k; c++) se += Math.exp((jll[i * k + c] as number) - mx);
      const lse = mx + Math.log(se);
      for (let c = 0; c < k; c++) jll[i * k + c] = Math.exp((jll[i * k + c] as number) - lse);
    }
    return { data: jll, rows: X.rows, cols: k };
  }
}
