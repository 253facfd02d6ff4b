// scikit-learn's SVC (libsvm C-SVC): one binary SMO problem per pair of classes (one-vs-one, classes in
// sorted order, rows of class i then class j), prediction by libsvm's vote (ties to the lower class),
// decision_function in scikit-learn's 'ovr' shape, and with probability=true Platt sigmoids fitted on a
// seeded 5-fold CV of each pair, coupled across pairs as libsvm's svm_predict_probability.
import type { Classifier, FitOptions } from '../core/estimator.js';
import { encodeClasses } from '../core/classes.js';
import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';
import { EngineInputError } from '../errors.js';
import { BaseEstimator, badState, boolParam, checkX, checkXy, seedParam, type StateSchema } from '../linear/base.js';
import { LibsvmGramRows } from '../kernel/kernels.js';
import { coupleProbabilities, sigmoidPredict, sigmoidTrain } from './platt.js';
import { solveSmo, type SmoProblem } from './smo.js';
import { fittedKernel, kernelToSupport, libsvmSettings } from './svm-params.js';

export interface SVCParams extends Record<string, unknown> {
  C: number;
  kernel: 'rbf' | 'linear' | 'poly';
  gamma: 'scale' | 'auto' | number;
  degree: number;
  coef0: number;
  tol: number;
  probability: boolean;
  maxIter: number;
  randomState: number;
}

interface SVCState extends Record<string, number | Float64Array | boolean | string> {
  classes: Float64Array;
  nFeatures: number;
  gamma: number;
  supportVectors: Float64Array; // nSV × p, grouped by class as libsvm orders them
  nSupport: Float64Array; // per class
  coef: Float64Array; // pairs × nSV (zero where a support vector is not in the pair)
  rho: Float64Array; // per pair
  probA: Float64Array; // per pair, empty without probability
  probB: Float64Array;
}

const MIN_PROB = 1e-7;


/** Binary SMO over base rows `first` (+1) followed by `second` (−1): coefficients y·α per variable and rho. */
function trainPair(g: LibsvmGramRows, first: Int32Array, second: Int32Array, C: number, eps: number, maxIter: number | undefined): { coef: Float64Array; rho: number; idx: Int32Array } {
  const l = first.length + second.length;
  const idx = new Int32Array(l);
  idx.set(first);
  idx.set(second, first.length);
  const y = new Int8Array(l).fill(1, 0, first.length).fill(-1, first.length);
  const prob: SmoProblem = { gram: g, idx, y, p: new Float64Array(l).fill(-1), C, eps, maxIter };
  const { alpha, rho } = solveSmo(prob);
  const coef = new Float64Array(l);
  for (let t = 0; t < l; t++) coef[t] = (y[t] as number) * (alpha[t] as number);
  return { coef, rho, idx };
}

/** f(x) = Σ coef_t k(x_t, x) − rho over the nonzero coefficients, in double as libsvm's svm_predict_values. */
function pairDecision(row: number, pair: { coef: Float64Array; rho: number; idx: Int32Array }, kx: (a: number, b: number) => number): number {
  let s = 0;
  for (let t = 0; t < pair.idx.length; t++) {
    const c = pair.coef[t] as number;
    if (c !== 0) s += c * kx(pair.idx[t] as number, row);
  }
  return s - pair.rho;
}

