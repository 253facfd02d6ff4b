import type { FeatureImportance, TaskType } from '../types.js';
import type { EstimatorJSON } from '../core/estimator.js';
import type { ModelRegistry } from '../models/registry.js';
import type { TargetTransformJSON } from '../preprocessing/target-transform.js';
import { permutationImportance, permutationRowOrders } from '../analysis/index.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import type { Estimator } from '../core/estimator.js';
import type { SwappedRows } from '../neighbors/column-swap.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../neighbors/knn.js';

/**
 * Work budget of permutation importance in predicted rows (rows × input columns × repeats): above it, a seeded
 * sample of the holdout (RandomState(sessionId).permutation, sorted) is permuted instead of every row, as
 * scikit-learn's permutation_importance(max_samples) does. breast_cancer (171 × 30 × 5) stays whole; digits
 * (540 × 64 × 5) uses 156 rows.
 */
export const PERMUTATION_BUDGET = 50_000;

export function permutationRows(nRows: number, nColumns: number, nRepeats: number, seed: number): Int32Array | null {
  const m = Math.max(50, Math.floor(PERMUTATION_BUDGET / Math.max(1, nColumns * nRepeats)));
  if (m >= nRows) return null;
  return Int32Array.from(new NumpyRandomState(seed).permutation(nRows).subarray(0, m)).sort();
}

export interface PermutationSource {
  /** The matrix whose column blocks are permuted: the model inputs, or the encoded columns before matrix steps. */
  readonly E: Matrix;
  /** Input column c owns the columns blocks[c] of E. */
  readonly blocks: readonly (readonly number[])[];
  readonly columns: readonly string[];
  /** Rows of E → model inputs (the identity, or the matrix transformations and scaler). */
  readonly toModel: (E: Matrix) => Matrix;
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/**
 * Predictions of stacked rows, stacked row a being row rows[a] of E with the columns cols taken from row from[a]:
 * the values predict(toModel(stacked)) gives, for models that can do it without the stacked matrix.
 */
export type SwappedPredict = (rows: SwappedRows) => Float64Array;

/**
 * The scores of input column c under every row order: the rows of all repeats whose permuted values differ from
 * their own are stacked into one matrix and predicted in one call (or handed to `swapped` as row pairs); a row
 * whose values the permutation leaves as they were keeps its baseline prediction (predictions are row by row, so
 * this is the value predicting every permuted row would give).
 */
export function permutedColumnScores(src: PermutationSource, c: number, orders: readonly Int32Array[], base: Float64Array, predict: (X: Matrix) => Float64Array, score: (predicted: Float64Array) => number, swapped?: SwappedPredict): number[] {
  const { E, blocks } = src;
  const n = E.rows;
  const w = E.cols;
  const cols = blocks[c] as readonly number[];
  const changed: Int32Array[] = orders.map((order) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = (order[i] as number) * w;
      for (const j of cols)
        if (!same(E.data[from + j] as number, E.data[i * w + j] as number)) {
          rows.push(i);
          break;
        }
    }
    return Int32Array.from(rows);
  });
  let total = 0;
  for (const rows of changed) total += rows.length;
  const rowsAt = new Int32Array(total);
  const fromAt = new Int32Array(total);
  let at = 0;
  orders.forEach((order, r) => {
    for (const i of changed[r] as Int32Array) {
      rowsAt[at] = i;
      fromAt[at++] = order[i] as number;
    }
  });
  const predicted = total === 0 ? new Float64Array(0) : swapped ? swapped({ cols, rows: rowsAt, from: fromAt }) : predict(src.toModel(stack(E, cols, rowsAt, fromAt)));
  if (predicted.length !== total) throw new RangeError(`${predicted.length} predictions for ${total} rows`);
  at = 0;
  return changed.map((rows) => {
    const full = Float64Array.from(base);
    for (const i of rows) full[i] = predicted[at++] as number;
    return score(full);
  });
}

/**
 * A second thread scoring columns alongside this one (parallel/permutation-helper.ts): both claim columns from
 * one counter, so the work splits however fast each thread is; the scores are those this thread would compute.
 */
export interface ColumnHelper {
  /** The next column for the calling thread to score; -1 when every column is claimed. */
  claim(): number;
  /** The helper's scores of a column it claimed (waiting a bounded time), or null: score it here. */
  collect(c: number): number[] | null;
  /** No more columns will be asked for; the helper thread is handed back. */
  finish(): void;
}

