import type { Estimator } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { additiveFromJSON, type AdditiveTrees } from '../boosting/additive.js';
import type { TreeModel as BoostingTree } from '../boosting/tree-model.js';
import type { TreeArrays } from '../tree/tree-arrays.js';
import { TreeModel as FittedTreeModel } from '../tree/tree-model.js';
import type { ShapModel, ShapTree } from './tree-shap.js';

// The engine's fitted trees keep no per-node sample counts, so the cover of every node is counted here by
// routing background rows (the train part the model was fitted on) through the tree; shap's explainer reads
// scikit-learn's weighted_n_node_samples instead (for rf, bootstrap-weighted), so expected values can differ
// from shap's by that choice while additivity and the Shapley definition hold for any cover.

interface NodeArrays {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  value: Float64Array;
}

function withCover(nodes: NodeArrays, outputs: number, outputOffset: number, background: Matrix): ShapTree {
  const n = nodes.feature.length;
  const cover = new Float64Array(n);
  const { data, cols } = background;
  for (let r = 0; r < background.rows; r++) {
    let node = 0;
    cover[0]! += 1;
    while ((nodes.feature[node] as number) >= 0) {
      const v = data[r * cols + (nodes.feature[node] as number)] as number;
      const goLeft = v !== v ? nodes.missingLeft[node] === 1 : v <= (nodes.threshold[node] as number);
      node = (goLeft ? nodes.left[node] : nodes.right[node]) as number;
      cover[node]! += 1;
    }
  }
  return { ...nodes, cover, outputs, outputOffset };
}

/** dt / rf / et tree (TreeArrays: siblings child, child + 1; a leaf's values at child * outputs), leaf values × scale. */
export function shapTreeFromTreeArrays(t: TreeArrays, scale: number, background: Matrix): ShapTree {
  const n = t.nodeCount;
  const out = t.outputs;
  const nodes: NodeArrays = {
    feature: Int32Array.from(t.feature),
    threshold: Float64Array.from(t.threshold),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    // these trees are fitted on imputed data: NaN never reaches them; send it right as `x <= t` is false
    missingLeft: new Uint8Array(n),
    value: new Float64Array(n * out),
  };
  for (let i = 0; i < n; i++) {
    const c = t.child[i] as number;
    if ((t.feature[i] as number) >= 0) {
      nodes.left[i] = c;
      nodes.right[i] = c + 1;
    } else for (let k = 0; k < out; k++) nodes.value[i * out + k] = scale * (t.values[c * out + k] as number);
  }
  return withCover(nodes, out, 0, background);
}

/**
 * Boosting tree (internal nodes 0..m-1, child < 0 = leaf ~child; no internal node = the single leaf 0) as
 * ShapTree nodes: internal nodes keep their ids, leaf l becomes node m + l; leaf values × scale into `leafOutputs`.
 */
export function shapTreeFromBoosting(t: BoostingTree, leafOutputs: (leaf: number) => ArrayLike<number>, outputs: number, outputOffset: number, background: Matrix): ShapTree {
  const m = t.feature.length;
  const nLeaves = t.leafValue.length;
  const n = m + nLeaves;
  const nodes: NodeArrays = {
    feature: new Int32Array(n).fill(-1),
    threshold: new Float64Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    missingLeft: new Uint8Array(n),
    value: new Float64Array(n * outputs),
  };
  const id = (c: number): number => (c < 0 ? m + ~c : c);
  for (let i = 0; i < m; i++) {
    nodes.feature[i] = t.feature[i] as number;
    nodes.threshold[i] = t.threshold[i] as number;
    nodes.left[i] = id(t.left[i] as number);
    nodes.right[i] = id(t.right[i] as number);
    nodes.missingLeft[i] = t.missingLeft[i] as number;
  }
  if (m === 0) {
    // the single leaf 0 is the root
    return withCover({ ...nodes, feature: new Int32Array(1).fill(-1), threshold: new Float64Array(1), left: Int32Array.of(-1), right: Int32Array.of(-1), missingLeft: new Uint8Array(1), value: Float64Array.from(leafOutputs(0)) }, outputs, outputOffset, background);
  }
  for (let l = 0; l < nLeaves; l++) nodes.value.set(leafOutputs(l), (m + l) * outputs);
  return withCover(nodes, outputs, outputOffset, background);
}

/** gbc / gbr / lightgbm: raw score j = init[j] + Σ trees[it·k + j] (the margin before sigmoid / softmax). */
export function shapModelFromAdditive(m: AdditiveTrees, background: Matrix): ShapModel {
  const trees = m.trees.map((t, i) => shapTreeFromBoosting(t, (l) => [t.leafValue[l] as number], 1, i % m.k, background));
  return { nFeatures: m.nFeatures, nOutputs: m.k, base: Float64Array.from(m.init), trees };
}

