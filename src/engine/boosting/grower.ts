import type { Rng } from '../core/random.js';
import { midpoint } from '../binning/midpoint.js';
import type { BinnedMatrix, RowsBySlot } from '../binning/slot-bins.js';
import type { BoostedTree } from './boosted-tree.js';
import { clearMarked, markedBins, slotMask, subtractMarked } from './slot-mask.js';
import { binColumns, partitionRows, type BinColumns, type NodeRows } from './partition.js';

/**
 * Histogram tree growth on gradient statistics, shared by every boosting model here.
 * A node's split gain is score(L) + score(R) - score(node) with score(G, H) = T(G)^2 / (H + lambda),
 * T the L1 soft-threshold: with g = -w*r and h = w this is scikit-learn's friedman_mse improvement
 * (times the node weight), with g, h the log-loss gradient / hessian it is LightGBM's gain.
 * Growth is best-first (leaf-wise): with maxLeaves unbounded and a maxDepth it yields the same tree as
 * depth-first growth. Each split builds the histogram of the smaller child and gets the larger one by
 * subtraction from the parent; rows are partitioned in place (stably) in one index buffer, their gradients and
 * hessians along with them, so histograms read those in order instead of gathering them by row id.
 * Histograms built from a node's rows carry a slot mask (slot-mask.ts): on small nodes most slots of
 * many-bin features stay +0, and clearing, subtracting and scanning skip them (same results).
 */
export interface GrowConfig {
  maxLeaves: number;
  maxDepth: number; // Infinity for none
  minSamplesLeaf: number;
  minSamplesSplit: number;
  minHessLeaf: number;
  lambda: number;
  alpha: number;
  minGain: number;
  /** Features this tree may use (ascending). */
  features: Int32Array;
  /** Features drawn at each split (scikit-learn's max_features); 0 = all of `features`. */
  featuresPerSplit: number;
  rng: Rng | null;
  /** Leave nodes whose gradients are all equal unsplit (scikit-learn's trees); costs a little per split. */
  purity: boolean;
  /** With rootIndex: the root's hessian histogram, kept from the first tree (see RootHessianCache). */
  rootHessian?: RootHessianCache;
  /** Slot -> rows index of exactly the rows handed to grow (then the root histogram is built through it). */
  rootIndex?: RowsBySlot;
}

export interface GrownTree {
  tree: BoostedTree;
  /**
   * Leaf l (l < tree.leafValue.length) holds rows[leafStart[l] .. leafEnd[l]) of the grower's row buffer.
   * These buffers belong to the grower: valid until its next grow.
   */
  leafStart: Int32Array;
  leafEnd: Int32Array;
  rows: Uint32Array;
}

/**
 * The hessian half of the root histogram, reused across trees whose hessians and rows do not change
 * (scikit-learn's gradient boosting: unit weights, no subsample): the root then accumulates gradients only.
 */
export interface RootHessianCache {
  hist: Float64Array | null;
}

interface Leaf {
  start: number;
  end: number;
  g: number;
  h: number;
  sumSq: number; // sum of g^2 / h: with the node's G and H, tells a pure node
  depth: number;
  hist: Float64Array | null;
  /** Slots of hist that may be nonzero; null: any (the root and the larger children down from it). */
  mask: Uint32Array | null;
  parent: number; // internal node whose child this is (-1 for the root)
  isLeft: boolean;
  // best split, with the left child's gradient / hessian sums
  gain: number;
  threshold: number; // raw-value cut: value <= threshold goes left
  gL: number;
  hL: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

/** Average slots per feature from which histograms of small nodes carry slot masks (digits: ~17, dense). */
const MASK_SLOTS_PER_FEATURE = 48;

/**
 * A child gets a slot mask while its cells (rows x cells per row) are at most this many times the slots: a larger
 * one marks nearly all of them (measured on the 1M-row case, where marking 630k-row nodes was 12% of a fit).
 */
const MASK_CELLS_PER_SLOT = 4;

/** Relative impurity under which a node counts as pure (all gradients equal). */
const PURE = 1e-12;

export class TreeGrower {
  private readonly rows: Uint32Array;
  private readonly node: NodeRows;
  private readonly columns: BinColumns;
  private readonly sums = new Float64Array(2);
  /** Histograms and masks ready for use: all zero. */
  private readonly pool: Float64Array[] = [];
  private readonly maskPool: Uint32Array[] = [];
  private readonly binScratch: Int32Array;
  /** Masks pay off when features have many bins (small nodes then touch few of them). */
  private readonly masked: boolean;
  /** Children with more rows than this get no mask: they mark nearly every slot, so marking would be wasted. */
  private readonly maskRowsUpTo: number;
  private readonly slots: number;
  private featScratch: Int32Array;
  /** Sized for the most leaves grown so far (not per row: on 630k rows that was 5 MB a grower). */
  private leafStart = new Int32Array(32);
  private leafEnd = new Int32Array(32);

