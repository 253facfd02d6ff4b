// Ordinary least squares and ridge (regression and the ±1-target ridge classifier), as scikit-learn:
// X and y are centred when fitting an intercept, then intercept = ȳ - x̄·w.
import type { Classifier, FitOptions } from '../core/estimator.js';
import { columnMeans, gram, lstsq, mean, matVec, solveSpd, xtY, centerColumns, cholesky, choleskySolve } from '../core/linalg.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badState, boolParam, checkLinearClassifierState, checkX, checkXy, numParam, type StateSchema } from './base.js';
import { argmaxRow, encodeClasses } from '../core/classes.js';
import { checkClassWeightParam, classWeightedSampleWeight, type ClassWeightParam } from '../core/class-weight.js';
import { weightedRidge } from './weighted-ridge.js';

/** Problems larger than this many cells use XᵀX + Cholesky instead of a QR of X (speed); ill-conditioned ones still fall back to QR. */
const GRAM_THRESHOLD = 500_000;

interface LinearState extends Record<string, number | Float64Array> {
  coef: Float64Array;
  intercept: number;
}
const LINEAR_SCHEMA: StateSchema<LinearState> = { coef: 'vector', intercept: 'number' };

/** Least-squares solution of (X - x̄) w = y - ȳ (min-norm when rank deficient, as scipy's gelsd). */
export function leastSquares(X: Matrix, y: Float64Array, fitIntercept: boolean): LinearState {
  const xOff = fitIntercept ? columnMeans(X) : new Float64Array(X.cols);
  const yOff = fitIntercept ? mean(y) : 0;
  let coef: Float64Array | null = null;
  if (X.rows * X.cols > GRAM_THRESHOLD && X.rows > X.cols) {
    coef = solveSpd(gram(X, xOff), X.cols, xTyCentred(X, y, xOff, yOff), 1e-4);
  }
  if (!coef) {
    const yc = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) yc[i] = (y[i] as number) - yOff;
    coef = lstsq(fitIntercept ? centerColumns(X, xOff) : X, yc);
  }
  return { coef, intercept: fitIntercept ? yOff - dotOffset(xOff, coef) : 0 };
}

function xTyCentred(X: Matrix, y: Float64Array, xOff: Float64Array, yOff: number): Float64Array {
  return xtY(X, y, xOff, yOff);
}

function dotOffset(xOff: Float64Array, coef: Float64Array): number {
  let s = 0;
  for (let j = 0; j < coef.length; j++) s += (xOff[j] as number) * (coef[j] as number);
  return s;
}

/**
 * Ridge for several targets at once: (XcᵀXc + αI) W = XcᵀYc, Cholesky as scikit-learn's 'auto' solver
 * on dense data. Y is given as columns. Returns coef (targets × p) and intercepts.
 */
export function ridgeMulti(X: Matrix, Y: Float64Array[], alpha: number, fitIntercept: boolean): { coef: Float64Array; intercept: Float64Array } {
  const p = X.cols;
  const xOff = fitIntercept ? columnMeans(X) : new Float64Array(p);
  const G = gram(X, xOff);
  for (let j = 0; j < p; j++) G[j * p + j] = (G[j * p + j] as number) + alpha;
  const L = cholesky(G, p);
  const coef = new Float64Array(Y.length * p);
  const intercept = new Float64Array(Y.length);
  Y.forEach((y, t) => {
    const yOff = fitIntercept ? mean(y) : 0;
    const c = xtY(X, y, xOff, yOff);
    const w = L ? choleskySolve(L, p, c) : lstsq({ data: G, rows: p, cols: p }, c);
    coef.set(w, t * p);
    intercept[t] = fitIntercept ? yOff - dotOffset(xOff, w) : 0;
  });
  return { coef, intercept };
}

export interface LinearRegressionParams extends Record<string, unknown> {
  fitIntercept: boolean;
}