interface AdaStumpJSON {
  feature: number;
  threshold: number;
  left: number[];
  right: number[];
}

const EPS = 2.220446049250313e-16;

/**
 * ada (AdaBoostClassifier over stumps): the raw output is scikit-learn's decision_function — per class
 * Σ stump scores / Σ weights (SAMME.R: (k−1)(log p − mean log p); SAMME: the weight on the stump's argmax
 * class); binary: one output, class 1 minus class 0.
 */
export function shapModelFromAdaStumps(state: { nFeatures: number; classes: number[]; stumps: AdaStumpJSON[]; weights: number[] }, algorithm: 'SAMME.R' | 'SAMME', background: Matrix): ShapModel {
  const k = state.classes.length;
  if (k < 2) throw new RangeError('ada with one class has no decision function to explain');
  let wTotal = 0;
  for (const w of state.weights) wTotal += w;
  const nOut = k === 2 ? 1 : k;
  const leafScore = (p: number[], weight: number): number[] => {
    const v = new Array<number>(k).fill(0);
    if (algorithm === 'SAMME.R') {
      let mean = 0;
      for (let c = 0; c < k; c++) mean += Math.log(Math.max(p[c] as number, EPS)) / k;
      for (let c = 0; c < k; c++) v[c] = (k - 1) * (Math.log(Math.max(p[c] as number, EPS)) - mean);
    } else {
      let best = 0;
      for (let c = 1; c < k; c++) if ((p[c] as number) > (p[best] as number)) best = c;
      v[best] = weight;
    }
    const scaled = v.map((x) => (wTotal > 0 ? x / wTotal : x));
    return k === 2 ? [(scaled[1] as number) - (scaled[0] as number)] : scaled;
  };
  const trees = state.stumps.map((s, e) => {
    const w = state.weights[e] as number;
    const stump: BoostingTree =
      s.feature < 0
        ? { feature: new Int32Array(0), threshold: new Float64Array(0), binThreshold: new Int32Array(0), missingLeft: new Uint8Array(0), left: new Int32Array(0), right: new Int32Array(0), leafValue: new Float64Array(1) }
        : { feature: Int32Array.of(s.feature), threshold: Float64Array.of(s.threshold), binThreshold: new Int32Array(1), missingLeft: new Uint8Array(1), left: Int32Array.of(~0), right: Int32Array.of(~1), leafValue: new Float64Array(2) };
    const scores = [leafScore(s.left, w), leafScore(s.right, w)];
    return shapTreeFromBoosting(stump, (l) => scores[l] as number[], nOut, 0, background);
  });
  return { nFeatures: state.nFeatures, nOutputs: nOut, base: new Float64Array(nOut), trees };
}

/** dt / rf / et: the raw output is predictProba (classes) or predict (regression), the mean over trees. */
export function shapModelFromForest(trees: readonly TreeArrays[], nFeatures: number, background: Matrix): ShapModel {
  if (trees.length === 0) throw new RangeError('the forest has no tree');
  const outputs = (trees[0] as TreeArrays).outputs;
  const scale = 1 / trees.length;
  return { nFeatures, nOutputs: outputs, base: new Float64Array(outputs), trees: trees.map((t) => shapTreeFromTreeArrays(t, trees.length > 1 ? scale : 1, background)) };
}

/**
 * The ShapModel of a fitted engine estimator with trees, or null for a model TreeSHAP does not cover
 * (linear, knn, …, and ada.regressor, whose weighted median of trees is not additive). `background` is the
 * (preprocessed) train part, used for the node covers.
 */
export function shapModelFor(est: Estimator, background: Matrix): ShapModel | null {
  if (est instanceof FittedTreeModel) return shapModelFromForest(est.fittedTrees(), background.cols, background);
  const json = est.toJSON();
  if (json.state === null) return null;
  switch (json.type) {
    case 'gbc':
    case 'lightgbm.classifier':
      return shapModelFromAdditive(additiveFromJSON(json.type, json.state, true), background);
    case 'gbr':
    case 'lightgbm.regressor':
      return shapModelFromAdditive(additiveFromJSON(json.type, json.state, false), background);
    case 'ada.classifier':
      return shapModelFromAdaStumps(json.state as Parameters<typeof shapModelFromAdaStumps>[0], json.params.algorithm === 'SAMME' ? 'SAMME' : 'SAMME.R', background);
    default:
      return null;
  }
}
