import type { Matrix } from '../core/matrix.js';
import type { BinnedMatrix } from '../binning/slot-bins.js';

/**
 * A fitted regression tree of the boosting models, as flat arrays. Internal node i tests
 * feature[i]: a value <= threshold[i] goes to left[i], a greater one to right[i], a missing one
 * (NaN) to the left when missingLeft[i] is 1. A child >= 0 is an internal node, a child < 0 is the
 * leaf ~child. A tree without internal nodes is the single leaf 0.
 */
export interface BoostedTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Same test on binned data: bin <= binThreshold goes left (training-time only, not serialised). */
  readonly binThreshold: Int32Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly leafValue: Float64Array;
}

export interface TreeJSON {
  feature: number[];
  threshold: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  leafValue: number[];
}

/** Leaf index reached by row `row` of a row-major matrix. */
export function leafOfRow(t: BoostedTree, data: Float64Array, cols: number, row: number): number {
  if (t.feature.length === 0) return 0;
  let node = 0;
  const base = row * cols;
  for (;;) {
    const v = data[base + (t.feature[node] as number)] as number;
    const goLeft = v !== v ? t.missingLeft[node] === 1 : v <= (t.threshold[node] as number);
    const next = (goLeft ? t.left[node] : t.right[node]) as number;
    if (next < 0) return ~next;
    node = next;
  }
}

/** Leaf index reached by row `row` of binned data (see BinnedMatrix: slot = offsets[f] + bin). */
export function leafOfBinnedRow(t: BoostedTree, b: BinnedMatrix, row: number): number {
  if (t.feature.length === 0) return 0;
  let node = 0;
  const base = row * b.cols;
  const slots = b.slots;
  for (;;) {
    const f = t.feature[node] as number;
    const bin = (slots[base + f] as number) - (b.offsets[f] as number);
    const goLeft = bin === b.nBins[f] ? t.missingLeft[node] === 1 : bin <= (t.binThreshold[node] as number);
    const next = (goLeft ? t.left[node] : t.right[node]) as number;
    if (next < 0) return ~next;
    node = next;
  }
}

/** out[i * stride + offset] += scale * (value of row i's leaf), for every row of X. */
export function addTreePrediction(t: BoostedTree, X: Matrix, out: Float64Array, scale = 1, stride = 1, offset = 0): void {
  const { data, cols, rows } = X;
  const v = t.leafValue;
  for (let i = 0; i < rows; i++) out[i * stride + offset] = (out[i * stride + offset] as number) + scale * (v[leafOfRow(t, data, cols, i)] as number);
}

export function treeToJSON(t: BoostedTree): TreeJSON {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    missingLeft: Array.from(t.missingLeft),
    left: Array.from(t.left),
    right: Array.from(t.right),
    leafValue: Array.from(t.leafValue),
  };
}

/** Rebuilds a tree from JSON; returns null when the arrays are malformed (the caller raises BAD_PIPELINE). */
export function treeFromJSON(raw: unknown, nFeatures: number): BoostedTree | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  const nums = (k: string): number[] | null => {
    const a = o[k];
    if (!Array.isArray(a)) return null;
    for (const x of a) if (typeof x !== 'number' || Number.isNaN(x)) return null;
    return a as number[];
  };
  const feature = nums('feature');
  const threshold = nums('threshold');
  const missingLeft = nums('missingLeft');
  const left = nums('left');
  const right = nums('right');
  const leafValue = nums('leafValue');
  if (!feature || !threshold || !missingLeft || !left || !right || !leafValue) return null;
  const n = feature.length;
  if (threshold.length !== n || missingLeft.length !== n || left.length !== n || right.length !== n) return null;
  if (leafValue.length !== n + 1) return null;
  for (let i = 0; i < n; i++) {
    const f = feature[i] as number;
    if (!Number.isInteger(f) || f < 0 || f >= nFeatures) return null;
    for (const c of [left[i] as number, right[i] as number]) {
      if (!Number.isInteger(c)) return null;
      // children point forward (no cycles) or to an existing leaf
      if (c >= 0 ? c <= i || c >= n : ~c >= n + 1) return null;
    }
  }
  for (const v of leafValue) if (!Number.isFinite(v)) return null;
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    binThreshold: new Int32Array(n),
    missingLeft: Uint8Array.from(missingLeft, (x) => (x ? 1 : 0)),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafValue: Float64Array.from(leafValue),
  };
}
