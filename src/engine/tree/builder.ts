import { EPSILON, type GrowParams, type GrowTarget, type HistBuffer } from './grower-state.js';
import { binColumns, type ColumnBins } from '../binning/column-bins.js';
import { TreeRandom as TreeRandomGen, type TreeRandom } from './sklearn-random.js';
import type { TreeArrays } from './tree-arrays.js';
import { NodeSplitter } from './splitters.js';

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
 */
export function growTree(
  bins: ColumnBins,
  target: GrowTarget,
  weights: Float64Array,
  rows: Int32Array,
  params: GrowParams,
  rand: TreeRandom,
): TreeArrays {
  if (!warmedUp) warmUp();
  return new TreeBuilder(bins, target, weights, rows, params, rand).grow();
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
          new TreeBuilder(bins, target, w, rows, p, new TreeRandomGen(1)).grow();
        }
      }
    }
  }
}

/** Grows one tree depth first from an explicit stack (scikit-learn DepthFirstTreeBuilder, tree/_tree). */
class TreeBuilder extends NodeSplitter {
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

  protected processTop(): void {
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

  protected isLeafBySize(n: number, depth: number, impurity: number): boolean {
    return depth >= this.p.maxDepth || n < this.p.minSamplesSplit || n < 2 * this.p.minSamplesLeaf || impurity <= EPSILON;
  }

  protected push(node: number, s: number, e: number, depth: number, nConst: number, imp: number, stats: Float64Array, off: number, hist: HistBuffer | null): void {
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

  protected writeLeaf(node: number, stats: Float64Array, off: number): void {
    const o = this.out.setLeaf(node);
    const v = this.out.values;
    const w = stats[off + 1] as number;
    if (this.isClf) for (let k = 0; k < this.K; k++) v[o + k] = (stats[off + 2 + k] as number) / w;
    else v[o] = (stats[off + 2] as number) / w;
  }
}