/** What another thread needs besides the permuted matrix to predict and score a fitted model as this one does. */
export interface PermutationJob {
  task: TaskType;
  modelId: string;
  registry: ModelRegistry;
  /** The fitted estimator's toJSON() (asked for only when a helper thread is free). */
  estimator: () => EstimatorJSON;
  target: TargetTransformJSON | null;
  nClasses: number;
  probabilityThreshold: number | undefined;
  /** The holdout targets the scores compare with. */
  yp: Float64Array;
}

/**
 * Starts a helper on the permutation of `src` (baseline predictions `base`, row orders `orders`), or null when
 * none is free or the work (`estimatedMs`: the baseline prediction's time × repeats × columns) is too small to share.
 */
export type ColumnHelperFactory = (src: PermutationSource, orders: readonly Int32Array[], base: Float64Array, estimatedMs: number) => ColumnHelper | null;

/**
 * Permutation importance per input column with batched predictions (permutedColumnScores; `swapped` for models
 * that predict swapped rows without the stacked matrix). `score` maps a full prediction vector to the score
 * (higher is better). With a helper, columns are scored on two threads, and `meanwhile` (other work of the
 * caller, run once either way) runs while the helper has them all to itself.
 */
export function holdoutPermutationImportance(
  src: PermutationSource,
  nRepeats: number,
  seed: number,
  predict: (X: Matrix) => Float64Array,
  score: (predicted: Float64Array) => number,
  helperFactory?: ColumnHelperFactory,
  meanwhile?: () => void,
  swapped?: SwappedPredict,
): FeatureImportance[] {
  const t0 = performance.now();
  const base = predict(src.toModel(src.E));
  const baseMs = performance.now() - t0;
  const scoreHere = (c: number, orders: readonly Int32Array[]): number[] => permutedColumnScores(src, c, orders, base, predict, score, swapped);
  let scoreColumn = scoreHere;
  // permutationImportance below draws the same row orders (same seed): scores computed ahead are its own
  const orders = helperFactory && src.columns.length > 1 ? permutationRowOrders(src.E.rows, nRepeats, seed) : null;
  const helper = orders && helperFactory ? helperFactory(src, orders, base, baseMs * nRepeats * src.columns.length) : null;
  if (helper && orders) {
    const mine = new Map<number, number[]>();
    try {
      meanwhile?.();
      for (let c = helper.claim(); c >= 0; c = helper.claim()) mine.set(c, scoreHere(c, orders));
      for (let c = 0; c < src.columns.length; c++) if (!mine.has(c)) mine.set(c, helper.collect(c) ?? scoreHere(c, orders));
    } finally {
      helper.finish();
    }
    scoreColumn = (c, o) => mine.get(c) ?? scoreHere(c, o);
  } else meanwhile?.();
  return permutationImportance({ columns: src.columns, nRows: src.E.rows, nRepeats, seed, score: () => score(base), scoreColumn }).importances;
}

function stack(E: Matrix, cols: readonly number[], rows: Int32Array, from: Int32Array): Matrix {
  const w = E.cols;
  const P = matrix(rows.length, w);
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a] as number;
    P.data.set(E.data.subarray(i * w, (i + 1) * w), a * w);
    const f = (from[a] as number) * w;
    for (const j of cols) P.data[a * w + j] = E.data[f + j] as number;
  }
  return P;
}

/**
 * The swapped-rows predictions of a k-nearest-neighbours model on the model inputs E (the analysis' predictRows on
 * the stacked rows: class codes, with the binary probability threshold when one is set); undefined for other models
 * or a class layout it does not cover, and beyond ColumnSwapSearch's baseline size, which then take the stacked matrix.
 */
export function knnSwappedPredict(est: Estimator, E: Matrix, nClasses: number, threshold: number | undefined): SwappedPredict | undefined {
  if (est instanceof KNeighborsRegressor) {
    const p = est.swappedRowsPredictor(E);
    return p ? (rows) => p.predict(rows) : undefined;
  }
  if (!(est instanceof KNeighborsClassifier)) return undefined;
  const p = est.swappedRowsPredictor(E);
  if (!p) return undefined;
  if (threshold === undefined || nClasses !== 2) return (rows) => p.predict(rows);
  const c = est.classes;
  if (!c || c.length !== 2 || c[0] !== 0 || c[1] !== 1) return undefined;
  return (rows) => {
    const P = p.predictProba(rows);
    return Float64Array.from({ length: P.rows }, (_, i) => ((P.data[i * 2 + 1] as number) >= threshold ? 1 : 0));
  };
}
