// scikit-learn 1.2's _plain_sgd for dense data, operation for operation, so that seeded fits equal
// scikit-learn's: the same weight-vector scaling trick (w = wscale · w_data), the same per-epoch in-place
// Fisher–Yates shuffle driven by sklearn's our_rand_r from a fixed seed, the same stopping rule on the
// summed training loss (n_iter_no_change epochs without improving by tol·n).
// Supported: hinge (SGDClassifier) and epsilon-insensitive (PassiveAggressiveRegressor) losses,
// learning rates 'optimal', 'constant', 'invscaling', 'pa1', 'pa2', penalties none / l2.
import type { Matrix } from '../core/matrix.js';

export type SgdLoss = 'hinge' | 'epsilon_insensitive';
export type SgdLearningRate = 'constant' | 'optimal' | 'invscaling' | 'pa1' | 'pa2';

export interface SgdOptions {
  loss: SgdLoss;
  epsilon: number; // epsilon-insensitive margin
  penalty: 'none' | 'l2';
  alpha: number;
  C: number; // passive-aggressive step cap
  learningRate: SgdLearningRate;
  eta0: number;
  powerT: number;
  maxIter: number;
  tol: number | null;
  nIterNoChange: number;
  fitIntercept: boolean;
  shuffle: boolean;
  seed: number; // uint32 shuffle seed (sklearn's `seed` argument)
  weightPos: number;
  weightNeg: number;
}

export interface SgdResult {
  coef: Float64Array;
  intercept: number;
  nIter: number;
}

/** sklearn.utils._random.our_rand_r: xorshift32 step, result modulo 2^31. Mutates state[0]. */
function ourRandR(state: Uint32Array): number {
  let s = state[0] as number;
  if (s === 0) s = 1;
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  state[0] = s;
  return s % 0x80000000;
}

/** The loss derivative, used once for the 'optimal' schedule's initial step (the hot loop inlines it). */
function dLoss(o: SgdOptions, p: number, y: number): number {
  if (o.loss === 'hinge') return p * y <= 1 ? -y : 0;
  if (y - p > o.epsilon) return -1;
  if (p - y > o.epsilon) return 1;
  return 0;
}

export function plainSgd(X: Matrix, y: Float64Array, o: SgdOptions, sampleWeight?: Float64Array): SgdResult {
  const { rows: n, cols: p, data } = X;
  const w = new Float64Array(p);
  let wscale = 1;
  let intercept = 0;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const seedBuf = new Uint32Array(1);
  const isHinge = o.loss === 'hinge';
  const lr = o.learningRate;
  const isOptimal = lr === 'optimal';
  const isInvscaling = lr === 'invscaling';
  const isPA1 = lr === 'pa1';
  const isPA = isPA1 || lr === 'pa2';
  const { epsilon, C, weightPos, weightNeg, fitIntercept } = o;
  const l2 = o.penalty === 'l2';
  const alpha = o.alpha;
  let optimalInit = 0;
  if (lr === 'optimal') {
    const typw = Math.sqrt(1 / Math.sqrt(alpha));
    const initialEta0 = typw / Math.max(1, dLoss(o, -typw, 1));
    optimalInit = 1 / (initialEta0 * alpha);
  }
  let eta = o.eta0;
  let t = 1;
  let bestLoss = Infinity;
  let noImprovement = 0;
  const tol = o.tol === null ? -Infinity : o.tol;
  let epoch = 0;
  for (epoch = 0; epoch < o.maxIter; epoch++) {
    let sumloss = 0;
    if (o.shuffle) {
      seedBuf[0] = o.seed;
      for (let i = 0; i < n - 1; i++) {
        const j = i + (ourRandR(seedBuf) % (n - i));
        const tmp = index[i] as number;
        index[i] = index[j] as number;
        index[j] = tmp;
      }
    }
    for (let s = 0; s < n; s++) {
      const r = index[s] as number;
      const off = r * p;
      const yi = y[r] as number;
      const sw = sampleWeight ? (sampleWeight[r] as number) : 1;
      let dotv = 0;
      for (let j = 0; j < p; j++) dotv += (w[j] as number) * (data[off + j] as number);
      const pred = dotv * wscale + intercept;
      if (isOptimal) eta = 1 / (alpha * (optimalInit + t - 1));
      else if (isInvscaling) eta = o.eta0 / Math.pow(t, o.powerT);
      // loss and its derivative, inlined (hinge with threshold 1, or epsilon-insensitive)
      let loss: number;
      if (isHinge) {
        const z = pred * yi;
        loss = z <= 1 ? 1 - z : 0;
      } else {
        const a = Math.abs(yi - pred) - epsilon;
        loss = a > 0 ? a : 0;
      }
      sumloss += loss;
      const classWeight = yi > 0 ? weightPos : weightNeg;
      let update: number;
      if (isPA) {
        let sq = 0;
        for (let j = 0; j < p; j++) {
          const z = data[off + j] as number;
          sq += z * z;
        }
        if (isPA1) {
          if (sq === 0) continue;
          update = Math.min(C, loss / sq);
        } else {
          update = loss / (sq + 0.5 / C);
        }
        if (isHinge) update *= yi;
        else if (yi - pred < 0) update *= -1;
      } else {
        let dl: number;
        if (isHinge) dl = pred * yi <= 1 ? -yi : 0;
        else dl = yi - pred > epsilon ? -1 : pred - yi > epsilon ? 1 : 0;
        if (dl < -1e12) dl = -1e12;
        else if (dl > 1e12) dl = 1e12;
        update = -eta * dl;
      }
      update *= classWeight * sw;
      if (l2) {
        // WeightVector.scale (sq_norm bookkeeping omitted: it never feeds back into the weights)
        wscale *= Math.max(0, 1 - eta * alpha);
        if (wscale < 1e-9) {
          for (let j = 0; j < p; j++) w[j] = (w[j] as number) * wscale;
          wscale = 1;
        }
      }
      if (update !== 0) {
        const c = update / wscale;
        for (let j = 0; j < p; j++) w[j] = (w[j] as number) + (data[off + j] as number) * c;
        if (fitIntercept) intercept += update;
      }
      t += 1;
    }
    let finite = Number.isFinite(intercept);
    for (let j = 0; j < p && finite; j++) finite = Number.isFinite(w[j] as number);
    if (!finite) throw new Error(`Floating-point under-/overflow occurred at epoch #${epoch + 1}. Scaling input data might help.`);
    if (tol > -Infinity && sumloss > bestLoss - tol * n) noImprovement++;
    else noImprovement = 0;
    if (sumloss < bestLoss) bestLoss = sumloss;
    if (noImprovement >= o.nIterNoChange) break;
  }
  for (let j = 0; j < p; j++) w[j] = (w[j] as number) * wscale;
  return { coef: w, intercept, nIter: Math.min(epoch + 1, o.maxIter) };
}
