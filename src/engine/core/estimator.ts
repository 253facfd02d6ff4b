import type { TaskType } from '../types.js';
import type { Matrix } from './matrix.js';

/**
 * The estimator contract, as scikit-learn's:
 * - the constructor stores params (with defaults filled in) and does nothing else;
 * - `fit` ignores any earlier fit, never mutates `params`, and returns `this`;
 * - every random step draws from a seeded Rng created in `fit` from `params.randomState`;
 * - `toJSON()` captures params and fitted state; the spec's `revive` rebuilds an estimator whose
 *   predictions are identical.
 * Labels for classifiers are float64 class values (the experiment encodes them as 0..k-1);
 * `classes` is the sorted unique labels seen in `fit`, and probability columns follow that order.
 */
export type Params = Record<string, unknown>;

export interface FitOptions {
  /** Per-row weights (boosting); absent = all ones. */
  sampleWeight?: Float64Array;
  /**
   * Scratch shared by the models fitted on one training matrix (e.g. feature bins computed once
   * and reused by dt, rf, et and the boosting models). Keyed by the producer; valid only for the X it came with.
   */
  cache?: Map<string, unknown>;
}

export interface EstimatorJSON {
  type: string;
  params: Params;
  state: unknown;
}

export interface Estimator<P extends Params = Params> {
  readonly type: string;
  readonly params: Readonly<P>;
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this;
  predict(X: Matrix): Float64Array;
  isFitted(): boolean;
  getParams(): P;
  /** An unfitted estimator with the same params, overridden by `overrides`. */
  clone(overrides?: Partial<P>): Estimator<P>;
  toJSON(): EstimatorJSON;
}

export interface Classifier<P extends Params = Params> extends Estimator<P> {
  /** Sorted unique labels of y after fit; null before. */
  readonly classes: Float64Array | null;
  /** rows × classes.length probabilities; absent on models without them (ridge, svm). */
  predictProba?(X: Matrix): Matrix;
  /** False when this fitted state cannot give probabilities although the class has predictProba (hard voting). */
  hasProbabilities?(): boolean;
  /**
   * For models whose predict is a function of their predictProba (argmax: knn, forests, boosting, soft voting):
   * the labels predict gives for the rows whose probabilities are `proba`, so that scoring, which needs both,
   * predicts once (knn would otherwise search the neighbours twice). Null when predict does not derive from them.
   */
  labelsFromProba?(proba: Matrix): Float64Array | null;
}

/** The classifier's probabilities when it has them (null otherwise): what scoring and pipelines use. */
export function probabilitiesOf(e: Estimator, X: Matrix): { proba: Matrix; classes: Float64Array } | null {
  if (!isClassifier(e) || !e.predictProba || !e.classes || e.hasProbabilities?.() === false) return null;
  return { proba: e.predictProba(X), classes: e.classes };
}

export function isClassifier(e: Estimator): e is Classifier {
  return 'classes' in e;
}

export interface ModelSpec {
  id: string; // PyCaret id: "lr", "rf", ...
  name: string; // PyCaret name: "Logistic Regression", ...
  task: TaskType;
  turbo: boolean; // in PyCaret's turbo set for compare_models
  /** A new unfitted estimator; `randomState` is supplied by the experiment (the session id). */
  create(params?: Params): Estimator;
  /** Rebuild a fitted estimator from toJSON() output; throws on a malformed state. */
  revive(json: EstimatorJSON): Estimator;
  /** Default random-search space for tune: param name -> candidate values. */
  searchSpace: Record<string, unknown[]>;
  /** The fitted estimator's `type`, for specs whose create({}) needs params (the meta-estimators). */
  estimatorType?: string;
}

export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';
  constructor(type: string) {
    super(`${type} is not fitted yet: call fit before predict`);
  }
}
