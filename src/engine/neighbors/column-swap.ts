// k-nearest neighbours of "column-swapped" rows, the rows permutation importance predicts: stacked row a is base
// row rows[a] with the columns `cols` taken from base row from[a]. The distance to a training row then changes only
// in those columns: d' = D − Σ_C |x_i − t|^p + Σ_C |x_s − t|^p, from a baseline D (base rows × training rows)
// computed once. d' is only an estimate (it rounds differently from summing the stacked row in column order), so it
// selects candidates with a proven error bound and the candidates are re-ranked by the same exact sum, ties by
// training index, that the plain search ranks by: the neighbours are the plain search's, not approximately.
import type { Matrix } from '../core/matrix.js';
import { insertNearest, type Neighbours } from './search.js';

/** Stacked row a = base row rows[a] with columns cols taken from base row from[a]. */
export interface SwappedRows {
  readonly cols: readonly number[];
  readonly rows: Int32Array;
  readonly from: Int32Array;
}

/**
 * Most base × training distances the baseline keeps (32 MB): beyond, recomputing them per stacked row would cost
 * what the plain search costs, so callers take the plain search (ColumnSwapSearch.fits).
 */
const MAX_CACHED_DISTANCES = 1 << 22;

const U = 2 ** -53;

/** Σ_j |a_j − b_j|^power over j in [0, p), in column order (the plain search's exact sum). */
function exactDistance(a: Float64Array, T: Float64Array, to: number, p: number, power: 1 | 2): number {
  let s = 0;
  if (power === 1) for (let j = 0; j < p; j++) s += Math.abs((a[j] as number) - (T[to + j] as number));
  else
    for (let j = 0; j < p; j++) {
      const d = (a[j] as number) - (T[to + j] as number);
      s += d * d;
    }
  return s;
}

export class ColumnSwapSearch {
  private readonly n: number;
  private readonly p: number;
  private readonly kk: number;
  /** training rows column-major (p × n): one swapped column is a contiguous scan */
  private readonly Tc: Float64Array;
  /** per training column: its smallest and largest value (bounds of a swapped term) */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly cache: Float64Array;
  /** per base row: its largest baseline distance */
  private readonly dMax: Float64Array;
  /**
   * Relative error bound of d' against the exact sum, as a multiple of max_t D + max_t Σ_C |x_s − t|^p (every
   * partial result is at most that): D and the exact sum (≤ p terms, each off by ≤ 3u) are off by ≤ (p + 2)u each,
   * the swapped terms by ≤ 3u, the 2·|C| additions by ≤ 2pu: ≤ (4p + 7)u; (6p + 32)u leaves room.
   */
  private readonly eta: number;

  static fits(baseRows: number, trainRows: number): boolean {
    return baseRows * trainRows <= MAX_CACHED_DISTANCES;
  }

  constructor(
    private readonly train: Matrix,
    private readonly base: Matrix,
    k: number,
    private readonly power: 1 | 2,
  ) {
    if (base.cols !== train.cols) throw new RangeError(`base has ${base.cols} columns, the training rows ${train.cols}`);
    if (!ColumnSwapSearch.fits(base.rows, train.rows)) throw new RangeError(`${base.rows} × ${train.rows} baseline distances exceed ${MAX_CACHED_DISTANCES}`);
    this.n = train.rows;
    this.p = train.cols;
    this.kk = Math.min(k, this.n);
    const { n, p } = this;
    this.Tc = new Float64Array(n * p);
    this.lo = new Float64Array(p).fill(Infinity);
    this.hi = new Float64Array(p).fill(-Infinity);
    for (let t = 0; t < n; t++)
      for (let j = 0; j < p; j++) {
        const v = train.data[t * p + j] as number;
        this.Tc[j * n + t] = v;
        if (v < (this.lo[j] as number)) this.lo[j] = v;
        if (v > (this.hi[j] as number)) this.hi[j] = v;
      }
    this.eta = (6 * p + 32) * U;
    this.dMax = new Float64Array(base.rows);
    this.cache = new Float64Array(base.rows * n);
    for (let i = 0; i < base.rows; i++) {
      const D = this.cache.subarray(i * n, (i + 1) * n);
      this.baseDistances(i, D);
      let m = 0;
      for (let t = 0; t < n; t++) m = Math.max(m, D[t] as number);
      this.dMax[i] = m;
    }
  }

