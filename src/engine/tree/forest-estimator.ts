import type { TaskType } from '../types.js';
import { encodeClasses } from '../core/classes.js';
import { EstimatorBase } from '../core/base-estimator.js';
import type { EstimatorJSON, FitOptions } from '../core/estimator.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { cachedColumnBins } from '../binning/column-bins.js';
import { growTree } from './builder.js';
import type { GrowParams, GrowTarget } from './grower-state.js';
import { bootstrapCounts, forestTreeSeeds, treeRandomFor } from './sklearn-random.js';
import { classWeightFactors, normalizeTreeParams, resolveGrowParams, type ClassWeight, type TreeModelKind, type TreeParams } from './params.js';
import { addTreeOutputs, treeFromJSON, treeToJSON, type TreeArrays } from './tree-arrays.js';

interface FittedTrees {
  nFeatures: number;
  classes: Float64Array | null; // classification only
  trees: TreeArrays[];
}

/**
 * Shared body of dt, rf and et (one tree = a forest of one without bootstrap): params, fit on binned
 * features shared through FitOptions.cache, averaged leaf outputs, JSON round trip.
 * - dt: one tree, splitter 'best' (or 'random') over maxFeatures features;
 * - rf: nEstimators 'best' trees, each on a bootstrap sample (counts become weights), predictions = mean
 *   of the trees' probabilities / values;
 * Random draws reproduce scikit-learn's (sklearn-random.ts) for the same randomState: tree seeds,
 * bootstrap samples, feature order and extra-trees thresholds.
 * - et: as rf with 'random' thresholds and, by default, no bootstrap.
 */
export abstract class ForestEstimator extends EstimatorBase<TreeParams, FittedTrees> {
  constructor(
    readonly model: TreeModelKind,
    readonly task: TaskType,
    params?: Partial<TreeParams>,
  ) {
    super(normalizeTreeParams(model, task, params));
  }

  protected abstract make(params: Partial<TreeParams>): ForestEstimator;

  clone(overrides?: Partial<TreeParams>): this {
    return this.make({ ...this.params, ...(overrides ?? {}) }) as this;
  }

  /** Number of trees and nodes of the fitted model (for tests and model cards). */
  treeSizes(): number[] {
    return this.state().trees.map((t) => t.nodeCount);
  }

  /** The fitted trees (read-only use: boosting, inspection). */
  fittedTrees(): readonly TreeArrays[] {
    return this.state().trees;
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    checkFitInput(this.type, X, y);
    const n = X.rows;
    const p = this.params;
    const clf = this.task === 'classification';
    const baseWeight = new Float64Array(n).fill(1);
    const sw = options?.sampleWeight;
    if (sw !== undefined) {
      if (sw.length !== n) throw new EngineInputError('BAD_INPUT', `${this.type}: sampleWeight has ${sw.length} values for ${n} rows`, 'sampleWeight');
      for (let i = 0; i < n; i++) {
        const w = sw[i] as number;
        if (!(w >= 0 && w < Infinity)) throw new EngineInputError('BAD_INPUT', `${this.type}: sampleWeight[${i}] must be a finite number >= 0`, 'sampleWeight');
        baseWeight[i] = w;
      }
    }
    let target: GrowTarget;
    let classes: Float64Array | null = null;
    if (clf) {
      const enc = encodeClasses(y);
      classes = enc.classes;
      // without bootstrap, 'balanced_subsample' is 'balanced' (as scikit-learn)
      let cw = p.classWeight as ClassWeight | undefined;
      if (cw === 'balanced_subsample' && (this.model === 'dt' || p.bootstrap !== true)) cw = 'balanced';
      const factors = classWeightFactors(cw, enc.classes, enc.counts, n);
      if (factors) for (let i = 0; i < n; i++) baseWeight[i] = (baseWeight[i] as number) * (factors[enc.index[i] as number] as number);
      target = { kind: 'classification', nClasses: classes.length, codes: enc.index };
    } else {
      target = { kind: 'regression', y };
    }
    let positive = 0;
    for (let i = 0; i < n; i++) if ((baseWeight[i] as number) > 0) positive++;
    if (positive === 0) throw new EngineInputError('BAD_INPUT', `${this.type}: every sample weight is zero`, 'sampleWeight');

    const bins = cachedColumnBins(X, options?.cache);
    const splitter = this.model === 'et' || p.splitter === 'random' ? 'random' : 'best';
    const grow = resolveGrowParams(p, this.task, n, X.cols, splitter);
    const trees: TreeArrays[] = [];
    if (this.model === 'dt') {
      trees.push(growTree(bins, target, baseWeight, rowsWithWeight(baseWeight), grow, treeRandomFor(p.randomState)));
    } else {
      this.growForest(trees, bins, target, baseWeight, grow, p.randomState);
    }
    this.fitted = { nFeatures: X.cols, classes, trees };
    return this;
  }

