// A fully connected network as scikit-learn 1.2's BaseMultilayerPerceptron holds it, in one flat buffer:
// layer l's coefficients (fanIn × fanOut, row-major as numpy's coefs_[l]) then its intercepts. Forward pass,
// backpropagation of the loss with the L2 term alpha/2·Σ‖W‖²/n, and Glorot-uniform initialisation (_init_coef).
import type { NumpyRandomState } from '../selection/numpy-random.js';

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
 * Work buffers for batches of up to `maxRows` rows: activations and deltas per layer (row-major), their
 * transposes and the transposed weights (so that every product below is a dot product of contiguous runs),
 * and the gradient.
 */
export class Workspace {
  readonly activations: Float64Array[];
  readonly deltas: Float64Array[];
  readonly activationsT: Float64Array[];
  readonly deltaT: Float64Array;
  readonly weightsT: Float64Array[];
  readonly grad: Float64Array;
  constructor(
    readonly lay: Layout,
    readonly maxRows: number,
  ) {
    this.activations = lay.units.map((u) => new Float64Array(maxRows * u));
    this.deltas = lay.units.slice(1).map((u) => new Float64Array(maxRows * u));
    this.activationsT = lay.units.slice(0, -1).map((u) => new Float64Array(maxRows * u));
    this.deltaT = new Float64Array(maxRows * Math.max(...lay.units.slice(1)));
    this.weightsT = lay.units.slice(1).map((u, l) => new Float64Array(u * (lay.units[l] as number)));
    this.grad = new Float64Array(lay.size);
  }
}

/** Σ a[ao + t]·b[bo + t] for t < n, in four partial sums. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < n; t += 4) {
    s0 += (a[ao + t] as number) * (b[bo + t] as number);
    s1 += (a[ao + t + 1] as number) * (b[bo + t + 1] as number);
    s2 += (a[ao + t + 2] as number) * (b[bo + t + 2] as number);
    s3 += (a[ao + t + 3] as number) * (b[bo + t + 3] as number);
  }
  for (; t < n; t++) s0 += (a[ao + t] as number) * (b[bo + t] as number);
  return s0 + s1 + (s2 + s3);
}

/** out[oo + q] = Σ_t a[ao + t]·b[bo + q·stride + t] for q < 4: four dot products sharing the loads of a. */
function dot4(a: Float64Array, ao: number, b: Float64Array, bo: number, stride: number, n: number, out: Float64Array, oo: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const b1 = bo + stride;
  const b2 = b1 + stride;
  const b3 = b2 + stride;
  for (let t = 0; t < n; t++) {
    const x = a[ao + t] as number;
    s0 += x * (b[bo + t] as number);
    s1 += x * (b[b1 + t] as number);
    s2 += x * (b[b2 + t] as number);
    s3 += x * (b[b3 + t] as number);
  }
  out[oo] = s0;
  out[oo + 1] = s1;
  out[oo + 2] = s2;
  out[oo + 3] = s3;
}

/** dst (cols × rows) = transpose of the rows × cols block of src starting at `offset`. */
function transposeInto(src: Float64Array, offset: number, rows: number, cols: number, dst: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const o = offset + i * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[o + j] as number;
  }
}

