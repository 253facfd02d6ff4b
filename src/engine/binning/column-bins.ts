import type { Matrix } from '../core/matrix.js';
import { cachedForMatrix } from './cache.js';
import { midpoint } from './midpoint.js';

export { midpoint } from './midpoint.js';

/**
 * The trees' bin layout (dt, rf, et): column-major u8 codes, computed once per training matrix and shared
 * through FitOptions.cache (`cachedColumnBins`). The boosting models' layout is slot-bins.ts.
 *
 * For each feature the distinct training values are grouped into at most `maxBins` (<= 255) consecutive
 * bins; bin b holds the values in [lo[b], hi[b]] (the smallest and largest training value it received).
 * - A feature with <= maxBins distinct values gets one bin per value (lo = hi): "exact" bins, so a tree
 *   on small data sees exactly the candidate splits scikit-learn's exact trees see.
 * - Otherwise bins are equal-frequency over rows, never cutting through one distinct value (a value
 *   heavier than a bin's share gets a bin of its own), so no bin is ever empty.
 * The cut between bins b and b+1 is `upper[b]`, the midpoint of hi[b] and lo[b+1] (scikit-learn's
 * threshold rule); a raw value v belongs to the first bin with v <= upper[b]. NaN gets code MISSING_BIN
 * (the trees reject NaN; the code is there for histogram-GBDT users of this module).
 *
 * Codes are column-major: feature j of row i is `codes[j * rows + i]` (trees scan one feature of many
 * rows at a time). Per-feature arrays are flat, feature j's bins at `start[j] .. start[j + 1] - 1`.
 */
export interface ColumnBins {
  readonly rows: number;
  readonly cols: number;
  readonly maxBins: number;
  /** cols * rows codes, column-major, in 0..nBins[j]-1 or MISSING_BIN. */
  readonly codes: Uint8Array;
  /** Number of value bins per feature (>= 1; 1 when the feature is constant or all-missing). */
  readonly nBins: Int32Array;
  /** cols + 1 offsets into lo / hi / upper. */
  readonly start: Int32Array;
  /** Smallest training value of each bin. */
  readonly lo: Float64Array;
  /** Largest training value of each bin. */
  readonly hi: Float64Array;
  /** Cut above each bin: midpoint(hi[b], lo[b + 1]); +Infinity for a feature's last bin. */
  readonly upper: Float64Array;
  /** 1 when every distinct value of the feature has its own bin. */
  readonly exact: Uint8Array;
  /** 1 when the feature had NaN values. */
  readonly hasMissing: Uint8Array;
}

export const MISSING_BIN = 255;
export const DEFAULT_MAX_BINS = 255;

/** Bins every column of X (row-major). O(rows * cols * log) time; extra memory: codes plus one column. */
export function binColumns(X: Matrix, maxBins: number = DEFAULT_MAX_BINS): ColumnBins {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) throw new RangeError(`maxBins must be an integer in 2..255, got ${maxBins}`);
  const { rows, cols, data } = X;
  const codes = new Uint8Array(rows * cols);
  const nBins = new Int32Array(cols);
  const start = new Int32Array(cols + 1);
  const exact = new Uint8Array(cols);
  const hasMissing = new Uint8Array(cols);
  const perFeature: Array<{ lo: Float64Array; hi: Float64Array }> = [];
  const sorter = new ColumnSorter(rows);
  const counts = new Int32Array(rows);
  const distinct = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    const out = codes.subarray(j * rows, (j + 1) * rows);
    // sort the column's non-missing values, remembering their rows
    let m = 0;
    for (let i = 0, p = j; i < rows; i++, p += cols) {
      const v = data[p] as number;
      if (v === v) sorter.put(m++, v, i);
      else out[i] = MISSING_BIN;
    }
    hasMissing[j] = m < rows ? 1 : 0;
    const { values: vals, rowsOf } = sorter.sort(m);
    // distinct values and their multiplicities
    let d = 0;
    for (let i = 0; i < m; i++) {
      const v = vals[i] as number;
      if (d > 0 && v === distinct[d - 1]) counts[d - 1] = (counts[d - 1] as number) + 1;
      else {
        distinct[d] = v;
        counts[d] = 1;
        d++;
      }
    }
    const groups = d <= maxBins ? null : equalFrequencyGroups(counts, d, m, maxBins);
    const nb = d === 0 ? 1 : groups ? groups.length - 1 : d;
    const lo = new Float64Array(nb);
    const hi = new Float64Array(nb);
    if (d === 0) {
      lo[0] = 0;
      hi[0] = 0;
    } else if (!groups) {
      lo.set(distinct.subarray(0, d));
      hi.set(distinct.subarray(0, d));
      exact[j] = 1;
    } else {
      for (let b = 0; b < nb; b++) {
        lo[b] = distinct[groups[b] as number] as number;
        hi[b] = distinct[(groups[b + 1] as number) - 1] as number;
      }
    }
    // codes straight from the sorted order: the bin advances when the value reaches the bin's lo
    let bin = 0;
    for (let i = 0; i < m; i++) {
      const v = vals[i] as number;
      while (bin + 1 < nb && v >= (lo[bin + 1] as number)) bin++;
      out[rowsOf[i] as number] = bin;
    }
    nBins[j] = nb;
    perFeature.push({ lo, hi });
    start[j + 1] = (start[j] as number) + nb;
  }
  const total = start[cols] as number;
  const lo = new Float64Array(total);
  const hi = new Float64Array(total);
  const upper = new Float64Array(total);
  for (let j = 0; j < cols; j++) {
    const f = perFeature[j] as { lo: Float64Array; hi: Float64Array };
    const s = start[j] as number;
    const nb = nBins[j] as number;
    lo.set(f.lo, s);
    hi.set(f.hi, s);
    for (let b = 0; b < nb - 1; b++) upper[s + b] = midpoint(f.hi[b] as number, f.lo[b + 1] as number);
    upper[s + nb - 1] = Infinity;
  }
  return { rows, cols, maxBins, codes, nBins, start, lo, hi, upper, exact, hasMissing };
}

