// scikit-learn's GaussianProcessClassifier with its default kernel ConstantKernel(1.0) * RBF(1.0), both
// "fixed" (scikit-learn's default kernel has fixed bounds, so its optimizer does not run). optimizeKernel
// gives kernel=1.0 * RBF(1.0) with the default bounds (1e-5, 1e5): each binary model then maximises its log
// marginal likelihood over θ = (log c, log ℓ) by L-BFGS from (constantValue, lengthScale), no restarts,
// infinite outside the bounds (scikit-learn uses L-BFGS-B with the bounds). Binary Laplace
// GPC per class one-vs-rest for more than two classes (probabilities normalised over classes), prediction
// by the sign of the latent mean for two classes and the largest one-vs-rest probability otherwise (ties to
// the last class, as OneVsRestClassifier's argmax update).
import type { Classifier, FitOptions } from '../core/estimator.js';
import { encodeClasses } from '../core/classes.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { BaseEstimator, badState, boolParam, checkX, checkXy, intParam, numParam, seedParam, type StateSchema } from '../linear/base.js';
import { lbfgs } from '../linear/lbfgs.js';
import { lmlWithGradient, squaredDistances } from './lml-gradient.js';
import { laplaceFactor, laplaceProba, posteriorMode } from './laplace.js';

export interface GPCParams extends Record<string, unknown> {
  /** ConstantKernel's constant_value */
  constantValue: number;
  /** RBF's length_scale (isotropic) */
  lengthScale: number;
  maxIterPredict: number;
  optimizeKernel: boolean;
  randomState: number;
}

interface GPCState extends Record<string, number | Float64Array> {
  classes: Float64Array;
  nFeatures: number;
  Xtrain: Float64Array;
  /** per binary model (1 for two classes, else one per class) × n: y − π and √W at the posterior mode */
  yMinusPi: Float64Array;
  wSqrt: Float64Array;
  logMarginalLikelihood: Float64Array;
  /** per binary model (constant, length scale) of its kernel */
  kernels: Float64Array;
}

/** c · exp(−½ ‖a/ℓ − b/ℓ‖²) for all pairs, A.rows × B.rows. */
function rbfKernel(A: Float64Array, na: number, B: Float64Array, nb: number, p: number, c: number, ls: number): Float64Array {
  const out = new Float64Array(na * nb);
  const As = A.map((v) => v / ls);
  const Bs = A === B ? As : B.map((v) => v / ls);
  for (let i = 0; i < na; i++) {
    for (let j = A === B ? i : 0; j < nb; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = (As[i * p + t] as number) - (Bs[j * p + t] as number);
        s += d * d;
      }
      const v = c * Math.exp(-0.5 * s);
      out[i * nb + j] = v;
      if (A === B) out[j * nb + i] = v;
    }
  }
  return out;
}

export class GaussianProcessClassifier extends BaseEstimator<GPCParams, GPCState> implements Classifier<GPCParams> {
  readonly type = 'GaussianProcessClassifier';
  protected readonly schema: StateSchema<GPCState> = {
    classes: 'vector',
    nFeatures: 'int',
    Xtrain: 'vector',
    yMinusPi: 'vector',
    wSqrt: 'vector',
    logMarginalLikelihood: 'vector',
    kernels: 'vector',
  };
  /** Cholesky factors of I + √W K √W per binary model, rebuilt from the state on first use. */
  private factors: Float64Array[] | null = null;