  private baseDistances(i: number, out: Float64Array): void {
    const { n, p, power } = this;
    const X = this.base.data;
    const T = this.train.data;
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let j = 0; j < p; j++) {
        const d = (X[i * p + j] as number) - (T[t * p + j] as number);
        s += power === 1 ? Math.abs(d) : d * d;
      }
      out[t] = s;
    }
  }

  /** The kk nearest training rows of every stacked row (nearest first, ties by training index), as kNeighbours gives them. */
  search(s: SwappedRows): Neighbours {
    const { n, p, kk, power, Tc } = this;
    const m = s.rows.length;
    if (s.from.length !== m) throw new RangeError('rows and from differ in length');
    for (const j of s.cols) if (!Number.isInteger(j) || j < 0 || j >= p) throw new RangeError(`column ${j} out of range`);
    const X = this.base.data;
    const T = this.train.data;
    const index = new Int32Array(m * kk);
    const distance = new Float64Array(m * kk);
    const cols = s.cols;
    const single = cols.length === 1 ? (cols[0] as number) : -1;
    const est = single < 0 ? new Float64Array(n) : null;
    const best = new Float64Array(kk);
    const candT = new Int32Array(n);
    const candV = new Float64Array(n);
    const row = new Float64Array(p);
    const bd = new Float64Array(kk);
    const bi = new Int32Array(kk);
    for (let a = 0; a < m; a++) {
      const i = s.rows[a] as number;
      const f = s.from[a] as number;
      if (i < 0 || i >= this.base.rows || f < 0 || f >= this.base.rows) throw new RangeError(`base row out of range at ${a}`);
      const D = this.cache.subarray(i * n, (i + 1) * n);
      // the largest swapped-in sum any training row can have bounds the rounding of every estimate
      let bMax = 0;
      for (const j of cols) {
        const xs = X[f * p + j] as number;
        const w = Math.max(Math.abs(xs - (this.lo[j] as number)), Math.abs(xs - (this.hi[j] as number)));
        bMax += power === 2 ? w * w : w;
      }
      const slack = 2 * (this.eta * ((this.dMax[i] as number) + bMax) + Number.MIN_VALUE);
      if (est) {
        est.set(D);
        for (const j of cols) {
          const xi = X[i * p + j] as number;
          const xs = X[f * p + j] as number;
          const o = j * n;
          for (let t = 0; t < n; t++) {
            const tv = Tc[o + t] as number;
            est[t] = (est[t] as number) + (power === 2 ? (xs - tv) * (xs - tv) - (xi - tv) * (xi - tv) : Math.abs(xs - tv) - Math.abs(xi - tv));
          }
        }
      }
      // one pass: the kk smallest estimates so far, and every row within 2·slack of the current kk-th (a superset of
      // the rows whose exact distance can reach the final kk-th)
      best.fill(Infinity);
      let nc = 0;
      const xi1 = single >= 0 ? (X[i * p + single] as number) : 0;
      const xs1 = single >= 0 ? (X[f * p + single] as number) : 0;
      const o1 = single * n;
      for (let t = 0; t < n; t++) {
        let v: number;
        if (est) v = est[t] as number;
        else {
          const tv = Tc[o1 + t] as number;
          v = power === 2 ? (D[t] as number) - (xi1 - tv) * (xi1 - tv) + (xs1 - tv) * (xs1 - tv) : (D[t] as number) - Math.abs(xi1 - tv) + Math.abs(xs1 - tv);
        }
        if (v > (best[kk - 1] as number) + slack) continue;
        candT[nc] = t;
        candV[nc++] = v;
        if (v < (best[kk - 1] as number)) {
          let pos = kk - 1;
          while (pos > 0 && (best[pos - 1] as number) > v) {
            best[pos] = best[pos - 1] as number;
            pos--;
          }
          best[pos] = v;
        }
      }
      const limit = (best[kk - 1] as number) + slack;
      row.set(X.subarray(i * p, (i + 1) * p));
      for (const j of cols) row[j] = X[f * p + j] as number;
      bd.fill(Infinity);
      bi.fill(-1);
      for (let c = 0; c < nc; c++) {
        if ((candV[c] as number) > limit) continue;
        const t = candT[c] as number;
        const d = exactDistance(row, T, t * p, p, power);
        insertNearest(bd, bi, d, t); // t ascends: a tie keeps the earlier training row ahead
      }
      for (let c = 0; c < kk; c++) {
        index[a * kk + c] = bi[c] as number;
        distance[a * kk + c] = power === 2 ? Math.sqrt(bd[c] as number) : (bd[c] as number);
      }
    }
    return { k: kk, index, distance };
  }
}
