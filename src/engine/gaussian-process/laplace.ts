// Binary Gaussian-process classification with the Laplace approximation, as scikit-learn's
// _BinaryGaussianProcessClassifierLaplace (GPML Algorithms 3.1 and 3.2, logistic link): Newton's iteration
// for the posterior mode, and predictive probabilities by Williams & Barber's approximation of the logistic
// sigmoid by five error functions (scikit-learn's LAMBDAS and COEFS).
import { choleskySkippingZeros, forwardSkippingZeros } from '../core/cholesky-sparse.js';
import { EngineInputError } from '../errors.js';
import { erf } from './erf.js';

const LAMBDAS = [0.41, 0.4, 0.37, 0.44, 0.39];
const COEFS = [-1854.8214151, 3516.89893646, 221.29346712, 128.12323805, -2010.49422654];
const COEF_SUM = COEFS.reduce((a, b) => a + b, 0);

export interface LaplaceMode {
  logMarginalLikelihood: number;
  /** y − π at the mode (f* = K*ᵀ (y − π)) */
  yMinusPi: Float64Array;
  /** √W at the mode */
  wSqrt: Float64Array;
  /** lower Cholesky factor of B = I + √W K √W */
  L: Float64Array;
  /** π and a (f = K a) of the last Newton step, for the likelihood gradient */
  pi: Float64Array;
  a: Float64Array;
}

const expit = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** B = I + √W K √W and its Cholesky factor. */
export function laplaceFactor(K: Float64Array, n: number, wSqrt: Float64Array): Float64Array {
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const wi = wSqrt[i] as number;
    for (let j = 0; j < n; j++) B[i * n + j] = wi * (K[i * n + j] as number) * (wSqrt[j] as number);
    B[i * n + i] = (B[i * n + i] as number) + 1;
  }
  const L = choleskySkippingZeros(B, n);
  if (!L) throw new EngineInputError('BAD_INPUT', 'GaussianProcessClassifier: I + W½KW½ is not positive definite (the kernel matrix is not PSD)', 'X');
  return L;
}

function forward(L: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * n + k] as number) * (x[k] as number);
    x[i] = s / (L[i * n + i] as number);
  }
}

function backward(L: Float64Array, n: number, x: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < n; k++) s -= (L[k * n + i] as number) * (x[k] as number);
    x[i] = s / (L[i * n + i] as number);
  }
}

function matVecSym(K: Float64Array, n: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (K[i * n + j] as number) * (v[j] as number);
    out[i] = s;
  }
}

/** Newton's iteration from f = 0 until the log marginal likelihood stops increasing by 1e-10 (maxIter at most). */
export function posteriorMode(K: Float64Array, n: number, y01: Float64Array, maxIter: number): LaplaceMode {
  let f: Float64Array = new Float64Array(n);
  let lml = -Infinity;
  const pi = new Float64Array(n);
  const wSqrt = new Float64Array(n);
  const W = new Float64Array(n);
  const b = new Float64Array(n);
  const t = new Float64Array(n);
  const a = new Float64Array(n);
  let L: Float64Array = new Float64Array(0);
  for (let it = 0; it < maxIter; it++) {
    for (let i = 0; i < n; i++) {
      const p = expit(f[i] as number);
      pi[i] = p;
      W[i] = p * (1 - p);
      wSqrt[i] = Math.sqrt(W[i] as number);
    }
    L = laplaceFactor(K, n, wSqrt);
    for (let i = 0; i < n; i++) b[i] = (W[i] as number) * (f[i] as number) + ((y01[i] as number) - (pi[i] as number));
    // a = b − √W · cho_solve(L, √W K b)
    matVecSym(K, n, b, t);
    for (let i = 0; i < n; i++) t[i] = (wSqrt[i] as number) * (t[i] as number);
    forward(L, n, t);
    backward(L, n, t);
    for (let i = 0; i < n; i++) a[i] = (b[i] as number) - (wSqrt[i] as number) * (t[i] as number);
    const fNew = new Float64Array(n);
    matVecSym(K, n, a, fNew);
    f = fNew;
    let af = 0;
    let lik = 0;
    let logDet = 0;
    for (let i = 0; i < n; i++) {
      af += (a[i] as number) * (f[i] as number);
      lik += Math.log1p(Math.exp(-((y01[i] as number) * 2 - 1) * (f[i] as number)));
      logDet += Math.log(L[i * n + i] as number);
    }
    const next = -0.5 * af - lik - logDet;
    if (next - lml < 1e-10) break;
    lml = next;
  }
  const yMinusPi = Float64Array.from(y01, (v, i) => v - (pi[i] as number));
  return { logMarginalLikelihood: lml, yMinusPi, wSqrt: Float64Array.from(wSqrt), L, pi: Float64Array.from(pi), a: Float64Array.from(a) };
}

/**
 * P(y = 1) at query points from the cross-kernel Ks (n × m, training rows by queries) and the prior variance
 * at the queries (kernel diagonal); also returns the latent mean f* (its sign is scikit-learn's binary predict).
 */
export function laplaceProba(mode: { yMinusPi: Float64Array; wSqrt: Float64Array; L: Float64Array }, Ks: Float64Array, n: number, m: number, prior: number): { proba: Float64Array; fStar: Float64Array } {
  const proba = new Float64Array(m);
  const fStar = new Float64Array(m);
  const v = new Float64Array(n);
  const nz = new Int32Array(n);
  for (let q = 0; q < m; q++) {
    let fs = 0;
    for (let i = 0; i < n; i++) {
      const k = Ks[i * m + q] as number;
      fs += k * (mode.yMinusPi[i] as number);
      v[i] = (mode.wSqrt[i] as number) * k;
    }
    forwardSkippingZeros(mode.L, n, v, nz);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += (v[i] as number) ** 2;
    const variance = prior - vv;
    const alpha = 1 / (2 * variance);
    let s = 0;
    for (let c = 0; c < 5; c++) {
      const lam = LAMBDAS[c] as number;
      const integral = (Math.sqrt(Math.PI / alpha) * erf(lam * fs * Math.sqrt(alpha / (alpha + lam * lam)))) / (2 * Math.sqrt(variance * 2 * Math.PI));
      s += (COEFS[c] as number) * integral;
    }
    fStar[q] = fs;
    proba[q] = s + 0.5 * COEF_SUM;
  }
  return { proba, fStar };
}