/**
 * Sorts a column's values together with their row numbers: an LSD radix sort on the IEEE-754 bits
 * (four 16-bit digits, constant digits skipped), several times faster than Float64Array#sort on large
 * columns; small columns use a comparison sort of indices.
 */
class ColumnSorter {
  private keys: Uint32Array; // interleaved (lo, hi) words of each value, as the Float64Array `vals` sees them
  private vals: Float64Array;
  private idx: Int32Array;
  private keys2: Uint32Array;
  private vals2: Float64Array;
  private idx2: Int32Array;
  private readonly count = new Int32Array(65536);

  constructor(n: number) {
    this.vals = new Float64Array(n);
    this.keys = new Uint32Array(this.vals.buffer);
    this.idx = new Int32Array(n);
    this.vals2 = new Float64Array(n);
    this.keys2 = new Uint32Array(this.vals2.buffer);
    this.idx2 = new Int32Array(n);
  }

  put(i: number, v: number, row: number): void {
    this.vals[i] = v === 0 ? 0 : v; // -0 sorts with +0
    this.idx[i] = row;
  }

  sort(m: number): { values: Float64Array; rowsOf: Int32Array } {
    if (m < 4096) {
      const vals = this.vals;
      const order = this.idx.slice(0, m);
      const byValue = Array.from({ length: m }, (_, i) => i).sort((a, b) => (vals[a] as number) - (vals[b] as number) || a - b);
      for (let i = 0; i < m; i++) {
        this.vals2[i] = vals[byValue[i] as number] as number;
        this.idx2[i] = order[byValue[i] as number] as number;
      }
      return { values: this.vals2, rowsOf: this.idx2 };
    }
    let keys = this.keys;
    // order-preserving unsigned form: flip all bits of negatives, the sign bit of the rest
    for (let i = 0; i < m; i++) {
      const h = keys[2 * i + 1] as number;
      if (h & 0x80000000) {
        keys[2 * i + 1] = ~h >>> 0;
        keys[2 * i] = ~(keys[2 * i] as number) >>> 0;
      } else keys[2 * i + 1] = (h | 0x80000000) >>> 0;
    }
    let idx = this.idx;
    let keysOut = this.keys2;
    let idxOut = this.idx2;
    const count = this.count;
    for (let pass = 0; pass < 4; pass++) {
      const word = pass >> 1;
      const shift = (pass & 1) * 16;
      count.fill(0);
      for (let i = 0; i < m; i++) {
        const dgt = ((keys[2 * i + word] as number) >>> shift) & 0xffff;
        count[dgt] = (count[dgt] as number) + 1;
      }
      if (count[((keys[word] as number) >>> shift) & 0xffff] === m) continue; // one digit value: nothing moves
      let sum = 0;
      for (let dgt = 0; dgt < 65536; dgt++) {
        const c = count[dgt] as number;
        count[dgt] = sum;
        sum += c;
      }
      for (let i = 0; i < m; i++) {
        const dgt = ((keys[2 * i + word] as number) >>> shift) & 0xffff;
        const pos = count[dgt] as number;
        count[dgt] = pos + 1;
        keysOut[2 * pos] = keys[2 * i] as number;
        keysOut[2 * pos + 1] = keys[2 * i + 1] as number;
        idxOut[pos] = idx[i] as number;
      }
      [keys, keysOut] = [keysOut, keys];
      [idx, idxOut] = [idxOut, idx];
    }
    for (let i = 0; i < m; i++) {
      const h = keys[2 * i + 1] as number;
      if (h & 0x80000000) keys[2 * i + 1] = (h & 0x7fffffff) >>> 0;
      else {
        keys[2 * i + 1] = ~h >>> 0;
        keys[2 * i] = ~(keys[2 * i] as number) >>> 0;
      }
    }
    const values = keys === this.keys ? this.vals : this.vals2;
    return { values, rowsOf: idx };
  }
}