  private growForest(trees: TreeArrays[], bins: Parameters<typeof growTree>[0], target: GrowTarget, baseWeight: Float64Array, grow: GrowParams, randomState: number): void {
    const p = this.params;
    const n = baseWeight.length;
    const nTrees = p.nEstimators as number;
    const bootstrap = p.bootstrap as boolean;
    const maxSamples = p.maxSamples as number | null;
    const draws = !bootstrap || maxSamples === null ? n : Number.isInteger(maxSamples) && maxSamples > 1 ? Math.min(n, maxSamples) : Math.max(1, Math.round(maxSamples * n));
    const subsampleBalance = p.classWeight === 'balanced_subsample' && target.kind === 'classification';
    const allRows = bootstrap ? null : rowsWithWeight(baseWeight);
    const counts = new Int32Array(bootstrap ? n : 0);
    const w = new Float64Array(bootstrap ? n : 0);
    const rowBuf = new Int32Array(bootstrap ? n : 0);
    // scikit-learn's seeding: one seed per tree from RandomState(randomState); the tree's splitter and
    // its bootstrap sample each come from a fresh RandomState(tree seed)
    const seeds = forestTreeSeeds(randomState, nTrees);
    for (let t = 0; t < nTrees; t++) {
      const seed = seeds[t] as number;
      const rand = treeRandomFor(seed);
      if (!bootstrap) {
        trees.push(growTree(bins, target, baseWeight, allRows as Int32Array, grow, rand));
        continue;
      }
      bootstrapCounts(seed, n, draws, counts);
      let factors: Float64Array | null = null;
      if (subsampleBalance) {
        const K = target.nClasses;
        const perClass = new Float64Array(K);
        for (let i = 0; i < n; i++) perClass[target.codes[i] as number] = (perClass[target.codes[i] as number] as number) + (counts[i] as number);
        let present = 0;
        for (let k = 0; k < K; k++) if ((perClass[k] as number) > 0) present++;
        factors = new Float64Array(K);
        for (let k = 0; k < K; k++) factors[k] = (perClass[k] as number) > 0 ? draws / (present * (perClass[k] as number)) : 0;
      }
      let m = 0;
      for (let i = 0; i < n; i++) {
        let wi = (counts[i] as number) * (baseWeight[i] as number);
        if (factors && target.kind === 'classification') wi *= factors[target.codes[i] as number] as number;
        w[i] = wi;
        if (wi > 0) rowBuf[m++] = i;
      }
      if (m === 0) {
        // every drawn row had zero weight: fall back to one leaf over the weighted rows
        trees.push(growTree(bins, target, baseWeight, rowsWithWeight(baseWeight), { ...grow, maxDepth: 0 }, rand));
        continue;
      }
      trees.push(growTree(bins, target, w, rowBuf.subarray(0, m), grow, rand));
    }
  }

  /** Mean of the trees' leaf outputs: rows x classes probabilities, or rows x 1 values. */
  protected averagedOutputs(X: Matrix): Float64Array {
    const s = this.state();
    checkPredictInput(this.type, X, s.nFeatures);
    const outputs = s.classes ? s.classes.length : 1;
    const out = new Float64Array(X.rows * outputs);
    for (const tree of s.trees) addTreeOutputs(tree, X, out, 1);
    if (s.trees.length > 1) {
      const inv = s.trees.length;
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / inv;
    }
    return out;
  }

  toJSON(): EstimatorJSON {
    const s = this.fitted;
    return {
      type: this.type,
      params: { ...this.params },
      state: s === null ? null : { nFeatures: s.nFeatures, classes: s.classes ? Array.from(s.classes) : null, trees: s.trees.map(treeToJSON) },
    };
  }

