// scikit-learn's LogisticRegression(penalty='l2', solver='lbfgs'): binary logistic for two classes,
// multinomial (softmax over all k classes) otherwise. Objective, as sklearn 1.2:
//   sum_i loss_i + 1/(2C)·‖W‖²   (intercepts not penalised), minimised by L-BFGS with gtol = tol.
// The loss and its derivatives are in logistic-loss.ts, the solvers' helpers beside it (as scikit-learn's
// _linear_loss.py and _glm/_newton_solver.py sit beside _logistic.py).
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, boolParam, checkLinearClassifierState, checkXy, intParam, linearScores, numParam, type StateSchema } from './base.js';
import { encodeClasses, probaFromScores } from '../core/classes.js';
import { checkClassWeightParam, classWeightedSampleWeight, type ClassWeightParam } from '../core/class-weight.js';
import { lbfgs } from './lbfgs.js';
import { labelsFromScores } from './least-squares.js';
import { binaryObjective, multinomialObjective } from './logistic-loss.js';
import { newton } from './logistic-newton.js';
import { blockPreconditioner } from './logistic-preconditioner.js';

/**
 * L-BFGS iterations before switching to Newton (when the Hessian is affordable). Binary problems go to Newton at
 * once: on unscaled data (breast_cancer) L-BFGS spent its 100 iterations short of the optimum that Newton then
 * reached in a few steps; starting with Newton reaches the same optimum (coefficients within 4e-9 relative) in ~9.
 */
const LBFGS_BEFORE_NEWTON = 100;
const LBFGS_BEFORE_NEWTON_BINARY = 0;
/**
 * Largest rows × (Hessian size)² for which Newton polishing is used: small problems, where unscaled
 * features make L-BFGS stall short of the optimum; large ones stop on L-BFGS's own criteria, as scipy's.
 */
const NEWTON_BUDGET = 1e7;

export interface LogisticRegressionParams extends Record<string, unknown> {
  C: number;
  maxIter: number;
  tol: number;
  fitIntercept: boolean;
  randomState: number;
  /** scikit-learn's class_weight: null, 'balanced' or {label: weight}, multiplied into the sample weights. */
  classWeight: ClassWeightParam;
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
    super({ C: 1, maxIter: 1000, tol: 1e-4, fitIntercept: true, randomState: 0, classWeight: null }, params);
  }
  protected make(p: Partial<LogisticRegressionParams>): this {
    return new LogisticRegression(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: LogisticState): void {
    checkLinearClassifierState(this.type, s);
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const C = numParam(this.params, 'C', { min: 0, minExclusive: true });
    const maxIter = intParam(this.params, 'maxIter', 1);
    const tol = numParam(this.params, 'tol', { min: 0 });
    const fitIntercept = boolParam(this.params, 'fitIntercept');
    const classWeight = checkClassWeightParam(this.params.classWeight, 'LogisticRegression');
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    const p = X.cols;
    if (k === 1) {
      this.fitted = { classes, coef: new Float64Array(p), intercept: new Float64Array(1), nIter: 0 };
      return this;
    }
    const sw = classWeightedSampleWeight(classWeight, y, options?.sampleWeight);
    // Optimise in standardised coordinates x' = (x - mu) / sd (an exact reparametrisation: the penalty is
    // still on the original coefficients), which makes L-BFGS converge on unscaled data where scikit-learn's
    // run often stops at maxIter short of the optimum.
    const { Z, mu, sd } = standardise(X, fitIntercept);
    const pen = Float64Array.from(sd, (v) => 1 / (C * v * v));
    const outputs = k === 2 ? 1 : k;
    const q = p + 1;
    const objective = k === 2 ? binaryObjective(Z, Float64Array.from(index), sw, pen, fitIntercept) : multinomialObjective(Z, index, k, sw, pen, fitIntercept);
    const m = outputs * q;
    const scale = Float64Array.from({ length: m }, (_, i) => (i % q < p ? (sd[i % q] as number) : 1));
    // L-BFGS first (cheap iterations); when it has not converged after a while and the Hessian is small
    // enough to form, finish with damped Newton steps, which reach the optimum on ill-conditioned data.
    const newtonAffordable = X.rows * m * m <= NEWTON_BUDGET;
    // Multinomial: precondition L-BFGS with the block-diagonal (per-class) Hessian, refreshed along the way;
    // on near-separable data (digits) this reaches the optimum in tens of iterations instead of thousands.
    const pre = k > 2 ? blockPreconditioner(Z, k, sw, pen, fitIntercept) : null;
    let res = lbfgs(objective, new Float64Array(m), {
      maxIter: newtonAffordable ? Math.min(maxIter, k === 2 ? LBFGS_BEFORE_NEWTON_BINARY : LBFGS_BEFORE_NEWTON) : maxIter,
      gtol: tol,
      scale,
      ...(pre ? { precondition: pre.apply, onIteration: pre.refresh } : {}),
    });
    if (res.reason !== 'gtol' && newtonAffordable && maxIter > res.iterations) {
      const nt = newton(objective, res.x, m, maxIter - res.iterations, tol, scale);
      res = { ...res, x: nt.x, f: nt.f, iterations: res.iterations + nt.iterations, converged: nt.converged };
    }
    const coef = new Float64Array(outputs * p);
    const intercept = new Float64Array(outputs);
    for (let c = 0; c < outputs; c++) {
      let b = res.x[c * q + p] as number;
      for (let j = 0; j < p; j++) {
        const w = (res.x[c * q + j] as number) / (sd[j] as number);
        coef[c * p + j] = w;
        b -= w * (mu[j] as number);
      }
      intercept[c] = fitIntercept ? b : 0;
    }
    this.fitted = { classes, coef, intercept, nIter: res.iterations };
    return this;
  }

  decisionFunction(X: Matrix): Matrix {
    return linearScores(this.state(), X);
  }

  predict(X: Matrix): Float64Array {
    return labelsFromScores(this.decisionFunction(X), this.state().classes);
  }

  predictProba(X: Matrix): Matrix {
    return probaFromScores(this.decisionFunction(X), this.state().classes.length);
  }
}

/** Column-standardised copy of X (constant columns keep sd 1; no centring without an intercept). */
function standardise(X: Matrix, center: boolean): { Z: Matrix; mu: Float64Array; sd: Float64Array } {
  const { rows: n, cols: p, data } = X;
  const mu = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) + (data[i * p + j] as number);
  for (let j = 0; j < p; j++) mu[j] = (mu[j] as number) / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sd[j] = (sd[j] as number) + ((data[i * p + j] as number) - (mu[j] as number)) ** 2;
  for (let j = 0; j < p; j++) {
    const v = Math.sqrt((sd[j] as number) / n);
    sd[j] = v > 0 ? v : 1;
  }
  if (!center) mu.fill(0);
  const inv = Float64Array.from(sd, (v) => 1 / v);
  const Z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) Z[o + j] = ((data[o + j] as number) - (mu[j] as number)) * (inv[j] as number);
  }
  return { Z: { data: Z, rows: n, cols: p }, mu, sd };
}
