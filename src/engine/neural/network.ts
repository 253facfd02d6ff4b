// A fully connected network as scikit-learn 1.2's BaseMultilayerPerceptron holds it, in one flat buffer:
// layer l's coefficients (fanIn × fanOut, row-major as numpy's coefs_[l]) then its intercepts. Forward pass,
// backpropagation of the loss with the L2 term alpha/2·Σ‖W‖²/n, and Glorot-uniform initialisation (_init_coef).
import type { NumpyRandomState } from '../selection/numpy-random.js';
import { affine, gramNT, gramTN } from './gemm.js';
import { Arena } from './simd-kernels.js';

export type HiddenActivation = 'relu' | 'tanh' | 'logistic' | 'identity';
export type OutputActivation = 'identity' | 'logistic' | 'softmax';
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ['relu', 'tanh', 'logistic', 'identity'];

const EPS = 2.220446049250313e-16;

export interface Layout {
  /** Units per layer: inputs, hidden layers..., outputs. */
  units: number[];
  coefOffset: number[];
  interceptOffset: number[];
  size: number;
}

export function layout(units: number[]): Layout {
  const coefOffset: number[] = [];
  const interceptOffset: number[] = [];
  let o = 0;
  for (let l = 0; l + 1 < units.length; l++) {
    const fanIn = units[l] as number;
    const fanOut = units[l + 1] as number;
    coefOffset.push(o);
    o += fanIn * fanOut;
    interceptOffset.push(o);
    o += fanOut;
  }
  return { units, coefOffset, interceptOffset, size: o };
}

/** _init_coef per layer, in scikit-learn's draw order: coefs_[l] then intercepts_[l], uniform(±sqrt(f/(fanIn+fanOut))). */
export function glorotInit(lay: Layout, activation: HiddenActivation, rng: NumpyRandomState): Float64Array {
  const w = new Float64Array(lay.size);
  const factor = activation === 'logistic' ? 2 : 6;
  for (let l = 0; l + 1 < lay.units.length; l++) {
    const fanIn = lay.units[l] as number;
    const fanOut = lay.units[l + 1] as number;
    const bound = Math.sqrt(factor / (fanIn + fanOut));
    const c = lay.coefOffset[l] as number;
    for (let i = 0; i < fanIn * fanOut; i++) w[c + i] = -bound + 2 * bound * rng.nextDouble();
    const b = lay.interceptOffset[l] as number;
    for (let i = 0; i < fanOut; i++) w[b + i] = -bound + 2 * bound * rng.nextDouble();
  }
  return w;
}

/**
 * Work buffers for batches of up to `maxRows` rows, allocated once per fit: the weights (same layout as a
 * fitted state's), activations per layer (row-major) and, for training, the deltas of each non-input layer over
 * its live columns only (a ReLU unit that is zero on every row of the batch has a zero delta column, which
 * contributes nothing to any product), the live column indices, gathered weights, a compact gradient block and
 * the gradient. The float buffers live in one WebAssembly memory when SIMD is available (`simd`), so that
 * gemm.ts's large products run there.
 */
export class Workspace {
  readonly weights: Float64Array;
  readonly activations: Float64Array[];
  readonly deltas: Float64Array[];
  /** live[l]: the live columns of layer l + 1 (the output layer's are all of them); liveCount[l] of them. */
  readonly live: Int32Array[];
  readonly liveCount: Int32Array;
  readonly gathered: Float64Array;
  readonly block: Float64Array;
  /** column sums of a delta (intercept gradient), one per unit of the widest layer */
  readonly sums: Float64Array;
  readonly grad: Float64Array;
  readonly arena: Arena | null;
  constructor(
    readonly lay: Layout,
    readonly maxRows: number,
    training = true,
    simd = true,
  ) {
    const u = lay.units;
    const n = training ? maxRows : 0;
    let widest = 0;
    for (let l = 0; l + 1 < u.length; l++) widest = Math.max(widest, (u[l] as number) * (u[l + 1] as number));
    const extra = training ? widest : 0;
    const lengths = [lay.size, ...u.map((x) => maxRows * x), ...u.slice(1).map((x) => n * x), extra, extra, training ? lay.size : 0];
    this.arena = simd ? Arena.create(Arena.size(lengths)) : null;
    const arena = this.arena;
    const alloc = (len: number): Float64Array => (arena ? arena.alloc(len) : new Float64Array(len));
    this.weights = alloc(lay.size);
    this.activations = u.map((x) => alloc(maxRows * x));
    this.deltas = u.slice(1).map((x) => alloc(n * x));
    this.gathered = alloc(extra);
    this.block = alloc(extra);
    this.grad = alloc(training ? lay.size : 0);
    this.sums = new Float64Array(Math.max(...u));
    this.live = u.slice(1).map((x) => Int32Array.from({ length: x }, (_, j) => j));
    this.liveCount = Int32Array.from(u.slice(1));
  }
}

