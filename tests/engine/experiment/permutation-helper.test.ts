// Permutation importance of the holdout analysis on an idle pool worker alongside the calling thread: the same
// importances as one thread, the worker really scores columns, and a worker that cannot load the model leaves
// every column to the calling thread.
import { describe, expect, it } from 'vitest';
import type { PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { loadBuiltinDataset } from '../../../src/engine/frame/builtin.js';
import { matrix, type Matrix } from '../../../src/engine/core/matrix.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { holdoutPermutationImportance, type PermutationSource } from '../../../src/engine/experiment/holdout-permutation.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { poolRunner } from '../../../src/engine/parallel/pool-runner.js';
import { helperColumnCount, MIN_SHARED_WORK_MS, permutationHelper } from '../../../src/engine/parallel/permutation-helper.js';

const cancer = loadBuiltinDataset('breast_cancer');

function compare(threads: number): Promise<PlanResult> {
  const req: PlanRequest = { task: 'classification', target: 'target', setup: { fold: 3 }, plan: 'compare', params: { include: ['et', 'nb'] }, threads };
  return runPlan(cancer, req, { emit: () => {} }, undefined, {
    parallel: (t) => poolRunner(t, { waitForWorkers: true, minCells: 0 }),
    permutationHelper: (job) => permutationHelper(job, { waitForHelper: true, minWorkMs: 0 }),
  });
}

const permutation = (r: PlanResult) => r.analyses[0]?.featureImportance.filter((f) => f.method === 'permutation');

describe('permutation importance on a helper worker', () => {
  it('gives the importances of one thread, with columns scored on the worker', { timeout: 120_000 }, async () => {
    const one = await compare(1);
    const before = helperColumnCount();
    const two = await compare(2);
    expect(helperColumnCount()).toBeGreaterThan(before);
    expect(permutation(one)).toHaveLength(30);
    expect(permutation(two)).toEqual(permutation(one));
    expect(two.analyses[0]).toEqual({ ...one.analyses[0], seconds: two.analyses[0]?.seconds });
  });

  it('scores every column here when the worker cannot load the model', { timeout: 120_000 }, async () => {
    await compare(2); // leaves an idle, started worker
    const n = 40;
    const E = matrix(n, 3, Float64Array.from({ length: n * 3 }, (_, i) => Math.sin(i * 0.37)));
    const y = Float64Array.from({ length: n }, (_, r) => (E.data[r * 3]! > 0 ? 1 : 0));
    const src: PermutationSource = { E, blocks: [[0], [1], [2]], columns: ['a', 'b', 'c'], toModel: (X) => X };
    const predict = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, r) => (X.data[r * 3]! > 0 ? 1 : 0));
    const score = (p: Float64Array): number => p.reduce((s, v, i) => s + Number(v === y[i]), 0) / n;
    const broken = permutationHelper(
      { task: 'classification', modelId: 'et', registry: MODEL_REGISTRY, estimator: () => ({ type: 'et', params: {}, state: { nFeatures: 'x' } }), target: null, nClasses: 2, probabilityThreshold: undefined, yp: y },
      { waitForHelper: true, minWorkMs: 0 },
    );
    expect(broken).not.toBeNull();
    const before = helperColumnCount();
    const got = holdoutPermutationImportance(src, 4, 3, predict, score, broken ?? undefined);
    expect(helperColumnCount()).toBe(before);
    expect(got).toEqual(holdoutPermutationImportance(src, 4, 3, predict, score));
    expect(got[0]!.importance).toBeGreaterThan(0);
  });

  it('asks no worker for a permutation too small to share', () => {
    const job = { task: 'classification' as const, modelId: 'et', registry: MODEL_REGISTRY, estimator: () => ({ type: 'et', params: {}, state: null }), target: null, nClasses: 2, probabilityThreshold: undefined, yp: new Float64Array(2) };
    const src: PermutationSource = { E: matrix(2, 2), blocks: [[0], [1]], columns: ['a', 'b'], toModel: (X) => X };
    expect(permutationHelper(job)?.(src, [Int32Array.of(1, 0)], new Float64Array(2), MIN_SHARED_WORK_MS / 2)).toBeNull();
  });
});
