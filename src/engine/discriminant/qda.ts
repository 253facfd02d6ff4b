// scikit-learn's QuadraticDiscriminantAnalysis: per class an SVD of the centred class data gives the
// rotation and scalings S²/(n_c − 1), regularised by regParam. sklearn warns "Variables are collinear" when
// a class is rank deficient and then divides by the round-off-sized scalings LAPACK returns (~eps²·max);
// we floor scalings at that level (exact zeros included) so such classes behave as in sklearn's regime
// while the decision stays finite (flagged in `collinear`). The round-off directions differ, so on such
// data (digits: constant pixels) predictions are not identical to sklearn's.
import type { Classifier, FitOptions } from '../core/estimator.js';
import { svd } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { BaseEstimator, badState, checkX, checkXy, numParam, type StateSchema } from '../linear/base.js';
import { argmaxRow, encodeClasses } from '../core/classes.js';

export interface QDAParams extends Record<string, unknown> {
  regParam: number;
  tol: number;
  randomState: number;
}

interface QDAState extends Record<string, number | Float64Array | boolean> {
  classes: Float64Array;
  priors: Float64Array;
  means: Float64Array; // k × p
  rotations: Float64Array; // k × p × p: class c, component r, feature j at (c·p + r)·p + j (zero rows pad missing components)
  scalings: Float64Array; // k × p (1 for padded components)
  collinear: boolean;
}

const EPS = 2.220446049250313e-16;

