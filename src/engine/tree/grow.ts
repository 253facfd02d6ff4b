import { binColumns, midpoint, rowMajorCodes, type ColumnBins } from './binning.js';
import { TreeRandom as TreeRandomGen, type TreeRandom } from './sklearn-random.js';
import { TreeArraysBuilder, type TreeArrays } from './tree-arrays.js';

/**
 * Depth-first CART growth on binned features (scikit-learn's DepthFirstTreeBuilder semantics):
 * - a node is a leaf when depth >= maxDepth, it has < minSamplesSplit rows, < 2 * minSamplesLeaf rows,
 *   or its impurity is <= machine epsilon; otherwise the best split found is taken even when its
 *   improvement is zero, unless improvement + eps < minImpurityDecrease;
 * - features are drawn exactly as scikit-learn's splitters draw them (Fisher-Yates over a feature array
 *   kept across nodes, features found constant skipped below that node), from scikit-learn's own
 *   generator (sklearn-random.ts), and nodes are processed in its order (depth first, left first): on
 *   exactly binned data the tree is scikit-learn's, ties between equal splits included;
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
const LN2 = Math.log(2); // scikit-learn's log is ln(x) / ln(2)
const MASK_WORDS = 8; // 256 bins
/**
 * Nodes with at most this many rows are split from their rows directly, without histograms: sorting
 * them (best splitter), or two passes per feature (random splitter, whose histogram path only pays off
 * on large nodes).
 */
const SMALL_NODE = 32;
const SMALL_NODE_RANDOM = 256;
const SMALL_NODE_RANDOM_ALL_FEATURES = 1024; // measured: histograms barely help extra trees below this

interface HistBuffer {
  h: Float64Array;
  mask: Uint32Array;
}

/** The best split found so far at a node (one mutable record, no allocation per candidate). */
interface SplitChoice {
  feature: number; // -1 = none yet
  bin: number; // rows with code <= bin go left
  threshold: number;
  proxy: number;
}

// outcomes of evaluating one feature
const CONSTANT = 0;
const NO_GAIN = 1;
const IMPROVED = 2;

export function growTree(
  bins: ColumnBins,
  target: GrowTarget,
  weights: Float64Array,
  rows: Int32Array,
  params: GrowParams,
  rand: TreeRandom,
): TreeArrays {
  if (!warmedUp) warmUp();
  return new TreeGrower(bins, target, weights, rows, params, rand).grow();
}

/**
 * Per feature, over GUIDE_CELLS equal cells spanning its training range: the first bin whose upper cut
 * reaches each cell's start (cached per ColumnBins).
 */
interface GuideTable {
  origin: Float64Array; // range start per feature
  scale: Float64Array; // cells per unit of value
  first: Int32Array; // cols * (GUIDE_CELLS + 1)
}
const GUIDE_CELLS = 256;
const guideCache = new WeakMap<ColumnBins, GuideTable>();

