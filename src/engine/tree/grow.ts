import type { Rng } from '../core/random.js';
import { midpoint, type ColumnBins } from './binning.js';
import { TreeArraysBuilder, type TreeArrays } from './tree-arrays.js';

/**
 * Depth-first CART growth on binned features (scikit-learn's DepthFirstTreeBuilder semantics):
 * - a node is a leaf when depth >= maxDepth, it has < minSamplesSplit rows, < 2 * minSamplesLeaf rows,
 *   or its impurity is <= machine epsilon; otherwise the best split found is taken even when its
 *   improvement is zero, unless improvement + eps < minImpurityDecrease;
 * - features are visited in a random order (partial Fisher-Yates per node); at least maxFeatures are
 *   visited and visiting goes on until one non-constant feature was seen (scikit-learn's rule);
 * - 'best' scans every bin boundary of a visited feature (ties: first feature visited, lowest threshold);
 *   'random' (extra trees) draws one threshold uniformly in [min, max) of the node's values;
 * - thresholds are real values: the midpoint between the largest value on the left and the smallest on
 *   the right (exact when the feature's bins are exact), so prediction reads raw floats.
 * Row counts (minSamples*) count distinct rows with positive weight, as scikit-learn's.
 *
 * Histograms: per bin [count, class weights...] (classification) or [count, w, w*y] (regression), with a
 * 256-bit occupancy mask per feature so small nodes only touch their non-empty bins. When every feature
 * is visited (maxFeatures = all), a node keeps histograms of all features and the larger child's are
 * obtained as parent minus smaller sibling.
 */
export type SplitCriterion = 'gini' | 'entropy' | 'squared_error' | 'friedman_mse';

export interface GrowParams {
  maxDepth: number; // Infinity = unlimited
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: number; // 1..cols
  minImpurityDecrease: number;
  criterion: SplitCriterion;
  splitter: 'best' | 'random';
}

export type GrowTarget =
  | { readonly kind: 'classification'; readonly nClasses: number; readonly codes: Int32Array }
  | { readonly kind: 'regression'; readonly y: Float64Array };

const EPSILON = 2.220446049250313e-16;
const MASK_WORDS = 8; // 256 bins

interface HistBuffer {
  h: Float64Array;
  mask: Uint32Array;
}

interface SplitChoice {
  feature: number;
  bin: number; // rows with code <= bin go left
  threshold: number;
  proxy: number;
}

export function growTree(
  bins: ColumnBins,
  target: GrowTarget,
  weights: Float64Array,
  rows: Int32Array,
  params: GrowParams,
  rng: Rng,
): TreeArrays {
  return new TreeGrower(bins, target, weights, rows, params, rng).grow();
}

class TreeGrower {
  private readonly N: number;
  private readonly F: number;
  private readonly isClf: boolean;
  private readonly K: number; // classes (1 for regression)
  private readonly S: number; // histogram stride per bin
  private readonly NS: number; // node stats stride: count, w, then K class weights or [wy, wyy]
  private readonly yc: Int32Array;
  private readonly wy: Float64Array; // regression: w * y
  private readonly yv: Float64Array;
  private readonly idx: Int32Array;
  private readonly scratch: Int32Array;
  private readonly features: Int32Array;
  private readonly fullSet: boolean;
  private readonly histSize: number;
  private readonly pool: HistBuffer[] = [];
  private readonly one: HistBuffer; // single-feature scratch for subset mode
  private readonly cum: Float64Array; // cumulative left stats during scans
  private readonly childStats: Float64Array; // [left NS | right NS] during partition
  private readonly out: TreeArraysBuilder;
  private rootWeight = 0;

  // depth-first stack (struct of arrays, grown on demand)
  private sp = 0;
  private stNode: Int32Array = new Int32Array(64);
  private stStart: Int32Array = new Int32Array(64);
  private stEnd: Int32Array = new Int32Array(64);
  private stDepth: Int32Array = new Int32Array(64);
  private stImp: Float64Array = new Float64Array(64);
  private stHist: Array<HistBuffer | null> = [];
  private stStats: Float64Array;

