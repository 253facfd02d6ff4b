import type { ShapTree } from './tree-shap.js';

/**
 * TreeSHAP by leaf patterns (the precomputation idea of Yang's Fast TreeSHAP v2, applied to Algorithm 2's
 * path weights). A leaf's contribution depends on the row only through which of the leaf's path features
 * the row satisfies (each unique feature's conditions merge into one interval, its background fractions
 * into one product), so the weights of every satisfied/unsatisfied pattern are computed once per leaf;
 * explaining a row then costs, per leaf, one interval test and one addition per path feature instead of
 * Algorithm 2's depth² work. Used where patterns stay small (see fitsPatternBudget).
 */
export interface LeafPatternTree {
  readonly tree: ShapTree;
  readonly leafNode: Int32Array;
  /** Path features of leaf l: elements elemStart[l] … elemStart[l + 1] − 1. */
  readonly elemStart: Int32Array;
  readonly elemFeature: Int32Array;
  /** A value v satisfies the element when lo < v ≤ hi, a NaN when nanOk is 1. */
  readonly elemLo: Float64Array;
  readonly elemHi: Float64Array;
  readonly elemNanOk: Uint8Array;
  /** weights[weightStart[l] + pattern · d + i]: (one − zero) · unwound path sum of element i under `pattern`. */
  readonly weightStart: Int32Array;
  readonly weights: Float64Array;
}

interface PathElement {
  feature: number;
  zero: number;
  lo: number;
  hi: number;
  nanOk: boolean;
}

function fraction(cover: Float64Array, child: number, node: number): number {
  const w = cover[node] as number;
  return w > 0 ? (cover[child] as number) / w : 0.5;
}

/** Leaves and their merged path elements (features in first-appearance order). */
function leafPaths(t: ShapTree): { leaf: number; path: PathElement[] }[] {
  const out: { leaf: number; path: PathElement[] }[] = [];
  const walk = (node: number, path: PathElement[]): void => {
    const f = t.feature[node] as number;
    if (f < 0) {
      out.push({ leaf: node, path });
      return;
    }
    const thr = t.threshold[node] as number;
    const nanLeft = t.missingLeft[node] === 1;
    for (const goLeft of [true, false]) {
      const child = (goLeft ? t.left[node] : t.right[node]) as number;
      const z = fraction(t.cover, child, node);
      const next = path.map((e) => ({ ...e }));
      let e = next.find((x) => x.feature === f);
      if (!e) {
        e = { feature: f, zero: 1, lo: -Infinity, hi: Infinity, nanOk: true };
        next.push(e);
      }
      e.zero *= z;
      if (goLeft) e.hi = Math.min(e.hi, thr);
      else e.lo = Math.max(e.lo, thr);
      e.nanOk = e.nanOk && nanLeft === goLeft;
      walk(child, next);
    }
  };
  walk(0, []);
  return out;
}

/** Weights of all 2^d patterns of one leaf (Algorithm 2's extend over the merged path, then unwound sums). */
function patternWeights(zero: number[], out: Float64Array, at: number): void {
  const d = zero.length;
  const pw = new Float64Array(d + 1);
  const one = new Float64Array(d + 1);
  const z = new Float64Array(d + 1);
  for (let pattern = 0; pattern < 1 << d; pattern++) {
    // element 0 is the root's placeholder (zero = one = 1), elements 1..d the path features
    pw.fill(0);
    pw[0] = 1;
    z[0] = 1;
    one[0] = 1;
    for (let j = 1; j <= d; j++) {
      const zf = zero[j - 1] as number;
      const of = pattern & (1 << (j - 1)) ? 1 : 0;
      z[j] = zf;
      one[j] = of;
      pw[j] = 0;
      for (let i = j - 1; i >= 0; i--) {
        pw[i + 1] = (pw[i + 1] as number) + (of * (pw[i] as number) * (i + 1)) / (j + 1);
        pw[i] = (zf * (pw[i] as number) * (j - i)) / (j + 1);
      }
    }
    for (let e = 1; e <= d; e++) {
      const of = one[e] as number;
      const zf = z[e] as number;
      let nextOne = pw[d] as number;
      let total = 0;
      for (let i = d - 1; i >= 0; i--) {
        if (of !== 0) {
          const tmp = (nextOne * (d + 1)) / ((i + 1) * of);
          total += tmp;
          nextOne = (pw[i] as number) - tmp * zf * ((d - i) / (d + 1));
        } else if (zf !== 0) {
          total += (pw[i] as number) / zf / ((d - i) / (d + 1));
        }
      }
      out[at + pattern * d + (e - 1)] = total * (of - zf);
    }
  }
}

