// Boosting models (gbc, gbr, ada, lightgbm) on small hand-checkable data: the algorithms' defining steps,
// determinism, JSON round trips, early stopping, missing values, and every bad-input path.
import { describe, expect, it } from 'vitest';
import type { Classifier, Estimator, EstimatorJSON, ModelSpec } from '../../src/engine/core/estimator.js';
import { matrix, type Matrix } from '../../src/engine/core/matrix.js';
import { Rng } from '../../src/engine/core/random.js';
import { binMatrix, searchBin } from '../../src/engine/binning/slot-bins.js';
import { shouldStop } from '../../src/engine/boosting/hist-gbdt.js';
import { LightGbmRegressor } from '../../src/engine/boosting/lightgbm.js';
import { BOOSTING_SPECS } from '../../src/engine/models/boosting.js';

const spec = (id: string, task: 'classification' | 'regression'): ModelSpec => {
  const s = BOOSTING_SPECS.find((x) => x.id === id && x.task === task);
  if (!s) throw new Error(`no spec ${task} ${id}`);
  return s;
};

function regressionData(n: number, p: number, seed: number, noise = 0.3): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = matrix(n, p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X.data[i * p + j] = rng.normal();
    const x0 = X.data[i * p] as number;
    const x1 = X.data[i * p + 1] as number;
    y[i] = 3 * x0 + (x1 > 0 ? 2 : -1) + x0 * x1 + noise * rng.normal();
  }
  return { X, y };
}

function classificationData(n: number, p: number, k: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = matrix(n, p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let j = 0; j < p; j++) X.data[i * p + j] = rng.normal() + (j < 2 ? 1.5 * c * (j === 0 ? 1 : -1) : 0);
  }
  return { X, y };
}

/** Brute-force exact CART (squared error, midpoint thresholds, first best): the reference for gbr's first stage. */
function exactTree(X: Matrix, r: Float64Array, rows: number[], depth: number): (x: Float64Array, i: number) => number {
  const mean = rows.reduce((a, i) => a + (r[i] as number), 0) / rows.length;
  if (depth === 0 || rows.length < 2) return () => mean;
  let best = { gain: 1e-12, f: -1, t: 0 };
  const sse = (ids: number[]): number => {
    const m = ids.reduce((a, i) => a + (r[i] as number), 0) / ids.length;
    return ids.reduce((a, i) => a + ((r[i] as number) - m) ** 2, 0);
  };
  const total = sse(rows);
  for (let f = 0; f < X.cols; f++) {
    const vals = [...new Set(rows.map((i) => X.data[i * X.cols + f] as number))].sort((a, b) => a - b);
    for (let v = 0; v + 1 < vals.length; v++) {
      const t = ((vals[v] as number) + (vals[v + 1] as number)) / 2;
      const L = rows.filter((i) => (X.data[i * X.cols + f] as number) <= t);
      const R = rows.filter((i) => (X.data[i * X.cols + f] as number) > t);
      const gain = total - sse(L) - sse(R);
      if (gain > best.gain * (1 + 1e-9)) best = { gain, f, t };
    }
  }
  if (best.f < 0) return () => mean;
  const L = exactTree(X, r, rows.filter((i) => (X.data[i * X.cols + best.f] as number) <= best.t), depth - 1);
  const R = exactTree(X, r, rows.filter((i) => (X.data[i * X.cols + best.f] as number) > best.t), depth - 1);
  return (x, i) => ((x[i * X.cols + best.f] as number) <= best.t ? L(x, i) : R(x, i));
}

function logLoss(P: Matrix, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < P.rows; i++) s -= Math.log(Math.max(P.data[i * P.cols + (y[i] as number)] as number, 1e-15));
  return s / P.rows;
}

const roundTrip = (s: ModelSpec, e: Estimator): Estimator => s.revive(JSON.parse(JSON.stringify(e.toJSON())) as EstimatorJSON);

