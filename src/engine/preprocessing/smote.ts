// imbalanced-learn's SMOTE(sampling_strategy='auto', k_neighbors=5, random_state=seed) on a dense matrix:
// every class but the majority is oversampled to the majority's count with synthetic rows
//   x_new = x + u·(nn − x),  u ~ U(0, 1),
// x a random row of the class and nn one of its k nearest neighbours within the class. As imblearn's
// _make_samples, each class draws from a fresh RandomState(seed): first randint(0, n_c·k) for every new row
// (row = draw // k, neighbour = draw % k), then uniform() for every new row. The originals come first in
// the output, then each class's synthetic rows in class order.
import type { Matrix } from '../core/matrix.js';
import { kNeighbours } from '../neighbors/search.js';
import { NumpyRandomState } from '../selection/numpy-random.js';

export const SMOTE_K_NEIGHBORS = 5;

export interface SmoteReport {
  /** Synthetic rows added per class code (0 for the majority). */
  added: number[];
  /** Classes with fewer than 2 rows, which cannot be interpolated and were left as they are. */
  skipped: number[];
}

export interface SmoteResult {
  X: Matrix;
  y: Float64Array;
  report: SmoteReport;
}

/** y holds class codes 0..nClasses-1. */
export function smote(X: Matrix, y: Float64Array, nClasses: number, seed: number, kNeighbors = SMOTE_K_NEIGHBORS): SmoteResult {
  const p = X.cols;
  const members: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < y.length; i++) members[y[i] as number]?.push(i);
  const majority = Math.max(...members.map((m) => m.length));
  const added = new Array<number>(nClasses).fill(0);
  const skipped: number[] = [];
  const blocks: Array<{ rows: Float64Array; label: number; count: number }> = [];
  for (let c = 0; c < nClasses; c++) {
    const idx = members[c] as number[];
    const need = majority - idx.length;
    if (need === 0 || idx.length === 0) continue;
    if (idx.length < 2) {
      skipped.push(c);
      continue;
    }
    // imblearn refuses k >= class size; fewer neighbours is the sensible reading for a small fold.
    const k = Math.min(kNeighbors, idx.length - 1);
    const Xc: Matrix = { data: new Float64Array(idx.length * p), rows: idx.length, cols: p };
    idx.forEach((r, i) => Xc.data.set(X.data.subarray(r * p, r * p + p), i * p));
    // The first neighbour of a row is the row itself (distance 0): drop it, as imblearn's [:, 1:].
    const nn = kNeighbours(Xc, Xc, k + 1, 'euclidean');
    const rs = new NumpyRandomState(seed);
    const draws = Array.from({ length: need }, () => rs.randint(0, idx.length * k));
    const out = new Float64Array(need * p);
    for (let s = 0; s < need; s++) {
      const u = rs.nextDouble();
      const d = draws[s] as number;
      const row = Math.floor(d / k);
      const neighbour = nn.index[row * nn.k + 1 + (d % k)] as number;
      for (let j = 0; j < p; j++) {
        const x = Xc.data[row * p + j] as number;
        out[s * p + j] = x + u * ((Xc.data[neighbour * p + j] as number) - x);
      }
    }
    blocks.push({ rows: out, label: c, count: need });
    added[c] = need;
  }
  const total = X.rows + blocks.reduce((a, b) => a + b.count, 0);
  const data = new Float64Array(total * p);
  data.set(X.data);
  const yOut = new Float64Array(total);
  yOut.set(y);
  let at = X.rows;
  for (const b of blocks) {
    data.set(b.rows, at * p);
    yOut.fill(b.label, at, at + b.count);
    at += b.count;
  }
  return { X: { data, rows: total, cols: p }, y: yOut, report: { added, skipped } };
}
