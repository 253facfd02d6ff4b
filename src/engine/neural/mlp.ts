// scikit-learn 1.2's MLPClassifier and MLPRegressor with the adam solver (the default): Glorot-uniform
// initialisation, ReLU hidden layers, logistic (binary) / softmax (multiclass) / identity outputs, log loss or
// squared error / 2 plus alpha/2·Σ‖W‖²/n, and the same stopping rules. Every random draw (initial weights,
// validation split, per-epoch shuffles) comes from numpy's RandomState(randomState) in scikit-learn's order.
import { argmaxRow, encodeClasses } from '../core/classes.js';
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { badParam, badState, BaseEstimator, boolParam, checkX, checkXy, choiceParam, intParam, numParam, seedParam, type StateSchema } from '../linear/base.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { forwardAll, glorotInit, HIDDEN_ACTIVATIONS, layout, type HiddenActivation, type Layout, type OutputActivation, Workspace } from './network.js';
import { trainAdam, type TrainSettings } from './train.js';

export interface MLPParams extends Record<string, unknown> {
  hiddenLayerSizes: number[];
  activation: HiddenActivation;
  alpha: number;
  /** "auto" = min(200, n), or a positive integer. */
  batchSize: number | 'auto';
  learningRateInit: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  maxIter: number;
  shuffle: boolean;
  tol: number;
  nIterNoChange: number;
  earlyStopping: boolean;
  validationFraction: number;
  randomState: number;
}

export const MLP_DEFAULTS: MLPParams = {
  hiddenLayerSizes: [100],
  activation: 'relu',
  alpha: 1e-4,
  batchSize: 'auto',
  learningRateInit: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  maxIter: 200,
  shuffle: true,
  tol: 1e-4,
  nIterNoChange: 10,
  earlyStopping: false,
  validationFraction: 0.1,
  randomState: 0,
};

interface MLPState extends Record<string, number | Float64Array | string> {
  /** Units per layer: inputs, hidden..., outputs. */
  units: Float64Array;
  weights: Float64Array;
  out: string;
  classes: Float64Array;
  nIter: number;
  loss: number;
}

const STATE_SCHEMA: StateSchema<MLPState> = { units: 'vector', weights: 'vector', out: 'string', classes: 'vector', nIter: 'int', loss: 'number' };
const OUTPUTS: readonly OutputActivation[] = ['identity', 'logistic', 'softmax'];
const PREDICT_CHUNK = 1024;

function hiddenSizes(p: Readonly<MLPParams>): number[] {
  const h = p.hiddenLayerSizes;
  if (!Array.isArray(h) || !h.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    badParam('hiddenLayerSizes', 'must be a list of positive integers');
  }
  return h.slice();
}

function settings(p: Readonly<MLPParams>, out: OutputActivation): TrainSettings {
  const b = p.batchSize;
  if (b !== 'auto' && !(typeof b === 'number' && Number.isInteger(b) && b >= 1)) badParam('batchSize', 'must be "auto" or a positive integer');
  return {
    learningRate: numParam(p, 'learningRateInit', { min: 0, minExclusive: true }),
    beta1: numParam(p, 'beta1', { min: 0, max: 1 }),
    beta2: numParam(p, 'beta2', { min: 0, max: 1 }),
    epsilon: numParam(p, 'epsilon', { min: 0, minExclusive: true }),
    alpha: numParam(p, 'alpha', { min: 0 }),
    batchSize: b === 'auto' ? 0 : b,
    maxIter: intParam(p, 'maxIter', 1),
    shuffle: boolParam(p, 'shuffle'),
    tol: numParam(p, 'tol', { min: 0 }),
    nIterNoChange: intParam(p, 'nIterNoChange', 1),
    earlyStopping: boolParam(p, 'earlyStopping'),
    validationFraction: numParam(p, 'validationFraction', { min: 0, max: 1, minExclusive: true }),
    hidden: choiceParam(p, 'activation', HIDDEN_ACTIVATIONS),
    out,
    loss: out === 'identity' ? 'squared_error' : out === 'logistic' ? 'binary_log_loss' : 'log_loss',
  };
}

/** A fitted network's outputs on X, rows × outputs. */
function networkOutputs(s: MLPState, activation: HiddenActivation, X: Matrix): Float64Array {
  const units = Array.from(s.units);
  checkX(X, units[0]);
  const lay = layout(units);
  const k = units[units.length - 1] as number;
  const ws = new Workspace(lay, Math.min(PREDICT_CHUNK, Math.max(X.rows, 1)), false);
  ws.weights.set(s.weights);
  return forwardAll(ws, X.data, X.rows, activation, s.out as OutputActivation, new Float64Array(X.rows * k));
}

