import { npMean, npStd } from '../metrics/numpy-math.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import type { FeatureImportance } from './types.js';

/**
 * Score (higher is better) of the fitted pipeline on the holdout where raw input column `column` is replaced
 * by its values taken at `rowOrder` (row i gets the value of row rowOrder[i]); `column` null (and rowOrder
 * null) asks for the unpermuted baseline. Working on raw columns aggregates one-hot columns to their source.
 */
export type PermutedScore = (column: number | null, rowOrder: Int32Array | null) => number;

/** The scores of every repeat of one column at once (rowOrders as permutationRowOrders gives them), so a caller can batch its predictions. */
export type PermutedColumnScores = (column: number, rowOrders: readonly Int32Array[]) => number[];

export interface PermutationImportanceInput {
  /** Raw input column names, in the order `score` indexes them. */
  columns: readonly string[];
  nRows: number;
  nRepeats: number;
  seed: number;
  score: PermutedScore;
  /** When given, the permuted scores come from it (score gives only the baseline); same values as score per order. */
  scoreColumn?: PermutedColumnScores;
}

export interface PermutationImportanceResult {
  importances: FeatureImportance[];
  /** importances[column][repeat] = baseline − permuted score (as scikit-learn's `importances`). */
  perRepeat: number[][];
  baseline: number;
}

/**
 * The row orders sklearn.inspection.permutation_importance(random_state=seed) applies to every column: a
 * RandomState(seed) draws one randint(2³¹) seed; per column a fresh RandomState of that seed shuffles one
 * index array in place nRepeats times, and each repeat permutes the already-permuted column again.
 */
export function permutationRowOrders(nRows: number, nRepeats: number, seed: number): Int32Array[] {
  if (!Number.isInteger(nRows) || nRows < 1) throw new RangeError(`nRows must be a positive integer (got ${nRows})`);
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new RangeError(`nRepeats must be a positive integer (got ${nRepeats})`);
  const columnSeed = new NumpyRandomState(seed).randint(0, 2 ** 31);
  const rs = new NumpyRandomState(columnSeed);
  const shuffling = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) shuffling[i] = i;
  let order = Int32Array.from(shuffling);
  const orders: Int32Array[] = [];
  for (let r = 0; r < nRepeats; r++) {
    rs.shuffle(shuffling);
    const next = new Int32Array(nRows);
    for (let i = 0; i < nRows; i++) next[i] = order[shuffling[i] as number] as number;
    order = next;
    orders.push(next);
  }
  return orders;
}

/** Permutation importance per raw column: mean and (population) std over repeats of baseline − permuted score. */
export function permutationImportance(input: PermutationImportanceInput): PermutationImportanceResult {
  const { columns, nRows, nRepeats, seed, score } = input;
  if (columns.length === 0) throw new RangeError('columns is empty');
  const orders = permutationRowOrders(nRows, nRepeats, seed);
  const baseline = score(null, null);
  if (!Number.isFinite(baseline)) throw new RangeError('the baseline score is not finite');
  const scoreColumn = input.scoreColumn;
  const perRepeat = columns.map((_, c) => {
    if (!scoreColumn) return orders.map((o) => baseline - score(c, o));
    const scores = scoreColumn(c, orders);
    if (scores.length !== orders.length) throw new RangeError(`scoreColumn gave ${scores.length} scores for ${orders.length} repeats`);
    return scores.map((v) => baseline - v);
  });
  const importances = columns.map((feature, c) => {
    const v = perRepeat[c] as number[];
    return { feature, importance: npMean(v), std: npStd(v), method: 'permutation' };
  });
  return { importances, perRepeat, baseline };
}
