import type { BinnedMatrix } from '../binning/slot-bins.js';

/**
 * A weighted depth-1 classification tree (scikit-learn's DecisionTreeClassifier(max_depth=1), gini):
 * value <= threshold goes left. feature -1 = no split (one leaf, `left`). Leaf rows hold the class
 * probabilities (weighted class fractions), as the tree's predict_proba.
 */
export interface Stump {
  feature: number;
  threshold: number;
  left: Float64Array;
  right: Float64Array;
}

/**
 * The best gini split over all features (ties: the first feature, then the lowest threshold), with at
 * least one row on each side. Histograms hold per slot the class weights and the row count.
 * `hist` is scratch of length b.totalSlots * (k + 1); `side` receives 1 for the rows that go left.
 */
export function fitStump(b: BinnedMatrix, y: Int32Array, w: Float64Array, k: number, hist: Float64Array, side: Uint8Array): Stump {
  const { rows, cols, slots, offsets, nBins, thresholds } = b;
  const k1 = k + 1;
  hist.fill(0);
  const total = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const wr = w[r] as number;
    const c = y[r] as number;
    total[c] = (total[c] as number) + wr;
    const base = r * cols;
    for (let f = 0; f < cols; f++) {
      const idx = (slots[base + f] as number) * k1;
      hist[idx + c] = (hist[idx + c] as number) + wr;
      hist[idx + k] = (hist[idx + k] as number) + 1;
    }
  }
  let W = 0;
  for (let c = 0; c < k; c++) W += total[c] as number;
  const left = new Float64Array(k);
  let bestScore = -Infinity;
  let bestF = -1;
  let bestBin = 0;
  for (let f = 0; f < cols; f++) {
    const nb = nBins[f] as number;
    if (nb < 2) continue;
    const off = offsets[f] as number;
    left.fill(0);
    let nL = 0;
    for (let bin = 0; bin < nb - 1; bin++) {
      const idx = (off + bin) * k1;
      for (let c = 0; c < k; c++) left[c] = (left[c] as number) + (hist[idx + c] as number);
      nL += hist[idx + k] as number;
      if (nL === 0 || nL === rows) continue;
      let wL = 0;
      let sqL = 0;
      let sqR = 0;
      for (let c = 0; c < k; c++) {
        const l = left[c] as number;
        const rr = (total[c] as number) - l;
        wL += l;
        sqL += l * l;
        sqR += rr * rr;
      }
      const wR = W - wL;
      if (wL <= 0 || wR <= 0) continue;
      // scikit-learn's gini proxy: maximise sum_c wL_c^2 / wL + sum_c wR_c^2 / wR
      const score = sqL / wL + sqR / wR;
      // strictly better (beyond rounding) than the best so far: ties keep the earlier split
      if (bestF < 0 || score > bestScore + 1e-12 * bestScore) {
        bestScore = score;
        bestF = f;
        bestBin = bin;
      }
    }
  }
  // a node that is already pure is not split
  let nonZero = 0;
  for (let c = 0; c < k; c++) if ((total[c] as number) > 0) nonZero++;
  if (bestF < 0 || nonZero <= 1) {
    side.fill(1);
    return { feature: -1, threshold: 0, left: normalise(total), right: normalise(total) };
  }
  const l = new Float64Array(k);
  const rgt = new Float64Array(k);
  const lastLeft = (offsets[bestF] as number) + bestBin;
  for (let r = 0; r < rows; r++) {
    const goesLeft = (slots[r * cols + bestF] as number) <= lastLeft;
    side[r] = goesLeft ? 1 : 0;
    const c = y[r] as number;
    if (goesLeft) l[c] = (l[c] as number) + (w[r] as number);
    else rgt[c] = (rgt[c] as number) + (w[r] as number);
  }
  return { feature: bestF, threshold: (thresholds[bestF] as Float64Array)[bestBin] as number, left: normalise(l), right: normalise(rgt) };
}

function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = s > 0 ? (v[i] as number) / s : 1 / v.length;
  return out;
}