function checkMLPState(type: string, s: MLPState, classifier: boolean): void {
  const units = Array.from(s.units);
  if (units.length < 2 || !units.every((u) => Number.isInteger(u) && u >= 1)) badState(type, 'layer sizes are not positive integers');
  if (layout(units).size !== s.weights.length) badState(type, 'weights do not match the layer sizes');
  if (!(OUTPUTS as readonly string[]).includes(s.out)) badState(type, `unknown output activation ${s.out}`);
  const k = units[units.length - 1] as number;
  if (classifier) {
    const c = s.classes.length;
    if (c < 2 || k !== (c === 2 ? 1 : c) || s.out !== (c === 2 ? 'logistic' : 'softmax')) badState(type, 'outputs do not match the classes');
  } else if (s.out !== 'identity' || k !== 1 || s.classes.length !== 0) badState(type, 'a regressor has one identity output');
}

/** Shared fit: parameter checks, the seeded initialisation, then adam. */
function fitNetwork(
  p: Readonly<MLPParams>,
  X: Matrix,
  Y: Float64Array,
  out: OutputActivation,
  stratify: Int32Array | null,
  score: (outputs: Float64Array, rows: Int32Array) => number,
): { lay: Layout; weights: Float64Array; nIter: number; loss: number } {
  const hidden = hiddenSizes(p);
  const s = settings(p, out);
  const k = out === 'softmax' ? Y.length / X.rows : 1;
  const lay = layout([X.cols, ...hidden, k]);
  const rng = new NumpyRandomState(seedParam(p));
  const w = glorotInit(lay, s.hidden, rng);
  const res = trainAdam(lay, w, X, Y, s, rng, { stratify, score });
  return { lay, weights: res.weights, nIter: res.nIter, loss: res.loss };
}

export class MLPClassifier extends BaseEstimator<MLPParams, MLPState> implements Classifier<MLPParams> {
  readonly type = 'MLPClassifier';
  protected readonly schema = STATE_SCHEMA;
  constructor(params?: Partial<MLPParams>) {
    super(MLP_DEFAULTS, params);
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected make(p: Partial<MLPParams>): this {
    return new MLPClassifier(p) as this;
  }
  protected checkState(s: MLPState): void {
    checkMLPState(this.type, s, true);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    const c = classes.length;
    if (c < 2) throw new EngineInputError('BAD_INPUT', 'MLPClassifier needs at least two classes in y', 'y');
    const out: OutputActivation = c === 2 ? 'logistic' : 'softmax';
    const k = c === 2 ? 1 : c;
    const Y = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) Y[c === 2 ? i : i * k + (index[i] as number)] = c === 2 ? (index[i] as number) : 1;
    const res = fitNetwork(this.params, X, Y, out, c === 2 ? index : null, (o, rows) => {
      let hits = 0;
      for (let i = 0; i < rows.length; i++) {
        const pred = c === 2 ? ((o[i] as number) > 0.5 ? 1 : 0) : argmaxRow(o, i * k, k);
        if (pred === index[rows[i] as number]) hits++;
      }
      return hits / rows.length;
    });
    this.fitted = { units: Float64Array.from(res.lay.units), weights: res.weights, out, classes: classes.slice(), nIter: res.nIter, loss: res.loss };
    return this;
  }
  predictProba(X: Matrix): Matrix {
    const s = this.state();
    const o = networkOutputs(s, this.params.activation, X);
    const c = s.classes.length;
    if (c > 2) return { data: o, rows: X.rows, cols: c };
    const P = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      P[2 * i] = 1 - (o[i] as number);
      P[2 * i + 1] = o[i] as number;
    }
    return { data: P, rows: X.rows, cols: 2 };
  }
  predict(X: Matrix): Float64Array {
    const s = this.state();
    const o = networkOutputs(s, this.params.activation, X);
    const c = s.classes.length;
    const pred = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) pred[i] = s.classes[c === 2 ? ((o[i] as number) > 0.5 ? 1 : 0) : argmaxRow(o, i * c, c)] as number;
    return pred;
  }
}

export class MLPRegressor extends BaseEstimator<MLPParams, MLPState> {
  readonly type = 'MLPRegressor';
  protected readonly schema = STATE_SCHEMA;
  constructor(params?: Partial<MLPParams>) {
    super(MLP_DEFAULTS, params);
  }
  protected make(p: Partial<MLPParams>): this {
    return new MLPRegressor(p) as this;
  }
  protected checkState(s: MLPState): void {
    checkMLPState(this.type, s, false);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkXy(X, y, options);
    const res = fitNetwork(this.params, X, y, 'identity', null, (o, rows) => {
      let m = 0;
      for (let i = 0; i < rows.length; i++) m += y[rows[i] as number] as number;
      m /= rows.length;
      let ssr = 0;
      let sst = 0;
      for (let i = 0; i < rows.length; i++) {
        const v = y[rows[i] as number] as number;
        ssr += (v - (o[i] as number)) ** 2;
        sst += (v - m) ** 2;
      }
      // r2_score: a constant validation target scores 1 when predicted exactly, else 0
      return sst === 0 ? (ssr === 0 ? 1 : 0) : 1 - ssr / sst;
    });
    this.fitted = { units: Float64Array.from(res.lay.units), weights: res.weights, out: 'identity', classes: new Float64Array(0), nIter: res.nIter, loss: res.loss };
    return this;
  }
  predict(X: Matrix): Float64Array {
    return networkOutputs(this.state(), this.params.activation, X);
  }
}