function applyHidden(a: Float64Array, len: number, f: HiddenActivation): void {
  if (f === 'tanh') for (let i = 0; i < len; i++) a[i] = Math.tanh(a[i] as number);
  else if (f === 'logistic') for (let i = 0; i < len; i++) a[i] = 1 / (1 + Math.exp(-(a[i] as number)));
}

function applyOutput(a: Float64Array, rows: number, k: number, f: OutputActivation): void {
  if (f === 'logistic') for (let i = 0; i < rows * k; i++) a[i] = 1 / (1 + Math.exp(-(a[i] as number)));
  else if (f === 'softmax') {
    for (let i = 0; i < rows; i++) {
      const o = i * k;
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, a[o + j] as number);
      let s = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp((a[o + j] as number) - max);
        a[o + j] = e;
        s += e;
      }
      for (let j = 0; j < k; j++) a[o + j] = (a[o + j] as number) / s;
    }
  }
}

/**
 * _forward_pass with ws.weights: activations[l+1] = f(activations[l]·W_l + b_l) for `rows` rows already in
 * activations[0] (ReLU fused into the product's store); returns the output layer's buffer (rows × outputs valid).
 */
export function forward(ws: Workspace, rows: number, hidden: HiddenActivation, out: OutputActivation): Float64Array {
  const { units, coefOffset, interceptOffset } = ws.lay;
  const w = ws.weights;
  const last = units.length - 1;
  for (let l = 0; l < last; l++) {
    const fanOut = units[l + 1] as number;
    const z = ws.activations[l + 1] as Float64Array;
    const isHidden = l + 1 < last;
    affine(ws.activations[l] as Float64Array, rows, units[l] as number, w, coefOffset[l] as number, fanOut, w, interceptOffset[l] as number, z, isHidden && hidden === 'relu', ws.arena);
    if (isHidden) applyHidden(z, rows * fanOut, hidden);
    else applyOutput(z, rows, fanOut, out);
  }
  return ws.activations[last] as Float64Array;
}

export type LossKind = 'squared_error' | 'log_loss' | 'binary_log_loss';

const clip = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);

/** scikit-learn's LOSS_FUNCTIONS on `rows` rows of targets Y (rows × k) and outputs P. */
function dataLoss(kind: LossKind, Y: Float64Array, P: Float64Array, rows: number, k: number): number {
  let s = 0;
  const len = rows * k;
  if (kind === 'squared_error') {
    for (let i = 0; i < len; i++) s += ((Y[i] as number) - (P[i] as number)) ** 2;
    return s / len / 2;
  }
  if (kind === 'binary_log_loss') {
    for (let i = 0; i < len; i++) {
      const p = clip(P[i] as number);
      const y = Y[i] as number;
      if (y !== 0) s += y * Math.log(p);
      if (y !== 1) s += (1 - y) * Math.log(1 - p);
    }
    return -s / rows;
  }
  for (let i = 0; i < len; i++) {
    const y = Y[i] as number;
    if (y !== 0) s += y * Math.log(clip(P[i] as number));
  }
  return -s / rows;
}

/**
 * _backprop with ws.weights (w) on the batch in activations[0] (rows × inputs) with targets Y: fills ws.grad
 * with (Aᵀδ + alpha·W)/rows and mean(δ), and returns the batch loss including alpha/2·Σ‖W‖²/rows.
 * The output delta is P − Y for each of scikit-learn's (output activation, loss) pairs. Dead ReLU columns
 * (zero delta on every row) are skipped: their sums are exact zeros, so the result is the dense one.
 */
