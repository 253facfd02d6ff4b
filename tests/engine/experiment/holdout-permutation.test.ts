// Permutation importance of the holdout analysis: batched predictions (unchanged rows keep their baseline
// prediction) give the values of predicting every permuted matrix one by one; per-input importances also after
// matrix steps (polynomial features, PCA, feature selection), by permuting the encoded block before the steps.
import { describe, expect, it } from 'vitest';
import type { PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { loadBuiltinDataset } from '../../../src/engine/index.js';
import { matrix, type Matrix } from '../../../src/engine/core/matrix.js';
import { permutationImportance } from '../../../src/engine/analysis/permutation-importance.js';
import { holdoutPermutationImportance, knnSwappedPredict, permutationRows, PERMUTATION_BUDGET, type PermutationSource } from '../../../src/engine/experiment/holdout-permutation.js';
import { KNeighborsClassifier, KNeighborsRegressor } from '../../../src/engine/neighbors/knn.js';
import { GaussianNB } from '../../../src/engine/bayes/gaussian-nb.js';
import { classProbabilities, predictWithThreshold } from '../../../src/engine/experiment/scoring.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';
import { isEngineInputError } from '../../../src/engine/errors.js';

/** The unbatched reference: every repeat's permuted matrix (blocks of E taken at the order) through toModel and predict. */
function reference(src: PermutationSource, nRepeats: number, seed: number, predict: (X: Matrix) => Float64Array, score: (p: Float64Array) => number) {
  const permuted = (c: number, order: Int32Array): Matrix => {
    const out = matrix(src.E.rows, src.E.cols, Float64Array.from(src.E.data));
    for (let i = 0; i < src.E.rows; i++) for (const j of src.blocks[c]!) out.data[i * src.E.cols + j] = src.E.data[order[i]! * src.E.cols + j]!;
    return out;
  };
  return permutationImportance({ columns: src.columns, nRows: src.E.rows, nRepeats, seed, score: (c, o) => score(predict(src.toModel(c === null || o === null ? src.E : permuted(c, o)))) }).importances;
}

describe('holdoutPermutationImportance', () => {
  // 60 rows; column a is mostly one value (most permuted rows unchanged), b a one-hot pair, c continuous
  const n = 60;
  const E = matrix(n, 4, Float64Array.from({ length: n * 4 }, (_, i) => {
    const r = Math.floor(i / 4);
    const j = i % 4;
    return j === 0 ? (r % 10 === 0 ? 1 : 0) : j === 1 ? r % 3 === 0 ? 1 : 0 : j === 2 ? (r % 3 === 0 ? 0 : 1) : Math.sin(r * 1.7);
  }));
  const y = Float64Array.from({ length: n }, (_, r) => (E.data[r * 4]! + E.data[r * 4 + 1]! + E.data[r * 4 + 3]! > 0.6 ? 1 : 0));
  let predicted = 0;
  const predict = (X: Matrix): Float64Array => {
    predicted += X.rows;
    return Float64Array.from({ length: X.rows }, (_, r) => (X.data[r * X.cols]! + X.data[r * X.cols + 1]! + X.data[r * X.cols + 3]! > 0.6 ? 1 : 0));
  };
  const score = (p: Float64Array): number => p.reduce((s, v, i) => s + Number(v === y[i]), 0) / n;

  it('equals predicting every permuted matrix, and predicts fewer rows', () => {
    const src: PermutationSource = { E, blocks: [[0], [1, 2], [3]], columns: ['a', 'b', 'c'], toModel: (X) => X };
    predicted = 0;
    const batched = holdoutPermutationImportance(src, 5, 7, predict, score);
    const batchedRows = predicted;
    predicted = 0;
    const plain = reference(src, 5, 7, predict, score);
    expect(batched).toEqual(plain);
    expect(batched.map((f) => f.importance).some((v) => v > 0)).toBe(true);
    expect(batchedRows).toBeLessThan(predicted);
  });

  it('permutes before a transformation that mixes columns (toModel), with the same values as the reference', () => {
    // model inputs: a + c and b · c (no column of them belongs to one input)
    const toModel = (X: Matrix): Matrix => matrix(X.rows, 4, Float64Array.from({ length: X.rows * 4 }, (_, i) => {
      const r = Math.floor(i / 4);
      const j = i % 4;
      const v = (k: number) => X.data[r * X.cols + k]!;
      return j === 0 ? v(0) + v(3) : j === 1 ? v(1) * v(3) : j === 2 ? v(2) : v(3);
    }));
    const src: PermutationSource = { E, blocks: [[0], [1, 2], [3]], columns: ['a', 'b', 'c'], toModel };
    expect(holdoutPermutationImportance(src, 3, 11, predict, score)).toEqual(reference(src, 3, 11, predict, score));
  });

  it('samples rows above the budget (seeded, sorted) and keeps small holdouts whole', () => {
    expect(permutationRows(171, 30, 5, 123)).toBeNull();
    const s = permutationRows(540, 64, 5, 123)!;
    expect(s.length).toBe(Math.floor(PERMUTATION_BUDGET / (64 * 5)));
    expect(Array.from(s)).toEqual([...s].sort((a, b) => a - b));
    expect(Array.from(permutationRows(540, 64, 5, 123)!)).toEqual(Array.from(s));
  });

  it('refuses a score callback that gives the wrong number of repeats', () => {
    expect(() => permutationImportance({ columns: ['a'], nRows: 3, nRepeats: 2, seed: 1, score: () => 1, scoreColumn: () => [1] })).toThrow(RangeError);
  });
});

describe('knn: swapped-rows predictions instead of the stacked matrix', () => {
  // breast_cancer's 30 columns: 400 train rows, 169 holdout rows; a one-hot-like pair block to cover blocks
  const cancer = loadBuiltinDataset('breast_cancer');
  const features = cancer.columns.filter((c) => c.name !== 'target');
  const p = features.length;
  const all = matrix(cancer.rows, p);
  features.forEach((c, j) => {
    if (c.kind !== 'numeric') throw new Error('numeric features expected');
    for (let i = 0; i < cancer.rows; i++) all.data[i * p + j] = c.values[i]!;
  });
  const target = cancer.require('target');
  if (target.kind !== 'numeric') throw new Error('numeric target expected');
  const train = matrix(400, p, all.data.slice(0, 400 * p));
  const ytrain = target.values.slice(0, 400);
  const E = matrix(cancer.rows - 400, p, all.data.slice(400 * p));
  const yp = target.values.slice(400);
  const src: PermutationSource = { E, blocks: [[0, 1], ...Array.from({ length: p - 2 }, (_, j) => [j + 2])], columns: ['pair', ...features.slice(2).map((c) => c.name)], toModel: (X) => X };
  const accuracy = (pred: Float64Array): number => pred.reduce((s, v, i) => s + Number(v === yp[i]), 0) / yp.length;

  it.each([undefined, 0.3])('classifier (threshold %s): the same importances as stacking', (threshold) => {
    const knn = new KNeighborsClassifier({ weights: 'distance' }).fit(train, ytrain);
    const predict = (X: Matrix) => predictWithThreshold(knn, X, threshold !== undefined ? classProbabilities(knn, X, 2) : null, threshold);
    const swapped = knnSwappedPredict(knn, E, 2, threshold);
    expect(swapped).toBeDefined();
    const fast = holdoutPermutationImportance(src, 3, 123, predict, accuracy, undefined, undefined, swapped);
    expect(fast).toEqual(holdoutPermutationImportance(src, 3, 123, predict, accuracy));
    expect(fast.some((f) => f.importance !== 0)).toBe(true);
  });

  it('regressor: the same importances as stacking; other models have no swapped path', () => {
    const knn = new KNeighborsRegressor({ metric: 'manhattan' }).fit(train, ytrain);
    const r2ish = (pred: Float64Array): number => -pred.reduce((s, v, i) => s + (v - yp[i]!) ** 2, 0);
    const predict = (X: Matrix) => knn.predict(X);
    expect(holdoutPermutationImportance(src, 2, 5, predict, r2ish, undefined, undefined, knnSwappedPredict(knn, E, 0, undefined))).toEqual(holdoutPermutationImportance(src, 2, 5, predict, r2ish));
    expect(knnSwappedPredict(new GaussianNB().fit(train, ytrain), E, 2, undefined)).toBeUndefined();
  });
});

describe('per-input importances after matrix steps', () => {
  const cancer = loadBuiltinDataset('breast_cancer');
  const request = (setup: PlanRequest['setup'], modelId = 'lr'): PlanRequest =>
    validatePlanRequest({ task: 'classification', target: 'target', setup: { fold: 2, ...setup }, plan: 'create', modelId, params: { analysisRepeats: 2 } }, cancer.names());
  const analyse = async (req: PlanRequest): Promise<PlanResult> => runPlan(cancer, req, { emit: () => {} });

  it.each([
    ['polynomialFeatures', { polynomialFeatures: true }],
    ['pca', { pca: true, pcaComponents: 5 }],
    ['featureSelection', { featureSelection: true, nFeaturesToSelect: 0.3 }],
  ] as const)('%s: one permutation importance per input column; no native or SHAP importance', async (_, setup) => {
    const { analyses } = await analyse(request(setup));
    const a = analyses[0]!;
    const perm = a.featureImportance.filter((f) => f.method === 'permutation');
    const inputs = cancer.names().filter((c) => c !== 'target');
    expect(perm.map((f) => f.feature).sort()).toEqual([...inputs].sort());
    expect(perm.some((f) => f.importance !== 0)).toBe(true);
    expect(a.featureImportance.filter((f) => f.method !== 'permutation')).toEqual([]);
    expect(a.permutationRows).toBe(171);
  });

  it('is deterministic for a fixed session id and changes with it', async () => {
    const perm = (r: PlanResult) => r.analyses[0]!.featureImportance.filter((f) => f.method === 'permutation');
    const a = await analyse(request({ pca: true, pcaComponents: 5, sessionId: 1 }));
    const b = await analyse(request({ pca: true, pcaComponents: 5, sessionId: 1 }));
    const c = await analyse(request({ pca: true, pcaComponents: 5, sessionId: 2 }));
    expect(perm(a)).toEqual(perm(b));
    expect(perm(a)).not.toEqual(perm(c));
  });

  it('analysisRepeats below 1 is refused (params.analysisRepeats)', () => {
    let caught: unknown = null;
    try {
      validatePlanRequest({ task: 'classification', target: 'target', setup: {}, plan: 'create', modelId: 'lr', params: { analysisRepeats: 0 } }, cancer.names());
    } catch (e) {
      caught = e;
    }
    expect(isEngineInputError(caught) && caught.field).toBe('params.analysisRepeats');
  });
});