function guideTable(bins: ColumnBins): GuideTable {
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

let warmedUp = false;

/**
 * Grows a few small trees through every code path once. V8 compiles the hot loops while they run
 * (on-stack replacement); when the first call is a large node, the code after a loop has no type
 * feedback yet and the compiled code kept bailing out on it, call after call (thousands of
 * deoptimisations per forest). Running every path on small data first gives the compiler that feedback.
 */
function warmUp(): void {
  warmedUp = true;
  const n = 700;
  const F = 3;
  const data = new Float64Array(n * F);
  let x = 12345;
  const next = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * (i % F === 0 ? 600 : 40));
  const bins = binColumns({ data, rows: n, cols: F });
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const codes2 = Int32Array.from({ length: n }, () => (next() < 0.5 ? 0 : 1));
  const codes3 = Int32Array.from({ length: n }, () => Math.floor(next() * 3));
  const y = Float64Array.from({ length: n }, () => next() * 10);
  const ones = new Float64Array(n).fill(1);
  const weights = Float64Array.from({ length: n }, () => 0.5 + next());
  const targets: GrowTarget[] = [
    { kind: 'classification', nClasses: 2, codes: codes2 },
    { kind: 'classification', nClasses: 3, codes: codes3 },
    { kind: 'regression', y },
  ];
  for (const target of targets) {
    for (const w of [ones, weights]) {
      for (const splitter of ['best', 'random'] as const) {
        for (const maxFeatures of [F, 1]) {
          const p: GrowParams = { maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures, minImpurityDecrease: 0, criterion: target.kind === 'regression' ? 'squared_error' : 'gini', splitter };
          new TreeGrower(bins, target, w, rows, p, new TreeRandomGen(1)).grow();
        }
      }
    }
  }
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
  private readonly features: Int32Array; // scikit-learn's splitter.features (kept across nodes)
  private readonly constantFeatures: Int32Array; // and splitter.constant_features
  private nConstOut = 0; // constant features known below the node just searched
  private readonly fullSet: boolean;
  private readonly histSize: number;
  private readonly pool: HistBuffer[] = [];
  private readonly one: HistBuffer; // single-feature scratch for subset mode
  private readonly cum: Float64Array; // cumulative left stats during scans
  private readonly keys = new Int32Array(SMALL_NODE); // (bin << 16 | position) of a small node's rows
  private readonly smallNode: number; // nodes up to this size get no histograms
  private readonly rowCodes: Uint8Array; // row-major codes for small nodes (one cache line per row)
  private readonly guide: GuideTable; // bin lookup for extra-trees thresholds
  private readonly smallRowOff: Int32Array; // a small node's rows: offset in rowCodes,
  private readonly smallW: Float64Array; // weight,
  private readonly smallY: Float64Array; // and w * y
  private readonly childStats: Float64Array; // [left NS | right NS] during partition
  private readonly out: TreeArraysBuilder;
  private rootWeight = 0;
  private readonly nodeStats: Float64Array;
  private readonly best: SplitChoice = { feature: -1, bin: 0, threshold: 0, proxy: -Infinity };
  private histL: HistBuffer | null = null; // children's histograms, set by childHistograms
  private histR: HistBuffer | null = null;
  private cutT = 0; // randomCut's threshold and last left bin
  private cutBin = 0;
  private leftCount = 0; // leftSums* results
  private leftWeight = 0;
  private readonly unitWeights: boolean; // every row's weight is 1

  // depth-first stack (struct of arrays, grown on demand)
  private sp = 0;
  private stNode: Int32Array = new Int32Array(64);
  private stStart: Int32Array = new Int32Array(64);
  private stEnd: Int32Array = new Int32Array(64);
  private stDepth: Int32Array = new Int32Array(64);
  private stImp: Float64Array = new Float64Array(64);
  private stConst: Int32Array = new Int32Array(64);
  private stHist: Array<HistBuffer | null> = [];
  private stStats: Float64Array;

  constructor(
    private readonly bins: ColumnBins,
    target: GrowTarget,
    private readonly w: Float64Array,
    rows: Int32Array,
    private readonly p: GrowParams,
    private readonly rand: TreeRandom,
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
    let unit = true;
    for (let i = 0; i < rows.length && unit; i++) unit = this.w[rows[i] as number] === 1;
    this.unitWeights = unit;
    this.scratch = new Int32Array(rows.length);
    this.features = new Int32Array(this.F);
    for (let f = 0; f < this.F; f++) this.features[f] = f;
    this.constantFeatures = new Int32Array(this.F);
    this.fullSet = p.maxFeatures >= this.F;
    this.smallNode = p.splitter === 'random' ? (this.fullSet ? SMALL_NODE_RANDOM_ALL_FEATURES : SMALL_NODE_RANDOM) : SMALL_NODE;
    this.rowCodes = rowMajorCodes(bins);
    this.guide = guideTable(bins);
    this.smallRowOff = new Int32Array(this.smallNode);
    this.smallW = new Float64Array(this.smallNode);
    this.smallY = new Float64Array(this.smallNode);
    this.histSize = this.S * (bins.start[this.F] as number);
    this.one = { h: new Float64Array(this.S * 256), mask: new Uint32Array(MASK_WORDS) };
    this.cum = new Float64Array(this.NS);
    this.childStats = new Float64Array(2 * this.NS);
    this.nodeStats = new Float64Array(this.NS);
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
    if (this.fullSet && n > this.smallNode) {
      hist = this.acquire();
      this.buildAll(hist, 0, n);
    }
    this.push(root, 0, n, 0, 0, imp, st, 0, hist);
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
    const nConst = this.stConst[t] as number;
    const imp = this.stImp[t] as number;
    const hist = this.stHist[t] ?? null;
    this.stHist[t] = null;
    const NS = this.NS;
    const nodeStats = this.nodeStats;
    for (let k = 0; k < NS; k++) nodeStats[k] = this.stStats[t * NS + k] as number;

    const split = this.best;
    if (!this.findSplit(s, e, nodeStats, hist, nConst)) {
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
    this.histL = null;
    this.histR = null;
    if (hist) {
      const needL = !leafL && nL > this.smallNode;
      const needR = !leafR && nR > this.smallNode;
      if (!needL && !needR) this.release(hist);
      else this.childHistograms(hist, s, mid, e, needL, needR);
    }
    // right pushed first: the left child is processed next (scikit-learn's order, which the draws follow)
    const nc = this.nConstOut;
    if (!leafR) this.push(left + 1, mid, e, depth + 1, nc, impR, cs, NS, this.histR);
    if (!leafL) this.push(left, s, mid, depth + 1, nc, impL, cs, 0, this.histL);
  }

  private isLeafBySize(n: number, depth: number, impurity: number): boolean {
    return depth >= this.p.maxDepth || n < this.p.minSamplesSplit || n < 2 * this.p.minSamplesLeaf || impurity <= EPSILON;
  }

  private push(node: number, s: number, e: number, depth: number, nConst: number, imp: number, stats: Float64Array, off: number, hist: HistBuffer | null): void {
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
      this.stConst = grow32(this.stConst);
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
    this.stConst[t] = nConst;
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
            ent -= q * (Math.log(q) / LN2);
          }
        }
        return ent;
      }
      let sq = 0;
      for (let k = 0; k < this.K; k++) {
        const c = st[off + 2 + k] as number;
        sq += c * c;
      }
      return 1 - sq / (w * w);
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

  /**
   * Searches the node's features with scikit-learn's feature sampling (node_split's loop: draw without
   * replacement, skip features known constant above, count newly found constants, stop after
   * maxFeatures draws once a non-constant feature was seen). The winner (if any) is left in this.best,
   * the number of constants known below this node in this.nConstOut.
   */
  private findSplit(s: number, e: number, nodeStats: Float64Array, hist: HistBuffer | null, nKnown: number): boolean {
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
  private randomSmallRegression(s: number, e: number, tot: Float64Array, nKnown: number): boolean {
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

  /** Proxy of the split of a small regression node's two gathered rows that puts row `i` alone on the left. */
  private singleLeftProxy(i: number, tot: Float64Array): number {
    const lw = this.smallW[i] as number;
    const sl = this.smallY[i] as number;
    const sr = (tot[2] as number) - sl;
    return (sl * sl) / lw + (sr * sr) / ((tot[1] as number) - lw);
  }



  /**
   * The first bin a in [minBin, maxBin] whose upper cut is >= t (maxBin if none): a guide table over a
   * uniform grid of the feature's range gives a bin at or below the answer, a short forward scan ends it.
   */
  private firstBinReaching(f: number, st: number, t: number, minBin: number, maxBin: number): number {
    const g = this.guide;
    let k = Math.floor((t - (g.origin[f] as number)) * (g.scale[f] as number));
    k = k < 1 ? 0 : k > GUIDE_CELLS ? GUIDE_CELLS - 1 : k - 1; // one cell back: rounding can overshoot by one
    let a = g.first[f * (GUIDE_CELLS + 1) + k] as number;
    if (a < minBin) a = minBin;
    const upper = this.bins.upper;
    while (a < maxBin && (upper[st + a] as number) < t) a++;
    return a;
  }

  /** Split criterion proxy (larger is better) for left stats `cum` (class weights or [w*y]) of weight lw. */
  private proxy(cum: Float64Array, lw: number, tot: Float64Array): number {
    const rw = (tot[1] as number) - lw;
    if (!this.isClf) {
      const sl = cum[0] as number;
      const sr = (tot[2] as number) - sl;
      return (sl * sl) / lw + (sr * sr) / rw;
    }
    // scikit-learn's generic proxy, -w_right * impurity_right - w_left * impurity_left, computed with
    // its float operations so that near-ties order the same way
    const K = this.K;
    if (this.p.criterion === 'entropy') {
      let el = 0;
      let er = 0;
      for (let k = 0; k < K; k++) {
        const cl = cum[k] as number;
        const cr = (tot[2 + k] as number) - cl;
        if (cl > 0) {
          const q = cl / lw;
          el -= q * (Math.log(q) / LN2);
        }
        if (cr > 0) {
          const q = cr / rw;
          er -= q * (Math.log(q) / LN2);
        }
      }
      return -rw * er - lw * el;
    }
    let sl = 0;
    let sr = 0;
    for (let k = 0; k < K; k++) {
      const cl = cum[k] as number;
      const cr = (tot[2 + k] as number) - cl;
      sl += cl * cl;
      sr += cr * cr;
    }
    return -rw * (1 - sr / (rw * rw)) - lw * (1 - sl / (lw * lw));
  }

  /**
   * Best boundary of feature f from its histogram; returns a SplitChoice better than `best`, null if
   * none beats it, or 'constant' when the node's rows share one bin.
   */
  private bestOnHistogram(hb: HistBuffer, ho: number, mo: number, f: number, n: number, tot: Float64Array): number {
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
  private bestOnSortedRows(f: number, s: number, e: number, tot: Float64Array): number {
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
  private randomCut(f: number, minBin: number, maxBin: number): void {
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
  private randomChoice(f: number, t: number, bin: number, proxy: number): void {
    const st = this.bins.start[f] as number;
    const clean = (this.bins.hi[st + bin] as number) <= t && t < (this.bins.lo[st + bin + 1] as number);
    const best = this.best;
    best.feature = f;
    best.bin = bin;
    best.threshold = clean ? t : (this.bins.upper[st + bin] as number);
    best.proxy = proxy;
  }

  /** Records a best-splitter winner: threshold midway between the last left and first right bins' values. */
  private setBest(f: number, bin: number, next: number, proxy: number): void {
    const st = this.bins.start[f] as number;
    const best = this.best;
    best.feature = f;
    best.bin = bin;
    best.threshold = midpoint(this.bins.hi[st + bin] as number, this.bins.lo[st + next] as number);
    best.proxy = proxy;
  }


  /** Extra-trees split of feature f from its histogram. */
  private randomOnHistogram(hb: HistBuffer, ho: number, mo: number, f: number, n: number, tot: Float64Array): number {
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
  private randomOnRows(f: number, s: number, e: number, tot: Float64Array): number {
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

  // Left-side sums of rows idx[s..e) whose bin is <= bin, into cum / leftCount / leftWeight.
  // Branch-free: l = 1 when the row goes left. One method per case keeps each loop monomorphic.
  private leftSumsClfUnit(codes: Uint8Array, base: number, stride: number, s: number, e: number, bin: number): void {
    const idx = this.idx;
    const yc = this.yc;
    const cum = this.cum;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lc = 0;
    if (this.K === 2) {
      // two classes: count class 1 in a register instead of a memory read-modify-write chain
      let l1 = 0;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
        lc += l;
        l1 += l & (yc[r] as number);
      }
      cum[0] = lc - l1;
      cum[1] = l1;
    } else {
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
        const k = yc[r] as number;
        cum[k] = (cum[k] as number) + l;
        lc += l;
      }
    }
    this.leftCount = lc;
    this.leftWeight = lc;
  }

  private leftSumsClf(codes: Uint8Array, base: number, stride: number, s: number, e: number, bin: number): void {
    const idx = this.idx;
    const yc = this.yc;
    const w = this.w;
    const cum = this.cum;
    for (let k = 0; k < cum.length; k++) cum[k] = 0;
    let lc = 0;
    let lw = 0;
    for (let i = s; i < e; i++) {
      const r = idx[i] as number;
      const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
      const wl = l * (w[r] as number);
      const k = yc[r] as number;
      cum[k] = (cum[k] as number) + wl;
      lc += l;
      lw += wl;
    }
    this.leftCount = lc;
    this.leftWeight = lw;
  }

  private leftSumsReg(codes: Uint8Array, base: number, stride: number, s: number, e: number, bin: number): void {
    const idx = this.idx;
    const w = this.w;
    const wy = this.wy;
    let lc = 0;
    let lw = 0;
    let sl = 0;
    for (let i = s; i < e; i++) {
      const r = idx[i] as number;
      const l = (((bin - (codes[base + r * stride] as number)) >> 31) & 1) ^ 1;
      lc += l;
      lw += l * (w[r] as number);
      sl += l * (wy[r] as number);
    }
    this.cum[0] = sl;
    this.leftCount = lc;
    this.leftWeight = lw;
  }

  // ---------------------------------------------------------------- partition

  /** Stable partition of idx[s..e) by the split; fills childStats; returns the first right position. */
  private partition(s: number, e: number, split: SplitChoice): number {
    const cs = this.childStats;
    for (let k = 0; k < cs.length; k++) cs[k] = 0;
    // column-major codes (stride 1 from feature * N) for large nodes, row-major (stride F) for small ones
    const small = e - s <= this.smallNode;
    const codes = small ? this.rowCodes : this.bins.codes;
    const base = small ? split.feature : split.feature * this.N;
    const stride = small ? this.F : 1;
    return this.isClf ? this.partitionClf(s, e, codes, base, stride, split.bin) : this.partitionReg(s, e, codes, base, stride, split.bin);
  }

  // Branch-free partitions: each row is written to both sides' next slot and only its own side
  // advances (idx[l] with l <= i has already been read); sums go to per-side accumulators.
  private partitionClf(s: number, e: number, codes: Uint8Array, base: number, stride: number, sb: number): number {
    const idx = this.idx;
    const tmp = this.scratch;
    const cs = this.childStats;
    const NS = this.NS;
    const w = this.w;
    const yc = this.yc;
    let l = s;
    let rc = 0;
    let wL = 0;
    let wR = 0;
    if (this.K === 2) {
      // two classes: per-side class-1 weights in registers (no memory read-modify-write chain)
      let w1L = 0;
      let w1R = 0;
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const right = ((sb - (codes[base + r * stride] as number)) >> 31) & 1;
        const left = right ^ 1;
        idx[l] = r;
        tmp[rc] = r;
        l += left;
        rc += right;
        const wr = w[r] as number;
        const w1 = (yc[r] as number) * wr;
        wR += right * wr;
        wL += left * wr;
        w1R += right * w1;
        w1L += left * w1;
      }
      cs[3] = w1L;
      cs[NS + 3] = w1R;
      cs[2] = this.unitWeights ? wL - w1L : this.classWeightLeft(s, l, 0);
      cs[NS + 2] = this.unitWeights ? wR - w1R : this.classWeightLeft(l, l + rc, 0, tmp);
    } else {
      for (let i = s; i < e; i++) {
        const r = idx[i] as number;
        const right = ((sb - (codes[base + r * stride] as number)) >> 31) & 1;
        idx[l] = r;
        tmp[rc] = r;
        l += right ^ 1;
        rc += right;
        const wr = w[r] as number;
        const k = right * NS + 2 + (yc[r] as number);
        cs[k] = (cs[k] as number) + wr;
        wR += right * wr;
        wL += (right ^ 1) * wr;
      }
    }
    cs[0] = l - s;
    cs[1] = wL;
    cs[NS] = rc;
    cs[NS + 1] = wR;
    for (let i = 0; i < rc; i++) idx[l + i] = tmp[i] as number;
    return l;
  }

  /** Weight of class k among rows rows[a..b) (idx by default), summed in row order. */
  private classWeightLeft(a: number, b: number, k: number, rows: Int32Array = this.idx): number {
    const w = this.w;
    const yc = this.yc;
    let sum = 0;
    const off = rows === this.idx ? 0 : -a;
    for (let i = a; i < b; i++) {
      const r = rows[i + off] as number;
      if ((yc[r] as number) === k) sum += w[r] as number;
    }
    return sum;
  }

  private partitionReg(s: number, e: number, codes: Uint8Array, base: number, stride: number, sb: number): number {
    const idx = this.idx;
    const tmp = this.scratch;
    const cs = this.childStats;
    const NS = this.NS;
    const w = this.w;
    const yv = this.yv;
    let l = s;
    let rc = 0;
    let wL = 0;
    let wR = 0;
    let sL = 0;
    let sR = 0;
    let qL = 0;
    let qR = 0;
    for (let i = s; i < e; i++) {
      const r = idx[i] as number;
      const right = ((sb - (codes[base + r * stride] as number)) >> 31) & 1;
      const left = right ^ 1;
      idx[l] = r;
      tmp[rc] = r;
      l += left;
      rc += right;
      const wr = w[r] as number;
      const y = yv[r] as number;
      const wy = wr * y;
      const wyy = wy * y;
      wL += left * wr;
      wR += right * wr;
      sL += left * wy;
      sR += right * wy;
      qL += left * wyy;
      qR += right * wyy;
    }
    cs[0] = l - s;
    cs[1] = wL;
    cs[2] = sL;
    cs[3] = qL;
    cs[NS] = rc;
    cs[NS + 1] = wR;
    cs[NS + 2] = sR;
    cs[NS + 3] = qR;
    for (let i = 0; i < rc; i++) idx[l + i] = tmp[i] as number;
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
   * child's as parent minus the smaller one's (that only touches the smaller child's bins), unless the
   * larger child needs none.
   */
  private childHistograms(parent: HistBuffer, s: number, mid: number, e: number, needL: boolean, needR: boolean): void {
    const leftIsLarge = mid - s >= e - mid;
    const needLarge = leftIsLarge ? needL : needR;
    const needSmall = leftIsLarge ? needR : needL;
    const [ss, se] = leftIsLarge ? [mid, e] : [s, mid];
    let large: HistBuffer | null = null;
    let small: HistBuffer | null = null;
    if (needLarge) {
      small = this.acquire();
      this.buildAll(small, ss, se);
      this.subtract(parent, small);
      large = parent;
      if (!needSmall) {
        this.release(small);
        small = null;
      }
    } else {
      // only the smaller child goes on: rebuild the parent's buffer for it
      this.release(parent);
      small = this.acquire();
      this.buildAll(small, ss, se);
    }
    this.histL = leftIsLarge ? large : small;
    this.histR = leftIsLarge ? small : large;
  }
}
