// scikit-learn 1.2's BaseMultilayerPerceptron._fit_stochastic with the adam solver: optional validation split,
// minibatches of min(200, n) (or batchSize) over a reshuffled order each epoch, the loss curve and the
// n_iter_no_change / tol stopping rule on the training loss (or on the validation score with early stopping,
// keeping the best weights).
import type { Matrix } from '../core/matrix.js';
import type { NumpyRandomState } from '../selection/numpy-random.js';
import { AdamOptimizer, type AdamSettings } from './adam.js';
import { backprop, forwardAll, type HiddenActivation, type Layout, type LossKind, type OutputActivation, Workspace } from './network.js';
import { validationSplit } from './validation-split.js';

export interface TrainSettings extends AdamSettings {
  alpha: number;
  /** 0 = scikit-learn's "auto": min(200, n). */
  batchSize: number;
  maxIter: number;
  shuffle: boolean;
  tol: number;
  nIterNoChange: number;
  earlyStopping: boolean;
  validationFraction: number;
  hidden: HiddenActivation;
  out: OutputActivation;
  loss: LossKind;
}

export interface EarlyStoppingHooks {
  /** Class codes for the stratified split (binary classifiers), null otherwise. */
  stratify: Int32Array | null;
  /** The estimator's score (accuracy or R2) of the network's outputs (rows.length × outputs) on rows `rows` of X. */
  score(outputs: Float64Array, rows: Int32Array): number;
}

const VALIDATION_CHUNK = 1024;

export interface TrainResult {
  weights: Float64Array;
  nIter: number;
  loss: number;
}

/** Trains `w` (already initialised, modified in place) on X with targets Y (rows × outputs). */
export function trainAdam(
  lay: Layout,
  w: Float64Array,
  X: Matrix,
  Y: Float64Array,
  s: TrainSettings,
  rng: NumpyRandomState,
  hooks: EarlyStoppingHooks,
): TrainResult {
  const p = X.cols;
  const k = lay.units[lay.units.length - 1] as number;
  const opt = new AdamOptimizer(lay.size, s);
  let rows: Int32Array;
  let valRows: Int32Array | null = null;
  if (s.earlyStopping) {
    const split = validationSplit(X.rows, s.validationFraction, rng, hooks.stratify);
    rows = split.train;
    valRows = split.test;
  } else {
    rows = new Int32Array(X.rows);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
  }
  const n = rows.length;
  const batch = s.batchSize === 0 ? Math.min(200, n) : Math.min(Math.max(s.batchSize, 1), n);
  const ws = new Workspace(lay, batch);
  ws.weights.set(w);
  const yBatch = new Float64Array(batch * k);
  const order = new Int32Array(n);
  // early stopping: the validation rows gathered once, scored each epoch into preallocated buffers
  let val: { ws: Workspace; X: Float64Array; out: Float64Array; best: Float64Array } | null = null;
  if (valRows) {
    const Xv = new Float64Array(valRows.length * p);
    valRows.forEach((r, i) => Xv.set(X.data.subarray(r * p, r * p + p), i * p));
    val = { ws: new Workspace(lay, Math.min(valRows.length, VALIDATION_CHUNK), false), X: Xv, out: new Float64Array(valRows.length * k), best: new Float64Array(w.length) };
  }
  for (let i = 0; i < n; i++) order[i] = i;

  let best = s.earlyStopping ? -Infinity : Infinity;
  let bestWeights: Float64Array | null = null;
  let noImprovement = 0;
  let nIter = 0;
  let loss = NaN;
  const Xd = X.data;
  for (let it = 0; it < s.maxIter; it++) {
    if (s.shuffle) rng.shuffle(order);
    let accumulated = 0;
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start);
      const a0 = ws.activations[0] as Float64Array;
      for (let i = 0; i < m; i++) {
        const r = rows[order[start + i] as number] as number;
        for (let j = 0, src = r * p, dst = i * p; j < p; j++) a0[dst + j] = Xd[src + j] as number;
        for (let j = 0, src = r * k, dst = i * k; j < k; j++) yBatch[dst + j] = Y[src + j] as number;
      }
      const batchLoss = backprop(ws, yBatch, m, s.alpha, s.hidden, s.out, s.loss);
      accumulated += batchLoss * m;
      opt.step(ws.weights, ws.grad);
    }
    nIter += 1;
    loss = accumulated / n;
    if (val && valRows) {
      val.ws.weights.set(ws.weights);
      const score = hooks.score(forwardAll(val.ws, val.X, valRows.length, s.hidden, s.out, val.out), valRows);
      noImprovement = score < best + s.tol ? noImprovement + 1 : 0;
      if (score > best) {
        best = score;
        val.best.set(ws.weights);
        bestWeights = val.best;
      }
    } else {
      noImprovement = loss > best - s.tol ? noImprovement + 1 : 0;
      if (loss < best) best = loss;
    }
    if (noImprovement > s.nIterNoChange) break;
  }
  w.set(ws.weights);
  return { weights: bestWeights ?? w, nIter, loss };
}