describe('gbr', () => {
  it('first stage = mean + learningRate * (depth-3 exact tree on the residuals)', () => {
    const { X, y } = regressionData(60, 3, 11);
    const est = spec('gbr', 'regression').create({ nEstimators: 1, learningRate: 0.1, randomState: 1 }).fit(X, y);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const residual = y.map((v) => v - mean);
    const tree = exactTree(X, residual, Array.from({ length: 60 }, (_, i) => i), 3);
    const test = regressionData(40, 3, 12);
    const pred = est.predict(test.X);
    for (let i = 0; i < test.X.rows; i++) expect(pred[i]).toBeCloseTo(mean + 0.1 * tree(test.X.data, i), 10);
  });

  it('training error falls as stages are added', () => {
    const { X, y } = regressionData(120, 4, 3);
    const mse = (n: number): number => {
      const p = spec('gbr', 'regression').create({ nEstimators: n, randomState: 1 }).fit(X, y).predict(X);
      return p.reduce((a, v, i) => a + (v - (y[i] as number)) ** 2, 0) / y.length;
    };
    const [a, b, c] = [mse(5), mse(20), mse(80)];
    expect(b).toBeLessThan(a);
    expect(c).toBeLessThan(b);
  });
});

describe('gbc', () => {
  it('binary: prior log-odds, then one Newton step per leaf (hand-computed)', () => {
    // x = 0..3, y = 0 0 1 1: prior 0.5 (raw 0), residuals -0.5 -0.5 0.5 0.5, split at 1.5,
    // leaf = sum(r) / sum(p(1-p)) = -1 / 0.5 = -2 and +2, times learningRate 0.1.
    const X = matrix(4, 1, Float64Array.from([0, 1, 2, 3]));
    const y = Float64Array.from([0, 0, 1, 1]);
    const e = spec('gbc', 'classification').create({ nEstimators: 1, maxDepth: 1, randomState: 1 }).fit(X, y) as Classifier;
    const P = (e.predictProba as (X: Matrix) => Matrix)(matrix(2, 1, Float64Array.from([0.5, 2.5])));
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    expect(P.data[1]).toBeCloseTo(sig(-0.2), 12);
    expect(P.data[3]).toBeCloseTo(sig(0.2), 12);
    // between the two training values, the cut is their midpoint 1.5
    expect(Array.from(e.predict(matrix(2, 1, Float64Array.from([1.49, 1.51]))))).toEqual([0, 1]);
  });

  it('binary and multiclass log-loss decrease over stages', () => {
    for (const k of [2, 3]) {
      const { X, y } = classificationData(150, 4, k, 5);
      const loss = (n: number): number => {
        const e = spec('gbc', 'classification').create({ nEstimators: n, randomState: 1 }).fit(X, y) as Classifier;
        return logLoss((e.predictProba as (X: Matrix) => Matrix)(X), y);
      };
      const [a, b, c] = [loss(1), loss(10), loss(50)];
      expect(b).toBeLessThan(a);
      expect(c).toBeLessThan(b);
    }
  });

  it('subsample and maxFeatures are seeded: same seed same model, another seed another model', () => {
    const { X, y } = classificationData(120, 6, 3, 8);
    const s = spec('gbc', 'classification');
    const fit = (seed: number): Float64Array => ((s.create({ subsample: 0.6, maxFeatures: 'sqrt', randomState: seed }).fit(X, y) as Classifier).predictProba as (X: Matrix) => Matrix)(X).data;
    expect(Array.from(fit(1))).toEqual(Array.from(fit(1)));
    expect(Array.from(fit(1))).not.toEqual(Array.from(fit(2)));
  });
});

