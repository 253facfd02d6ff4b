import { CONSTANT, type HistBuffer, IMPROVED, MASK_WORDS, NO_GAIN, SMALL_NODE, type SplitChoice } from './grower-state.js';
import { midpoint } from '../binning/midpoint.js';
import { GUIDE_CELLS } from './guide-table.js';
import { RowPartitioner } from './partition.js';

// Split search at one node (scikit-learn's tree/_splitter: BestSplitter and RandomSplitter), on histograms
// for large nodes and on the node's rows for small ones.
export abstract class NodeSplitter extends RowPartitioner {
  /**
   * Searches the node's features with scikit-learn's feature sampling (node_split's loop: draw without
   * replacement, skip features known constant above, count newly found constants, stop after
   * maxFeatures draws once a non-constant feature was seen). The winner (if any) is left in this.best,
   * the number of constants known below this node in this.nConstOut.
   */
  protected findSplit(s: number, e: number, nodeStats: Float64Array, hist: HistBuffer | null, nKnown: number): boolean {
    const features = this.features;
    const constants = this.constantFeatures;
    const rand = this.rand;
    const n = e - s;
    const random = this.p.splitter === 'random';
    const maxFeatures = this.p.maxFeatures;
    const best = this.best;
    best.feature = -1;
    best.proxy = -Infinity;
    // (classification measured faster feature by feature through randomOnRows)
    if (random && !hist && !this.isClf && n <= this.smallNode) return this.randomSmallRegression(s, e, nodeStats, nKnown);
    let fi = this.F;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnown;
    let visited = 0;
    while (fi > nTotal && (visited < maxFeatures || visited <= nFound + nDrawn)) {
      visited++;
      let fj = rand.int(nDrawn, fi - nFound);
      if (fj < nKnown) {
        const t = features[nDrawn] as number;
        features[nDrawn] = features[fj] as number;
        features[fj] = t;
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features[fj] as number;
      let outcome: number;
      if (hist) {
        const ho = this.S * (this.bins.start[f] as number);
        const mo = f * MASK_WORDS;
        outcome = random ? this.randomOnHistogram(hist, ho, mo, f, n, nodeStats) : this.bestOnHistogram(hist, ho, mo, f, n, nodeStats);
      } else if (random) {
        outcome = this.randomOnRows(f, s, e, nodeStats);
      } else if (n <= SMALL_NODE) {
        outcome = this.bestOnSortedRows(f, s, e, nodeStats);
      } else {
        this.buildFeature(this.one, 0, 0, f, s, e);
        outcome = this.bestOnHistogram(this.one, 0, 0, f, n, nodeStats);
        this.clearFeature(this.one, 0, 0, f);
      }
      if (outcome === CONSTANT) {
        features[fj] = features[nTotal] as number;
        features[nTotal] = f;
        nFound++;
        nTotal++;
        continue;
      }
      fi--;
      features[fj] = features[fi] as number;
      features[fi] = f;
    }
    // scikit-learn's invariant: known constants keep their order at the front for siblings and children
    for (let k = 0; k < nKnown; k++) features[k] = constants[k] as number;
    for (let k = 0; k < nFound; k++) constants[nKnown + k] = features[nKnown + k] as number;
    this.nConstOut = nTotal;
    return best.feature >= 0;
  }

  /**
   * findSplit for the random splitter on a small regression node, fused into one function: the same
   * feature draws, constant bookkeeping, thresholds and outcome as findSplit + randomOnRows, without
   * per-feature calls, reading row-major codes of the node's rows gathered once.
   */
  protected randomSmallRegression(s: number, e: number, tot: Float64Array, nKnown: number): boolean {
    const features = this.features;
    const constants = this.constantFeatures;
    const rand = this.rand;
    const F = this.F;
    const n = e - s;
    const maxFeatures = this.p.maxFeatures;
    const msl = this.p.minSamplesLeaf;
    const codes = this.rowCodes;
    const { lo, hi, start } = this.bins;
    const rowOff = this.smallRowOff;
    const rw = this.smallW;
    const ry = this.smallY;
    const idx = this.idx;
    const unit = this.unitWeights;
    for (let i = 0; i < n; i++) {
      const r = idx[s + i] as number;
      rowOff[i] = r * F;
      rw[i] = this.w[r] as number;
      ry[i] = this.wy[r] as number;
    }
    const W = tot[1] as number;
    const T = tot[2] as number;
    // two rows: every cut puts the lower-coded row alone on the left, so a feature's proxy is one of
    // two values (row 0 or row 1 on the left), computed once
    const pair = n === 2;
    const pairProxy0 = pair ? this.singleLeftProxy(0, tot) : 0;
    const pairProxy1 = pair ? this.singleLeftProxy(1, tot) : 0;
    let bestProxy = -Infinity;
    let fi = F;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnown;
    let visited = 0;
    while (fi > nTotal && (visited < maxFeatures || visited <= nFound + nDrawn)) {
      visited++;
      let fj = rand.int(nDrawn, fi - nFound);
      if (fj < nKnown) {
        const t = features[nDrawn] as number;
        features[nDrawn] = features[fj] as number;
        features[fj] = t;
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features[fj] as number;
      let minBin = 1 << 30;
      let maxBin = -1;
      let lowFirst = true; // pairs: row 0 has the lower code
      if (pair) {
        const c0 = codes[(rowOff[0] as number) + f] as number;
        const c1 = codes[(rowOff[1] as number) + f] as number;
        lowFirst = c0 < c1;
        minBin = lowFirst ? c0 : c1;
        maxBin = lowFirst ? c1 : c0;
      } else {
        for (let i = 0; i < n; i++) {
          const c = codes[(rowOff[i] as number) + f] as number;
          if (c < minBin) minBin = c;
          if (c > maxBin) maxBin = c;
        }
      }
      if (minBin >= maxBin) {
        features[fj] = features[nTotal] as number;
        features[nTotal] = f;
        nFound++;
        nTotal++;
        continue;
      }
      fi--;
      features[fj] = features[fi] as number;
      features[fi] = f;
      // randomCut, inlined
      const st = start[f] as number;
      const vmin = lo[st + minBin] as number;
      const vmax = hi[st + maxBin] as number;
      let t = rand.uniform(vmin, vmax);
      if (t >= vmax) t = vmin;
      if (pair && (msl > 1 || !((lowFirst ? pairProxy0 : pairProxy1) > bestProxy))) continue;
      const a = this.firstBinReaching(f, st, t, minBin, maxBin);
      const bl = lo[st + a] as number;
      const bh = hi[st + a] as number;
      let bin = bh <= t || (bl <= t && t >= (bl + bh) / 2) ? a : a - 1;
      if (bin < minBin) bin = minBin;
      if (bin >= maxBin) bin = maxBin - 1;
      // left side
      let lc = 0;
      let lw = 0;
      let proxy: number;
      if (pair) {
        proxy = lowFirst ? pairProxy0 : pairProxy1;
      } else if (unit) {
        let sl = 0;
        for (let i = 0; i < n; i++) {
          const l = (((bin - (codes[(rowOff[i] as number) + f] as number)) >> 31) & 1) ^ 1;
          lc += l;
          sl += l * (ry[i] as number);
        }
        if (lc < msl || n - lc < msl) continue;
        const sr = T - sl;
        proxy = (sl * sl) / lc + (sr * sr) / (W - lc);
      } else {
        let sl = 0;
        for (let i = 0; i < n; i++) {
          const l = (((bin - (codes[(rowOff[i] as number) + f] as number)) >> 31) & 1) ^ 1;
          lc += l;
          lw += l * (rw[i] as number);
          sl += l * (ry[i] as number);
        }
        if (lc < msl || n - lc < msl) continue;
        const sr = T - sl;
        proxy = (sl * sl) / lw + (sr * sr) / (W - lw);
      }
      if (proxy > bestProxy) {
        bestProxy = proxy;
        this.randomChoice(f, t, bin, proxy);
      }
    }
    for (let k = 0; k < nKnown; k++) features[k] = constants[k] as number;
    for (let k = 0; k < nFound; k++) constants[nKnown + k] = features[nKnown + k] as number;
    this.nConstOut = nTotal;
    return this.best.feature >= 0;
  }

  /**
   * The first bin a in [minBin, maxBin] whose upper cut is >= t (maxBin if none): a guide table over a
   * uniform grid of the feature's range gives a bin at or below the answer, a short forward scan ends it.
   */
  protected firstBinReaching(f: number, st: number, t: number, minBin: number, maxBin: number): number {
    const g = this.guide;
    let k = Math.floor((t - (g.origin[f] as number)) * (g.scale[f] as number));
    k = k < 1 ? 0 : k > GUIDE_CELLS ? GUIDE_CELLS - 1 : k - 1; // one cell back: rounding can overshoot by one
    let a = g.first[f * (GUIDE_CELLS + 1) + k] as number;
    if (a < minBin) a = minBin;
    const upper = this.bins.upper;
    while (a < maxBin && (upper[st + a] as number) < t) a++;
    return a;
  }

  /**
   * Best boundary of feature f from its histogram; returns a SplitChoice better than `best`, null if
   * none beats it, or 'constant' when the node's rows share one bin.
   */
  protected bestOnHistogram(hb: HistBuffer, ho: number, mo: number, f: number, n: number, tot: Float64Array): number {
    const { h, mask } = hb;
    const S = this.S;
    const K = this.K;
    const clf = this.isClf;
    const msl = this.p.minSamplesLeaf;
    const cum = this.cum;
    const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lc = 0;
    let lw = 0;
    let prev = -1;
    let nonEmpty = 0;
    let bestProxy = this.best.proxy;
    let bestBin = -1;
    let bestNext = -1;
    for (let wi = 0; wi < words; wi++) {
      let word = mask[mo + wi] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const b = (wi << 5) | (31 - Math.clz32(low));
        const o = ho + b * S;
        const cnt = h[o] as number;
        if (cnt === 0) continue;
        nonEmpty++;
        if (prev >= 0 && lc >= msl && n - lc >= msl) {
          const proxy = this.proxy(cum, lw, tot);
          if (proxy > bestProxy) {
            bestProxy = proxy;
            bestBin = prev;
            bestNext = b;
          }
        }
        lc += cnt;
        if (clf) {
          for (let k = 0; k < K; k++) {
            const c = h[o + 1 + k] as number;
            cum[k] = (cum[k] as number) + c;
            lw += c;
          }
        } else {
          lw += h[o + 1] as number;
          cum[0] = (cum[0] as number) + (h[o + 2] as number);
        }
        prev = b;
      }
    }
    if (nonEmpty <= 1) return CONSTANT;
    if (bestBin < 0) return NO_GAIN;
    this.setBest(f, bestBin, bestNext, bestProxy);
    return IMPROVED;
  }

  /** bestOnHistogram for a small node: the node's rows sorted by bin (insertion sort), then scanned. */
  protected bestOnSortedRows(f: number, s: number, e: number, tot: Float64Array): number {
    const idx = this.idx;
    const codes = this.rowCodes;
    const F = this.F;
    const keys = this.keys;
    const n = e - s;
    for (let i = 0; i < n; i++) {
      const key = ((codes[(idx[s + i] as number) * F + f] as number) << 16) | i;
      let j = i - 1;
      while (j >= 0 && (keys[j] as number) > key) {
        keys[j + 1] = keys[j] as number;
        j--;
      }
      keys[j + 1] = key;
    }
    const first = (keys[0] as number) >>> 16;
    if ((keys[n - 1] as number) >>> 16 === first) return CONSTANT;
    const clf = this.isClf;
    const msl = this.p.minSamplesLeaf;
    const cum = this.cum;
    const w = this.w;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lw = 0;
    let prev = first;
    let bestProxy = this.best.proxy;
    let bestBin = -1;
    let bestNext = -1;
    for (let i = 0; i < n; i++) {
      const key = keys[i] as number;
      const b = key >>> 16;
      if (b !== prev) {
        if (i >= msl && n - i >= msl) {
          const proxy = this.proxy(cum, lw, tot);
          if (proxy > bestProxy) {
            bestProxy = proxy;
            bestBin = prev;
            bestNext = b;
          }
        }
        prev = b;
      }
      const r = idx[s + (key & 0xffff)] as number;
      const wr = w[r] as number;
      lw += wr;
      if (clf) {
        const k = this.yc[r] as number;
        cum[k] = (cum[k] as number) + wr;
      } else cum[0] = (cum[0] as number) + (this.wy[r] as number);
    }
    if (bestBin < 0) return NO_GAIN;
    this.setBest(f, bestBin, bestNext, bestProxy);
    return IMPROVED;
  }

  /**
   * Extra-trees threshold on feature f whose node values span bins minBin..maxBin: t uniform in
   * [min, max) of the values (scikit-learn's draw); rows go left when their bin lies wholly at or below
   * t, or straddles t with its middle at or below t (exact bins never straddle). Returns the last left bin.
   */
  protected randomCut(f: number, minBin: number, maxBin: number): void {
    const st = this.bins.start[f] as number;
    const lo = this.bins.lo;
    const hi = this.bins.hi;
    const vmin = lo[st + minBin] as number;
    const vmax = hi[st + maxBin] as number;
    let t = this.rand.uniform(vmin, vmax);
    if (t >= vmax) t = vmin;
    // bt: first bin whose upper cut is >= t (bins below it lie wholly at or below t, bins above wholly above)
    const a = this.firstBinReaching(f, st, t, minBin, maxBin);
    const bl = lo[st + a] as number;
    const bh = hi[st + a] as number;
    let bin = bh <= t || (bl <= t && t >= (bl + bh) / 2) ? a : a - 1;
    if (bin < minBin) bin = minBin;
    if (bin >= maxBin) bin = maxBin - 1;
    this.cutT = t;
    this.cutBin = bin;
  }

  /**
   * The stored threshold of an extra-trees split at `bin`: t itself when it falls between the bin's
   * values and the next bin's (always so for exact bins), else the cut between the two bins. Either
   * way it sends every training row the way its bin went.
   */
  protected randomChoice(f: number, t: number, bin: number, proxy: number): void {
    const st = this.bins.start[f] as number;
    const clean = (this.bins.hi[st + bin] as number) <= t && t < (this.bins.lo[st + bin + 1] as number);
    const best = this.best;
    best.feature = f;
    best.bin = bin;
    best.threshold = clean ? t : (this.bins.upper[st + bin] as number);
    best.proxy = proxy;
  }

  /** Records a best-splitter winner: threshold midway between the last left and first right bins' values. */
  protected setBest(f: number, bin: number, next: number, proxy: number): void {
    const st = this.bins.start[f] as number;
    const best = this.best;
    best.feature = f;
    best.bin = bin;
    best.threshold = midpoint(this.bins.hi[st + bin] as number, this.bins.lo[st + next] as number);
    best.proxy = proxy;
  }

  /** Extra-trees split of feature f from its histogram. */
  protected randomOnHistogram(hb: HistBuffer, ho: number, mo: number, f: number, n: number, tot: Float64Array): number {
    const { h, mask } = hb;
    const S = this.S;
    const K = this.K;
    const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
    let minBin = -1;
    let maxBin = -1;
    for (let wi = 0; wi < words; wi++) {
      let word = mask[mo + wi] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const b = (wi << 5) | (31 - Math.clz32(low));
        if ((h[ho + b * S] as number) === 0) continue;
        if (minBin < 0) minBin = b;
        maxBin = b;
      }
    }
    if (minBin === maxBin) return CONSTANT;
    this.randomCut(f, minBin, maxBin);
    const t = this.cutT;
    const bin = this.cutBin;
    const cum = this.cum;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lc = 0;
    let lw = 0;
    const lastWord = bin >>> 5;
    for (let wi = minBin >>> 5; wi <= lastWord; wi++) {
      let word = mask[mo + wi] as number;
      if (wi === lastWord && (bin & 31) !== 31) word &= (1 << ((bin & 31) + 1)) - 1;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const o = ho + ((wi << 5) | (31 - Math.clz32(low))) * S;
        const cnt = h[o] as number;
        if (cnt === 0) continue;
        lc += cnt;
        if (this.isClf) {
          for (let k = 0; k < K; k++) {
            const c = h[o + 1 + k] as number;
            cum[k] = (cum[k] as number) + c;
            lw += c;
          }
        } else {
          lw += h[o + 1] as number;
          cum[0] = (cum[0] as number) + (h[o + 2] as number);
        }
      }
    }
    const msl = this.p.minSamplesLeaf;
    if (lc < msl || n - lc < msl) return NO_GAIN;
    const proxy = this.proxy(cum, lw, tot);
    if (!(proxy > this.best.proxy)) return NO_GAIN;
    this.randomChoice(f, t, bin, proxy);
    return IMPROVED;
  }

  /** Extra-trees split of feature f read straight from the rows: one pass for min/max, one for the left side. */
  protected randomOnRows(f: number, s: number, e: number, tot: Float64Array): number {
    const idx = this.idx;
    // column-major codes for large nodes (sequential), row-major for small ones (one line per row)
    const small = e - s <= this.smallNode;
    const codes = small ? this.rowCodes : this.bins.codes;
    const base = small ? f : f * this.N;
    const stride = small ? this.F : 1;
    let minBin = 1 << 30;
    let maxBin = -1;
    for (let i = s; i < e; i++) {
      const c = codes[base + (idx[i] as number) * stride] as number;
      if (c < minBin) minBin = c;
      if (c > maxBin) maxBin = c;
    }
    if (minBin >= maxBin) return CONSTANT;
    this.randomCut(f, minBin, maxBin);
    const bin = this.cutBin;
    if (!this.isClf) this.leftSumsReg(codes, base, stride, s, e, bin);
    else if (this.unitWeights) this.leftSumsClfUnit(codes, base, stride, s, e, bin);
    else this.leftSumsClf(codes, base, stride, s, e, bin);
    const lc = this.leftCount;
    const msl = this.p.minSamplesLeaf;
    if (lc < msl || e - s - lc < msl) return NO_GAIN;
    const proxy = this.proxy(this.cum, this.leftWeight, tot);
    if (!(proxy > this.best.proxy)) return NO_GAIN;
    this.randomChoice(f, this.cutT, bin, proxy);
    return IMPROVED;
  }
}
