import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { brentMinimize } from './brent.js';
import { logExact, logInto, powFromLog } from './exact-math.js';

const SPACING_1 = 2.220446049250313e-16;
const TINY = 2.2250738585072014e-308;

/** scikit-learn's PowerTransformer._yeo_johnson_transform for one value. */
export function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < SPACING_1 ? Math.log1p(x) : (Math.pow(x + 1, lambda) - 1) / lambda;
  return Math.abs(lambda - 2) > SPACING_1 ? -(Math.pow(-x + 1, 2 - lambda) - 1) / (2 - lambda) : -Math.log1p(-x);
}

/** The inverse of yeoJohnson (PowerTransformer._yeo_johnson_inverse_transform). */
export function yeoJohnsonInverse(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < SPACING_1 ? Math.exp(x) - 1 : Math.pow(x * lambda + 1, 1 / lambda) - 1;
  return Math.abs(lambda - 2) > SPACING_1 ? 1 - Math.pow(-(2 - lambda) * x + 1, 1 / (2 - lambda)) : 1 - Math.exp(-x);
}

/** numpy's pairwise summation (add.reduce on float64): the lambda search is flat near its optimum, so sums must round as numpy's do. */
export function pairwiseSum(v: Float64Array, from = 0, n = v.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += v[from + i] as number;
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = v[from + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += v[from + i + j] as number;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += v[from + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(v, from, n2) + pairwiseSum(v, from + n2, n - n2);
}

/** numpy's x.var() (ddof 0). */
function variance(v: Float64Array): number {
  const m = pairwiseSum(v) / v.length;
  const sq = Float64Array.from(v, (x) => (x - m) * (x - m));
  return pairwiseSum(sq) / v.length;
}

/**
 * The maximum-likelihood Yeo-Johnson lambda of the non-missing values (PowerTransformer._yeo_johnson_optimize).
 * The search is flat at its optimum, so Brent's stopping point moves with the last bit of any evaluation: the
 * powers and the log are correctly rounded (exact-math.ts) as glibc's libm gives them, not V8's Math.pow.
 */
export function yeoJohnsonLambda(values: Float64Array): number {
  const x = values.filter((v) => !Number.isNaN(v));
  const n = x.length;
  const signedLog = pairwiseSum(Float64Array.from(x, (v) => Math.sign(v) * Math.log1p(Math.abs(v))));
  // log of each power's base (x + 1, or -x + 1 for negatives) as a double-double, once per fit.
  const baseHi = new Float64Array(n);
  const baseLo = new Float64Array(n);
  const dd = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    logInto(v >= 0 ? v + 1 : -v + 1, dd);
    baseHi[i] = dd[0] as number;
    baseLo[i] = dd[1] as number;
  }
  const t = new Float64Array(n);
  const negLogLikelihood = (lambda: number): number => {
    const posLog = Math.abs(lambda) < SPACING_1;
    const negLog = !(Math.abs(lambda - 2) > SPACING_1);
    const lneg = 2 - lambda;
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      if (v >= 0) t[i] = posLog ? Math.log1p(v) : (powFromLog(baseHi[i] as number, baseLo[i] as number, lambda) - 1) / lambda;
      else t[i] = negLog ? -Math.log1p(-v) : -(powFromLog(baseHi[i] as number, baseLo[i] as number, lneg) - 1) / lneg;
    }
    const v = variance(t);
    if (!(v >= TINY)) return Infinity;
    return -((-n / 2) * logExact(v) + (lambda - 1) * signedLog);
  };
  return brentMinimize(negLogLikelihood, -2, 2);
}

export interface PowerTransformerJSON {
  lambdas: number[];
  /** Mean and scale of the transformed columns when standardising (StandardScaler), else null. */
  mean: number[] | null;
  scale: number[] | null;
}

/**
 * scikit-learn's PowerTransformer(method="yeo-johnson"): a lambda per column by maximum likelihood, then
 * (standardize) zero mean and unit variance. PyCaret's `transformation` uses standardize=false.
 */
