import { type ColumnBins, rowMajorCodes } from '../binning/column-bins.js';
import { type GuideTable, guideTable } from './guide-table.js';
import { type TreeRandom } from './sklearn-random.js';
import { TreeArraysBuilder } from './tree-arrays.js';

// The state one tree's growth shares across its layers (criterion, histograms, partition, splitters,
// builder: one file each, each class extending the one below, so a TreeBuilder is one object with one
// hidden class and every call in the hot loops stays monomorphic).
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

export const EPSILON = 2.220446049250313e-16;
export const LN2 = Math.log(2); // scikit-learn's log is ln(x) / ln(2)
export const MASK_WORDS = 8; // 256 bins
/**
 * Nodes with at most this many rows are split from their rows directly, without histograms: sorting
 * them (best splitter), or two passes per feature (random splitter, whose histogram path only pays off
 * on large nodes).
 */
export const SMALL_NODE = 32;
export const SMALL_NODE_RANDOM = 256;
export const SMALL_NODE_RANDOM_ALL_FEATURES = 1024; // measured: histograms barely help extra trees below this

export interface HistBuffer {
  h: Float64Array;
  mask: Uint32Array;
}

/** The best split found so far at a node (one mutable record, no allocation per candidate). */
export interface SplitChoice {
  feature: number; // -1 = none yet
  bin: number; // rows with code <= bin go left
  threshold: number;
  proxy: number;
}

// outcomes of evaluating one feature
export const CONSTANT = 0;
export const NO_GAIN = 1;
export const IMPROVED = 2;

export abstract class GrowerState {
  protected readonly N: number;
  protected readonly F: number;
  protected readonly isClf: boolean;
  protected readonly K: number; // classes (1 for regression)
  protected readonly S: number; // histogram stride per bin
  protected readonly NS: number; // node stats stride: count, w, then K class weights or [wy, wyy]
  protected readonly yc: Int32Array;
  protected readonly wy: Float64Array; // regression: w * y
  protected readonly yv: Float64Array;
  protected readonly idx: Int32Array;
  protected readonly scratch: Int32Array;
  protected readonly features: Int32Array; // scikit-learn's splitter.features (kept across nodes)
  protected readonly constantFeatures: Int32Array; // and splitter.constant_features
  protected nConstOut = 0; // constant features known below the node just searched
  protected readonly fullSet: boolean;
  protected readonly histSize: number;
  protected readonly pool: HistBuffer[] = [];
  protected readonly one: HistBuffer; // single-feature scratch for subset mode
  protected readonly cum: Float64Array; // cumulative left stats during scans
  protected readonly keys = new Int32Array(SMALL_NODE); // (bin << 16 | position) of a small node's rows
  protected readonly smallNode: number; // nodes up to this size get no histograms
  protected readonly rowCodes: Uint8Array; // row-major codes for small nodes (one cache line per row)
  protected readonly guide: GuideTable; // bin lookup for extra-trees thresholds
  protected readonly smallRowOff: Int32Array; // a small node's rows: offset in rowCodes,
  protected readonly smallW: Float64Array; // weight,
  protected readonly smallY: Float64Array; // and w * y
  protected readonly childStats: Float64Array; // [left NS | right NS] during partition
  protected readonly out: TreeArraysBuilder;
  protected rootWeight = 0;
  protected readonly nodeStats: Float64Array;
  protected readonly best: SplitChoice = { feature: -1, bin: 0, threshold: 0, proxy: -Infinity };
  protected histL: HistBuffer | null = null; // children's histograms, set by childHistograms
  protected histR: HistBuffer | null = null;
  protected cutT = 0; // randomCut's threshold and last left bin
  protected cutBin = 0;
  protected leftCount = 0; // leftSums* results
  protected leftWeight = 0;
  protected readonly unitWeights: boolean; // every row's weight is 1

  // depth-first stack (struct of arrays, grown on demand)
  protected sp = 0;
  protected stNode: Int32Array = new Int32Array(64);
  protected stStart: Int32Array = new Int32Array(64);
  protected stEnd: Int32Array = new Int32Array(64);
  protected stDepth: Int32Array = new Int32Array(64);
  protected stImp: Float64Array = new Float64Array(64);
  protected stConst: Int32Array = new Int32Array(64);
  protected stHist: Array<HistBuffer | null> = [];
  protected stStats: Float64Array;

  constructor(
    protected readonly bins: ColumnBins,
    target: GrowTarget,
    protected readonly w: Float64Array,
    rows: Int32Array,
    protected readonly p: GrowParams,
    protected readonly rand: TreeRandom,
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
}
