import type { Matrix } from '../core/matrix.js';
import type { TreeArrays } from '../tree/tree-arrays.js';
import type { ShapModel, ShapTree } from './tree-shap.js';
import type { FeatureImportance } from './types.js';

/**
 * Native importances per encoded column, and their mapping back to source columns. `encodedToSource[j]` names
 * the input column encoded column j comes from (a one-hot column → its categorical source); aggregation sums
 * the encoded columns' importances (then the total is renormalised where the method is normalised).
 */
export function toFeatureImportances(values: ArrayLike<number>, encodedNames: readonly string[], encodedToSource: readonly string[] | null, keepEncoded = false): FeatureImportance[] {
  if (values.length !== encodedNames.length) throw new RangeError(`${values.length} importances for ${encodedNames.length} encoded columns`);
  if (encodedToSource && encodedToSource.length !== encodedNames.length) throw new RangeError('encodedToSource must name one source per encoded column');
  const totals = new Map<string, number>();
  for (let j = 0; j < values.length; j++) {
    const name = keepEncoded || !encodedToSource ? (encodedNames[j] as string) : (encodedToSource[j] as string);
    totals.set(name, (totals.get(name) ?? 0) + (values[j] as number));
  }
  return [...totals].map(([feature, importance]) => ({ feature, importance, std: 0, method: 'native' }));
}

/** |coef| per encoded column; multiclass (one row of coefficients per class, row-major) the mean over classes. */
export function linearImportance(coef: Float64Array, nClassRows: number, nFeatures: number): Float64Array {
  if (coef.length !== nClassRows * nFeatures) throw new RangeError(`coef has ${coef.length} values, expected ${nClassRows}×${nFeatures}`);
  const out = new Float64Array(nFeatures);
  for (let c = 0; c < nClassRows; c++) for (let j = 0; j < nFeatures; j++) out[j] = (out[j] as number) + Math.abs(coef[c * nFeatures + j] as number) / nClassRows;
  return out;
}

/**
 * scikit-learn's impurity-based feature_importances_ of one dt/rf/et tree, recomputed from the rows it was
 * fitted on (the engine's trees keep no node statistics): per split node, w·impurity − Σ children's
 * w·impurity (gini for classification — y holds class codes — squared error for regression), summed per
 * feature and normalised to sum 1 (all zero for a single-leaf tree). `weight` is the fit's sample weight
 * (a bootstrap's counts for rf); without it every row weighs 1. `entropy` for criterion 'entropy' (log base 2 as scikit-learn).
 */
export function treeImpurityImportance(tree: TreeArrays, X: Matrix, y: Float64Array, nClasses: number | null, nFeatures: number, weight?: Float64Array, entropy = false): Float64Array {
  const n = tree.nodeCount;
  const k = nClasses ?? 0;
  const stats = k > 0 ? new Float64Array(n * k) : new Float64Array(n * 2);
  const w = new Float64Array(n);
  const { data, cols } = X;
  for (let r = 0; r < X.rows; r++) {
    const wr = weight ? (weight[r] as number) : 1;
    if (wr === 0) continue;
    const yr = y[r] as number;
    let node = 0;
    for (;;) {
      w[node]! += wr;
      if (k > 0) stats[node * k + yr]! += wr;
      else {
        stats[node * 2]! += wr * yr;
        stats[node * 2 + 1]! += wr * yr * yr;
      }
      const f = tree.feature[node] as number;
      if (f < 0) break;
      const c = tree.child[node] as number;
      node = (data[r * cols + f] as number) <= (tree.threshold[node] as number) ? c : c + 1;
    }
  }
  const impurity = (node: number): number => {
    const wn = w[node] as number;
    if (wn === 0) return 0;
    if (k > 0) {
      let s = 0;
      for (let c = 0; c < k; c++) {
        const pc = (stats[node * k + c] as number) / wn;
        s += entropy ? (pc > 0 ? -pc * Math.log2(pc) : 0) : pc * pc;
      }
      return entropy ? s : 1 - s;
    }
    const mean = (stats[node * 2] as number) / wn;
    return (stats[node * 2 + 1] as number) / wn - mean * mean;
  };
  const out = new Float64Array(nFeatures);
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i] as number;
    if (f < 0) continue;
    const c = tree.child[i] as number;
    out[f] = (out[f] as number) + (w[i] as number) * impurity(i) - (w[c] as number) * impurity(c) - (w[c + 1] as number) * impurity(c + 1);
  }
  return normalise(out);
}

function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  if (s > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / s;
  return v;
}

/** Forest importance as scikit-learn: the mean of the trees' normalised importances, normalised again. */
export function forestImpurityImportance(perTree: readonly Float64Array[], nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  for (const t of perTree) for (let j = 0; j < nFeatures; j++) out[j] = (out[j] as number) + (t[j] as number) / perTree.length;
  return normalise(out);
}

/**
 * Gain importance of the boosting models (gbc / gbr / lightgbm / ada), whose trees keep no split gains: per
 * split, the decrease in cover-weighted squared error of the tree's own output, n_L·n_R/(n_L+n_R) ·
 * ‖E_L − E_R‖² with E the cover-weighted mean output below each child (covers from the background rows, as
 * for TreeSHAP), summed over trees and normalised to sum 1.
 */
export function boostingGainImportance(model: ShapModel): Float64Array {
  const out = new Float64Array(model.nFeatures);
  for (const t of model.trees) {
    const mean = new Float64Array(t.feature.length * t.outputs);
    meanBelow(t, 0, mean);
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i] as number;
      if (f < 0) continue;
      const l = t.left[i] as number;
      const r = t.right[i] as number;
      const nl = t.cover[l] as number;
      const nr = t.cover[r] as number;
      if (nl + nr === 0) continue;
      let d2 = 0;
      for (let o = 0; o < t.outputs; o++) d2 += ((mean[l * t.outputs + o] as number) - (mean[r * t.outputs + o] as number)) ** 2;
      out[f] = (out[f] as number) + ((nl * nr) / (nl + nr)) * d2;
    }
  }
  return normalise(out);
}

function meanBelow(t: ShapTree, node: number, mean: Float64Array): void {
  const o = t.outputs;
  if ((t.feature[node] as number) < 0) {
    for (let k = 0; k < o; k++) mean[node * o + k] = t.value[node * o + k] as number;
    return;
  }
  const l = t.left[node] as number;
  const r = t.right[node] as number;
  meanBelow(t, l, mean);
  meanBelow(t, r, mean);
  const w = t.cover[node] as number;
  const fl = w > 0 ? (t.cover[l] as number) / w : 0.5;
  for (let k = 0; k < o; k++) mean[node * o + k] = fl * (mean[l * o + k] as number) + (1 - fl) * (mean[r * o + k] as number);
}
