import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/random.js';
import { BINNING_SAMPLE_ROWS, cachedBins, rowsBySlot } from '../binning/slot-bins.js';
import { sigmoid } from '../core/classes.js';
import { TreeGrower, usableFeatures, type GrowConfig } from './grower.js';
import { leafOfBinnedRow, type BoostedTree } from './boosted-tree.js';

/** Squared error (regression), binary log-loss, or softmax log-loss with one tree per class and iteration. */
export type Objective = 'regression' | 'binary' | 'multiclass';

export interface HistGbdtConfig {
  objective: Objective;
  nClasses: number; // multiclass only
  nEstimators: number;
  learningRate: number;
  numLeaves: number;
  maxDepth: number; // <= 0: none
  minChildSamples: number;
  minChildWeight: number;
  minSplitGain: number;
  regAlpha: number;
  regLambda: number;
  featureFraction: number;
  baggingFraction: number;
  baggingFreq: number;
  maxBin: number;
  minDataInBin: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

export interface HistGbdtModel {
  /** Trees per iteration (1, or the number of classes for multiclass). */
  k: number;
  /** Raw score before the first tree, per output. */
  init: Float64Array;
  /** Iteration-major: trees[it * k + c]; leaf values already include the learning rate. */
  trees: BoostedTree[];
  /** Validation scores (negative loss) per iteration, first entry before any tree; empty without early stopping. */
  validationScores: number[];
}

const EPS = 2.220446049250313e-16;

/**
 * Up to this many rows the root histogram is summed slot by slot through a slot -> rows index (gradients stay in
 * cache); above it, row by row as every other node, which reads gradients in order instead of gathering them (the
 * same additions in the same order either way).
 */
const ROOT_INDEX_ROWS = 100_000;

/**
 * Gradient boosting on binned features (LightGBM / HistGradientBoosting): leaf-wise trees on the
 * gradient and hessian of the loss, shrinkage, L1/L2 on leaf values, seeded row bagging and per-tree
 * feature sampling, early stopping on a seeded validation split (stratified for classification).
 * `y` holds class codes 0..k-1 for classification.
 */
export function fitHistGbdt(X: Matrix, y: Float64Array, weight: Float64Array | null, c: HistGbdtConfig, cache?: Map<string, unknown>): HistGbdtModel {
  const n = X.rows;
  const rng = new Rng(c.seed);
  const binned = cachedBins(X, { maxBins: c.maxBin, exactUpTo: c.maxBin, minDataInBin: c.minDataInBin, sampleRows: BINNING_SAMPLE_ROWS, seed: 0 }, cache);
  const k = c.objective === 'multiclass' ? c.nClasses : 1;

  const { train, valid } = c.earlyStopping ? validationSplit(y, c.objective !== 'regression', c.validationFraction, rng) : { train: allRows(n), valid: new Uint32Array(0) };
  const nTrain = train.length;
  const init = initialScores(y, weight, train, c.objective, k);
  const raw = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) raw[i * k + j] = init[j] as number;

  const grads = new Float64Array(n * k);
  const hess = new Float64Array(n * k);
  const grower = new TreeGrower(binned);
  const usable = usableFeatures(binned);
  const nFeat = c.featureFraction >= 1 ? usable.length : Math.max(1, Math.round(c.featureFraction * usable.length));
  const bagging = c.baggingFraction < 1 && c.baggingFreq > 0;
  const nBag = bagging ? Math.max(1, Math.round(c.baggingFraction * nTrain)) : nTrain;
  const bag = bagging ? new Uint32Array(nBag) : train;
  const inBag = new Uint8Array(n);
  if (!bagging) for (let i = 0; i < nTrain; i++) inBag[train[i] as number] = 1;
  const cfg: GrowConfig = {
    maxLeaves: c.numLeaves,
    maxDepth: c.maxDepth > 0 ? c.maxDepth : Infinity,
    minSamplesLeaf: c.minChildSamples,
    minSamplesSplit: 2 * c.minChildSamples,
    minHessLeaf: Math.max(c.minChildWeight, 1e-12),
    lambda: c.regLambda,
    alpha: c.regAlpha,
    minGain: c.minSplitGain,
    features: usable,
    featuresPerSplit: 0,
    rng: null,
    purity: false,
    rootIndex: bagging || nTrain > ROOT_INDEX_ROWS ? undefined : valid.length === 0 ? rowsBySlot(binned) : rowsBySlot(binned, train),
  };
  const trees: BoostedTree[] = [];
  const validationScores: number[] = [];
  if (valid.length > 0) validationScores.push(-loss(raw, y, valid, c.objective, k));