function applyHidden(a: Float64Array, len: number, f: HiddenActivation): void {
  if (f === 'relu') for (let i = 0; i < len; i++) a[i] = Math.max(a[i] as number, 0);
  else if (f === 'tanh') for (let i = 0; i < len; i++) a[i] = Math.tanh(a[i] as number);
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
 * _forward_pass: activations[l+1] = f(activations[l]·W_l + b_l) for `rows` rows already in activations[0];
 * returns the output layer's buffer (rows × outputs valid).
 */
export function forward(ws: Workspace, w: Float64Array, rows: number, hidden: HiddenActivation, out: OutputActivation): Float64Array {
  const { units, coefOffset, interceptOffset } = ws.lay;
  const last = units.length - 1;
  for (let l = 0; l < last; l++) {
    const fanIn = units[l] as number;
    const fanOut = units[l + 1] as number;
    const a = ws.activations[l] as Float64Array;
    const z = ws.activations[l + 1] as Float64Array;
    const wt = ws.weightsT[l] as Float64Array;
    transposeInto(w, coefOffset[l] as number, fanIn, fanOut, wt);
    const b = interceptOffset[l] as number;
    for (let i = 0; i < rows; i++) {
      const zo = i * fanOut;
      const ao = i * fanIn;
      let j = 0;
      for (; j + 3 < fanOut; j += 4) {
        dot4(a, ao, wt, j * fanIn, fanIn, fanIn, z, zo + j);
        for (let q = 0; q < 4; q++) z[zo + j + q] = (z[zo + j + q] as number) + (w[b + j + q] as number);
      }
      for (; j < fanOut; j++) z[zo + j] = (w[b + j] as number) + dot(a, ao, wt, j * fanIn, fanIn);
    }
    if (l + 1 < last) applyHidden(z, rows * fanOut, hidden);
    else applyOutput(z, rows, fanOut, out);
  }
  return ws.activations[last] as Float64Array;
}

export type LossKind = 'squared_error' | 'log_loss' | 'binary_log_loss';

/** scikit-learn's LOSS_FUNCTIONS on `rows` rows of targets Y (rows × k) and outputs P. */
function dataLoss(kind: LossKind, Y: Float64Array, P: Float64Array, rows: number, k: number): number {
  let s = 0;
  const len = rows * k;
  if (kind === 'squared_error') {
    for (let i = 0; i < len; i++) s += ((Y[i] as number) - (P[i] as number)) ** 2;
    return s / len / 2;
  }
  const clip = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);
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
 * _backprop on the batch in activations[0] (rows × inputs) with targets Y: fills ws.grad (same layout as w)
 * with (Aᵀδ + alpha·W)/rows and mean(δ), and returns the batch loss including alpha/2·Σ‖W‖²/rows.
 * The output delta is P − Y for each of scikit-learn's (output activation, loss) pairs.
 */
export function backprop(
  ws: Workspace,
  w: Float64Array,
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
  const P = forward(ws, w, rows, hidden, out);
  let value = dataLoss(loss, Y, P, rows, k);
  let sq = 0;
  for (let l = 0; l < last; l++) {
    const c = coefOffset[l] as number;
    const end = interceptOffset[l] as number;
    for (let i = c; i < end; i++) sq += (w[i] as number) ** 2;
  }
  value += (0.5 * alpha * sq) / rows;

  const top = ws.deltas[last - 1] as Float64Array;
  for (let i = 0; i < rows * k; i++) top[i] = (P[i] as number) - (Y[i] as number);
  const g = ws.grad;
  for (let l = last - 1; l >= 0; l--) {
    const fanIn = units[l] as number;
    const fanOut = units[l + 1] as number;
    const a = ws.activations[l] as Float64Array;
    const d = ws.deltas[l] as Float64Array;
    const c = coefOffset[l] as number;
    const b = interceptOffset[l] as number;
    // Aᵀδ and Σδ over the batch rows, as dot products of the transposed buffers
    const aT = ws.activationsT[l] as Float64Array;
    const dT = ws.deltaT;
    transposeInto(a, 0, rows, fanIn, aT);
    transposeInto(d, 0, rows, fanOut, dT);
    for (let kk = 0; kk < fanIn; kk++) {
      const go = c + kk * fanOut;
      let j = 0;
      for (; j + 3 < fanOut; j += 4) dot4(aT, kk * rows, dT, j * rows, rows, rows, g, go + j);
      for (; j < fanOut; j++) g[go + j] = dot(aT, kk * rows, dT, j * rows, rows);
    }
    for (let j = 0; j < fanOut; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += dT[j * rows + i] as number;
      g[b + j] = s;
    }
    for (let i = c; i < b; i++) g[i] = ((g[i] as number) + alpha * (w[i] as number)) / rows;
    for (let j = 0; j < fanOut; j++) g[b + j] = (g[b + j] as number) / rows;
    if (l === 0) break;
    // δ_{l−1} = (δ_l · W_lᵀ) ⊙ f'(activations[l])
    const prev = ws.deltas[l - 1] as Float64Array;
    for (let i = 0; i < rows; i++) {
      const ao = i * fanIn;
      const dOff = i * fanOut;
      for (let kk = 0; kk < fanIn; kk++) {
        const z = a[ao + kk] as number;
        if (hidden === 'relu' && z === 0) {
          prev[ao + kk] = 0;
          continue;
        }
        let s = dot(d, dOff, w, c + kk * fanOut, fanOut);
        if (hidden === 'tanh') s *= 1 - z * z;
        else if (hidden === 'logistic') s *= z * (1 - z);
        prev[ao + kk] = s;
      }
    }
  }
  return value;
}
