import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';

/**
 * Features discretised once per training matrix, as LightGBM / scikit-learn's HistGradientBoosting do.
 * Bins are stored ROW-major (row r, feature f at r * cols + f): boosting builds histograms of ever
 * smaller, scattered row sets, and one row's bins then share a cache line instead of `cols` of them.
 * For feature f, non-missing values fall in bins 0..nBins[f]-1 (value <= thresholds[f][b] means bin <= b),
 * and NaN falls in bin nBins[f] (the missing bin). Histograms lay features out at offsets[f], each with
 * nBins[f] + 1 slots.
 */
export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly bins: Uint8Array | Uint16Array;
  readonly nBins: Int32Array;
  readonly offsets: Int32Array;
  readonly totalSlots: number;
  readonly thresholds: readonly Float64Array[];
  /** 1 when the feature had missing values in the binned data. */
  readonly hasMissing: Uint8Array;
}

export interface BinningOptions {
  /** Bins for a feature with more distinct values than `exactUpTo` (quantile bins), <= 255. */
  maxBins: number;
  /** Features with at most this many distinct values get one bin per value (exact splits). */
  exactUpTo: number;
  /** Thresholds are computed on at most this many rows (a seeded subsample), as LightGBM does. */
  sampleRows?: number;
  seed?: number;
}

/** LightGBM-like: 255 bins, exact when at most 255 distinct values. */
export const HIST_BINNING: BinningOptions = { maxBins: 255, exactUpTo: 255, sampleRows: 200_000, seed: 0 };
/** For the exact-split models (gbc, gbr, ada): one bin per value up to 4,096 distinct values. */
export const EXACT_BINNING: BinningOptions = { maxBins: 255, exactUpTo: 4096, sampleRows: 200_000, seed: 0 };

export function binMatrix(X: Matrix, o: BinningOptions): BinnedMatrix {
  const { rows, cols, data } = X;
  const sampleIdx = sampleRowsFor(rows, o.sampleRows ?? rows, o.seed ?? 0);
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(cols);
  const hasMissing = new Uint8Array(cols);
  const buf = new Float64Array(sampleIdx ? sampleIdx.length : rows);
  for (let f = 0; f < cols; f++) {
    let m = 0;
    if (sampleIdx) {
      for (let k = 0; k < sampleIdx.length; k++) {
        const v = data[(sampleIdx[k] as number) * cols + f] as number;
        if (v === v) buf[m++] = v;
      }
    } else {
      for (let r = 0; r < rows; r++) {
        const v = data[r * cols + f] as number;
        if (v === v) buf[m++] = v;
      }
    }
    const t = featureThresholds(buf.subarray(0, m), o);
    thresholds.push(t);
    nBins[f] = t.length + 1;
  }
  let maxSlots = 0;
  for (let f = 0; f < cols; f++) maxSlots = Math.max(maxSlots, (nBins[f] as number) + 1);
  const bins = maxSlots <= 256 ? new Uint8Array(rows * cols) : new Uint16Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const t = thresholds[f] as Float64Array;
    const missingBin = nBins[f] as number;
    let missing = 0;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + f] as number;
      if (v !== v) {
        bins[r * cols + f] = missingBin;
        missing = 1;
      } else bins[r * cols + f] = searchBin(t, v);
    }
    hasMissing[f] = missing;
  }
  const offsets = new Int32Array(cols);
  let total = 0;
  for (let f = 0; f < cols; f++) {
    offsets[f] = total;
    total += (nBins[f] as number) + 1;
  }
  return { rows, cols, bins, nBins, offsets, totalSlots: total, thresholds, hasMissing };
}

/** Number of thresholds strictly below v: the bin of v (scikit-learn's _map_to_bins). */
export function searchBin(t: Float64Array, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= (t[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Split points between consecutive distinct values (as scikit-learn's trees: the midpoint, or the lower
 * value when the midpoint rounds up to the upper one); above `exactUpTo` distinct values, midpoint
 * percentiles at maxBins quantiles (scikit-learn's HistGradientBoosting).
 */
function featureThresholds(values: Float64Array, o: BinningOptions): Float64Array {
  values.sort();
  const n = values.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || values[i] !== values[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= o.exactUpTo) {
    let prev = NaN;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (i > 0 && v !== prev) out.push(midpoint(prev, v));
      prev = v;
    }
  } else {
    for (let q = 1; q < o.maxBins; q++) {
      const pos = (q / o.maxBins) * (n - 1);
      const lo = values[Math.floor(pos)] as number;
      const hi = values[Math.ceil(pos)] as number;
      const t = midpoint(lo, hi);
      if (out.length === 0 || t > (out[out.length - 1] as number)) out.push(t);
    }
    // a threshold at the maximum would leave an empty last bin
    while (out.length > 0 && (out[out.length - 1] as number) >= (values[n - 1] as number)) out.pop();
  }
  return Float64Array.from(out);
}

function midpoint(lo: number, hi: number): number {
  if (lo === hi) return lo;
  const m = lo / 2 + hi / 2;
  return m === hi || !Number.isFinite(m) ? lo : m;
}

function sampleRowsFor(rows: number, max: number, seed: number): Uint32Array | null {
  if (rows <= max) return null;
  const rng = new Rng(seed);
  // partial Fisher-Yates over the row ids, then sorted for a sequential read
  const ids = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) ids[i] = i;
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(rows - i);
    const t = ids[i] as number;
    ids[i] = ids[j] as number;
    ids[j] = t;
  }
  return ids.subarray(0, max).sort();
}

/** Bins of a matrix under an existing binning (validation rows, new data). */
export function binWith(X: Matrix, b: BinnedMatrix): Uint8Array | Uint16Array {
  const { rows, cols, data } = X;
  const out = b.bins instanceof Uint8Array ? new Uint8Array(rows * cols) : new Uint16Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const t = b.thresholds[f] as Float64Array;
    const missingBin = b.nBins[f] as number;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + f] as number;
      out[r * cols + f] = v !== v ? missingBin : searchBin(t, v);
    }
  }
  return out;
}

/** Bins shared by the models fitted on one training matrix (FitOptions.cache). */
export function cachedBins(X: Matrix, o: BinningOptions, cache: Map<string, unknown> | undefined): BinnedMatrix {
  const key = `boosting.bins:${o.maxBins}:${o.exactUpTo}:${o.sampleRows ?? 0}:${o.seed ?? 0}`;
  const hit = cache?.get(key) as { X: Matrix; bins: BinnedMatrix } | undefined;
  if (hit && hit.X === X) return hit.bins;
  const bins = binMatrix(X, o);
  cache?.set(key, { X, bins });
  return bins;
}
