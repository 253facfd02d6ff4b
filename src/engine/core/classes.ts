// Class labels and class scores, shared by every classifier family: label encoding, argmax, softmax, sigmoid,
// probabilities from decision scores.
import type { Matrix } from './matrix.js';

/** Sorted unique labels and each row's index into them. */
export function encodeClasses(y: Float64Array): { classes: Float64Array; index: Int32Array; counts: Float64Array } {
  // fast path: small non-negative integer labels (the experiment's class codes)
  let max = -1;
  let small = true;
  for (let i = 0; i < y.length && small; i++) {
    const v = y[i] as number;
    if (!(v >= 0 && v < 65536 && Math.floor(v) === v)) small = false;
    else if (v > max) max = v;
  }
  if (small) {
    const present = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < y.length; i++) present[y[i] as number] = 1;
    const classes: number[] = [];
    for (let c = 0; c <= max; c++) if (present[c] === 1) present[c] = classes.push(c) - 1;
    const index = new Int32Array(y.length);
    const counts = new Float64Array(classes.length);
    for (let i = 0; i < y.length; i++) {
      const k = present[y[i] as number] as number;
      index[i] = k;
      counts[k] = (counts[k] as number) + 1;
    }
    return { classes: Float64Array.from(classes), index, counts };
  }
  const classes = Float64Array.from(new Set(y)).sort();
  const pos = new Map<number, number>();
  classes.forEach((c, i) => pos.set(c, i));
  const index = new Int32Array(y.length);
  const counts = new Float64Array(classes.length);
  for (let i = 0; i < y.length; i++) {
    const k = pos.get(y[i] as number) as number;
    index[i] = k;
    counts[k] = (counts[k] as number) + 1;
  }
  return { classes, index, counts };
}

/** argmax with the lowest index on ties (numpy's). */
export function argmaxRow(a: Float64Array, offset: number, k: number): number {
  let best = 0;
  let bv = a[offset] as number;
  for (let c = 1; c < k; c++) {
    const v = a[offset + c] as number;
    if (v > bv) {
      bv = v;
      best = c;
    }
  }
  return best;
}

/** Row-wise softmax in place over rows × k scores. */
export function softmaxRows(a: Float64Array, rows: number, k: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let mx = -Infinity;
    for (let c = 0; c < k; c++) mx = Math.max(mx, a[o + c] as number);
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((a[o + c] as number) - mx);
      a[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) a[o + c] = (a[o + c] as number) / s;
  }
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * predict_proba from decision scores (reused in place when multiclass): a column of 1 for a single class,
 * a sigmoid pair for one score column (two classes), else a row softmax.
 */
export function probaFromScores(d: Matrix, nClasses: number): Matrix {
  if (nClasses === 1) return { data: new Float64Array(d.rows).fill(1), rows: d.rows, cols: 1 };
  if (d.cols === 1) {
    const out = new Float64Array(d.rows * 2);
    for (let i = 0; i < d.rows; i++) {
      const q = sigmoid(d.data[i] as number);
      out[2 * i] = 1 - q;
      out[2 * i + 1] = q;
    }
    return { data: out, rows: d.rows, cols: 2 };
  }
  softmaxRows(d.data, d.rows, d.cols);
  return d;
}
