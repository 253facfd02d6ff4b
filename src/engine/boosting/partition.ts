import type { BinnedMatrix } from '../binning/slot-bins.js';

/**
 * Each feature's bins (missing = nBins[f]) column-major, one byte per cell when every bin fits: splitting a node
 * reads one feature of scattered rows, and a column of bytes holds 64 rows per cache line where the row-major
 * slots hold a handful. Built per grower (n x cols bytes, cheap next to a fit) and not kept with the bins, which
 * live as long as the fold's cache.
 */
export type BinColumns = Uint8Array | Uint16Array;

export function binColumns(b: BinnedMatrix): BinColumns {
  const { rows, cols, slots, offsets, nBins } = b;
  let maxBin = 0;
  for (let f = 0; f < cols; f++) maxBin = Math.max(maxBin, nBins[f] as number);
  const out = maxBin <= 255 ? new Uint8Array(rows * cols) : new Uint16Array(rows * cols);
  for (let f = 0; f < cols; f++) {
    const off = offsets[f] as number;
    const base = f * rows;
    for (let r = 0; r < rows; r++) out[base + r] = (slots[r * cols + f] as number) - off;
  }
  return out;
}

/** The rows of one node and, in the same order, their gradient and hessian interleaved (gh[2i], gh[2i + 1]). */
export interface NodeRows {
  readonly rows: Uint32Array;
  readonly gh: Float64Array;
  readonly rowScratch: Uint32Array;
  readonly ghScratch: Float64Array;
}

/**
 * Stable in-place partition of rows[start..end) (and their gradients) by column `col` (one feature's bins):
 * bin <= lastBin goes left, the missing bin (missingBin) goes left when missLeft is 1. Branch-free: each row is
 * written to both sides and only one cursor advances. With `sums`, also the sum of g^2 / h of each side into
 * sums[0] (left) and sums[1] (right). Returns where the right side starts.
 */
export function partitionRows(n: NodeRows, start: number, end: number, col: BinColumns, colBase: number, lastBin: number, missingBin: number, missLeft: number, withMissing: boolean, sums: Float64Array | null): number {
  const { rows, gh, rowScratch, ghScratch } = n;
  let w = start;
  let nr = 0;
  if (sums) {
    let sL = 0;
    let sR = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i] as number;
      const bin = col[colBase + r] as number;
      const goLeft = bin === missingBin ? missLeft : (bin - lastBin - 1) >>> 31;
      const gi = gh[2 * i] as number;
      const hi = gh[2 * i + 1] as number;
      const sq = hi > 0 ? (gi * gi) / hi : 0;
      sL += goLeft * sq;
      sR += (1 - goLeft) * sq;
      rows[w] = r;
      gh[2 * w] = gi;
      gh[2 * w + 1] = hi;
      rowScratch[nr] = r;
      ghScratch[2 * nr] = gi;
      ghScratch[2 * nr + 1] = hi;
      w += goLeft;
      nr += 1 - goLeft;
    }
    sums[0] = sL;
    sums[1] = sR;
  } else if (withMissing) {
    for (let i = start; i < end; i++) {
      const r = rows[i] as number;
      const bin = col[colBase + r] as number;
      const goLeft = bin === missingBin ? missLeft : (bin - lastBin - 1) >>> 31;
      const gi = gh[2 * i] as number;
      const hi = gh[2 * i + 1] as number;
      rows[w] = r;
      gh[2 * w] = gi;
      gh[2 * w + 1] = hi;
      rowScratch[nr] = r;
      ghScratch[2 * nr] = gi;
      ghScratch[2 * nr + 1] = hi;
      w += goLeft;
      nr += 1 - goLeft;
    }
  } else {
    for (let i = start; i < end; i++) {
      const r = rows[i] as number;
      // 1 when bin <= lastBin (the sign bit of bin - lastBin - 1)
      const goLeft = ((col[colBase + r] as number) - lastBin - 1) >>> 31;
      const gi = gh[2 * i] as number;
      const hi = gh[2 * i + 1] as number;
      rows[w] = r;
      gh[2 * w] = gi;
      gh[2 * w + 1] = hi;
      rowScratch[nr] = r;
      ghScratch[2 * nr] = gi;
      ghScratch[2 * nr + 1] = hi;
      w += goLeft;
      nr += 1 - goLeft;
    }
  }
  rows.set(rowScratch.subarray(0, nr), w);
  gh.set(ghScratch.subarray(0, 2 * nr), 2 * w);
  return w;
}
