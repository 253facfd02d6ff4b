import type { Matrix } from '../core/matrix.js';
import { buildLeafPatternTree, explainByPatterns, patternsPayOff } from './leaf-pattern-shap.js';
import { BatchedPatternPass } from './batched-pattern-shap.js';
import { batchedShapRows, linearShapRows, prepareLinearTree, quadraturePoints } from './linear-tree-shap.js';

/**
 * The minimal tree TreeSHAP needs. Nodes 0..n-1, node 0 the root. An internal node has feature[i] ≥ 0 and
 * sends x[feature] ≤ threshold[i] to left[i], a greater value to right[i], a missing one (NaN) to the left
 * when missingLeft[i] is 1 (else right). A leaf has feature[i] = −1 and its `outputs` values at
 * value[i * outputs …]. cover[i] is the (weighted) number of background rows reaching node i; parents' covers
 * are their children's sums. The tree adds its outputs to the model outputs outputOffset … outputOffset + outputs − 1.
 */
export interface ShapTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly missingLeft: Uint8Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly outputs: number;
  readonly outputOffset: number;
}

/** An additive tree model: raw output j = base[j] + Σ over trees of their outputs for j. */
export interface ShapModel {
  readonly nFeatures: number;
  readonly nOutputs: number;
  readonly base: Float64Array;
  readonly trees: readonly ShapTree[];
}

export interface ShapValues {
  rows: number;
  nFeatures: number;
  nOutputs: number;
  /** Per output: base + the cover-weighted mean leaf output of every tree. */
  expectedValue: Float64Array;
  /** values[(row * nOutputs + output) * nFeatures + feature]. */
  values: Float64Array;
}

/** Share of node's cover going to child; an uncovered node splits its weight evenly (so fractions still sum to 1). */
function fraction(cover: Float64Array, child: number, node: number): number {
  const w = cover[node] as number;
  return w > 0 ? (cover[child] as number) / w : 0.5;
}

/** Cover-weighted mean output of a tree (the value with every feature unknown), added into out. */
function addExpectedValue(t: ShapTree, node: number, weight: number, out: Float64Array): void {
  if ((t.feature[node] as number) < 0) {
    for (let k = 0; k < t.outputs; k++) out[t.outputOffset + k] = (out[t.outputOffset + k] as number) + weight * (t.value[node * t.outputs + k] as number);
    return;
  }
  const l = t.left[node] as number;
  const r = t.right[node] as number;
  addExpectedValue(t, l, weight * fraction(t.cover, l, node), out);
  addExpectedValue(t, r, weight * fraction(t.cover, r, node), out);
}

export function expectedValue(model: ShapModel): Float64Array {
  const out = Float64Array.from(model.base);
  for (const t of model.trees) addExpectedValue(t, 0, 1, out);
  return out;
}

function treeDepth(t: ShapTree, node = 0): number {
  if ((t.feature[node] as number) < 0) return 0;
  return 1 + Math.max(treeDepth(t, t.left[node] as number), treeDepth(t, t.right[node] as number));
}

/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2): one recursion over the tree per row keeping the
 * path of unique features with, per element, the share of the background going that way ("zero" fraction),
 * whether the row goes that way ("one" fraction) and the permutation weights. The path of each recursion
 * level is a copy of its parent's, stored in the next slice of flat arrays (depth + 1 slices).
 */
class PathExplainer {
  private readonly feat: Int32Array;
  private readonly zero: Float64Array;
  private readonly one: Float64Array;
  private readonly pw: Float64Array;
  private tree!: ShapTree;
  private x!: Float64Array;
  private xBase = 0;
  private phi!: Float64Array;
  private phiBase = 0;
  private nFeatures = 0;
  private nOutputs = 0;