/**
 * Groups d distinct values (multiplicities `counts`, m rows in all) into at most maxBins runs of
 * roughly m / maxBins rows. Returns run starts plus a final d (length = bins + 1).
 */
function equalFrequencyGroups(counts: Int32Array, d: number, m: number, maxBins: number): Int32Array {
  const bounds = new Int32Array(maxBins + 1);
  let nb = 0;
  let remainingRows = m;
  let i = 0;
  while (i < d) {
    bounds[nb] = i;
    const binsLeft = maxBins - nb;
    if (d - i <= binsLeft) {
      // as many bins left as values: one value per bin from here on
      for (; i < d; i++) bounds[nb++] = i;
      break;
    }
    const target = remainingRows / binsLeft;
    let acc = counts[i] as number;
    i++;
    // keep adding values while that brings the bin closer to its share of the remaining rows
    while (i < d && acc + (counts[i] as number) / 2 <= target) {
      acc += counts[i] as number;
      i++;
    }
    if (binsLeft === 1) {
      for (; i < d; i++) acc += counts[i] as number;
    }
    remainingRows -= acc;
    nb++;
  }
  bounds[nb] = d;
  return bounds.slice(0, nb + 1);
}

/** Bin code of a raw value of feature j (binary search over the cuts); MISSING_BIN for NaN. */
export function binOf(bins: ColumnBins, j: number, v: number): number {
  if (v !== v) return MISSING_BIN;
  const s = bins.start[j] as number;
  let a = 0;
  let b = (bins.nBins[j] as number) - 1;
  const upper = bins.upper;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (v <= (upper[s + mid] as number)) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** Codes of another matrix (validation rows, new data) under existing bins, column-major like `codes`. */
export function binRowsWith(bins: ColumnBins, X: Matrix): Uint8Array {
  if (X.cols !== bins.cols) throw new RangeError(`matrix has ${X.cols} columns, bins were built for ${bins.cols}`);
  const out = new Uint8Array(X.rows * X.cols);
  for (let j = 0; j < X.cols; j++) {
    for (let i = 0, p = j; i < X.rows; i++, p += X.cols) out[j * X.rows + i] = binOf(bins, j, X.data[p] as number);
  }
  return out;
}

const rowMajorCache = new WeakMap<ColumnBins, Uint8Array>();

/**
 * The same codes row-major (row i, feature j at i * cols + j), built once per ColumnBins on first use.
 * Trees read small nodes this way: all features of a row share a cache line.
 */
export function rowMajorCodes(bins: ColumnBins): Uint8Array {
  let out = rowMajorCache.get(bins);
  if (out) return out;
  const { rows, cols, codes } = bins;
  out = new Uint8Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const col = j * rows;
    for (let i = 0, p = j; i < rows; i++, p += cols) out[p] = codes[col + i] as number;
  }
  rowMajorCache.set(bins, out);
  return out;
}

const CACHE_KEY = 'tree.columnBins';

/**
 * The bins of X, computed once and kept in `cache` (FitOptions.cache) for every later model fitted on
 * the same matrix object. Without a cache, bins are computed afresh.
 */
export function cachedColumnBins(X: Matrix, cache: Map<string, unknown> | undefined, maxBins: number = DEFAULT_MAX_BINS): ColumnBins {
  return cachedForMatrix(X, cache, `${CACHE_KEY}:${maxBins}`, () => binColumns(X, maxBins));
}
