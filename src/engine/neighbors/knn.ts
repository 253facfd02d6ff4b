// scikit-learn's KNeighborsClassifier / KNeighborsRegressor (brute force; uniform or distance weights).
// Classification ties go to the lowest class index (scipy's mode); neighbours tie by training order.
import type { Classifier, FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { BaseEstimator, badParam, badState, checkX, checkXy, choiceParam, intParam, type StateSchema } from '../linear/base.js';
import { encodeClasses } from '../core/classes.js';
import { buildSearchIndex, kNeighbours, type Neighbours, type SearchIndex } from './search.js';
import { ColumnSwapSearch, type SwappedRows } from './column-swap.js';

/**
 * Predictions for column-swapped rows of one base matrix (see ColumnSwapSearch): the values predict / predictProba
 * give on the stacked rows, without building them or searching all columns again.
 */
export interface SwappedRowsPredictor {
  predict(rows: SwappedRows): Float64Array;
}
export interface SwappedRowsClassifier extends SwappedRowsPredictor {
  predictProba(rows: SwappedRows): Matrix;
}

export interface KNeighborsParams extends Record<string, unknown> {
  nNeighbors: number;
  weights: 'uniform' | 'distance';
  metric: 'minkowski' | 'euclidean' | 'manhattan';
  /** Minkowski power: 2 (Euclidean) or 1 (Manhattan) */
  p: number;
  randomState: number;
}

const KNN_DEFAULTS: KNeighborsParams = { nNeighbors: 5, weights: 'uniform', metric: 'minkowski', p: 2, randomState: 0 };

interface KnnState extends Record<string, number | Float64Array> {
  X: Float64Array;
  y: Float64Array; // class indices (classifier) or targets (regressor)
  nFeatures: number;
}
interface KnnClassifierState extends KnnState {
  classes: Float64Array;
}

function checkParams(params: KNeighborsParams): { k: number; weights: 'uniform' | 'distance'; metric: 'euclidean' | 'manhattan' } {
  const k = intParam(params, 'nNeighbors', 1);
  const weights = choiceParam(params, 'weights', ['uniform', 'distance']);
  const metric = choiceParam(params, 'metric', ['minkowski', 'euclidean', 'manhattan']);
  if (metric !== 'minkowski') return { k, weights, metric };
  if (params.p !== 1 && params.p !== 2) badParam('p', 'must be 1 or 2');
  return { k, weights, metric: params.p === 1 ? 'manhattan' : 'euclidean' };
}

/** Search indexes built lazily per fitted state (derived data: never serialised, rebuilt identically). */
const indexes = new WeakMap<KnnState, SearchIndex | null>();

function neighbours(s: KnnState, X: Matrix, params: KNeighborsParams): Neighbours {
  checkX(X, s.nFeatures);
  const { k, metric } = checkParams(params);
  const train: Matrix = { data: s.X, rows: s.y.length, cols: s.nFeatures };
  let index: SearchIndex | null = null;
  if (metric === 'euclidean') {
    if (!indexes.has(s)) indexes.set(s, buildSearchIndex(train));
    index = indexes.get(s) ?? null;
  }
  return kNeighbours(train, X, k, metric, index);
}

function swapSearch(s: KnnState, X: Matrix, params: KNeighborsParams): ColumnSwapSearch | null {
  checkX(X, s.nFeatures);
  const { k, metric } = checkParams(params);
  if (!ColumnSwapSearch.fits(X.rows, s.y.length)) return null;
  return new ColumnSwapSearch({ data: s.X, rows: s.y.length, cols: s.nFeatures }, X, k, metric === 'manhattan' ? 1 : 2);
}

/** Per-neighbour weights of one query row (1/d, or only the exact matches when one distance is 0). */
function rowWeights(nb: Neighbours, i: number, weights: 'uniform' | 'distance', out: Float64Array): void {
  const k = nb.k;
  if (weights === 'uniform') {
    out.fill(1, 0, k);
    return;
  }
  let zero = false;
  for (let c = 0; c < k; c++) if ((nb.distance[i * k + c] as number) === 0) zero = true;
  for (let c = 0; c < k; c++) {
    const d = nb.distance[i * k + c] as number;
    out[c] = zero ? (d === 0 ? 1 : 0) : 1 / d;
  }
}

function checkKnnState(type: string, s: KnnState): void {
  if (s.nFeatures < 1 || s.y.length < 1 || s.X.length !== s.y.length * s.nFeatures) badState(type, 'X and y do not match');
}

function storeTraining(X: Matrix, y: Float64Array): KnnState {
  return { X: Float64Array.from(X.data), y: Float64Array.from(y), nFeatures: X.cols };
}

export class KNeighborsClassifier extends BaseEstimator<KNeighborsParams, KnnClassifierState> implements Classifier<KNeighborsParams> {
  readonly type = 'KNeighborsClassifier';
  protected readonly schema: StateSchema<KnnClassifierState> = { X: 'vector', y: 'vector', nFeatures: 'int', classes: 'vector' };
  constructor(params?: Partial<KNeighborsParams>) {
    super(KNN_DEFAULTS, params);
  }
  protected make(p: Partial<KNeighborsParams>): this {
    return new KNeighborsClassifier(p) as this;
  }
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }
  protected checkState(s: KnnClassifierState): void {
    checkKnnState(this.type, s);
    for (const c of s.y) if (!Number.isInteger(c) || c < 0 || c >= s.classes.length) badState(this.type, 'label index out of range');
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkParams(this.params);
    checkXy(X, y, options);
    const { classes, index } = encodeClasses(y);
    this.fitted = { ...storeTraining(X, Float64Array.from(index)), classes };
    return this;
  }
  predictProba(X: Matrix): Matrix {
    const s = this.state();
    return classProba(s, neighbours(s, X, this.params), this.params.weights);
  }
  predict(X: Matrix): Float64Array {
    return this.labelsFromProba(this.predictProba(X));
  }
  labelsFromProba(proba: Matrix): Float64Array {
    return argmaxClasses(this.state(), proba);
  }
  /** Predictions for column-swapped rows of X (what predict / predictProba give on the stacked rows); null when X × the training rows is too large to pay off. */
  swappedRowsPredictor(X: Matrix): SwappedRowsClassifier | null {
    const s = this.state();
    const search = swapSearch(s, X, this.params);
    if (!search) return null;
    const weights = this.params.weights;
    const predictProba = (rows: SwappedRows): Matrix => classProba(s, search.search(rows), weights);
    return { predictProba, predict: (rows) => argmaxClasses(s, predictProba(rows)) };
  }
}