  constructor(params?: Partial<GPCParams>) {
    super({ constantValue: 1, lengthScale: 1, maxIterPredict: 100, optimizeKernel: false, randomState: 0 }, params);
  }
  protected make(p: Partial<GPCParams>): this {
    return new GaussianProcessClassifier(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  /** Log marginal likelihood of each binary model at its posterior mode. */
  get logMarginalLikelihood(): Float64Array {
    return this.state().logMarginalLikelihood;
  }
  protected checkState(s: GPCState): void {
    const k = s.classes.length;
    const models = k === 2 ? 1 : k;
    const n = s.nFeatures > 0 ? s.Xtrain.length / s.nFeatures : 0;
    if (k < 2 || !Number.isInteger(n) || n < 1 || s.yMinusPi.length !== models * n || s.wSqrt.length !== models * n || s.logMarginalLikelihood.length !== models || s.kernels.length !== 2 * models || !s.kernels.every((v) => v > 0)) {
      badState(this.type, 'shapes do not match');
    }
  }
  override restore(raw: unknown): this {
    this.factors = null;
    return super.restore(raw);
  }

  /** Kernel hyper-parameters maximising the binary model's log marginal likelihood (optimizeKernel). */
  private optimiseKernel(D: Float64Array, n: number, y01: Float64Array, c: number, ls: number, maxIter: number): [number, number] {
    const lo = Math.log(1e-5);
    const hi = Math.log(1e5);
    const objective = (theta: Float64Array, g: Float64Array): number => {
      if (!theta.every((t) => t >= lo && t <= hi)) return Infinity;
      const r = lmlWithGradient(D, n, y01, theta, maxIter);
      g[0] = -(r.grad[0] as number);
      g[1] = -(r.grad[1] as number);
      return -r.lml;
    };
    const res = lbfgs(objective, Float64Array.from([Math.log(c), Math.log(ls)]), { maxIter: 15000, gtol: 1e-5 });
    return [Math.exp(res.x[0] as number), Math.exp(res.x[1] as number)];
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const c = numParam(this.params, 'constantValue', { min: 0, minExclusive: true });
    const ls = numParam(this.params, 'lengthScale', { min: 0, minExclusive: true });
    const maxIter = intParam(this.params, 'maxIterPredict', 1);
    const optimise = boolParam(this.params, 'optimizeKernel');
    seedParam(this.params);
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    const k = classes.length;
    if (k < 2) throw new EngineInputError('BAD_INPUT', 'GaussianProcessClassifier needs at least two classes in y', 'y');
    const n = X.rows;
    const D = optimise ? squaredDistances(X.data, n, X.cols) : null;
    const fixedK = optimise ? null : rbfKernel(X.data, n, X.data, n, X.cols, c, ls);
    const targets = k === 2 ? [1] : Array.from({ length: k }, (_, i) => i);
    const yMinusPi = new Float64Array(targets.length * n);
    const wSqrt = new Float64Array(targets.length * n);
    const lml = new Float64Array(targets.length);
    const kernelParams = new Float64Array(2 * targets.length);
    const factors: Float64Array[] = [];
    targets.forEach((cls, m) => {
      const y01 = Float64Array.from(index, (v) => (v === cls ? 1 : 0));
      const [cm, lm] = D ? this.optimiseKernel(D, n, y01, c, ls, maxIter) : [c, ls];
      kernelParams[2 * m] = cm;
      kernelParams[2 * m + 1] = lm;
      const K = fixedK ?? rbfKernel(X.data, n, X.data, n, X.cols, cm, lm);
      const mode = posteriorMode(K, n, y01, maxIter);
      yMinusPi.set(mode.yMinusPi, m * n);
      wSqrt.set(mode.wSqrt, m * n);
      lml[m] = mode.logMarginalLikelihood;
      factors.push(mode.L);
    });
    this.fitted = { classes, nFeatures: X.cols, Xtrain: Float64Array.from(X.data), yMinusPi, wSqrt, logMarginalLikelihood: lml, kernels: kernelParams };
    this.factors = factors;
    return this;
  }

  /** Per binary model: P(positive) and the latent mean at each row of X (models × rows). */
  private binaryOutputs(X: Matrix): { proba: Float64Array[]; fStar: Float64Array[] } {
    const s = this.state();
    checkX(X, s.nFeatures);
    const n = s.Xtrain.length / s.nFeatures;
    const models = s.logMarginalLikelihood.length;
    const cOf = (m: number): number => s.kernels[2 * m] as number;
    const lsOf = (m: number): number => s.kernels[2 * m + 1] as number;
    if (!this.factors) {
      this.factors = Array.from({ length: models }, (_, m) => {
        const K = rbfKernel(s.Xtrain, n, s.Xtrain, n, s.nFeatures, cOf(m), lsOf(m));
        return laplaceFactor(K, n, s.wSqrt.subarray(m * n, (m + 1) * n));
      });
    }
    const proba: Float64Array[] = [];
    const fStar: Float64Array[] = [];
    let Ks: Float64Array = new Float64Array(0);
    for (let m = 0; m < models; m++) {
      if (m === 0 || cOf(m) !== cOf(m - 1) || lsOf(m) !== lsOf(m - 1)) Ks = rbfKernel(s.Xtrain, n, X.data, X.rows, s.nFeatures, cOf(m), lsOf(m));
      const mode = { yMinusPi: s.yMinusPi.subarray(m * n, (m + 1) * n), wSqrt: s.wSqrt.subarray(m * n, (m + 1) * n), L: this.factors[m] as Float64Array };
      const out = laplaceProba(mode, Ks, n, X.rows, cOf(m));
      proba.push(out.proba);
      fStar.push(out.fStar);
    }
    return { proba, fStar };
  }

  predict(X: Matrix): Float64Array {
    const s = this.state();
    const { proba, fStar } = this.binaryOutputs(X);
    const out = new Float64Array(X.rows);
    if (s.classes.length === 2) {
      const f = fStar[0] as Float64Array;
      for (let i = 0; i < X.rows; i++) out[i] = s.classes[(f[i] as number) > 0 ? 1 : 0] as number;
      return out;
    }
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      let bv = -Infinity;
      proba.forEach((p, m) => {
        const v = p[i] as number;
        if (v >= bv) {
          bv = v;
          best = m;
        }
      });
      out[i] = s.classes[best] as number;
    }
    return out;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.state();
    const k = s.classes.length;
    const { proba } = this.binaryOutputs(X);
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      if (k === 2) {
        const p1 = (proba[0] as Float64Array)[i] as number;
        out[i * 2] = 1 - p1;
        out[i * 2 + 1] = p1;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += (proba[c] as Float64Array)[i] as number;
      for (let c = 0; c < k; c++) out[i * k + c] = ((proba[c] as Float64Array)[i] as number) / sum;
    }
    return { data: out, rows: X.rows, cols: k };
  }
}
