import { Buffer } from 'node:buffer';
import type { Matrix } from '../core/matrix.js';

/**
 * A fitted tree in flat typed arrays. Node 0 is the root. For an internal node i, `feature[i] >= 0`,
 * rows with x[feature] <= threshold[i] go to child `child[i]`, the others to `child[i] + 1` (siblings are
 * allocated together). For a leaf, `feature[i] = -1` and `child[i]` is the leaf's index: its outputs are
 * `values[child[i] * outputs ... + outputs - 1]` (class probabilities, or the regression value).
 */
export interface TreeArrays {
  readonly nodeCount: number;
  readonly leafCount: number;
  readonly outputs: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly child: Int32Array;
  readonly values: Float64Array;
}

/** Grows a tree's arrays with amortised doubling. */
export class TreeArraysBuilder {
  nodeCount = 0;
  leafCount = 0;
  feature: Int32Array;
  threshold: Float64Array;
  child: Int32Array;
  values: Float64Array;

  constructor(readonly outputs: number, capacity = 64) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.child = new Int32Array(capacity);
    this.values = new Float64Array(capacity * outputs);
  }

  /** Reserves two consecutive node ids (a left/right pair); returns the left one. */
  addPair(): number {
    const id = this.nodeCount;
    this.ensureNodes(id + 2);
    this.nodeCount += 2;
    return id;
  }

  addRoot(): number {
    this.ensureNodes(1);
    this.nodeCount = 1;
    return 0;
  }

  setSplit(node: number, feature: number, threshold: number, left: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.child[node] = left;
  }

  /** Makes `node` a leaf and returns the offset where its `outputs` values go. */
  setLeaf(node: number): number {
    const leaf = this.leafCount++;
    if ((leaf + 1) * this.outputs > this.values.length) {
      const v = new Float64Array(Math.max(this.values.length * 2, (leaf + 1) * this.outputs));
      v.set(this.values);
      this.values = v;
    }
    this.feature[node] = -1;
    this.threshold[node] = 0;
    this.child[node] = leaf;
    return leaf * this.outputs;
  }

  private ensureNodes(n: number): void {
    if (n <= this.feature.length) return;
    const cap = Math.max(n, this.feature.length * 2);
    const f = new Int32Array(cap);
    f.set(this.feature);
    this.feature = f;
    const t = new Float64Array(cap);
    t.set(this.threshold);
    this.threshold = t;
    const c = new Int32Array(cap);
    c.set(this.child);
    this.child = c;
  }

  finish(): TreeArrays {
    return {
      nodeCount: this.nodeCount,
      leafCount: this.leafCount,
      outputs: this.outputs,
      feature: this.feature.slice(0, this.nodeCount),
      threshold: this.threshold.slice(0, this.nodeCount),
      child: this.child.slice(0, this.nodeCount),
      values: this.values.slice(0, this.leafCount * this.outputs),
    };
  }
}

/** Offset into `tree.values` of the leaf reached by row `row` of X. */
export function leafOffset(tree: TreeArrays, X: Matrix, row: number): number {
  const { feature, threshold, child } = tree;
  const data = X.data;
  const base = row * X.cols;
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    node = (data[base + f] as number) <= (threshold[node] as number) ? (child[node] as number) : (child[node] as number) + 1;
    f = feature[node] as number;
  }
  return (child[node] as number) * tree.outputs;
}

/** out[row * outputs + k] += scale * leaf value k, for every row of X. */
export function addTreeOutputs(tree: TreeArrays, X: Matrix, out: Float64Array, scale: number): void {
  const { values, outputs } = tree;
  for (let r = 0; r < X.rows; r++) {
    const off = leafOffset(tree, X, r);
    const o = r * outputs;
    for (let k = 0; k < outputs; k++) out[o + k] = (out[o + k] as number) + scale * (values[off + k] as number);
  }
}

/** JSON form: counts plus the four arrays as base64 of their little-endian bytes (exact and compact). */
export interface TreeArraysJSON {
  nodeCount: number;
  leafCount: number;
  outputs: number;
  feature: string;
  threshold: string;
  child: string;
  values: string;
}

export function treeToJSON(t: TreeArrays): TreeArraysJSON {
  return {
    nodeCount: t.nodeCount,
    leafCount: t.leafCount,
    outputs: t.outputs,
    feature: toBase64(t.feature),
    threshold: toBase64(t.threshold),
    child: toBase64(t.child),
    values: toBase64(t.values),
  };
}

function toBase64(a: Int32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64<T extends Int32Array | Float64Array>(s: unknown, make: (b: ArrayBuffer) => T, bytesPer: number, length: number, what: string): T {
  if (typeof s !== 'string' || s.length % 4 !== 0 || !BASE64.test(s)) throw new Error(`${what} is not base64`);
  const buf = Buffer.from(s, 'base64');
  if (buf.length !== length * bytesPer) throw new Error(`${what} has ${buf.length / bytesPer} entries, expected ${length}`);
  const copy = new ArrayBuffer(buf.length);
  new Uint8Array(copy).set(buf);
  return make(copy);
}

function count(v: unknown, what: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Error(`${what} must be an integer >= ${min}`);
  return v;
}

/**
 * Parses and checks a tree: array sizes, feature ids below `nFeatures`, children after their parent
 * (so there is no cycle) and inside the node range, leaf indices in range, finite numbers.
 * Throws a plain Error describing the first problem.
 */
export function treeFromJSON(json: unknown, nFeatures: number, outputs: number): TreeArrays {
  if (typeof json !== 'object' || json === null) throw new Error('tree is not an object');
  const j = json as Record<string, unknown>;
  const nodeCount = count(j.nodeCount, 'nodeCount', 1);
  const leafCount = count(j.leafCount, 'leafCount', 1);
  if (j.outputs !== outputs) throw new Error(`tree has ${String(j.outputs)} outputs, expected ${outputs}`);
  const feature = fromBase64(j.feature, (b) => new Int32Array(b), 4, nodeCount, 'feature');
  const threshold = fromBase64(j.threshold, (b) => new Float64Array(b), 8, nodeCount, 'threshold');
  const child = fromBase64(j.child, (b) => new Int32Array(b), 4, nodeCount, 'child');
  const values = fromBase64(j.values, (b) => new Float64Array(b), 8, leafCount * outputs, 'values');
  let leaves = 0;
  for (let i = 0; i < nodeCount; i++) {
    const f = feature[i] as number;
    const c = child[i] as number;
    if (f === -1) {
      if (c < 0 || c >= leafCount) throw new Error(`leaf ${i} points to value ${c} of ${leafCount}`);
      leaves++;
    } else {
      if (f < 0 || f >= nFeatures) throw new Error(`node ${i} splits on feature ${f} of ${nFeatures}`);
      if (c <= i || c + 1 >= nodeCount) throw new Error(`node ${i} has children ${c}, ${c + 1} outside ${i + 1}..${nodeCount - 1}`);
      if (Number.isNaN(threshold[i] as number)) throw new Error(`node ${i} has a NaN threshold`);
    }
  }
  if (leaves !== leafCount) throw new Error(`tree has ${leaves} leaves, expected ${leafCount}`);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) throw new Error('leaf values must be finite');
  return { nodeCount, leafCount, outputs, feature, threshold, child, values };
}