export class PowerTransformer {
  private lambdas: Float64Array | null = null;
  private mean: Float64Array | null = null;
  private scale: Float64Array | null = null;

  constructor(readonly standardize = false) {}

  fit(X: Matrix): this {
    const { rows: n, cols: p } = X;
    if (n === 0) throw new EngineInputError('BAD_INPUT', 'PowerTransformer needs at least one row', 'setupParams.transformation');
    this.lambdas = new Float64Array(p);
    const col = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < n; i++) col[i] = X.data[i * p + j] as number;
      this.lambdas[j] = yeoJohnsonLambda(col);
    }
    this.mean = null;
    this.scale = null;
    if (this.standardize) {
      const T = this.powerOnly(X);
      this.mean = new Float64Array(p);
      this.scale = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        for (let i = 0; i < n; i++) col[i] = T.data[i * p + j] as number;
        const m = pairwiseSum(col) / n;
        const sd = Math.sqrt(variance(col));
        this.mean[j] = m;
        // StandardScaler leaves a zero-variance column unscaled.
        this.scale[j] = sd < 10 * SPACING_1 * Math.max(1, Math.abs(m)) ? 1 : sd;
      }
    }
    return this;
  }

  private powerOnly(X: Matrix): Matrix {
    const lambdas = this.lambdas;
    if (!lambdas) throw new Error('PowerTransformer: not fitted');
    const p = X.cols;
    if (p !== lambdas.length) throw new RangeError(`PowerTransformer: expected ${lambdas.length} columns, got ${p}`);
    const out = matrix(X.rows, p);
    for (let i = 0; i < X.data.length; i++) out.data[i] = yeoJohnson(X.data[i] as number, lambdas[i % p] as number);
    return out;
  }

  transform(X: Matrix): Matrix {
    const out = this.powerOnly(X);
    if (this.mean && this.scale) {
      const p = X.cols;
      for (let i = 0; i < out.data.length; i++) out.data[i] = ((out.data[i] as number) - (this.mean[i % p] as number)) / (this.scale[i % p] as number);
    }
    return out;
  }

  /** Values back on the original scale (transformTarget inverts the model's predictions with this). */
  inverseTransform(X: Matrix): Matrix {
    const lambdas = this.lambdas;
    if (!lambdas) throw new Error('PowerTransformer: not fitted');
    const p = X.cols;
    const out = matrix(X.rows, p);
    for (let i = 0; i < X.data.length; i++) {
      const z = this.mean && this.scale ? (X.data[i] as number) * (this.scale[i % p] as number) + (this.mean[i % p] as number) : (X.data[i] as number);
      out.data[i] = yeoJohnsonInverse(z, lambdas[i % p] as number);
    }
    return out;
  }

  get fittedLambdas(): Float64Array {
    if (!this.lambdas) throw new Error('PowerTransformer: not fitted');
    return this.lambdas;
  }

  toJSON(): PowerTransformerJSON {
    return { lambdas: Array.from(this.fittedLambdas), mean: this.mean ? Array.from(this.mean) : null, scale: this.scale ? Array.from(this.scale) : null };
  }

  static fromJSON(json: unknown, width: number, where: string): PowerTransformer {
    const o = json as Partial<PowerTransformerJSON> | null;
    const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.length === width && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (!o || !numbers(o.lambdas) || (o.mean !== null && !numbers(o.mean)) || (o.scale !== null && !numbers(o.scale)) || (o.mean === null) !== (o.scale === null))
      throw new EngineInputError('BAD_PIPELINE', `malformed power transformer (${where})`, 'pipeline');
    const t = new PowerTransformer(o.mean !== null);
    t.lambdas = Float64Array.from(o.lambdas);
    t.mean = o.mean ? Float64Array.from(o.mean) : null;
    t.scale = o.scale ? Float64Array.from(o.scale) : null;
    return t;
  }
}