  constructor(private readonly b: BinnedMatrix) {
    this.rows = new Uint32Array(b.rows);
    this.node = { rows: this.rows, gh: new Float64Array(2 * b.rows), rowScratch: new Uint32Array(b.rows), ghScratch: new Float64Array(2 * b.rows) };
    this.columns = binColumns(b);
    this.slots = 2 * b.totalSlots;
    this.featScratch = new Int32Array(b.cols);
    let maxBins = 1;
    for (let f = 0; f < b.cols; f++) maxBins = Math.max(maxBins, b.nBins[f] as number);
    this.binScratch = new Int32Array(maxBins);
    this.masked = b.totalSlots >= MASK_SLOTS_PER_FEATURE * b.cols;
    const cellsPerRow = b.sparse ? Math.max(1, b.sparse.entries.length / Math.max(1, b.rows)) : Math.max(1, b.cols);
    this.maskRowsUpTo = (MASK_CELLS_PER_SLOT * b.totalSlots) / cellsPerRow;
  }

  /** Grows one tree on rows sampleRows[0..nRows) (ascending ids) with per-row gradients g and hessians h. */
  grow(g: Float64Array, h: Float64Array, sampleRows: Uint32Array, nRows: number, cfg: GrowConfig): GrownTree {
    const rows = this.rows;
    rows.set(sampleRows.subarray(0, nRows));
    let G = 0;
    let H = 0;
    let S = 0;
    const gh = this.node.gh;
    for (let i = 0; i < nRows; i++) {
      const r = rows[i] as number;
      const gi = g[r] as number;
      const hi = h[r] as number;
      gh[2 * i] = gi;
      gh[2 * i + 1] = hi;
      G += gi;
      H += hi;
    }
    if (cfg.purity) S = sumSquares(rows, 0, nRows, g, h);
    const feature: number[] = [];
    const threshold: number[] = [];
    const binThreshold: number[] = [];
    const missingLeft: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const root = this.newLeaf(0, nRows, G, H, S, 0, -1, true);
    const open: Leaf[] = [root];
    const done: Leaf[] = [];
    if (this.splittable(root, cfg)) {
      root.hist = this.takeHist();
      if (cfg.rootIndex) {
        const cache = cfg.rootHessian;
        const cached = cache?.hist ?? null;
        this.buildAllRowsHist(root.hist, cfg.rootIndex, g, cached ?? h, cached !== null, cfg.features, root.g, root.h);
        if (cache && !cached) cache.hist = root.hist.slice();
      } else this.buildHist(root.hist, null, root.start, root.end, cfg.features, root.g, root.h);
      this.findSplit(root, cfg);
    }
    let nLeaves = 1;
    while (nLeaves < cfg.maxLeaves) {
      let best = -1;
      for (let i = 0; i < open.length; i++) {
        const l = open[i] as Leaf;
        if (l.feature >= 0 && (best < 0 || l.gain > (open[best] as Leaf).gain)) best = i;
      }
      if (best < 0) break;
      const leaf = open[best] as Leaf;
      open[best] = open[open.length - 1] as Leaf;
      open.pop();
      // the split becomes internal node `id`
      const id = feature.length;
      const f = leaf.feature;
      feature.push(f);
      threshold.push(leaf.threshold);
      binThreshold.push(leaf.bin);
      missingLeft.push(leaf.missingLeft ? 1 : 0);
      left.push(0);
      right.push(0);
      if (leaf.parent >= 0) (leaf.isLeft ? left : right)[leaf.parent] = id;
      const [L, R] = this.split(leaf, id, cfg.purity);
      nLeaves++;
      // at the leaf budget no child will be split: skip their histograms
      const budgetLeft = nLeaves < cfg.maxLeaves;
      const canL = budgetLeft && this.splittable(L, cfg);
      const canR = budgetLeft && this.splittable(R, cfg);
      if ((canL || canR) && leaf.hist) {
        const small = L.end - L.start <= R.end - R.start ? L : R;
        const large = small === L ? R : L;
        small.hist = this.takeHist();
        small.mask = this.masked && small.end - small.start <= this.maskRowsUpTo ? this.takeMask() : null;
        this.buildHist(small.hist, small.mask, small.start, small.end, cfg.features, small.g, small.h);
        if (large === L ? canL : canR) {
          // the larger child's histogram = the parent's minus the smaller one's, in the parent's buffer
          if (small.mask) subtractMarked(leaf.hist, leaf.mask, small.hist, small.mask);
          else subtractInto(leaf.hist, small.hist);
          large.hist = leaf.hist;
          large.mask = leaf.mask;
          leaf.hist = null;
          leaf.mask = null;
        } else this.release(leaf);
        if (canL) this.findSplit(L, cfg);
        if (canR) this.findSplit(R, cfg);
        if (!canL && L.hist) this.release(L);
        if (!canR && R.hist) this.release(R);
      } else if (leaf.hist) this.release(leaf);
      open.push(L, R);
    }
    for (const l of open) {
      if (l.hist) this.release(l);
      done.push(l);
    }
    // number the leaves in the order of their rows (left to right) for a stable, readable tree
    done.sort((a, c) => a.start - c.start);
    const n = done.length;
    if (this.leafStart.length < n) {
      this.leafStart = new Int32Array(n);
      this.leafEnd = new Int32Array(n);
    }
    const { leafStart, leafEnd } = this;
    const leafValue = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const l = done[i] as Leaf;
      leafStart[i] = l.start;
      leafEnd[i] = l.end;
      leafValue[i] = -softThreshold(l.g, cfg.alpha) / (l.h + cfg.lambda || 1);
      if (l.parent >= 0) (l.isLeft ? left : right)[l.parent] = ~i;
    }
    const tree: BoostedTree = {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      binThreshold: Int32Array.from(binThreshold),
      missingLeft: Uint8Array.from(missingLeft),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      leafValue,
    };
    return { tree, leafStart, leafEnd, rows };
  }

