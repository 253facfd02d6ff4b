// scikit-learn's LogisticRegression(penalty='l2', solver='lbfgs'): binary logistic for two classes,
// multinomial (softmax over all k classes) otherwise. Objective, as sklearn 1.2:
//   sum_i loss_i + 1/(2C)·‖W‖²   (intercepts not penalised), minimised by L-BFGS with gtol = tol.
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badState, boolParam, checkX, checkXy, encodeClasses, intParam, numParam, sigmoid, softmaxRows, type StateSchema } from './base.js';
import { lbfgs } from './lbfgs.js';
import { labelsFromScores } from './least-squares.js';

export interface LogisticRegressionParams extends Record<string, unknown> {
  C: number;
  maxIter: number;
  tol: number;
  fitIntercept: boolean;
  randomState: number;
}

interface LogisticState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  coef: Float64Array; // outputs × p, outputs = 1 for two classes
  intercept: Float64Array;
  nIter: number;
}

export class LogisticRegression extends BaseEstimator<LogisticRegressionParams, LogisticState> implements Classifier<LogisticRegressionParams> {
  readonly type = 'LogisticRegression';
  protected readonly schema: StateSchema<LogisticState> = { classes: 'vector', coef: 'vector', intercept: 'vector', nIter: 'number' };
  constructor(params?: Partial<LogisticRegressionParams>) {
    super({ C: 1, maxIter: 1000, tol: 1e-4, fitIntercept: true, randomState: 0 }, params);
  }
  protected make(p: Partial<LogisticRegressionParams>): this {
    return new LogisticRegression(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: LogisticState): void {
    const k = s.classes.length;
    const outputs = k <= 2 ? 1 : k;
    if (k < 1 || s.intercept.length !== outputs || s.coef.length === 0 || s.coef.length % outputs !== 0) badState(this.type, 'shapes do not match');
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const C = numParam(this.params, 'C', { min: 0, minExclusive: true });
    const maxIter = intParam(this.params, 'maxIter', 1);
    const tol = numParam(this.params, 'tol', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    const p = X.cols;
    if (k === 1) {
      this.fitted = { classes, coef: new Float64Array(p), intercept: new Float64Array(1), nIter: 0 };
      return this;
    }
    const sw = options?.sampleWeight;
    if (k === 2) {
      const yb = Float64Array.from(index);
      const res = lbfgs(binaryObjective(X, yb, sw, 1 / C, fitIntercept), new Float64Array(p + 1), { maxIter, gtol: tol });
      this.fitted = { classes, coef: res.x.slice(0, p), intercept: Float64Array.of(res.x[p] as number), nIter: res.iterations };
    } else {
      const res = lbfgs(multinomialObjective(X, index, k, sw, 1 / C, fitIntercept), new Float64Array(k * (p + 1)), { maxIter, gtol: tol });
      const coef = new Float64Array(k * p);
      const intercept = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        coef.set(res.x.subarray(c * (p + 1), c * (p + 1) + p), c * p);
        intercept[c] = res.x[c * (p + 1) + p] as number;
      }
      this.fitted = { classes, coef, intercept, nIter: res.iterations };
    }
    return this;
  }

  decisionFunction(X: Matrix): Matrix {
    const s = this.state();
    const outputs = s.intercept.length;
    const p = s.coef.length / outputs;
    checkX(X, p);
    const out = new Float64Array(X.rows * outputs);
    const d = X.data;
    for (let i = 0; i < X.rows; i++) {
      const o = i * p;
      for (let c = 0; c < outputs; c++) {
        let z = 0;
        const w = c * p;
        for (let j = 0; j < p; j++) z += (d[o + j] as number) * (s.coef[w + j] as number);
        out[i * outputs + c] = z + (s.intercept[c] as number);
      }
    }
    return { data: out, rows: X.rows, cols: outputs };
  }

  predict(X: Matrix): Float64Array {
    return labelsFromScores(this.decisionFunction(X), this.state().classes);
  }

  predictProba(X: Matrix): Matrix {
    const s = this.state();
    const k = s.classes.length;
    const dec = this.decisionFunction(X);
    if (k === 1) return { data: new Float64Array(X.rows).fill(1), rows: X.rows, cols: 1 };
    if (k === 2) {
      const out = new Float64Array(X.rows * 2);
      for (let i = 0; i < X.rows; i++) {
        const q = sigmoid(dec.data[i] as number);
        out[2 * i] = 1 - q;
        out[2 * i + 1] = q;
      }
      return { data: out, rows: X.rows, cols: 2 };
    }
    softmaxRows(dec.data, X.rows, k);
    return dec;
  }
}

/** log(1 + e^z) without overflow. */
function log1pexp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function binaryObjective(X: Matrix, y: Float64Array, sw: Float64Array | undefined, l2: number, fitIntercept: boolean) {
  const { rows, cols: p, data } = X;
  return (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    const b = fitIntercept ? (w[p] as number) : 0;
    let f = 0;
    let gb = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * p;
      let z = b;
      for (let j = 0; j < p; j++) z += (data[o + j] as number) * (w[j] as number);
      const yi = y[i] as number;
      const wi = sw ? (sw[i] as number) : 1;
      f += wi * (log1pexp(z) - yi * z);
      const r = wi * (sigmoid(z) - yi);
      if (r !== 0) {
        for (let j = 0; j < p; j++) g[j] = (g[j] as number) + r * (data[o + j] as number);
        gb += r;
      }
    }
    let reg = 0;
    for (let j = 0; j < p; j++) {
      const wj = w[j] as number;
      reg += wj * wj;
      g[j] = (g[j] as number) + l2 * wj;
    }
    g[p] = fitIntercept ? gb : 0;
    return f + 0.5 * l2 * reg;
  };
}

function multinomialObjective(X: Matrix, yIdx: Int32Array, k: number, sw: Float64Array | undefined, l2: number, fitIntercept: boolean) {
  const { rows, cols: p, data } = X;
  const q = p + 1;
  const z = new Float64Array(k);
  return (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * p;
      let mx = -Infinity;
      for (let c = 0; c < k; c++) {
        const wc = c * q;
        let s = fitIntercept ? (w[wc + p] as number) : 0;
        for (let j = 0; j < p; j++) s += (data[o + j] as number) * (w[wc + j] as number);
        z[c] = s;
        if (s > mx) mx = s;
      }
      const yi = yIdx[i] as number;
      const zy = z[yi] as number;
      let se = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - mx);
        z[c] = e;
        se += e;
      }
      const wi = sw ? (sw[i] as number) : 1;
      f += wi * (Math.log(se) + mx - zy);
      for (let c = 0; c < k; c++) {
        const r = wi * ((z[c] as number) / se - (c === yi ? 1 : 0));
        const wc = c * q;
        for (let j = 0; j < p; j++) g[wc + j] = (g[wc + j] as number) + r * (data[o + j] as number);
        g[wc + p] = (g[wc + p] as number) + r;
      }
    }
    let reg = 0;
    for (let c = 0; c < k; c++) {
      const wc = c * q;
      for (let j = 0; j < p; j++) {
        const v = w[wc + j] as number;
        reg += v * v;
        g[wc + j] = (g[wc + j] as number) + l2 * v;
      }
      if (!fitIntercept) g[wc + p] = 0;
    }
    return f + 0.5 * l2 * reg;
  };
}
