import type { ColumnBins } from '../binning/column-bins.js';

/**
 * Per feature, over GUIDE_CELLS equal cells spanning its training range: the first bin whose upper cut
 * reaches each cell's start (cached per ColumnBins).
 */
export interface GuideTable {
  origin: Float64Array; // range start per feature
  scale: Float64Array; // cells per unit of value
  first: Int32Array; // cols * (GUIDE_CELLS + 1)
}
export const GUIDE_CELLS = 256;
const guideCache = new WeakMap<ColumnBins, GuideTable>();

export function guideTable(bins: ColumnBins): GuideTable {
  const hit = guideCache.get(bins);
  if (hit) return hit;
  const { cols, nBins, start, lo, hi, upper } = bins;
  const origin = new Float64Array(cols);
  const scale = new Float64Array(cols);
  const first = new Int32Array(cols * (GUIDE_CELLS + 1));
  for (let f = 0; f < cols; f++) {
    const st = start[f] as number;
    const nb = nBins[f] as number;
    const vmin = lo[st] as number;
    const vmax = hi[st + nb - 1] as number;
    origin[f] = vmin;
    scale[f] = vmax > vmin && Number.isFinite(vmax - vmin) ? GUIDE_CELLS / (vmax - vmin) : 0;
    let a = 0;
    for (let k = 0; k <= GUIDE_CELLS; k++) {
      const x = scale[f] === 0 ? vmin : vmin + k / (scale[f] as number);
      while (a < nb - 1 && (upper[st + a] as number) < x) a++;
      first[f * (GUIDE_CELLS + 1) + k] = a;
    }
  }
  const table = { origin, scale, first };
  guideCache.set(bins, table);
  return table;
}