export class LinearRegression extends BaseEstimator<LinearRegressionParams, LinearState> {
  readonly type = 'LinearRegression';
  protected readonly schema = LINEAR_SCHEMA;
  constructor(params?: Partial<LinearRegressionParams>) {
    super({ fitIntercept: true }, params);
  }
  protected make(p: Partial<LinearRegressionParams>): this {
    return new LinearRegression(p) as this;
  }
  protected checkState(s: LinearState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    checkXy(X, y, options);
    this.fitted = leastSquares(X, y, fitIntercept);
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
  get coef(): Float64Array {
    return this.state().coef;
  }
}

export function checkLinearState(type: string, s: LinearState): void {
  if (s.coef.length < 1) badState(type, 'coef is empty');
}

export function predictLinear(s: LinearState, X: Matrix): Float64Array {
  checkX(X, s.coef.length);
  return matVec(X, s.coef, s.intercept);
}

export interface RidgeParams extends Record<string, unknown> {
  alpha: number;
  fitIntercept: boolean;
}

export class Ridge extends BaseEstimator<RidgeParams, LinearState> {
  readonly type = 'Ridge';
  protected readonly schema = LINEAR_SCHEMA;
  constructor(params?: Partial<RidgeParams>) {
    super({ alpha: 1, fitIntercept: true }, params);
  }
  protected make(p: Partial<RidgeParams>): this {
    return new Ridge(p) as this;
  }
  protected checkState(s: LinearState): void {
    checkLinearState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const alpha = numParam(this.params, 'alpha', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    checkXy(X, y, options);
    const r = ridgeMulti(X, [y], alpha, fitIntercept);
    this.fitted = { coef: r.coef, intercept: r.intercept[0] as number };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return predictLinear(this.state(), X);
  }
}

interface RidgeClassifierState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  coef: Float64Array; // outputs × p (outputs = 1 for two classes)
  intercept: Float64Array;
}

export interface RidgeClassifierParams extends RidgeParams {
  /** scikit-learn's class_weight: null, 'balanced' or {label: weight}, multiplied into the sample weights. */
  classWeight: ClassWeightParam;
}

/** scikit-learn's RidgeClassifier: targets -1/+1 per class (one column for two classes), multi-output ridge. */
export class RidgeClassifier extends BaseEstimator<RidgeClassifierParams, RidgeClassifierState> implements Classifier<RidgeClassifierParams> {
  readonly type = 'RidgeClassifier';
  protected readonly schema: StateSchema<RidgeClassifierState> = { classes: 'vector', coef: 'vector', intercept: 'vector' };
  constructor(params?: Partial<RidgeClassifierParams>) {
    super({ alpha: 1, fitIntercept: true, classWeight: null }, params);
  }
  protected make(p: Partial<RidgeClassifierParams>): this {
    return new RidgeClassifier(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: RidgeClassifierState): void {
    checkLinearClassifierState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const alpha = numParam(this.params, 'alpha', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    const classWeight = checkClassWeightParam(this.params.classWeight, 'RidgeClassifier');
    checkXy(X, y, options);
    const sw = classWeightedSampleWeight(classWeight, y, options?.sampleWeight);
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    const targets: Float64Array[] = [];
    if (k <= 2) {
      // LabelBinarizer(neg_label=-1): one column, +1 for the second class (all -1 when only one class).
      targets.push(Float64Array.from(index, (c) => (c === 1 ? 1 : -1)));
    } else {
      for (let c = 0; c < k; c++) targets.push(Float64Array.from(index, (v) => (v === c ? 1 : -1)));
    }
    const r = sw ? weightedRidge(X, targets, alpha, fitIntercept, sw) : ridgeMulti(X, targets, alpha, fitIntercept);
    this.fitted = { classes, coef: r.coef, intercept: r.intercept };
    return this;
  }
  decisionFunction(X: Matrix): Matrix {
    const s = this.state();
    const outputs = s.intercept.length;
    checkX(X, s.coef.length / outputs);
    const scores = new Float64Array(X.rows * outputs);
    const p = X.cols;
    for (let i = 0; i < X.rows; i++) {
      for (let t = 0; t < outputs; t++) {
        let z = s.intercept[t] as number;
        for (let j = 0; j < p; j++) z += (X.data[i * p + j] as number) * (s.coef[t * p + j] as number);
        scores[i * outputs + t] = z;
      }
    }
    return { data: scores, rows: X.rows, cols: outputs };
  }
  predict(X: Matrix): Float64Array {
    const s = this.state();
    const d = this.decisionFunction(X);
    return labelsFromScores(d, s.classes);
  }
}

/** Class labels from decision scores: one column = binary (score > 0 → second class), else argmax. */
export function labelsFromScores(d: Matrix, classes: Float64Array): Float64Array {
  const out = new Float64Array(d.rows);
  if (d.cols === 1) {
    for (let i = 0; i < d.rows; i++) out[i] = classes[(d.data[i] as number) > 0 && classes.length > 1 ? 1 : 0] as number;
  } else {
    for (let i = 0; i < d.rows; i++) out[i] = classes[argmaxRow(d.data, i * d.cols, d.cols)] as number;
  }
  return out;
}