  /** Loads toJSON() output's state; anything malformed is EngineInputError('BAD_PIPELINE'). */
  restore(state: unknown): this {
    if (state === null) {
      this.fitted = null;
      return this;
    }
    const bad = (why: string): never => {
      throw new EngineInputError('BAD_PIPELINE', `malformed ${this.type} state: ${why}`, 'pipeline');
    };
    if (typeof state !== 'object' || Array.isArray(state)) bad('state is not an object');
    const st = state as Record<string, unknown>;
    const nFeatures = st.nFeatures;
    if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) bad('nFeatures must be a positive integer');
    let classes: Float64Array | null = null;
    if (this.task === 'classification') {
      const c = st.classes;
      if (!Array.isArray(c) || c.length < 1 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))) bad('classes must be a non-empty list of numbers');
      classes = Float64Array.from(c as number[]);
      for (let i = 1; i < classes.length; i++) if (!((classes[i] as number) > (classes[i - 1] as number))) bad('classes must be sorted and distinct');
    } else if (st.classes !== null && st.classes !== undefined) bad('a regressor has no classes');
    const rawTrees = st.trees;
    if (!Array.isArray(rawTrees) || rawTrees.length < 1) bad('trees must be a non-empty list');
    const expected = this.model === 'dt' ? 1 : (this.params.nEstimators as number);
    if ((rawTrees as unknown[]).length !== expected) bad(`expected ${expected} trees, found ${(rawTrees as unknown[]).length}`);
    const outputs = classes ? classes.length : 1;
    const trees: TreeArrays[] = [];
    for (const [i, t] of (rawTrees as unknown[]).entries()) {
      try {
        trees.push(treeFromJSON(t, nFeatures as number, outputs));
      } catch (e) {
        bad(`tree ${i}: ${(e as Error).message}`);
      }
    }
    this.fitted = { nFeatures: nFeatures as number, classes, trees };
    return this;
  }
}

/** A tree classifier's probabilities and labels on top of ForestEstimator. */
export abstract class TreeClassifierModel extends ForestEstimator {
  get classes(): Float64Array | null {
    return this.fitted ? this.fitted.classes : null;
  }

  predictProba(X: Matrix): Matrix {
    const out = this.averagedOutputs(X);
    return matrix(X.rows, (this.state().classes as Float64Array).length, out);
  }

  predict(X: Matrix): Float64Array {
    return this.labelsFromProba(this.predictProba(X));
  }

  labelsFromProba(P: Matrix): Float64Array {
    const classes = this.state().classes as Float64Array;
    const k = P.cols;
    const labels = new Float64Array(P.rows);
    for (let i = 0; i < P.rows; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if ((P.data[i * k + j] as number) > (P.data[i * k + best] as number)) best = j;
      labels[i] = classes[best] as number;
    }
    return labels;
  }
}

export abstract class TreeRegressorModel extends ForestEstimator {
  predict(X: Matrix): Float64Array {
    return this.averagedOutputs(X);
  }
}

// ------------------------------------------------------------------ input checks

function checkFitInput(model: string, X: Matrix, y: Float64Array): void {
  if (!X || !(X.data instanceof Float64Array) || !Number.isInteger(X.rows) || !Number.isInteger(X.cols)) {
    throw new EngineInputError('BAD_INPUT', `${model}: X must be a matrix of float64 values`, 'X');
  }
  if (X.rows < 1 || X.cols < 1) throw new EngineInputError('BAD_INPUT', `${model}: X must have at least one row and one column`, 'X');
  if (X.data.length !== X.rows * X.cols) throw new EngineInputError('BAD_INPUT', `${model}: X has ${X.data.length} values, expected ${X.rows}x${X.cols}`, 'X');
  if (!(y instanceof Float64Array) || y.length !== X.rows) throw new EngineInputError('BAD_INPUT', `${model}: y has ${y?.length} values for ${X.rows} rows`, 'y');
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i] as number)) throw new EngineInputError('BAD_INPUT', `${model}: y[${i}] is not a finite number`, 'y');
  }
  checkFinite(model, X);
}

function checkPredictInput(model: string, X: Matrix, nFeatures: number): void {
  if (!X || !(X.data instanceof Float64Array) || X.data.length !== X.rows * X.cols) throw new EngineInputError('BAD_INPUT', `${model}: X must be a matrix of float64 values`, 'X');
  if (X.cols !== nFeatures) throw new EngineInputError('BAD_INPUT', `${model}: X has ${X.cols} columns, the model was fitted on ${nFeatures}`, 'X');
  checkFinite(model, X);
}

function checkFinite(model: string, X: Matrix): void {
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (v - v !== 0) {
      const what = v !== v ? 'NaN (impute missing values first)' : 'infinite';
      throw new EngineInputError('BAD_INPUT', `${model}: X[${Math.floor(i / X.cols)}, ${i % X.cols}] is ${what}`, 'X');
    }
  }
}

function rowsWithWeight(w: Float64Array): Int32Array {
  let m = 0;
  for (let i = 0; i < w.length; i++) if ((w[i] as number) > 0) m++;
  const rows = new Int32Array(m);
  m = 0;
  for (let i = 0; i < w.length; i++) if ((w[i] as number) > 0) rows[m++] = i;
  return rows;
}