  private newLeaf(start: number, end: number, g: number, h: number, sumSq: number, depth: number, parent: number, isLeft: boolean): Leaf {
    return { start, end, g, h, sumSq, depth, hist: null, mask: null, parent, isLeft, gain: 0, threshold: 0, gL: 0, hL: 0, feature: -1, bin: 0, missingLeft: false };
  }

  private splittable(l: Leaf, cfg: GrowConfig): boolean {
    const n = l.end - l.start;
    if (l.depth >= cfg.maxDepth || n < cfg.minSamplesSplit || n < 2 * cfg.minSamplesLeaf || n < 2) return false;
    if (l.h < 2 * cfg.minHessLeaf) return false;
    if (!cfg.purity) return true;
    // a node whose gradients are all equal (zero impurity) is never split, as scikit-learn's trees
    const impurity = l.sumSq - (l.h > 0 ? (l.g * l.g) / l.h : 0);
    return impurity > PURE * l.sumSq;
  }

  private takeHist(): Float64Array {
    const h = this.pool.pop();
    return h ?? new Float64Array(this.slots);
  }

  private takeMask(): Uint32Array {
    return this.maskPool.pop() ?? slotMask(this.b.totalSlots);
  }

  /** Zeroes the leaf's histogram (only its marked slots when it has a mask) and returns it to the pool. */
  private release(l: Leaf): void {
    if (l.hist) {
      if (l.mask) clearMarked(l.hist, l.mask);
      else l.hist.fill(0);
      this.pool.push(l.hist);
    }
    if (l.mask) this.maskPool.push(l.mask);
    l.hist = null;
    l.mask = null;
  }