describe('ada', () => {
  it('SAMME weighs the first stump by log((1 - err) / err) + log(k - 1)', () => {
    // x = 0..3, y = 0 0 1 0: the best stump cuts at 1.5; its right leaf is a tie, predicted 0: error 1/4.
    const X = matrix(4, 1, Float64Array.from([0, 1, 2, 3]));
    const y = Float64Array.from([0, 0, 1, 0]);
    const e = spec('ada', 'classification').create({ algorithm: 'SAMME', nEstimators: 1 }).fit(X, y);
    const state = e.toJSON().state as { weights: number[]; stumps: Array<{ threshold: number }> };
    expect(state.weights[0]).toBeCloseTo(Math.log(3), 12);
    expect(state.stumps[0]?.threshold).toBe(1.5);
  });

  it('SAMME.R keeps unit estimator weights and gives probabilities that sum to 1', () => {
    const { X, y } = classificationData(90, 3, 3, 4);
    const e = spec('ada', 'classification').create({ randomState: 1 }).fit(X, y) as Classifier;
    const state = e.toJSON().state as { weights: number[] };
    expect(state.weights.every((w) => w === 1)).toBe(true);
    const P = (e.predictProba as (X: Matrix) => Matrix)(X);
    for (let i = 0; i < P.rows; i++) expect(P.data.subarray(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const acc = e.predict(X).reduce((a, v, i) => a + (v === y[i] ? 1 : 0), 0) / y.length;
    expect(acc).toBeGreaterThan(0.7);
  });

  it('stops after a perfect stump (error 0)', () => {
    const X = matrix(6, 1, Float64Array.from([0, 1, 2, 3, 4, 5]));
    const y = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const state = spec('ada', 'classification').create({}).fit(X, y).toJSON().state as { weights: number[] };
    expect(state.weights).toEqual([1]);
  });

  it('regressor (AdaBoost.R2): weighted median of seeded bootstrap trees, deterministic per seed', () => {
    const { X, y } = regressionData(100, 3, 6);
    const s = spec('ada', 'regression');
    const a = s.create({ randomState: 4 }).fit(X, y).predict(X);
    const b = s.create({ randomState: 4 }).fit(X, y).predict(X);
    const c = s.create({ randomState: 5 }).fit(X, y).predict(X);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const state = s.create({ randomState: 4 }).fit(X, y).toJSON().state as { weights: number[]; trees: unknown[] };
    expect(state.trees.length).toBe(state.weights.length);
    // a weighted median is always one of the trees' own predictions: within the range of y
    const [lo, hi] = [Math.min(...y), Math.max(...y)];
    expect(a.every((v) => v >= lo && v <= hi)).toBe(true);
    const r2 = 1 - a.reduce((acc, v, i) => acc + (v - (y[i] as number)) ** 2, 0) / y.reduce((acc, v) => acc + (v - y.reduce((p, q) => p + q, 0) / y.length) ** 2, 0);
    expect(r2).toBeGreaterThan(0.7);
  });

  it('regressor: a constant target stops after one tree', () => {
    const { X } = regressionData(30, 2, 1);
    const e = spec('ada', 'regression').create({}).fit(X, new Float64Array(30).fill(4));
    expect((e.toJSON().state as { weights: number[] }).weights).toEqual([1]);
    expect(Array.from(e.predict(X)).every((v) => v === 4)).toBe(true);
  });
});

describe('lightgbm', () => {
  it('fits both tasks well on small data and its log-loss falls with iterations', () => {
    const { X, y } = classificationData(300, 4, 3, 2);
    const s = spec('lightgbm', 'classification');
    const loss = (n: number): number => logLoss(((s.create({ nEstimators: n }).fit(X, y) as Classifier).predictProba as (X: Matrix) => Matrix)(X), y);
    expect(loss(30)).toBeLessThan(loss(5));
    const r = regressionData(300, 4, 2);
    const p = spec('lightgbm', 'regression').create({}).fit(r.X, r.y).predict(r.X);
    const mean = r.y.reduce((a, b) => a + b, 0) / r.y.length;
    const r2 = 1 - p.reduce((a, v, i) => a + (v - (r.y[i] as number)) ** 2, 0) / r.y.reduce((a, v) => a + (v - mean) ** 2, 0);
    expect(r2).toBeGreaterThan(0.9);
  });

  it('honours numLeaves, maxDepth and minChildSamples', () => {
    const { X, y } = regressionData(400, 4, 9);
    const trees = (params: Record<string, unknown>): Array<{ feature: number[]; leafValue: number[] }> =>
      (spec('lightgbm', 'regression').create({ nEstimators: 3, ...params }).fit(X, y).toJSON().state as { trees: Array<{ feature: number[]; leafValue: number[] }> }).trees;
    expect(trees({ numLeaves: 5 }).every((t) => t.leafValue.length <= 5)).toBe(true);
    expect(trees({ numLeaves: 31 }).some((t) => t.leafValue.length > 5)).toBe(true);
    expect(trees({ maxDepth: 1 }).every((t) => t.leafValue.length <= 2)).toBe(true);
    expect(trees({ minChildSamples: 150 }).every((t) => t.leafValue.length <= 2)).toBe(true);
  });

  it('early stopping: off by default on small data, on when asked; stops on noise', () => {
    const rng = new Rng(3);
    const X = matrix(400, 3);
    for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
    const y = Float64Array.from({ length: 400 }, () => rng.normal());
    const auto = new LightGbmRegressor({ nEstimators: 60 }).fit(X, y);
    expect(auto.nIterations).toBe(60);
    const early = new LightGbmRegressor({ nEstimators: 60, earlyStopping: true, nIterNoChange: 3 }).fit(X, y);
    expect(early.nIterations).toBeLessThan(60);
    const again = new LightGbmRegressor({ nEstimators: 60, earlyStopping: true, nIterNoChange: 3 }).fit(X, y);
    expect(again.nIterations).toBe(early.nIterations);
    const off = new LightGbmRegressor({ nEstimators: 60, earlyStopping: false }).fit(X, y);
    expect(off.nIterations).toBe(60);
  });

  it("shouldStop follows scikit-learn's rule", () => {
    expect(shouldStop([1, 2, 3], 3, 1e-7)).toBe(false); // too few scores
    expect(shouldStop([1, 1, 1, 1], 3, 1e-7)).toBe(true); // no gain over the score 3 iterations back
    expect(shouldStop([1, 1, 1, 1.5], 3, 1e-7)).toBe(false);
    expect(shouldStop([1, 2, 2, 2, 2], 3, 1e-7)).toBe(true);
  });

  it('learns where missing values go', () => {
    const rng = new Rng(5);
    const n = 300;
    const X = matrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const missing = i % 4 === 0;
      X.data[2 * i] = missing ? NaN : rng.normal();
      X.data[2 * i + 1] = rng.normal();
      y[i] = missing ? 10 : (X.data[2 * i] as number);
    }
    const e = spec('lightgbm', 'regression').create({}).fit(X, y);
    const p = e.predict(matrix(2, 2, Float64Array.from([NaN, 0, 0, 0])));
    expect(p[0]).toBeGreaterThan(8);
    expect(Math.abs(p[1] as number)).toBeLessThan(1);
    expect(Array.from(roundTrip(spec('lightgbm', 'regression'), e).predict(X))).toEqual(Array.from(e.predict(X)));
  });

  it('bagging and feature fraction are seeded', () => {
    const { X, y } = regressionData(200, 6, 4);
    const s = spec('lightgbm', 'regression');
    const fit = (seed: number): number[] => Array.from(s.create({ baggingFraction: 0.7, baggingFreq: 1, featureFraction: 0.5, randomState: seed }).fit(X, y).predict(X));
    expect(fit(1)).toEqual(fit(1));
    expect(fit(1)).not.toEqual(fit(2));
  });
});

describe('binning', () => {
  it('one bin per distinct value (midpoint cuts) when few, NaN in its own bin', () => {
    const X = matrix(6, 1, Float64Array.from([3, 1, 2, NaN, 1, 3]));
    const b = binMatrix(X, { maxBins: 255, exactUpTo: 255 });
    expect(Array.from(b.thresholds[0] ?? [])).toEqual([1.5, 2.5]);
    expect(b.nBins[0]).toBe(3);
    expect(Array.from(b.slots)).toEqual([2, 0, 1, 3, 0, 2]);
    expect(b.hasMissing[0]).toBe(1);
  });

  it('maps every value to the bin a binary search over the thresholds gives', () => {
    const rng = new Rng(9);
    const n = 5000;
    const X = matrix(n, 2, Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? rng.normal() ** 3 : Math.round(rng.next() * 40) / 4)));
    const b = binMatrix(X, { maxBins: 255, exactUpTo: 255 });
    for (let i = 0; i < 2 * n; i++) {
      const f = i % 2;
      expect((b.slots[i] as number) - (b.offsets[f] as number)).toBe(searchBin(b.thresholds[f] as Float64Array, X.data[i] as number));
    }
  });

  it('caps bins by quantiles, and by minDataInBin', () => {
    const X = matrix(1000, 1, Float64Array.from({ length: 1000 }, (_, i) => i));
    expect(binMatrix(X, { maxBins: 255, exactUpTo: 255 }).nBins[0]).toBe(255);
    expect(binMatrix(X, { maxBins: 255, exactUpTo: 255, minDataInBin: 10 }).nBins[0]).toBe(100);
  });
});