/** Weight entries a tree needs (Σ over leaves of 2^d · d); trees above the budget use the path algorithm. */
export const PATTERN_WEIGHT_BUDGET = 1 << 20;

export function buildLeafPatternTree(t: ShapTree, budget = PATTERN_WEIGHT_BUDGET): LeafPatternTree | null {
  const leaves = leafPaths(t);
  let size = 0;
  let elems = 0;
  for (const { path } of leaves) {
    if (path.length > 20) return null;
    size += (1 << path.length) * path.length;
    elems += path.length;
    if (size > budget) return null;
  }
  const n = leaves.length;
  const lp: LeafPatternTree = {
    tree: t,
    leafNode: new Int32Array(n),
    elemStart: new Int32Array(n + 1),
    elemFeature: new Int32Array(elems),
    elemLo: new Float64Array(elems),
    elemHi: new Float64Array(elems),
    elemNanOk: new Uint8Array(elems),
    weightStart: new Int32Array(n),
    weights: new Float64Array(size),
  };
  let e = 0;
  let w = 0;
  leaves.forEach(({ leaf, path }, l) => {
    lp.leafNode[l] = leaf;
    lp.elemStart[l] = e;
    lp.weightStart[l] = w;
    for (const el of path) {
      lp.elemFeature[e] = el.feature;
      lp.elemLo[e] = el.lo;
      lp.elemHi[e] = el.hi;
      lp.elemNanOk[e] = el.nanOk ? 1 : 0;
      e++;
    }
    patternWeights(path.map((p) => p.zero), lp.weights, w);
    w += (1 << path.length) * path.length;
  });
  lp.elemStart[n] = e;
  return lp;
}

/** Adds the tree's SHAP values of the row at x[xBase …] into phi[phiBase + output · nFeatures + feature]. */
export function explainByPatterns(lp: LeafPatternTree, x: Float64Array, xBase: number, phi: Float64Array, phiBase: number, nFeatures: number): void {
  const t = lp.tree;
  const outs = t.outputs;
  const n = lp.leafNode.length;
  for (let l = 0; l < n; l++) {
    const start = lp.elemStart[l] as number;
    const d = (lp.elemStart[l + 1] as number) - start;
    let pattern = 0;
    for (let i = 0; i < d; i++) {
      const v = x[xBase + (lp.elemFeature[start + i] as number)] as number;
      const ok = v !== v ? lp.elemNanOk[start + i] === 1 : v > (lp.elemLo[start + i] as number) && v <= (lp.elemHi[start + i] as number);
      if (ok) pattern |= 1 << i;
    }
    const wBase = (lp.weightStart[l] as number) + pattern * d;
    const vBase = (lp.leafNode[l] as number) * outs;
    for (let i = 0; i < d; i++) {
      const w = lp.weights[wBase + i] as number;
      if (w === 0) continue;
      const f = lp.elemFeature[start + i] as number;
      for (let k = 0; k < outs; k++) {
        const at = phiBase + (t.outputOffset + k) * nFeatures + f;
        phi[at] = (phi[at] as number) + w * (t.value[vBase + k] as number);
      }
    }
  }
}

/**
 * Whether precomputing the tree's leaf patterns (Σ leaves 2^d · d² work, within PATTERN_WEIGHT_BUDGET) and then
 * explaining `rows` rows by them costs less than the batched linear pass with m quadrature points (nodes · m ·
 * (1 + outputs) units per row). Pattern units per row and leaf path element: `outputs` in the batched pattern pass
 * (16 rows and more), 5 row by row. Calibrated on 100-tree rf of depth 6 on 10k × 20 (the batched pattern pass
 * ~0.45 of the batched linear pass there, patternWeights ~1 unit per d² step).
 */
export function patternsPayOff(t: ShapTree, m: number, rows: number): boolean {
  let pre = 0;
  let perRow = 0;
  let size = 0;
  const unit = rows < 16 ? 5 : t.outputs;
  const walk = (node: number, depth: number): boolean => {
    if ((t.feature[node] as number) < 0) {
      size += (1 << depth) * depth;
      pre += (1 << depth) * depth * depth;
      perRow += unit * depth;
      return depth <= 20 && size <= PATTERN_WEIGHT_BUDGET;
    }
    return walk(t.left[node] as number, depth + 1) && walk(t.right[node] as number, depth + 1);
  };
  // depth counts every split, an upper bound of the leaf's unique features
  if (!walk(0, 0)) return false;
  const linearRow = t.feature.length * m * (1 + t.outputs);
  return pre + rows * perRow < rows * linearRow;
}