  /**
   * Histogram of the root's rows through their slot -> rows index. With `hessIsHist`, `hess` is the hessian
   * half of that histogram already (RootHessianCache) and only gradients are summed.
   */
  private buildAllRowsHist(hist: Float64Array, index: RowsBySlot, g: Float64Array, hess: Float64Array, hessIsHist: boolean, feats: Int32Array, G: number, H: number): void {
    const { ptr, rows } = index;
    const total = this.b.totalSlots;
    if (hessIsHist) {
      for (let s = 0; s < total; s++) {
        let sg = 0;
        const stop = ptr[s + 1] as number;
        let p = ptr[s] as number;
        // four rows per step, still added one by one in index order
        for (; p + 3 < stop; p += 4) sg = sg + (g[rows[p] as number] as number) + (g[rows[p + 1] as number] as number) + (g[rows[p + 2] as number] as number) + (g[rows[p + 3] as number] as number);
        for (; p < stop; p++) sg += g[rows[p] as number] as number;
        hist[2 * s] = sg;
        hist[2 * s + 1] = hess[2 * s + 1] as number;
      }
    } else {
      for (let s = 0; s < total; s++) {
        let sg = 0;
        let sh = 0;
        const stop = ptr[s + 1] as number;
        let p = ptr[s] as number;
        for (; p + 3 < stop; p += 4) {
          const r0 = rows[p] as number;
          const r1 = rows[p + 1] as number;
          const r2 = rows[p + 2] as number;
          const r3 = rows[p + 3] as number;
          sg = sg + (g[r0] as number) + (g[r1] as number) + (g[r2] as number) + (g[r3] as number);
          sh = sh + (hess[r0] as number) + (hess[r1] as number) + (hess[r2] as number) + (hess[r3] as number);
        }
        for (; p < stop; p++) {
          const r = rows[p] as number;
          sg += g[r] as number;
          sh += hess[r] as number;
        }
        hist[2 * s] = sg;
        hist[2 * s + 1] = sh;
      }
    }
    const sparse = this.b.sparse;
    if (sparse) this.fillFrequent(hist, feats, sparse.frequentSlot, G, hessIsHist ? null : H);
  }

  /** The sparse layout's frequent slot of each feature = node totals minus the feature's other slots. */
  private fillFrequent(hist: Float64Array, feats: Int32Array, frequentSlot: Int32Array, G: number, H: number | null, mask: Uint32Array | null = null): void {
    const { offsets, nBins } = this.b;
    const bins = this.binScratch;
    for (let k = 0; k < feats.length; k++) {
      const f = feats[k] as number;
      const ms = frequentSlot[f] as number;
      const m = ms << 1;
      hist[m] = 0;
      if (H !== null) hist[m + 1] = 0;
      const first = offsets[f] as number;
      const from = first << 1;
      let sg = 0;
      let sh = 0;
      if (mask) {
        // unmarked slots are +0: leaving them out of the sums changes nothing
        const nm = markedBins(mask, first, first + (nBins[f] as number) + 1, bins);
        for (let t = 0; t < nm; t++) {
          const i = from + ((bins[t] as number) << 1);
          sg += hist[i] as number;
          sh += hist[i + 1] as number;
        }
        mask[ms >>> 5] = (mask[ms >>> 5] as number) | (1 << (ms & 31));
      } else {
        const to = from + (((nBins[f] as number) + 1) << 1);
        for (let i = from; i < to; i += 2) {
          sg += hist[i] as number;
          sh += hist[i + 1] as number;
        }
      }
      hist[m] = G - sg;
      if (H !== null) hist[m + 1] = H - sh;
    }
  }

