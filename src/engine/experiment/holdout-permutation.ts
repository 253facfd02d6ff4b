import type { FeatureImportance } from '../types.js';
import { permutationImportance } from '../analysis/index.js';
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
 * Permutation importance per input column with batched predictions: per column, the rows of all repeats whose
 * permuted values differ from their own are stacked into one matrix and predicted in one call; a row whose
 * values the permutation leaves as they were keeps its baseline prediction (predictions are row by row, so
 * this is the value predicting every permuted row would give). `score` maps a full prediction vector to the
 * score (higher is better).
 */
export function holdoutPermutationImportance(src: PermutationSource, nRepeats: number, seed: number, predict: (X: Matrix) => Float64Array, score: (predicted: Float64Array) => number): FeatureImportance[] {
  const { E, blocks } = src;
  const n = E.rows;
  const w = E.cols;
  const base = predict(src.toModel(E));
  const scoreColumn = (c: number, orders: readonly Int32Array[]): number[] => {
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
  };
  return permutationImportance({ columns: src.columns, nRows: n, nRepeats, seed, score: () => score(base), scoreColumn }).importances;
}