  constructor(maxDepth: number) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.feat = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.pw = new Float64Array(size);
  }

  explain(tree: ShapTree, x: Float64Array, xBase: number, phi: Float64Array, phiBase: number, nFeatures: number, nOutputs: number): void {
    this.tree = tree;
    this.x = x;
    this.xBase = xBase;
    this.phi = phi;
    this.phiBase = phiBase;
    this.nFeatures = nFeatures;
    this.nOutputs = nOutputs;
    this.recurse(0, 0, 0, 0, 1, 1, -1);
  }

  private extend(p: number, depth: number, zeroFraction: number, oneFraction: number, feature: number): void {
    const { feat, zero, one, pw } = this;
    feat[p + depth] = feature;
    zero[p + depth] = zeroFraction;
    one[p + depth] = oneFraction;
    pw[p + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pw[p + i + 1] = (pw[p + i + 1] as number) + (oneFraction * (pw[p + i] as number) * (i + 1)) / (depth + 1);
      pw[p + i] = (zeroFraction * (pw[p + i] as number) * (depth - i)) / (depth + 1);
    }
  }

  private unwind(p: number, depth: number, index: number): void {
    const { feat, zero, one, pw } = this;
    const oneFraction = one[p + index] as number;
    const zeroFraction = zero[p + index] as number;
    let nextOne = pw[p + depth] as number;
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const tmp = pw[p + i] as number;
        pw[p + i] = (nextOne * (depth + 1)) / ((i + 1) * oneFraction);
        nextOne = tmp - ((pw[p + i] as number) * zeroFraction * (depth - i)) / (depth + 1);
      } else {
        pw[p + i] = ((pw[p + i] as number) * (depth + 1)) / (zeroFraction * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      feat[p + i] = feat[p + i + 1] as number;
      zero[p + i] = zero[p + i + 1] as number;
      one[p + i] = one[p + i + 1] as number;
    }
  }

  private unwoundSum(p: number, depth: number, index: number): number {
    const { zero, one, pw } = this;
    const oneFraction = one[p + index] as number;
    const zeroFraction = zero[p + index] as number;
    let nextOne = pw[p + depth] as number;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (oneFraction !== 0) {
        const tmp = (nextOne * (depth + 1)) / ((i + 1) * oneFraction);
        total += tmp;
        nextOne = (pw[p + i] as number) - tmp * zeroFraction * ((depth - i) / (depth + 1));
      } else if (zeroFraction !== 0) {
        total += (pw[p + i] as number) / zeroFraction / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  /** parentP: start of the parent's path slice; this level's slice starts after it (depth + 1 entries). */
  private recurse(node: number, parentP: number, depth: number, level: number, zeroFraction: number, oneFraction: number, feature: number): void {
    const { feat, zero, one, pw, tree } = this;
    const p = parentP + level;
    // element-wise copies: copyWithin's call overhead dominates on paths this short
    if (level > 0)
      for (let i = 0; i < depth; i++) {
        feat[p + i] = feat[parentP + i] as number;
        zero[p + i] = zero[parentP + i] as number;
        one[p + i] = one[parentP + i] as number;
        pw[p + i] = pw[parentP + i] as number;
      }
    this.extend(p, depth, zeroFraction, oneFraction, feature);
    const split = tree.feature[node] as number;
    if (split < 0) {
      const outs = tree.outputs;
      const vBase = node * outs;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(p, depth, i) * ((one[p + i] as number) - (zero[p + i] as number));
        const o = this.phiBase + (feat[p + i] as number);
        for (let k = 0; k < outs; k++) {
          const at = o + (tree.outputOffset + k) * this.nFeatures;
          this.phi[at] = (this.phi[at] as number) + w * (tree.value[vBase + k] as number);
        }
      }
      return;
    }
    const v = this.x[this.xBase + split] as number;
    const goLeft = v !== v ? tree.missingLeft[node] === 1 : v <= (tree.threshold[node] as number);
    const hot = (goLeft ? tree.left[node] : tree.right[node]) as number;
    const cold = (goLeft ? tree.right[node] : tree.left[node]) as number;
    const hotZero = fraction(tree.cover, hot, node);
    const coldZero = fraction(tree.cover, cold, node);
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    let index = 0;
    for (; index <= d; index++) if (feat[p + index] === split) break;
    if (index !== d + 1) {
      inZero = zero[p + index] as number;
      inOne = one[p + index] as number;
      this.unwind(p, d, index);
      d -= 1;
    }
    this.recurse(hot, p, d + 1, d + 1, hotZero * inZero, inOne, split);
    // a cold branch no background row reaches adds exactly 0 (all its path weights are 0)
    if (coldZero * inZero !== 0) this.recurse(cold, p, d + 1, d + 1, coldZero * inZero, 0, split);
  }
}

export type TreeShapAlgorithm = 'path' | 'patterns' | 'linear' | 'batched' | 'auto';

/**
 * Exact SHAP values of every row of X (rows × nFeatures, row-major) for every model output. algorithm 'path'
 * forces Algorithm 2's recursion, 'linear' the quadrature pass row by row and 'batched' over batches of rows
 * (linear-tree-shap.ts), 'patterns' precomputed leaf patterns where a tree's fit their budget
 * (leaf-pattern-shap.ts; else the linear pass); 'auto' (the default) takes patterns for a tree where they cost
 * less than the linear pass would, else the linear pass (batched from 16 rows). All give the same values up to
 * float rounding; probability trees go through withoutLastOutput first (not 'path').
 */