describe('bad input', () => {
  const { X, y } = regressionData(40, 2, 1);

  it.each(BOOSTING_SPECS.map((s) => [`${s.task} ${s.id}`, s] as const))('%s: unknown or out-of-range params are BAD_PARAM on params.<name>', (_n, s) => {
    expect(() => s.create({ nEstimators: 0 })).toThrowError(expect.objectContaining({ code: 'BAD_PARAM', field: 'params.nEstimators' }));
    expect(() => s.create({ learningRate: -1 })).toThrowError(expect.objectContaining({ code: 'BAD_PARAM', field: 'params.learningRate' }));
    expect(() => s.create({ nosuch: 1 })).toThrowError(expect.objectContaining({ code: 'BAD_PARAM', field: 'params.nosuch' }));
    expect(() => s.create({ nEstimators: '10' })).toThrowError(expect.objectContaining({ code: 'BAD_PARAM' }));
  });

  it.each(BOOSTING_SPECS.map((s) => [`${s.task} ${s.id}`, s] as const))('%s: malformed JSON is BAD_PIPELINE', (_n, s) => {
    const yy = s.task === 'classification' ? y.map((v) => (v > 0 ? 1 : 0)) : y;
    const good = JSON.parse(JSON.stringify(s.create({ nEstimators: 3 }).fit(X, yy).toJSON())) as EstimatorJSON;
    const bad = (mutate: (j: Record<string, unknown>) => void): void => {
      const j = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      mutate(j);
      expect(() => s.revive(j as unknown as EstimatorJSON)).toThrowError(expect.objectContaining({ code: 'BAD_PIPELINE' }));
    };
    bad((j) => (j.type = 'something-else'));
    bad((j) => (j.params = 5));
    bad((j) => ((j.params as Record<string, unknown>).nEstimators = -3));
    bad((j) => (j.state = 'nope'));
    bad((j) => ((j.state as Record<string, unknown>).nFeatures = 0));
    const state = good.state as Record<string, unknown>;
    if ('weights' in state) bad((j) => ((j.state as Record<string, unknown>).weights = ['x']));
    if ('stumps' in state) bad((j) => ((j.state as Record<string, unknown>).stumps = [{ feature: 9, threshold: 0, left: [1], right: [1] }]));
    // a node pointing back at itself (a cycle) is refused
    if ('trees' in state) bad((j) => ((j.state as Record<string, unknown>).trees = [{ feature: [0], threshold: [0], missingLeft: [0], left: [0], right: [-2], leafValue: [1, 2] }]));
    // an unfitted estimator's JSON revives unfitted
    const fresh = s.revive(JSON.parse(JSON.stringify(s.create({}).toJSON())) as EstimatorJSON);
    expect(fresh.isFitted()).toBe(false);
  });

  it('gbc, gbr and ada refuse infinite values; lightgbm refuses them too but takes NaN', () => {
    const inf = matrix(X.rows, X.cols, X.data.slice());
    inf.data[3] = Infinity;
    for (const s of BOOSTING_SPECS.filter((x) => x.task === 'regression')) {
      expect(() => s.create({}).fit(inf, y)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'X' }));
    }
    const nanY = y.slice();
    nanY[0] = NaN;
    expect(() => spec('gbr', 'regression').create({}).fit(X, nanY)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'y' }));
  });

  it('a single class predicts that class with probability 1', () => {
    for (const id of ['gbc', 'ada', 'lightgbm']) {
      const e = spec(id, 'classification').create({}).fit(X, new Float64Array(40).fill(2)) as Classifier;
      expect(Array.from(e.predict(X)).every((v) => v === 2)).toBe(true);
      expect(Array.from((e.predictProba as (X: Matrix) => Matrix)(X).data).every((v) => v === 1)).toBe(true);
      expect(Array.from(roundTrip(spec(id, 'classification'), e).predict(X)).every((v) => v === 2)).toBe(true);
    }
  });
});