export function backprop(
  ws: Workspace,
  Y: Float64Array,
  rows: number,
  alpha: number,
  hidden: HiddenActivation,
  out: OutputActivation,
  loss: LossKind,
): number {
  const { units, coefOffset, interceptOffset } = ws.lay;
  const last = units.length - 1;
  const k = units[last] as number;
  const w = ws.weights;
  const P = forward(ws, rows, hidden, out);
  let value = dataLoss(loss, Y, P, rows, k);
  let sq = 0;
  for (let l = 0; l < last; l++) {
    const c = coefOffset[l] as number;
    const end = interceptOffset[l] as number;
    for (let i = c; i < end; i++) sq += (w[i] as number) * (w[i] as number);
  }
  value += (0.5 * alpha * sq) / rows;

  const top = ws.deltas[last - 1] as Float64Array;
  for (let i = 0; i < rows * k; i++) top[i] = (P[i] as number) - (Y[i] as number);
  const g = ws.grad;
  const block = ws.block;
  const sums = ws.sums;
  let summed = false;
  for (let l = last - 1; l >= 0; l--) {
    const fanIn = units[l] as number;
    const fanOut = units[l + 1] as number;
    const a = ws.activations[l] as Float64Array;
    const d = ws.deltas[l] as Float64Array;
    const live = ws.live[l] as Int32Array;
    const nl = ws.liveCount[l] as number;
    const c = coefOffset[l] as number;
    const b = interceptOffset[l] as number;
    // coefficient gradient (Aᵀδ + alpha·W)/rows, dead columns getting alpha·W/rows
    gramTN(a, rows, fanIn, d, nl, block, ws.arena);
    for (let i = c; i < b; i++) g[i] = (alpha * (w[i] as number)) / rows;
    for (let t = 0; t < fanIn; t++) {
      const go = c + t * fanOut;
      const bo = t * nl;
      for (let q = 0; q < nl; q++) {
        const o = go + (live[q] as number);
        g[o] = ((block[bo + q] as number) + alpha * (w[o] as number)) / rows;
      }
    }
    // intercept gradient: column sums of δ in row order (already made with δ, or here)
    if (!summed) {
      sums.fill(0, 0, nl);
      for (let i = 0, o = 0; i < rows; i++) for (let q = 0; q < nl; q++, o++) sums[q] = (sums[q] as number) + (d[o] as number);
    }
    summed = false;
    g.fill(0, b, b + fanOut);
    for (let q = 0; q < nl; q++) g[b + (live[q] as number)] = (sums[q] as number) / rows;
    if (l === 0) break;
    // δ_{l−1} = (δ_l · W_lᵀ) ⊙ f'(activations[l]) on the live columns of layer l
    const prevLive = ws.live[l - 1] as Int32Array;
    let np = 0;
    if (hidden === 'relu') {
      for (let t = 0; t < fanIn; t++) {
        let any = false;
        for (let i = 0, o = t; i < rows; i++, o += fanIn) {
          if (a[o] !== 0) {
            any = true;
            break;
          }
        }
        if (any) prevLive[np++] = t;
      }
    } else {
      for (let t = 0; t < fanIn; t++) prevLive[t] = t;
      np = fanIn;
    }
    ws.liveCount[l - 1] = np;
    const gathered = ws.gathered;
    for (let p = 0; p < np; p++) {
      const wo = c + (prevLive[p] as number) * fanOut;
      for (let q = 0; q < nl; q++) gathered[p * nl + q] = w[wo + (live[q] as number)] as number;
    }
    const prev = ws.deltas[l - 1] as Float64Array;
    if (nl === 1 && hidden === 'relu') {
      // one unit above (a single output): δ_{l−1}[i, p] = 0 + δ_l[i]·W[p], or 0 where the unit is off, a
      // column at a time, with the column sums (layer l − 1's intercept gradient) on the way
      for (let p = 0; p < np; p++) {
        const wp = gathered[p] as number;
        let s = 0;
        for (let i = 0, ao = prevLive[p] as number, po = p; i < rows; i++, ao += fanIn, po += np) {
          const v = a[ao] === 0 ? 0 : 0 + (d[i] as number) * wp;
          prev[po] = v;
          s += v;
        }
        sums[p] = s;
      }
      summed = true;
      continue;
    }
    gramNT(d, rows, nl, gathered, np, prev);
    if (hidden === 'identity') continue;
    for (let i = 0; i < rows; i++) {
      const ao = i * fanIn;
      const po = i * np;
      if (hidden === 'relu') {
        for (let p = 0; p < np; p++) if (a[ao + (prevLive[p] as number)] === 0) prev[po + p] = 0;
      } else if (hidden === 'tanh') {
        for (let p = 0; p < np; p++) {
          const z = a[ao + p] as number;
          prev[po + p] = (prev[po + p] as number) * (1 - z * z);
        }
      } else {
        for (let p = 0; p < np; p++) {
          const z = a[ao + p] as number;
          prev[po + p] = (prev[po + p] as number) * (z * (1 - z));
        }
      }
    }
  }
  return value;
}

/**
 * The network's outputs (ws.weights) on `rows` rows of X (row-major, p = units[0] columns) into `res` (rows ×
 * outputs), in chunks of ws.maxRows rows: a copy of each chunk into activations[0] and one forward pass.
 */
export function forwardAll(ws: Workspace, X: Float64Array, rows: number, hidden: HiddenActivation, out: OutputActivation, res: Float64Array): Float64Array {
  const units = ws.lay.units;
  const p = units[0] as number;
  const k = units[units.length - 1] as number;
  const a0 = ws.activations[0] as Float64Array;
  for (let start = 0; start < rows; start += ws.maxRows) {
    const m = Math.min(ws.maxRows, rows - start);
    a0.set(X.subarray(start * p, (start + m) * p));
    const o = forward(ws, m, hidden, out);
    res.set(o.subarray(0, m * k), start * k);
  }
  return res;
}