  for (let it = 0; it < c.nEstimators; it++) {
    computeGradients(raw, y, weight, train, c.objective, k, n, grads, hess);
    if (bagging && it % c.baggingFreq === 0) {
      inBag.fill(0);
      selectSorted(train, nBag, rng, bag);
      for (let i = 0; i < nBag; i++) inBag[bag[i] as number] = 1;
    }
    for (let j = 0; j < k; j++) {
      cfg.features = nFeat < usable.length ? sampleSorted(usable, nFeat, rng) : usable;
      const gk = k === 1 ? grads : grads.subarray(j * n, (j + 1) * n);
      const hk = k === 1 ? hess : hess.subarray(j * n, (j + 1) * n);
      const grown = grower.grow(gk, hk, bag, nBag, cfg);
      const t = grown.tree;
      const lv = t.leafValue;
      for (let l = 0; l < lv.length; l++) lv[l] = (lv[l] as number) * c.learningRate;
      const rows = grown.rows;
      for (let l = 0; l < lv.length; l++) {
        const v = lv[l] as number;
        for (let i = grown.leafStart[l] as number; i < (grown.leafEnd[l] as number); i++) raw[(rows[i] as number) * k + j] = (raw[(rows[i] as number) * k + j] as number) + v;
      }
      if (bagging) {
        for (let i = 0; i < nTrain; i++) {
          const r = train[i] as number;
          if (inBag[r] === 0) raw[r * k + j] = (raw[r * k + j] as number) + (lv[leafOfBinnedRow(t, binned, r)] as number);
        }
      }
      for (let i = 0; i < valid.length; i++) {
        const r = valid[i] as number;
        raw[r * k + j] = (raw[r * k + j] as number) + (lv[leafOfBinnedRow(t, binned, r)] as number);
      }
      trees.push(t);
    }
    if (valid.length > 0) {
      validationScores.push(-loss(raw, y, valid, c.objective, k));
      if (shouldStop(validationScores, c.nIterNoChange, c.tol)) break;
    }
  }
  return { k, init, trees, validationScores };
}

function allRows(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Seeded holdout of ~fraction of the rows (per class when stratified); both parts ascending. */
function validationSplit(y: Float64Array, stratify: boolean, fraction: number, rng: Rng): { train: Uint32Array; valid: Uint32Array } {
  const n = y.length;
  const isValid = new Uint8Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = stratify ? (y[i] as number) : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key) as number[];
    rng.shuffle(g);
    const take = Math.min(g.length - 1, Math.round(fraction * g.length));
    for (let i = 0; i < take; i++) isValid[g[i] as number] = 1;
  }
  let nv = 0;
  for (let i = 0; i < n; i++) nv += isValid[i] as number;
  const train = new Uint32Array(n - nv);
  const valid = new Uint32Array(nv);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (isValid[i]) valid[b++] = i;
    else train[a++] = i;
  }
  return { train, valid };
}