export function treeShap(model: ShapModel, X: Matrix, options: { algorithm?: TreeShapAlgorithm } = {}): ShapValues {
  if (X.cols !== model.nFeatures) throw new RangeError(`X has ${X.cols} columns, the model ${model.nFeatures}`);
  const algorithm = options.algorithm ?? 'auto';
  const { nFeatures, nOutputs } = model;
  const reduced = algorithm === 'path' ? null : withoutLastOutput(model);
  if (reduced) {
    // probability trees: the outputs' SHAP values sum to 0 per feature, so the last is minus the others' sum
    const s = treeShap(reduced, X, options);
    const values = new Float64Array(X.rows * nOutputs * nFeatures);
    const k = nOutputs - 1;
    for (let r = 0; r < X.rows; r++)
      for (let f = 0; f < nFeatures; f++) {
        let sum = 0;
        for (let o = 0; o < k; o++) {
          const v = s.values[(r * k + o) * nFeatures + f] as number;
          values[(r * nOutputs + o) * nFeatures + f] = v;
          sum += v;
        }
        values[(r * nOutputs + k) * nFeatures + f] = -sum;
      }
    return { rows: X.rows, nFeatures, nOutputs, expectedValue: expectedValue(model), values };
  }
  const values = new Float64Array(X.rows * nOutputs * nFeatures);
  const stride = nOutputs * nFeatures;
  if (algorithm === 'path') {
    let maxDepth = 0;
    for (const t of model.trees) maxDepth = Math.max(maxDepth, treeDepth(t));
    const explainer = new PathExplainer(maxDepth);
    for (const t of model.trees) for (let r = 0; r < X.rows; r++) explainer.explain(t, X.data, r * X.cols, values, r * stride, nFeatures, nOutputs);
    return { rows: X.rows, nFeatures, nOutputs, expectedValue: expectedValue(model), values };
  }
  let Xc: Float64Array | null = null;
  const columnMajor = (): Float64Array => {
    if (!Xc) {
      Xc = new Float64Array(X.rows * X.cols);
      for (let r = 0; r < X.rows; r++) for (let j = 0; j < X.cols; j++) Xc[j * X.rows + r] = X.data[r * X.cols + j] as number;
    }
    return Xc;
  };
  model.trees.forEach((t) => {
    const m = quadraturePoints(t);
    const patterns = algorithm === 'linear' || algorithm === 'batched' ? null : algorithm === 'patterns' || patternsPayOff(t, m, X.rows) ? buildLeafPatternTree(t) : null;
    if (patterns) {
      if (X.rows < 16) for (let r = 0; r < X.rows; r++) explainByPatterns(patterns, X.data, r * X.cols, values, r * stride, nFeatures);
      else new BatchedPatternPass(patterns, columnMajor(), X.rows, values, stride, nFeatures).explain(0, X.rows);
      return;
    }
    const lt = prepareLinearTree(t, m);
    // one row at a time for few rows; batches of rows otherwise
    if (algorithm === 'linear' || (algorithm !== 'batched' && X.rows < 16)) linearShapRows(lt, X.data, X.cols, 0, X.rows, values, stride, nFeatures);
    else batchedShapRows(lt, X.data, X.cols, 0, X.rows, values, stride, nFeatures);
  });
  return { rows: X.rows, nFeatures, nOutputs, expectedValue: expectedValue(model), values };
}

/**
 * The model without its last output when every tree gives every output (offset 0, two or more outputs) and each
 * tree's leaves sum their outputs to one constant (probability trees, up to 1e-12): the summed output is then
 * constant, its SHAP values 0, so the last output's are minus the sum of the others'. Null otherwise.
 */
function withoutLastOutput(model: ShapModel): ShapModel | null {
  const k = model.nOutputs;
  if (k < 2 || model.trees.length === 0) return null;
  for (const t of model.trees) {
    if (t.outputs !== k || t.outputOffset !== 0) return null;
    let c = NaN;
    for (let i = 0; i < t.feature.length; i++) {
      if ((t.feature[i] as number) >= 0) continue;
      let sum = 0;
      for (let o = 0; o < k; o++) sum += t.value[i * k + o] as number;
      if (c !== c) c = sum;
      else if (Math.abs(sum - c) > 1e-12 * Math.max(1, Math.abs(c))) return null;
    }
  }
  const trees = model.trees.map((t): ShapTree => {
    const n = t.feature.length;
    const value = new Float64Array(n * (k - 1));
    for (let i = 0; i < n; i++) for (let o = 0; o < k - 1; o++) value[i * (k - 1) + o] = t.value[i * k + o] as number;
    return { ...t, value, outputs: k - 1 };
  });
  return { nFeatures: model.nFeatures, nOutputs: k - 1, base: model.base.subarray(0, k - 1), trees };
}

/** Raw model output of one row (base + the reached leaves), for additivity checks and brute force. */
export function modelOutput(model: ShapModel, x: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(model.base);
  for (const t of model.trees) {
    let node = 0;
    while ((t.feature[node] as number) >= 0) {
      const v = x[t.feature[node] as number] as number;
      const goLeft = v !== v ? t.missingLeft[node] === 1 : v <= (t.threshold[node] as number);
      node = (goLeft ? t.left[node] : t.right[node]) as number;
    }
    for (let k = 0; k < t.outputs; k++) out[t.outputOffset + k] = (out[t.outputOffset + k] as number) + (t.value[node * t.outputs + k] as number);
  }
  return out;
}

/** mean |SHAP| per feature and output: out[output * nFeatures + feature]. */
export function meanAbsShap(s: ShapValues): Float64Array {
  const out = new Float64Array(s.nOutputs * s.nFeatures);
  const stride = s.nOutputs * s.nFeatures;
  for (let r = 0; r < s.rows; r++) for (let j = 0; j < stride; j++) out[j] = (out[j] as number) + Math.abs(s.values[r * stride + j] as number);
  if (s.rows > 0) for (let j = 0; j < stride; j++) out[j] = (out[j] as number) / s.rows;
  return out;
}
