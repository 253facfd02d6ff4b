// PyCaret's feature_selection_method="classic": SelectFromModel(LGBM, threshold=-inf, max_features=k), so the k
// model inputs a LightGBM uses most often ("split" importance, LightGBM's default importance_type) are kept.
import type { Matrix } from '../core/matrix.js';
import { LightGbmClassifier, LightGbmRegressor } from '../boosting/lightgbm.js';
import type { StepTarget } from './matrix-steps.js';

/** Times each column is split on over the fitted trees of a LightGBM state (trees[].feature lists the internal nodes). */
export function splitCounts(state: unknown, width: number): Float64Array {
  const counts = new Float64Array(width);
  const trees = (state as { trees?: Array<{ feature?: number[] }> } | null)?.trees ?? [];
  for (const t of trees) for (const f of t.feature ?? []) if (f >= 0 && f < width) counts[f]!++;
  return counts;
}

/** The k columns of X with the highest split counts (ties: the earlier column, numpy's stable argsort), ascending. */
export function importanceKeep(X: Matrix, target: StepTarget, k: number, seed: number): number[] {
  const model = target.classes > 0 ? new LightGbmClassifier({ randomState: seed }) : new LightGbmRegressor({ randomState: seed });
  model.fit(X, target.y);
  const scores = splitCounts(model.toJSON().state, X.cols);
  return Array.from(scores.keys())
    .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
    .slice(0, Math.min(k, X.cols))
    .sort((a, b) => a - b);
}
