import { matrix, type Matrix } from '../core/matrix.js';
import { badPipeline, readInt, readNumbers, readObject } from './common.js';
import { probaFromScores } from '../core/classes.js';
import { addTreePrediction, treeFromJSON, treeToJSON, type BoostedTree } from './boosted-tree.js';

/**
 * A fitted additive tree model: raw score of output j = init[j] + the sum of trees[it * k + j]
 * (leaf values already scaled by the learning rate). Shared by the gradient-boosting models.
 */
export interface AdditiveTrees {
  nFeatures: number;
  k: number;
  init: Float64Array;
  trees: BoostedTree[];
  /** Classifier labels (sorted), null for regression. */
  classes: Float64Array | null;
}

/** rows x k raw scores. */
export function rawScores(m: AdditiveTrees, X: Matrix): Float64Array {
  const k = m.k;
  const out = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < k; j++) out[i * k + j] = m.init[j] as number;
  m.trees.forEach((t, i) => addTreePrediction(t, X, out, 1, k, i % k));
  return out;
}

/** Class probabilities from raw scores: sigmoid for one output (binary), softmax otherwise; a single class gets 1. */
export function probabilities(m: AdditiveTrees, X: Matrix): Matrix {
  const nc = m.classes ? m.classes.length : 0;
  if (nc <= 1) return matrix(X.rows, 1, new Float64Array(X.rows).fill(1));
  return probaFromScores(matrix(X.rows, m.k, rawScores(m, X)), nc);
}

export function additiveToJSON(m: AdditiveTrees): Record<string, unknown> {
  return {
    nFeatures: m.nFeatures,
    k: m.k,
    init: Array.from(m.init),
    classes: m.classes ? Array.from(m.classes) : null,
    trees: m.trees.map(treeToJSON),
  };
}

/** Parses additiveToJSON output; BAD_PIPELINE on any inconsistency. */
export function additiveFromJSON(model: string, raw: unknown, classifier: boolean): AdditiveTrees {
  const o = readObject(model, raw, 'state');
  const nFeatures = readInt(model, o, 'nFeatures', 1);
  const k = readInt(model, o, 'k', 0);
  const init = readNumbers(model, o, 'init');
  if (init.length !== k) badPipeline(model, 'init length');
  let classes: Float64Array | null = null;
  if (classifier) {
    classes = readNumbers(model, o, 'classes');
    const nc = classes.length;
    if (nc < 1 || k !== (nc === 1 ? 0 : nc === 2 ? 1 : nc)) badPipeline(model, 'classes do not match the trees');
  } else if (k !== 1) badPipeline(model, 'k must be 1');
  if (!Array.isArray(o.trees) || (k === 0 ? o.trees.length !== 0 : o.trees.length % k !== 0)) badPipeline(model, 'trees');
  const trees = (o.trees as unknown[]).map((t) => treeFromJSON(t, nFeatures) ?? badPipeline(model, 'a tree is malformed'));
  return { nFeatures, k, init, trees, classes };
}
