import { matrix, takeRows, type Matrix } from '../core/matrix.js';
import { NumpyRandomState } from '../selection/numpy-random.js';
import { treeShap, type ShapModel, type ShapValues, type TreeShapAlgorithm } from './tree-shap.js';
import type { FeatureImportance } from './types.js';

/** Rows explained for the summary: all up to this many, else a seeded sample (TreeSHAP costs trees × leaves × depth² per row). */
export const MAX_SHAP_SUMMARY_ROWS = 1000;

/**
 * SHAP summary (mean |SHAP| per feature, method "shap"): the SHAP values of the encoded columns mapping to
 * one source column are summed per row first (SHAP values are additive), then |·| is averaged over rows and,
 * for several outputs (multiclass), over outputs. Above `maxRows` rows, `maxRows` rows drawn by
 * RandomState(seed).permutation are explained.
 */
export function shapSummary(model: ShapModel, X: Matrix, encodedNames: readonly string[], encodedToSource: readonly string[] | null, seed: number, maxRows = MAX_SHAP_SUMMARY_ROWS, algorithm: TreeShapAlgorithm = 'auto'): FeatureImportance[] {
  return shapSummaryOf(explainSample(model, X, encodedNames, seed, maxRows, algorithm), encodedToSource ?? encodedNames);
}

/** Both summaries (per source column and per encoded column) from one TreeSHAP pass over the same sample. */
export function shapSummaries(model: ShapModel, X: Matrix, encodedNames: readonly string[], encodedToSource: readonly string[], seed: number, maxRows = MAX_SHAP_SUMMARY_ROWS, algorithm: TreeShapAlgorithm = 'auto'): { bySource: FeatureImportance[]; byEncoded: FeatureImportance[] } {
  const s = explainSample(model, X, encodedNames, seed, maxRows, algorithm);
  return { bySource: shapSummaryOf(s, encodedToSource), byEncoded: shapSummaryOf(s, encodedNames) };
}

function explainSample(model: ShapModel, X: Matrix, encodedNames: readonly string[], seed: number, maxRows: number, algorithm: TreeShapAlgorithm): ShapValues {
  if (encodedNames.length !== model.nFeatures) throw new RangeError(`${encodedNames.length} names for ${model.nFeatures} features`);
  const rows = X.rows <= maxRows ? X : takeRows(X, Array.from(new NumpyRandomState(seed).permutation(X.rows).subarray(0, maxRows)).sort((a, b) => a - b));
  return treeShap(model, rows.rows === 0 ? matrix(0, X.cols) : rows, { algorithm });
}

/** names[f]: the group feature f's SHAP values are summed into per row. */
function shapSummaryOf(s: ShapValues, names: readonly string[]): FeatureImportance[] {
  const groups = [...new Set(names)];
  const index = new Map(groups.map((g, i) => [g, i]));
  const groupOf = names.map((nm) => index.get(nm) as number);
  const totals = new Float64Array(groups.length);
  const perRow = new Float64Array(groups.length);
  for (let r = 0; r < s.rows; r++)
    for (let o = 0; o < s.nOutputs; o++) {
      perRow.fill(0);
      const base = (r * s.nOutputs + o) * s.nFeatures;
      for (let f = 0; f < s.nFeatures; f++) perRow[groupOf[f] as number]! += s.values[base + f] as number;
      for (let g = 0; g < groups.length; g++) totals[g]! += Math.abs(perRow[g] as number);
    }
  const denominator = Math.max(1, s.rows * s.nOutputs);
  return groups.map((feature, g) => ({ feature, importance: (totals[g] as number) / denominator, std: 0, method: 'shap' }));
}