  constructor(
    private readonly bins: ColumnBins,
    target: GrowTarget,
    private readonly w: Float64Array,
    rows: Int32Array,
    private readonly p: GrowParams,
    private readonly rng: Rng,
  ) {
    this.N = bins.rows;
    this.F = bins.cols;
    if (target.kind === 'classification') {
      this.isClf = true;
      this.K = target.nClasses;
      this.yc = target.codes;
      this.yv = new Float64Array(0);
      this.wy = new Float64Array(0);
      this.S = 1 + this.K;
      this.NS = 2 + this.K;
    } else {
      this.isClf = false;
      this.K = 1;
      this.yc = new Int32Array(0);
      this.yv = target.y;
      this.wy = new Float64Array(this.N);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as number;
        this.wy[r] = (this.w[r] as number) * (this.yv[r] as number);
      }
      this.S = 3;
      this.NS = 4;
    }
    this.idx = Int32Array.from(rows);
    this.scratch = new Int32Array(rows.length);
    this.features = new Int32Array(this.F);
    for (let f = 0; f < this.F; f++) this.features[f] = f;
    this.fullSet = p.maxFeatures >= this.F;
    this.histSize = this.S * (bins.start[this.F] as number);
    this.one = { h: new Float64Array(this.S * 256), mask: new Uint32Array(MASK_WORDS) };
    this.cum = new Float64Array(this.NS);
    this.childStats = new Float64Array(2 * this.NS);
    this.stStats = new Float64Array(64 * this.NS);
    this.out = new TreeArraysBuilder(this.isClf ? this.K : 1, 64);
  }

  grow(): TreeArrays {
    const n = this.idx.length;
    const root = this.out.addRoot();
    const st = this.childStats;
    st.fill(0);
    for (let i = 0; i < n; i++) this.addRowStats(st, 0, this.idx[i] as number);
    this.rootWeight = st[1] as number;
    const imp = this.impurity(st, 0);
    if (this.isLeafBySize(n, 0, imp)) {
      this.writeLeaf(root, st, 0);
      return this.out.finish();
    }
    let hist: HistBuffer | null = null;
    if (this.fullSet) {
      hist = this.acquire();
      this.buildAll(hist, 0, n);
    }
    this.push(root, 0, n, 0, imp, st, 0, hist);
    while (this.sp > 0) this.processTop();
    return this.out.finish();
  }

  // ---------------------------------------------------------------- node processing

  private processTop(): void {
    const t = --this.sp;
    const node = this.stNode[t] as number;
    const s = this.stStart[t] as number;
    const e = this.stEnd[t] as number;
    const depth = this.stDepth[t] as number;
    const imp = this.stImp[t] as number;
    const hist = this.stHist[t] ?? null;
    this.stHist[t] = null;
    const NS = this.NS;
    const nodeStats = this.stStats.slice(t * NS, t * NS + NS);

    const split = this.findSplit(s, e, nodeStats, hist);
    if (split === null) {
      this.writeLeaf(node, nodeStats, 0);
      if (hist) this.release(hist);
      return;
    }
    const mid = this.partition(s, e, split);
    const cs = this.childStats;
    const impL = this.impurity(cs, 0);
    const impR = this.impurity(cs, NS);
    if (this.p.minImpurityDecrease > 0 && this.improvement(nodeStats, imp, impL, impR) + EPSILON < this.p.minImpurityDecrease) {
      this.writeLeaf(node, nodeStats, 0);
      if (hist) this.release(hist);
      return;
    }
    const left = this.out.addPair();
    this.out.setSplit(node, split.feature, split.threshold, left);
    const nL = mid - s;
    const nR = e - mid;
    const leafL = this.isLeafBySize(nL, depth + 1, impL);
    const leafR = this.isLeafBySize(nR, depth + 1, impR);
    if (leafL) this.writeLeaf(left, cs, 0);
    if (leafR) this.writeLeaf(left + 1, cs, NS);
    let hL: HistBuffer | null = null;
    let hR: HistBuffer | null = null;
    if (hist) {
      if (leafL && leafR) this.release(hist);
      else [hL, hR] = this.childHistograms(hist, s, mid, e, !leafL, !leafR);
    }
    // push the larger child first so the smaller one (fewer pending histograms) is processed next
    const pushL = (): void => {
      if (!leafL) this.push(left, s, mid, depth + 1, impL, cs, 0, hL);
    };
    const pushR = (): void => {
      if (!leafR) this.push(left + 1, mid, e, depth + 1, impR, cs, NS, hR);
    };
    if (nL >= nR) {
      pushL();
      pushR();
    } else {
      pushR();
      pushL();
    }
  }

  private isLeafBySize(n: number, depth: number, impurity: number): boolean {
    return depth >= this.p.maxDepth || n < this.p.minSamplesSplit || n < 2 * this.p.minSamplesLeaf || impurity <= EPSILON;
  }

  private push(node: number, s: number, e: number, depth: number, imp: number, stats: Float64Array, off: number, hist: HistBuffer | null): void {
    const t = this.sp++;
    if (t >= this.stNode.length) {
      const cap = this.stNode.length * 2;
      const grow32 = (a: Int32Array): Int32Array => {
        const b = new Int32Array(cap);
        b.set(a);
        return b;
      };
      this.stNode = grow32(this.stNode);
      this.stStart = grow32(this.stStart);
      this.stEnd = grow32(this.stEnd);
      this.stDepth = grow32(this.stDepth);
      const imps = new Float64Array(cap);
      imps.set(this.stImp);
      this.stImp = imps;
      const stats = new Float64Array(cap * this.NS);
      stats.set(this.stStats);
      this.stStats = stats;
    }
    this.stNode[t] = node;
    this.stStart[t] = s;
    this.stEnd[t] = e;
    this.stDepth[t] = depth;
    this.stImp[t] = imp;
    this.stHist[t] = hist;
    for (let k = 0; k < this.NS; k++) this.stStats[t * this.NS + k] = stats[off + k] as number;
  }

  private writeLeaf(node: number, stats: Float64Array, off: number): void {
    const o = this.out.setLeaf(node);
    const v = this.out.values;
    const w = stats[off + 1] as number;
    if (this.isClf) for (let k = 0; k < this.K; k++) v[o + k] = (stats[off + 2 + k] as number) / w;
    else v[o] = (stats[off + 2] as number) / w;
  }

  // ---------------------------------------------------------------- impurity

  private addRowStats(st: Float64Array, off: number, r: number): void {
    const w = this.w[r] as number;
    st[off] = (st[off] as number) + 1;
    st[off + 1] = (st[off + 1] as number) + w;
    if (this.isClf) {
      const k = off + 2 + (this.yc[r] as number);
      st[k] = (st[k] as number) + w;
    } else {
      const y = this.yv[r] as number;
      st[off + 2] = (st[off + 2] as number) + w * y;
      st[off + 3] = (st[off + 3] as number) + w * y * y;
    }
  }

  private impurity(st: Float64Array, off: number): number {
    const w = st[off + 1] as number;
    if (this.isClf) {
      if (this.p.criterion === 'entropy') {
        let ent = 0;
        for (let k = 0; k < this.K; k++) {
          const c = st[off + 2 + k] as number;
          if (c > 0) {
            const q = c / w;
            ent -= q * Math.log2(q);
          }
        }
        return ent;
      }
      let sq = 0;
      for (let k = 0; k < this.K; k++) {
        const q = (st[off + 2 + k] as number) / w;
        sq += q * q;
      }
      return 1 - sq;
    }
    const mean = (st[off + 2] as number) / w;
    return (st[off + 3] as number) / w - mean * mean;
  }

  /** scikit-learn's impurity_improvement (FriedmanMSE has its own formula). */
  private improvement(parent: Float64Array, imp: number, impL: number, impR: number): number {
    const cs = this.childStats;
    const NS = this.NS;
    const wN = parent[1] as number;
    const wL = cs[1] as number;
    const wR = cs[NS + 1] as number;
    if (this.p.criterion === 'friedman_mse') {
      const diff = wR * (cs[2] as number) - wL * (cs[NS + 2] as number);
      return (diff * diff) / (wL * wR * wN);
    }
    return (wN / this.rootWeight) * (imp - (wR / wN) * impR - (wL / wN) * impL);
  }

  // ---------------------------------------------------------------- split search

  private findSplit(s: number, e: number, nodeStats: Float64Array, hist: HistBuffer | null): SplitChoice | null {
    const F = this.F;
    const feats = this.features;
    const rng = this.rng;
    let best: SplitChoice | null = null;
    let visited = 0;
    let nonConstant = 0;
    for (let v = 0; v < F; v++) {
      if (visited >= this.p.maxFeatures && nonConstant > 0) break;
      const j = v + rng.int(F - v);
      const f = feats[j] as number;
      feats[j] = feats[v] as number;
      feats[v] = f;
      visited++;
      let hb: HistBuffer;
      let ho: number;
      let mo: number;
      if (hist) {
        hb = hist;
        ho = this.S * (this.bins.start[f] as number);
        mo = f * MASK_WORDS;
      } else {
        hb = this.one;
        ho = 0;
        mo = 0;
        this.buildFeature(hb, 0, 0, f, s, e);
      }
      const cand: SplitChoice | null | 'constant' =
        this.p.splitter === 'best' ? this.bestOnFeature(hb, ho, mo, f, e - s, nodeStats, best) : this.randomOnFeature(hb, ho, mo, f, e - s, nodeStats, best);
      if (!hist) this.clearFeature(hb, 0, 0, f);
      if (cand === 'constant') continue;
      nonConstant++;
      if (cand !== null) best = cand;
    }
    return best;
  }

  /**
   * Best boundary of feature f; returns a better SplitChoice than `best`, null if none beats it,
   * or 'constant' when the node's rows share one bin.
   */
  private bestOnFeature(hb: HistBuffer, ho: number, mo: number, f: number, n: number, tot: Float64Array, best: SplitChoice | null): SplitChoice | null | 'constant' {
    const { h, mask } = hb;
    const S = this.S;
    const K = this.K;
    const msl = this.p.minSamplesLeaf;
    const cum = this.cum;
    const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
    const W = tot[1] as number;
    const entropy = this.p.criterion === 'entropy';
    cum.fill(0);
    let lc = 0;
    let lw = 0;
    let prev = -1;
    let nonEmpty = 0;
    let bestProxy = best ? best.proxy : -Infinity;
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
          const rw = W - lw;
          let proxy: number;
          if (this.isClf) {
            if (entropy) {
              let el = 0;
              let er = 0;
              for (let k = 0; k < K; k++) {
                const cl = cum[k] as number;
                const cr = (tot[2 + k] as number) - cl;
                if (cl > 0) el -= cl * Math.log2(cl / lw);
                if (cr > 0) er -= cr * Math.log2(cr / rw);
              }
              proxy = -(el + er);
            } else {
              let sl = 0;
              let sr = 0;
              for (let k = 0; k < K; k++) {
                const cl = cum[k] as number;
                const cr = (tot[2 + k] as number) - cl;
                sl += cl * cl;
                sr += cr * cr;
              }
              proxy = sl / lw + sr / rw;
            }
          } else {
            const sl = cum[0] as number;
            const sr = (tot[2] as number) - sl;
            proxy = (sl * sl) / lw + (sr * sr) / rw;
          }
          if (proxy > bestProxy) {
            bestProxy = proxy;
            bestBin = prev;
            bestNext = b;
          }
        }
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
        prev = b;
      }
    }
    if (nonEmpty <= 1) return 'constant';
    if (bestBin < 0) return null;
    const st = this.bins.start[f] as number;
    return { feature: f, bin: bestBin, threshold: midpoint(this.bins.hi[st + bestBin] as number, this.bins.lo[st + bestNext] as number), proxy: bestProxy };
  }

  /** Extra-trees split of feature f: one threshold drawn uniformly in [min, max) of the node's values. */
  private randomOnFeature(hb: HistBuffer, ho: number, mo: number, f: number, n: number, tot: Float64Array, best: SplitChoice | null): SplitChoice | null | 'constant' {
    const { h, mask } = hb;
    const S = this.S;
    const K = this.K;
    const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
    // smallest and largest non-empty bins
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
    if (minBin === maxBin) return 'constant';
    const st = this.bins.start[f] as number;
    const lo = this.bins.lo;
    const hi = this.bins.hi;
    const vmin = lo[st + minBin] as number;
    const vmax = hi[st + maxBin] as number;
    let t = vmin + (vmax - vmin) * this.rng.next();
    if (t >= vmax) t = vmin;
    // the left side: bins entirely <= t, plus a bin straddling t when t is past its middle
    const cum = this.cum;
    cum.fill(0);
    let lc = 0;
    let lw = 0;
    let sb = -1; // last bin on the left
    let next = -1; // first bin on the right
    for (let wi = 0; wi < words && next < 0; wi++) {
      let word = mask[mo + wi] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const b = (wi << 5) | (31 - Math.clz32(low));
        const o = ho + b * S;
        const cnt = h[o] as number;
        if (cnt === 0) continue;
        const bl = lo[st + b] as number;
        const bh = hi[st + b] as number;
        const goesLeft = bh <= t || (bl <= t && t >= (bl + bh) / 2);
        if ((!goesLeft && sb >= 0) || b === maxBin) {
          next = b;
          break;
        }
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
        sb = b;
      }
    }
    const msl = this.p.minSamplesLeaf;
    if (lc < msl || n - lc < msl) return null;
    const W = tot[1] as number;
    const rw = W - lw;
    let proxy: number;
    if (this.isClf) {
      if (this.p.criterion === 'entropy') {
        let el = 0;
        let er = 0;
        for (let k = 0; k < K; k++) {
          const cl = cum[k] as number;
          const cr = (tot[2 + k] as number) - cl;
          if (cl > 0) el -= cl * Math.log2(cl / lw);
          if (cr > 0) er -= cr * Math.log2(cr / rw);
        }
        proxy = -(el + er);
      } else {
        let sl = 0;
        let sr = 0;
        for (let k = 0; k < K; k++) {
          const cl = cum[k] as number;
          const cr = (tot[2 + k] as number) - cl;
          sl += cl * cl;
          sr += cr * cr;
        }
        proxy = sl / lw + sr / rw;
      }
    } else {
      const sl = cum[0] as number;
      const sr = (tot[2] as number) - sl;
      proxy = (sl * sl) / lw + (sr * sr) / rw;
    }
    if (best && !(proxy > best.proxy)) return null;
    const leftMax = hi[st + sb] as number;
    const rightMin = lo[st + next] as number;
    const threshold = leftMax <= t && t < rightMin ? t : midpoint(leftMax, rightMin);
    return { feature: f, bin: sb, threshold, proxy };
  }

  // ---------------------------------------------------------------- partition

  /** Stable partition of idx[s..e) by the split; fills childStats; returns the first right position. */
  private partition(s: number, e: number, split: SplitChoice): number {
    const idx = this.idx;
    const tmp = this.scratch;
    const codes = this.bins.codes;
    const base = split.feature * this.N;
    const sb = split.bin;
    const cs = this.childStats;
    const NS = this.NS;
    const w = this.w;
    cs.fill(0);
    let l = s;
    let rc = 0;
    if (this.isClf) {
      const yc = this.yc;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const wr = w[r] as number;
        let off: number;
        if ((codes[base + r] as number) <= sb) {
          idx[l++] = r;
          off = 0;
        } else {
          tmp[rc++] = r;
          off = NS;
        }
        cs[off] = (cs[off] as number) + 1;
        cs[off + 1] = (cs[off + 1] as number) + wr;
        const k = off + 2 + (yc[r] as number);
        cs[k] = (cs[k] as number) + wr;
      }
    } else {
      const yv = this.yv;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const wr = w[r] as number;
        const y = yv[r] as number;
        let off: number;
        if ((codes[base + r] as number) <= sb) {
          idx[l++] = r;
          off = 0;
        } else {
          tmp[rc++] = r;
          off = NS;
        }
        cs[off] = (cs[off] as number) + 1;
        cs[off + 1] = (cs[off + 1] as number) + wr;
        cs[off + 2] = (cs[off + 2] as number) + wr * y;
        cs[off + 3] = (cs[off + 3] as number) + wr * y * y;
      }
    }
    idx.set(tmp.subarray(0, rc), l);
    return l;
  }

  // ---------------------------------------------------------------- histograms

  private acquire(): HistBuffer {
    return this.pool.pop() ?? { h: new Float64Array(this.histSize), mask: new Uint32Array(this.F * MASK_WORDS) };
  }

  /** Returns a buffer to the pool, zeroing only the bins its masks mark. */
  private release(hb: HistBuffer): void {
    for (let f = 0; f < this.F; f++) this.clearFeature(hb, this.S * (this.bins.start[f] as number), f * MASK_WORDS, f);
    this.pool.push(hb);
  }

  private clearFeature(hb: HistBuffer, ho: number, mo: number, f: number): void {
    const { h, mask } = hb;
    const S = this.S;
    const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
    for (let wi = 0; wi < words; wi++) {
      let word = mask[mo + wi] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const o = ho + ((wi << 5) | (31 - Math.clz32(low))) * S;
        for (let k = 0; k < S; k++) h[o + k] = 0;
      }
      mask[mo + wi] = 0;
    }
  }

  private buildAll(hb: HistBuffer, s: number, e: number): void {
    for (let f = 0; f < this.F; f++) this.buildFeature(hb, this.S * (this.bins.start[f] as number), f * MASK_WORDS, f, s, e);
  }

  /** Adds rows idx[s..e) to feature f's histogram at h[ho..], marking bins in mask[mo..]. */
  private buildFeature(hb: HistBuffer, ho: number, mo: number, f: number, s: number, e: number): void {
    const { h, mask } = hb;
    const idx = this.idx;
    const codes = this.bins.codes;
    const base = f * this.N;
    const w = this.w;
    if (this.isClf) {
      const yc = this.yc;
      const S = this.S;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const b = codes[base + r] as number;
        const o = ho + b * S;
        h[o] = (h[o] as number) + 1;
        const ok = o + 1 + (yc[r] as number);
        h[ok] = (h[ok] as number) + (w[r] as number);
        const mi = mo + (b >>> 5);
        mask[mi] = (mask[mi] as number) | (1 << (b & 31));
      }
    } else {
      const wy = this.wy;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const b = codes[base + r] as number;
        const o = ho + b * 3;
        h[o] = (h[o] as number) + 1;
        h[o + 1] = (h[o + 1] as number) + (w[r] as number);
        h[o + 2] = (h[o + 2] as number) + (wy[r] as number);
        const mi = mo + (b >>> 5);
        mask[mi] = (mask[mi] as number) | (1 << (b & 31));
      }
    }
  }

  /** parent -= child over the parent's marked bins (the parent's masks stay a superset). */
  private subtract(parent: HistBuffer, child: HistBuffer): void {
    const S = this.S;
    const hp = parent.h;
    const hc = child.h;
    for (let f = 0; f < this.F; f++) {
      const ho = S * (this.bins.start[f] as number);
      const mo = f * MASK_WORDS;
      const words = ((this.bins.nBins[f] as number) + 31) >>> 5;
      for (let wi = 0; wi < words; wi++) {
        let word = (parent.mask[mo + wi] as number) & (child.mask[mo + wi] as number);
        while (word !== 0) {
          const low = word & -word;
          word ^= low;
          const o = ho + ((wi << 5) | (31 - Math.clz32(low))) * S;
          for (let k = 0; k < S; k++) hp[o + k] = (hp[o + k] as number) - (hc[o + k] as number);
        }
      }
    }
  }

  /**
   * Histograms of the children that will be split further, reusing the parent's buffer: the larger
   * child by subtraction when that is cheaper than reading its rows, otherwise by direct builds.
   */
  private childHistograms(parent: HistBuffer, s: number, mid: number, e: number, needL: boolean, needR: boolean): [HistBuffer | null, HistBuffer | null] {
    const nL = mid - s;
    const nR = e - mid;
    const F = this.F;
    const subtractCost = this.S * Math.min(this.bins.start[F] as number, F * (e - s));
    const leftIsLarge = nL >= nR;
    const nLarge = leftIsLarge ? nL : nR;
    const nSmall = leftIsLarge ? nR : nL;
    const needLarge = leftIsLarge ? needL : needR;
    const needSmall = leftIsLarge ? needR : needL;
    const [ls, le, ss, se] = leftIsLarge ? [s, mid, mid, e] : [mid, e, s, mid];
    let large: HistBuffer | null = null;
    let small: HistBuffer | null = null;
    if (needLarge && F * nLarge > F * nSmall + subtractCost) {
      small = this.acquire();
      this.buildAll(small, ss, se);
      this.subtract(parent, small);
      large = parent;
      if (!needSmall) {
        this.release(small);
        small = null;
      }
    } else {
      this.release(parent);
      if (needLarge) {
        large = this.acquire();
        this.buildAll(large, ls, le);
      }
      if (needSmall) {
        small = this.acquire();
        this.buildAll(small, ss, se);
      }
    }
    return leftIsLarge ? [large, small] : [small, large];
  }
}