function initialScores(y: Float64Array, w: Float64Array | null, rows: Uint32Array, obj: Objective, k: number): Float64Array {
  const init = new Float64Array(k);
  let sw = 0;
  if (obj === 'regression') {
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const wi = w ? (w[r] as number) : 1;
      s += wi * (y[r] as number);
      sw += wi;
    }
    init[0] = sw > 0 ? s / sw : 0;
    return init;
  }
  const counts = new Float64Array(obj === 'binary' ? 2 : k);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const wi = w ? (w[r] as number) : 1;
    counts[y[r] as number] = (counts[y[r] as number] as number) + wi;
    sw += wi;
  }
  if (obj === 'binary') {
    const p = Math.min(Math.max((counts[1] as number) / sw, EPS), 1 - EPS);
    init[0] = Math.log(p / (1 - p));
  } else {
    for (let j = 0; j < k; j++) init[j] = Math.log(Math.max((counts[j] as number) / sw, EPS));
  }
  return init;
}

function computeGradients(raw: Float64Array, y: Float64Array, w: Float64Array | null, rows: Uint32Array, obj: Objective, k: number, n: number, g: Float64Array, h: Float64Array): void {
  if (obj === 'regression') {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const wi = w ? (w[r] as number) : 1;
      g[r] = wi * ((raw[r] as number) - (y[r] as number));
      h[r] = wi;
    }
  } else if (obj === 'binary') {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const wi = w ? (w[r] as number) : 1;
      const p = sigmoid(raw[r] as number);
      g[r] = wi * (p - (y[r] as number));
      h[r] = wi * Math.max(p * (1 - p), 1e-16);
    }
  } else {
    const expBuf = new Float64Array(k);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const wi = w ? (w[r] as number) : 1;
      const o = r * k;
      let m = -Infinity;
      for (let j = 0; j < k; j++) m = Math.max(m, raw[o + j] as number);
      let s = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp((raw[o + j] as number) - m);
        expBuf[j] = e;
        s += e;
      }
      const yr = y[r] as number;
      for (let j = 0; j < k; j++) {
        const p = (expBuf[j] as number) / s;
        g[j * n + r] = wi * (p - (j === yr ? 1 : 0));
        h[j * n + r] = wi * Math.max(p * (1 - p), 1e-16);
      }
    }
  }
}

/** Mean loss over rows: squared error / 2 (as scikit-learn's half_squared_error), log-loss. */
function loss(raw: Float64Array, y: Float64Array, rows: Uint32Array, obj: Objective, k: number): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (obj === 'regression') {
      const d = (raw[r] as number) - (y[r] as number);
      s += 0.5 * d * d;
    } else if (obj === 'binary') {
      const z = raw[r] as number;
      // log(1 + e^z) - y z, computed stably
      s += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (y[r] as number) * z;
    } else {
      const o = r * k;
      let m = -Infinity;
      for (let j = 0; j < k; j++) m = Math.max(m, raw[o + j] as number);
      let se = 0;
      for (let j = 0; j < k; j++) se += Math.exp((raw[o + j] as number) - m);
      s += m + Math.log(se) - (raw[o + (y[r] as number)] as number);
    }
  }
  return rows.length > 0 ? s / rows.length : 0;
}

/** scikit-learn's rule: stop when none of the last nIterNoChange scores beats the one before them by tol. */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const refScore = (scores[scores.length - ref] as number) + tol;
  for (let i = scores.length - ref + 1; i < scores.length; i++) if ((scores[i] as number) > refScore) return false;
  return true;
}

/** m ids drawn without replacement from src, ascending (selection sampling, Knuth's algorithm S). */
function selectSorted(src: Uint32Array, m: number, rng: Rng, out: Uint32Array): void {
  const n = src.length;
  let chosen = 0;
  for (let i = 0; i < n && chosen < m; i++) {
    if ((n - i) * rng.next() < m - chosen) out[chosen++] = src[i] as number;
  }
}

function sampleSorted(src: Int32Array, m: number, rng: Rng): Int32Array {
  const out = new Int32Array(m);
  const n = src.length;
  let chosen = 0;
  for (let i = 0; i < n && chosen < m; i++) {
    if ((n - i) * rng.next() < m - chosen) out[chosen++] = src[i] as number;
  }
  return out;
}
