import type { FeatureImportance, TaskType } from '../types.js';
import type { EstimatorJSON } from '../core/estimator.js';
import type { ModelRegistry } from '../models/registry.js';
import type { TargetTransformJSON } from '../preprocessing/target-transform.js';
import { permutationImportance, permutationRowOrders } from '../analysis/index.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { NumpyRandomState } from '../selection/numpy-random.js';

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
 * The scores of input column c under every row order: the rows of all repeats whose permuted values differ from
 * their own are stacked into one matrix and predicted in one call; a row whose values the permutation leaves as
 * they were keeps its baseline prediction (predictions are row by row, so this is the value predicting every
 * permuted row would give).
 */
export function permutedColumnScores(src: PermutationSource, c: number, orders: readonly Int32Array[], base: Float64Array, predict: (X: Matrix) => Float64Array, score: (predicted: Float64Array) => number): number[] {
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
  const P = matrix(total, w);
  let at = 0;
  orders.forEach((order, r) => {
    for (const i of changed[r] as Int32Array) {
      P.data.set(E.data.subarray(i * w, (i + 1) * w), at * w);
      const from = (order[i] as number) * w;
      for (const j of cols) P.data[at * w + j] = E.data[from + j] as number;
      at++;
    }
  });
  const predicted = total > 0 ? predict(src.toModel(P)) : new Float64Array(0);
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
 * Permutation importance per input column with batched predictions (permutedColumnScores). `score` maps a full
 * prediction vector to the score (higher is better). With a helper, columns are scored on two threads, and
 * `meanwhile` (other work of the caller, run once either way) runs while the helper has them all to itself.
 */
export function holdoutPermutationImportance(src: PermutationSource, nRepeats: number, seed: number, predict: (X: Matrix) => Float64Array, score: (predicted: Float64Array) => number, helperFactory?: ColumnHelperFactory, meanwhile?: () => void): FeatureImportance[] {
  const t0 = performance.now();
  const base = predict(src.toModel(src.E));
  const baseMs = performance.now() - t0;
  const scoreHere = (c: number, orders: readonly Int32Array[]): number[] => permutedColumnScores(src, c, orders, base, predict, score);
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