function classProba(s: KnnClassifierState, nb: Neighbours, weights: 'uniform' | 'distance'): Matrix {
  const rows = nb.index.length / nb.k;
  const kc = s.classes.length;
  const out = new Float64Array(rows * kc);
  const w = new Float64Array(nb.k);
  for (let i = 0; i < rows; i++) {
    rowWeights(nb, i, weights, w);
    let total = 0;
    for (let c = 0; c < nb.k; c++) {
      const cls = s.y[nb.index[i * nb.k + c] as number] as number;
      out[i * kc + cls] = (out[i * kc + cls] as number) + (w[c] as number);
      total += w[c] as number;
    }
    for (let c = 0; c < kc; c++) out[i * kc + c] = (out[i * kc + c] as number) / total;
  }
  return { data: out, rows, cols: kc };
}

function argmaxClasses(s: KnnClassifierState, proba: Matrix): Float64Array {
  const kc = s.classes.length;
  const out = new Float64Array(proba.rows);
  for (let i = 0; i < proba.rows; i++) {
    let best = 0;
    for (let c = 1; c < kc; c++) if ((proba.data[i * kc + c] as number) > (proba.data[i * kc + best] as number)) best = c;
    out[i] = s.classes[best] as number;
  }
  return out;
}

export class KNeighborsRegressor extends BaseEstimator<KNeighborsParams, KnnState> {
  readonly type = 'KNeighborsRegressor';
  protected readonly schema: StateSchema<KnnState> = { X: 'vector', y: 'vector', nFeatures: 'int' };
  constructor(params?: Partial<KNeighborsParams>) {
    super(KNN_DEFAULTS, params);
  }
  protected make(p: Partial<KNeighborsParams>): this {
    return new KNeighborsRegressor(p) as this;
  }
  protected checkState(s: KnnState): void {
    checkKnnState(this.type, s);
  }
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkParams(this.params);
    checkXy(X, y, options);
    this.fitted = storeTraining(X, y);
    return this;
  }
  predict(X: Matrix): Float64Array {
    const s = this.state();
    return regress(s, neighbours(s, X, this.params), this.params.weights);
  }
  /** Predictions for column-swapped rows of X (what predict gives on the stacked rows); null when X × the training rows is too large to pay off. */
  swappedRowsPredictor(X: Matrix): SwappedRowsPredictor | null {
    const s = this.state();
    const search = swapSearch(s, X, this.params);
    if (!search) return null;
    const weights = this.params.weights;
    return { predict: (rows) => regress(s, search.search(rows), weights) };
  }
}

function regress(s: KnnState, nb: Neighbours, weights: 'uniform' | 'distance'): Float64Array {
  const rows = nb.index.length / nb.k;
  const out = new Float64Array(rows);
  const w = new Float64Array(nb.k);
  for (let i = 0; i < rows; i++) {
    rowWeights(nb, i, weights, w);
    let num = 0;
    let den = 0;
    for (let c = 0; c < nb.k; c++) {
      num += (w[c] as number) * (s.y[nb.index[i * nb.k + c] as number] as number);
      den += w[c] as number;
    }
    out[i] = num / den;
  }
  return out;
}