export class SVC extends BaseEstimator<SVCParams, SVCState> implements Classifier<SVCParams> {
  readonly type = 'SVC';
  protected readonly schema: StateSchema<SVCState> = {
    classes: 'vector',
    nFeatures: 'int',
    gamma: 'number',
    supportVectors: 'vector',
    nSupport: 'vector',
    coef: 'vector',
    rho: 'vector',
    probA: 'vector',
    probB: 'vector',
  };
  constructor(params?: Partial<SVCParams>) {
    super({ C: 1, kernel: 'rbf', gamma: 'scale', degree: 3, coef0: 0, tol: 1e-3, probability: true, maxIter: -1, randomState: 0 }, params);
  }
  protected make(p: Partial<SVCParams>): this {
    return new SVC(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  /** Support vectors per class (scikit-learn's n_support_). */
  get nSupport(): Float64Array {
    return this.state().nSupport;
  }
  /** Per pair −rho (scikit-learn's intercept_ for more than two classes). */
  get rho(): Float64Array {
    return this.state().rho;
  }
  protected checkState(s: SVCState): void {
    const k = s.classes.length;
    const pairs = (k * (k - 1)) / 2;
    const nSV = s.nSupport.reduce((a, b) => a + b, 0);
    const okProb = (s.probA.length === 0 && s.probB.length === 0) || (s.probA.length === pairs && s.probB.length === pairs);
    if (k < 2 || s.nFeatures < 1 || s.nSupport.length !== k || s.supportVectors.length !== nSV * s.nFeatures || s.coef.length !== pairs * nSV || s.rho.length !== pairs || !okProb) {
      badState(this.type, 'shapes do not match');
    }
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const set = libsvmSettings(this.params, X);
    const probability = boolParam(this.params, 'probability');
    const seed = seedParam(this.params);
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    if (k < 2) throw new EngineInputError('BAD_INPUT', 'SVC needs at least two classes in y', 'y');
    const { rows: n, cols: p } = X;
    const byClass: Int32Array[] = [];
    for (let c = 0; c < k; c++) byClass.push(Int32Array.from({ length: n }, (_, i) => i).filter((i) => index[i] === c));
    const g = new LibsvmGramRows(set.kernel, X);
    // fold models' decision values on their held-out rows read the float32 Gram (libsvm recomputes them in
    // double; the difference, ~1e-7 relative, is far below what moves a Platt sigmoid)
    const gramAt = (a: number, b: number): number => g.row(a)[b] as number;
    const rng = new Rng(seed);
    const pairs: Array<{ coef: Float64Array; rho: number; idx: Int32Array }> = [];
    const probA: number[] = [];
    const probB: number[] = [];
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        const first = byClass[a] as Int32Array;
        const second = byClass[b] as Int32Array;
        if (probability) {
          const s = this.pairSigmoid(g, first, second, set.C, set.tol, set.maxIter, rng, gramAt);
          probA.push(s.A);
          probB.push(s.B);
        }
        pairs.push(trainPair(g, first, second, set.C, set.tol, set.maxIter));
      }
    }
    // support vectors: rows with a nonzero coefficient in some pair, grouped by class (libsvm's order)
    const isSV = new Uint8Array(n);
    for (const pr of pairs) pr.coef.forEach((c, t) => (c !== 0 ? (isSV[pr.idx[t] as number] = 1) : 0));
    const svRows: number[] = [];
    const nSupport = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      for (const r of byClass[c] as Int32Array) {
        if (isSV[r] === 1) {
          svRows.push(r);
          nSupport[c] = (nSupport[c] as number) + 1;
        }
      }
    }
    const nSV = svRows.length;
    const svPos = new Int32Array(n).fill(-1);
    svRows.forEach((r, s) => (svPos[r] = s));
    const supportVectors = new Float64Array(nSV * p);
    svRows.forEach((r, s) => supportVectors.set(X.data.subarray(r * p, r * p + p), s * p));
    const coef = new Float64Array(pairs.length * nSV);
    pairs.forEach((pr, q) => pr.coef.forEach((c, t) => (c !== 0 ? (coef[q * nSV + (svPos[pr.idx[t] as number] as number)] = c) : 0)));
    const rho = Float64Array.from(pairs, (pr) => pr.rho);
    this.fitted = { classes, nFeatures: p, gamma: set.kernel.gamma, supportVectors, nSupport, coef, rho, probA: Float64Array.from(probA), probB: Float64Array.from(probB) };
    return this;
  }

  /** libsvm's svm_binary_svc_probability: decision values from a seeded 5-fold CV of the pair, then the sigmoid. */
  private pairSigmoid(g: LibsvmGramRows, first: Int32Array, second: Int32Array, C: number, eps: number, maxIter: number | undefined, rng: Rng, exact: (a: number, b: number) => number): { A: number; B: number } {
    const l = first.length + second.length;
    const rows = new Int32Array(l);
    rows.set(first);
    rows.set(second, first.length);
    const label = new Int8Array(l).fill(1, 0, first.length).fill(-1, first.length);
    const perm = Int32Array.from({ length: l }, (_, i) => i);
    for (let i = 0; i < l; i++) {
      const j = i + rng.int(l - i);
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    const dec = new Float64Array(l);
    const folds = 5;
    for (let f = 0; f < folds; f++) {
      const begin = Math.floor((f * l) / folds);
      const end = Math.floor(((f + 1) * l) / folds);
      const train = [...perm.subarray(0, begin), ...perm.subarray(end)];
      // libsvm trains the fold model with its labels sorted (−1 first) and flips the sign back
      const neg = Int32Array.from(train.filter((t) => label[t] === -1), (t) => rows[t] as number);
      const pos = Int32Array.from(train.filter((t) => label[t] === 1), (t) => rows[t] as number);
      for (let q = begin; q < end; q++) {
        const t = perm[q] as number;
        if (pos.length === 0 || neg.length === 0) dec[t] = pos.length > 0 ? 1 : neg.length > 0 ? -1 : 0;
      }
      if (pos.length === 0 || neg.length === 0) continue;
      const model = trainPair(g, neg, pos, C, eps, maxIter);
      for (let q = begin; q < end; q++) {
        const t = perm[q] as number;
        dec[t] = -pairDecision(rows[t] as number, model, exact);
      }
    }
    return sigmoidTrain(dec, label);
  }

  /** One column per pair (i < j, in order): libsvm's decision values, positive for class i. */
  pairwiseDecision(X: Matrix): Matrix {
    const s = this.state();
    checkX(X, s.nFeatures);
    const nSV = s.nSupport.reduce((a, b) => a + b, 0);
    const kx = kernelToSupport(fittedKernel(this.params, s.gamma), X, s.supportVectors, nSV);
    const pairs = s.rho.length;
    const out = new Float64Array(X.rows * pairs);
    for (let i = 0; i < X.rows; i++) {
      for (let q = 0; q < pairs; q++) {
        let v = 0;
        for (let t = 0; t < nSV; t++) {
          const c = s.coef[q * nSV + t] as number;
          if (c !== 0) v += c * (kx[i * nSV + t] as number);
        }
        out[i * pairs + q] = v - (s.rho[q] as number);
      }
    }
    return { data: out, rows: X.rows, cols: pairs };
  }

  /** scikit-learn's decision_function (shape 'ovr'): one column for two classes (positive = classes[1]), else votes + confidences. */
  decisionFunction(X: Matrix): Matrix {
    const d = this.pairwiseDecision(X);
    const k = this.state().classes.length;
    if (k === 2) return { data: d.data.map((v) => -v), rows: d.rows, cols: 1 };
    const out = new Float64Array(X.rows * k);
    const conf = new Float64Array(k);
    for (let r = 0; r < X.rows; r++) {
      conf.fill(0);
      let q = 0;
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const v = d.data[r * d.cols + q] as number;
          conf[i] = (conf[i] as number) + v;
          conf[j] = (conf[j] as number) - v;
          out[r * k + (v < 0 ? j : i)] = (out[r * k + (v < 0 ? j : i)] as number) + 1;
          q++;
        }
      }
      for (let c = 0; c < k; c++) out[r * k + c] = (out[r * k + c] as number) + (conf[c] as number) / (3 * (Math.abs(conf[c] as number) + 1));
    }
    return { data: out, rows: X.rows, cols: k };
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    const d = this.pairwiseDecision(X);
    const k = s.classes.length;
    const out = new Float64Array(X.rows);
    const votes = new Int32Array(k);
    for (let r = 0; r < X.rows; r++) {
      votes.fill(0);
      let q = 0;
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const w = (d.data[r * d.cols + q++] as number) > 0 ? i : j;
          votes[w] = (votes[w] as number) + 1;
        }
      }
      let best = 0;
      for (let c = 1; c < k; c++) if ((votes[c] as number) > (votes[best] as number)) best = c;
      out[r] = s.classes[best] as number;
    }
    return out;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.state();
    if (s.probA.length === 0) throw new EngineInputError('BAD_PARAM', 'predictProba needs an SVC fitted with probability: true', 'params.probability');
    const d = this.pairwiseDecision(X);
    const k = s.classes.length;
    const out = new Float64Array(X.rows * k);
    const r = new Float64Array(k * k);
    for (let row = 0; row < X.rows; row++) {
      let q = 0;
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const pr = sigmoidPredict(d.data[row * d.cols + q] as number, { A: s.probA[q] as number, B: s.probB[q] as number });
          const v = Math.min(Math.max(pr, MIN_PROB), 1 - MIN_PROB);
          r[i * k + j] = v;
          r[j * k + i] = 1 - v;
          q++;
        }
      }
      if (k === 2) {
        out[row * 2] = r[1] as number;
        out[row * 2 + 1] = r[2] as number;
      } else coupleProbabilities(k, r, out, row * k);
    }
    return { data: out, rows: X.rows, cols: k };
  }
}