export class QuadraticDiscriminantAnalysis extends BaseEstimator<QDAParams, QDAState> implements Classifier<QDAParams> {
  readonly type = 'QuadraticDiscriminantAnalysis';
  protected readonly schema: StateSchema<QDAState> = {
    classes: 'vector',
    priors: 'vector',
    means: 'vector',
    rotations: 'vector',
    scalings: 'vector',
    collinear: 'bool',
  };
  constructor(params?: Partial<QDAParams>) {
    super({ regParam: 0, tol: 1e-4, randomState: 0 }, params);
  }
  protected make(p: Partial<QDAParams>): this {
    return new QuadraticDiscriminantAnalysis(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  /** True when some class was rank deficient (scikit-learn's "Variables are collinear" warning). */
  get collinear(): boolean {
    return this.state().collinear;
  }
  protected checkState(s: QDAState): void {
    const k = s.classes.length;
    const p = k > 0 ? s.means.length / k : 0;
    if (k < 1 || !Number.isInteger(p) || p < 1 || s.priors.length !== k || s.scalings.length !== k * p || s.rotations.length !== k * p * p) {
      badState(this.type, 'shapes do not match');
    }
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const reg = numParam(this.params, 'regParam', { min: 0, max: 1 });
    const tol = numParam(this.params, 'tol', { min: 0 });
    checkXy(X, y, options);
    const { rows: n, cols: p, data } = X;
    const { classes, index, counts } = encodeClasses(y);
    const k = classes.length;
    const priors = Float64Array.from(counts, (c) => c / n);
    const means = new Float64Array(k * p);
    const rotations = new Float64Array(k * p * p);
    const scalings = new Float64Array(k * p).fill(1);
    let collinear = false;
    for (let c = 0; c < k; c++) {
      const nc = counts[c] as number;
      if (nc < 2) throw new EngineInputError('BAD_INPUT', `QuadraticDiscriminantAnalysis needs at least 2 rows per class; class ${classes[c]} has ${nc}`, 'y');
      const Xg = new Float64Array(nc * p);
      let r = 0;
      for (let i = 0; i < n; i++) if (index[i] === c) Xg.set(data.subarray(i * p, i * p + p), p * r++);
      for (let j = 0; j < p; j++) {
        let m = 0;
        for (let i = 0; i < nc; i++) m += Xg[i * p + j] as number;
        means[c * p + j] = m / nc;
      }
      for (let i = 0; i < nc; i++) for (let j = 0; j < p; j++) Xg[i * p + j] = (Xg[i * p + j] as number) - (means[c * p + j] as number);
      const d = svd({ data: Xg, rows: nc, cols: p });
      let rank = 0;
      for (let q = 0; q < d.r; q++) if ((d.s[q] as number) > tol) rank++;
      if (rank < p) collinear = true;
      let smax = 0;
      const s2 = new Float64Array(d.r);
      for (let q = 0; q < d.r; q++) {
        s2[q] = (1 - reg) * ((d.s[q] as number) ** 2 / (nc - 1)) + reg;
        smax = Math.max(smax, s2[q] as number);
      }
      for (let q = 0; q < d.r; q++) {
        scalings[c * p + q] = Math.max(s2[q] as number, EPS * EPS * smax || EPS * EPS);
        for (let j = 0; j < p; j++) rotations[(c * p + q) * p + j] = d.vt[q * p + j] as number;
      }
    }
    this.fitted = { classes, priors, means, rotations, scalings, collinear };
    return this;
  }

  decisionFunction(X: Matrix): Matrix {
    const s = this.state();
    const k = s.classes.length;
    const p = s.means.length / k;
    checkX(X, p);
    const out = new Float64Array(X.rows * k);
    const n = X.rows;
    const data = X.data;
    const { rotations, scalings, means } = s;
    // centred rows, four at a time: each rotation row is loaded once for four independent sums
    const xm = new Float64Array(4 * p);
    for (let c = 0; c < k; c++) {
      let u = 0;
      for (let q = 0; q < p; q++) u += Math.log(scalings[c * p + q] as number);
      const lp = Math.log(s.priors[c] as number);
      let i = 0;
      for (; i + 3 < n; i += 4) {
        for (let t = 0; t < 4; t++) for (let j = 0; j < p; j++) xm[t * p + j] = (data[(i + t) * p + j] as number) - (means[c * p + j] as number);
        let n0 = 0;
        let n1 = 0;
        let n2 = 0;
        let n3 = 0;
        for (let q = 0; q < p; q++) {
          const ro = (c * p + q) * p;
          let z0 = 0;
          let z1 = 0;
          let z2 = 0;
          let z3 = 0;
          for (let j = 0; j < p; j++) {
            const r = rotations[ro + j] as number;
            z0 += (xm[j] as number) * r;
            z1 += (xm[p + j] as number) * r;
            z2 += (xm[2 * p + j] as number) * r;
            z3 += (xm[3 * p + j] as number) * r;
          }
          const sc = scalings[c * p + q] as number;
          n0 += (z0 * z0) / sc;
          n1 += (z1 * z1) / sc;
          n2 += (z2 * z2) / sc;
          n3 += (z3 * z3) / sc;
        }
        out[i * k + c] = -0.5 * (n0 + u) + lp;
        out[(i + 1) * k + c] = -0.5 * (n1 + u) + lp;
        out[(i + 2) * k + c] = -0.5 * (n2 + u) + lp;
        out[(i + 3) * k + c] = -0.5 * (n3 + u) + lp;
      }
      for (; i < n; i++) {
        for (let j = 0; j < p; j++) xm[j] = (data[i * p + j] as number) - (means[c * p + j] as number);
        let norm2 = 0;
        for (let q = 0; q < p; q++) {
          const ro = (c * p + q) * p;
          let z = 0;
          for (let j = 0; j < p; j++) z += (xm[j] as number) * (rotations[ro + j] as number);
          norm2 += (z * z) / (scalings[c * p + q] as number);
        }
        out[i * k + c] = -0.5 * (norm2 + u) + lp;
      }
    }
    return { data: out, rows: n, cols: k };
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    const k = s.classes.length;
    const d = this.decisionFunction(X);
    return Float64Array.from({ length: X.rows }, (_, i) => s.classes[argmaxRow(d.data, i * k, k)] as number);
  }

  predictProba(X: Matrix): Matrix {
    const k = this.state().classes.length;
    const d = this.decisionFunction(X);
    for (let i = 0; i < X.rows; i++) {
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, d.data[i * k + c] as number);
      let se = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((d.data[i * k + c] as number) - mx);
        d.data[i * k + c] = e;
        se += e;
      }
      for (let c = 0; c < k; c++) d.data[i * k + c] = (d.data[i * k + c] as number) / se;
    }
    return d;
  }
}