  /**
   * Histogram of the leaf's rows into a zeroed hist, marking every slot written in mask when there is one
   * (G, H: the leaf's totals, used to fill the sparse layout's frequent bins).
   */
  private buildHist(hist: Float64Array, mask: Uint32Array | null, start: number, end: number, feats: Int32Array, G: number, H: number): void {
    const { slots, cols, sparse } = this.b;
    if (mask && !sparse) markRows(mask, this.rows, start, end, null, slots, cols, feats.length === cols ? null : feats);
    const rows = this.rows;
    const gh = this.node.gh;
    const nf = feats.length;
    if (sparse) {
      const { rowPtr, entries, frequentSlot } = sparse;
      for (let i = start; i < end; i++) {
        const r = rows[i] as number;
        const gi = gh[2 * i] as number;
        const hi = gh[2 * i + 1] as number;
        const stop = rowPtr[r + 1] as number;
        for (let p = rowPtr[r] as number; p < stop; p++) {
          const idx = (entries[p] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
        }
      }
      if (mask) markRows(mask, rows, start, end, rowPtr, entries, 0, null);
      this.fillFrequent(hist, feats, frequentSlot, G, H, mask);
    } else if (nf === cols) {
      // all features: walk the row's slots directly, four at a time (measured ~2x over a plain loop)
      const cols4 = cols - (cols & 3);
      for (let i = start; i < end; i++) {
        const r = rows[i] as number;
        const gi = gh[2 * i] as number;
        const hi = gh[2 * i + 1] as number;
        const base = r * cols;
        const stop4 = base + cols4;
        let p = base;
        for (; p < stop4; p += 4) {
          let idx = (slots[p] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
          idx = (slots[p + 1] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
          idx = (slots[p + 2] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
          idx = (slots[p + 3] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
        }
        const stop = base + cols;
        for (; p < stop; p++) {
          const idx = (slots[p] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        const r = rows[i] as number;
        const gi = gh[2 * i] as number;
        const hi = gh[2 * i + 1] as number;
        const base = r * cols;
        for (let k = 0; k < nf; k++) {
          const idx = (slots[base + (feats[k] as number)] as number) << 1;
          hist[idx] = (hist[idx] as number) + gi;
          hist[idx + 1] = (hist[idx + 1] as number) + hi;
        }
      }
    }
  }

  private findSplit(l: Leaf, cfg: GrowConfig): void {
    const hist = l.hist as Float64Array;
    const mask = l.mask;
    const bins = this.binScratch;
    const { offsets, nBins } = this.b;
    let feats = cfg.features;
    if (cfg.featuresPerSplit > 0 && cfg.featuresPerSplit < feats.length && cfg.rng) {
      // a seeded draw of featuresPerSplit features (partial Fisher-Yates), scanned in ascending order
      const pick = this.featScratch.subarray(0, feats.length);
      pick.set(feats);
      for (let i = 0; i < cfg.featuresPerSplit; i++) {
        const j = i + cfg.rng.int(pick.length - i);
        const t = pick[i] as number;
        pick[i] = pick[j] as number;
        pick[j] = t;
      }
      feats = pick.subarray(0, cfg.featuresPerSplit).sort();
    }
    const { lambda, alpha, minHessLeaf, minSamplesLeaf } = cfg;
    const G = l.g;
    const H = l.h;
    const count = l.end - l.start;
    const perHess = H > 0 ? count / H : 0;
    const parentScore = score(G, H, lambda, alpha);
    // a bin this light holds no row of the node (only rounding left by histogram subtraction)
    const empty = 1e-10 * H;
    const l1 = alpha > 0;
    let bestGain = cfg.minGain > 0 ? cfg.minGain : 0;
    let bestF = -1;
    let bestBin = 0;
    let bestMissLeft = false;
    let bestGL = 0;
    let bestHL = 0;
    // minimum hessian on each side, from both constraints (counts are estimated as hessian * count / H)
    const minH = Math.max(minHessLeaf, perHess > 0 ? (minSamplesLeaf - 1e-9) / perHess : 0);
    for (let k = 0; k < feats.length; k++) {
      const f = feats[k] as number;
      const nb = nBins[f] as number;
      const off = (offsets[f] as number) << 1;
      const gM = hist[off + 2 * nb] as number;
      const hM = hist[off + 2 * nb + 1] as number;
      const withMissing = hM > empty;
      let gL = 0;
      let hL = 0;
      // with a mask, only marked bins: the others add +0 to gL / hL and are skipped as empty anyway
      const nCand = mask === null ? nb - 1 : markedBins(mask, offsets[f] as number, (offsets[f] as number) + nb - 1, bins);
      if (!l1 && !withMissing) {
        // the common case (no L1, no missing values in the node) in loops of its own: the same candidates, same sums
        if (mask === null) {
          for (let bin = 0; bin < nCand; bin++) {
            const hb = hist[off + 2 * bin + 1] as number;
            gL += hist[off + 2 * bin] as number;
            hL += hb;
            if (hb <= empty) continue;
            const hR = H - hL;
            if (hR < minH) break;
            if (hL >= minH) {
              const gR = G - gL;
              const gain = (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
              if (gain > bestGain) {
                bestGain = gain;
                bestF = f;
                bestBin = bin;
                bestMissLeft = false;
                bestGL = gL;
                bestHL = hL;
              }
            }
          }
        } else {
          for (let t = 0; t < nCand; t++) {
            const bin = bins[t] as number;
            const hb = hist[off + 2 * bin + 1] as number;
            gL += hist[off + 2 * bin] as number;
            hL += hb;
            if (hb <= empty) continue;
            const hR = H - hL;
            if (hR < minH) break;
            if (hL >= minH) {
              const gR = G - gL;
              const gain = (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
              if (gain > bestGain) {
                bestGain = gain;
                bestF = f;
                bestBin = bin;
                bestMissLeft = false;
                bestGL = gL;
                bestHL = hL;
              }
            }
          }
        }
        continue;
      }
      for (let t = 0; t < nCand; t++) {
        const bin = mask === null ? t : (bins[t] as number);
        const hb = hist[off + 2 * bin + 1] as number;
        gL += hist[off + 2 * bin] as number;
        hL += hb;
        // an empty bin splits the node's rows as the previous candidate did
        if (hb <= empty) continue;
        // missing values to the right
        let hR = H - hL;
        // the right side only shrinks from here on (and shrinks more with missing values on the left)
        if (hR < minH) break;
        if (hL >= minH) {
          const gR = G - gL;
          const gain = l1 ? score(gL, hL, lambda, alpha) + score(gR, hR, lambda, alpha) - parentScore : (gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestBin = bin;
            bestMissLeft = false;
            bestGL = gL;
            bestHL = hL;
          }
        }
        if (withMissing) {
          const gLm = gL + gM;
          const hLm = hL + hM;
          hR = H - hLm;
          if (hLm >= minH && hR >= minH) {
            const gain = score(gLm, hLm, lambda, alpha) + score(G - gLm, hR, lambda, alpha) - parentScore;
            if (gain > bestGain) {
              bestGain = gain;
              bestF = f;
              bestBin = bin;
              bestMissLeft = true;
              bestGL = gLm;
              bestHL = hLm;
            }
          }
        }
      }
      if (withMissing) {
        // all non-missing values left, missing values right
        gL = G - gM;
        hL = H - hM;
        if (hL >= minH && hM >= minH) {
          const gain = score(gL, hL, lambda, alpha) + score(gM, hM, lambda, alpha) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestBin = nb - 1;
            bestMissLeft = false;
            bestGL = gL;
            bestHL = hL;
          }
        }
      }
    }
    l.feature = bestF;
    l.gain = bestGain;
    l.bin = bestBin;
    l.gL = bestGL;
    l.hL = bestHL;
    l.threshold = Number.MAX_VALUE;
    if (bestF >= 0) {
      const off = offsets[bestF] as number;
      const nb = nBins[bestF] as number;
      if (bestBin < nb - 1) {
        // as scikit-learn's exact trees: cut midway between the closest values of the node on either side
        let next = bestBin + 1;
        while (next < nb - 1 && (hist[2 * (off + next) + 1] as number) <= empty) next++;
        const t = midpoint(this.b.binHi[off + bestBin] as number, this.b.binLo[off + next] as number);
        l.threshold = t;
        // the same test on bins, for rows of empty bins in between (validation, out-of-bag rows)
        let bt = bestBin;
        while (bt + 1 < next && (this.b.binHi[off + bt + 1] as number) <= t) bt++;
        l.bin = bt;
      }
      if (!bestMissLeft && this.b.hasMissing[bestF] === 0) {
        // no missing values seen: send future ones to the side with more rows (scikit-learn's choice)
        let hLeft = 0;
        for (let bin = 0; bin <= bestBin; bin++) hLeft += hist[2 * (off + bin) + 1] as number;
        bestMissLeft = hLeft >= H - hLeft;
      }
    }
    l.missingLeft = bestMissLeft;
  }

  /** Partitions the leaf's rows (partition.ts) by its split; children's G and H come from the split search. */
  private split(l: Leaf, nodeId: number, purity: boolean): [Leaf, Leaf] {
    const f = l.feature;
    const nb = this.b.nBins[f] as number;
    const sums = purity ? this.sums : null;
    const w = partitionRows(this.node, l.start, l.end, this.columns, f * this.b.rows, l.bin, nb, l.missingLeft ? 1 : 0, this.b.hasMissing[f] === 1, sums);
    const L = this.newLeaf(l.start, w, l.gL, l.hL, sums ? (sums[0] as number) : 0, l.depth + 1, nodeId, true);
    const R = this.newLeaf(w, l.end, l.g - l.gL, l.h - l.hL, sums ? (sums[1] as number) : 0, l.depth + 1, nodeId, false);
    return [L, R];
  }
}

/** Marks the slots of rows[start..end): through CSR entries (rowPtr set) or row-major slots (of feats, or all cols). */
function markRows(mask: Uint32Array, rows: Uint32Array, start: number, end: number, rowPtr: Uint32Array | null, cells: Uint16Array | Uint32Array, cols: number, feats: Int32Array | null): void {
  for (let i = start; i < end; i++) {
    const r = rows[i] as number;
    let p: number;
    let stop: number;
    if (rowPtr) {
      p = rowPtr[r] as number;
      stop = rowPtr[r + 1] as number;
    } else {
      p = r * cols;
      stop = p + cols;
    }
    if (feats) {
      for (let k = 0; k < feats.length; k++) {
        const e = cells[p + (feats[k] as number)] as number;
        mask[e >>> 5] = (mask[e >>> 5] as number) | (1 << (e & 31));
      }
    } else {
      for (; p < stop; p++) {
        const e = cells[p] as number;
        mask[e >>> 5] = (mask[e >>> 5] as number) | (1 << (e & 31));
      }
    }
  }
}

function sumSquares(rows: Uint32Array, start: number, end: number, g: Float64Array, h: Float64Array): number {
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i] as number;
    const hi = h[r] as number;
    if (hi > 0) s += ((g[r] as number) * (g[r] as number)) / hi;
  }
  return s;
}

/** parent -= small over the whole histogram (slots of unused features hold garbage nobody reads). */
function subtractInto(parent: Float64Array, small: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] = (parent[i] as number) - (small[i] as number);
}

function softThreshold(g: number, alpha: number): number {
  if (alpha <= 0) return g;
  return g > alpha ? g - alpha : g < -alpha ? g + alpha : 0;
}

function score(g: number, h: number, lambda: number, alpha: number): number {
  const t = alpha > 0 ? softThreshold(g, alpha) : g;
  return (t * t) / (h + lambda);
}

/** Features with more than one bin (others can never split). */
export function usableFeatures(b: BinnedMatrix): Int32Array {
  const out: number[] = [];
  for (let f = 0; f < b.cols; f++) if ((b.nBins[f] as number) > 1 || b.hasMissing[f] === 1) out.push(f);
  return Int32Array.from(out);
}
