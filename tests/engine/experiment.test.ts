import { describe, expect, it } from 'vitest';
import type { EngineEvent, PlanRequest, PlanResult } from '../../src/engine/types.js';
import { runPlan } from '../../src/engine/experiment/run-plan.js';
import { sampleCandidates } from '../../src/engine/experiment/tune.js';
import { validatePlanRequest } from '../../src/engine/experiment/validate-plan.js';
import { loadBuiltinDataset } from '../../src/engine/frame/builtin.js';
import { frameFromColumns } from '../../src/engine/frame/inline.js';
import type { Frame } from '../../src/engine/frame/frame.js';
import { ALL_SPECS, MODEL_REGISTRY, ModelRegistry } from '../../src/engine/models/registry.js';
import { loadPipeline } from '../../src/engine/pipeline/pipeline.js';
import { poolRunner, workerTaskCount } from '../../src/engine/parallel/pool-runner.js';
import { centroidSpec, explodingSpec, meanSpec } from '../fixtures/test-models.js';
import { inputError, inputErrorAsync } from '../helpers/engine-errors.js';

const registry = new ModelRegistry([...ALL_SPECS, centroidSpec, meanSpec, explodingSpec('classification')]);
const iris = loadBuiltinDataset('iris');
const diabetes = loadBuiltinDataset('diabetes');

function classify(plan: PlanRequest['plan'], extra: Partial<PlanRequest> = {}): PlanRequest {
  return { task: 'classification', target: 'target', setup: {}, plan, params: {}, ...extra };
}

async function run(frame: Frame, req: PlanRequest, opts: { signalAfter?: (e: EngineEvent, all: EngineEvent[]) => boolean } = {}): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const controller = new AbortController();
  const logger = {
    emit(e: EngineEvent) {
      events.push(e);
      if (opts.signalAfter?.(e, events)) controller.abort();
    },
  };
  const result = await runPlan(frame, req, logger, controller.signal, { registry, parallel: (threads) => poolRunner(threads, { waitForWorkers: true, minCells: 0 }) });
  return { result, events };
}


describe('setup', () => {
  it('splits 70/30 stratified and emits the setup events in order', async () => {
    const { result, events } = await run(iris, classify('setup'));
    expect(events.map((e) => e.kind)).toEqual(['experiment.started', 'data.split', 'preprocessor.fitted', 'experiment.fitted']);
    const split = events[1]?.payload as { trainRows: number; testRows: number; folds: number; classBalance: { train: Array<{ count: number }> } };
    expect([split.trainRows, split.testRows, split.folds]).toEqual([105, 45, 10]);
    expect(split.classBalance.train.map((c) => c.count)).toEqual([35, 35, 35]);
    expect(events[2]?.payload).toMatchObject({ inputFeatures: 4, outputFeatures: 4 });
    expect(result).toMatchObject({ leaderboard: null, pipeline: null, holdout: null, cancelled: false, summary: { rows: 150, best: null } });
  });

  it('fits the optional normaliser inside the preprocessor', async () => {
    const { events } = await run(iris, classify('setup', { setup: { normalize: true, normalizeMethod: 'robust' } }));
    expect(events.find((e) => e.kind === 'preprocessor.fitted')?.payload).toMatchObject({ normalize: 'robust' });
  });

  it('rejects data problems with the field at fault, right after experiment.started', async () => {
    const e1 = await inputErrorAsync(() => run(iris, classify('setup', { target: 'nope' })));
    expect([e1.code, e1.field]).toEqual(['UNKNOWN_TARGET', 'target']);
    const e2 = await inputErrorAsync(() => run(iris, classify('setup', { setup: { trainIndex: [0, 1, 500] } })));
    expect([e2.code, e2.field]).toEqual(['BAD_PARAM', 'setupParams.trainIndex']);
    const tiny = frameFromColumns({ x: [1, 2, 3, 4, 5, 6], target: ['a', 'b', 'a', 'b', 'a', 'b'] });
    const e3 = await inputErrorAsync(() => run(tiny, classify('setup', { setup: { fold: 5 } })));
    expect([e3.code, e3.field]).toEqual(['TOO_FEW_ROWS', 'setupParams.fold']);
    const events: EngineEvent[] = [];
    await expect(runPlan(tiny, classify('setup', { setup: { fold: 5 } }), { emit: (e) => events.push(e) }, undefined, { registry })).rejects.toThrow();
    expect(events.map((e) => e.kind)).toEqual(['experiment.started']);
  });
});

describe('createModel', () => {
  it('emits one model.fold.scored per fold in order, then model.created, and refits on the train part', async () => {
    const { result, events } = await run(iris, classify('create', { modelId: 'centroid' }));
    const kinds = events.map((e) => e.kind).slice(4);
    expect(kinds).toEqual(['model.create.started', ...new Array<string>(10).fill('model.fold.scored'), 'model.created', 'model.holdout.scored', 'analysis.started', 'analysis.finished']);
    expect(result.analyses.map((a) => a.modelId)).toEqual(['centroid']);
    expect(result.holdoutPredictions?.rows).toHaveLength(result.summary['testRows'] as number);
    const folds = events.filter((e) => e.kind === 'model.fold.scored').map((e) => e.payload as { modelId: string; modelName: string; fold: number; k: number; metrics: Record<string, number>; fitSeconds: number });
    expect(folds.map((f) => f.fold)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(folds.every((f) => f.modelId === 'centroid' && f.k === 10 && f.modelName === centroidSpec.name && typeof f.fitSeconds === 'number')).toBe(true);
    expect(Object.keys(folds[0]?.metrics ?? {})).toEqual(['Accuracy', 'AUC', 'Recall', 'Precision', 'F1', 'Kappa', 'MCC']);

    const row = result.leaderboard?.rows[0];
    expect(result.leaderboard?.rows).toHaveLength(1);
    expect(row?.scores.map((s) => s.metric)).toEqual(['Accuracy', 'AUC', 'Recall', 'Precision', 'F1', 'Kappa', 'MCC']);
    const acc = folds.map((f) => f.metrics.Accuracy as number);
    const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
    const std = Math.sqrt(acc.reduce((a, b) => a + (b - mean) ** 2, 0) / acc.length); // population std
    expect(row?.scores[0]?.mean).toBeCloseTo(mean, 3);
    expect(row?.scores[0]?.std).toBeCloseTo(std, 3);
    expect(Number.isInteger((row?.scores[0]?.mean ?? 0) * 1e4 + 1e-9) || Math.abs(((row?.scores[0]?.mean ?? 0) * 1e4) % 1) < 1e-6).toBe(true);
    expect(result.summary.best).toBe('centroid');
    expect(result.holdout?.Accuracy).toBeGreaterThan(0.8);
    const pipe = loadPipeline(result.pipeline, registry);
    expect(pipe.predict({ 'sepal length (cm)': [5.1], 'sepal width (cm)': [3.5], 'petal length (cm)': [1.4], 'petal width (cm)': [0.2] }).predictions).toEqual([0]);
  });

  it('fails the plan when the model throws', async () => {
    await expect(run(iris, classify('create', { modelId: 'boom' }))).rejects.toThrow(/boom/);
  });
});

describe('compareModels', () => {
  it('skips a model that throws (model.failed) and ranks the rest', async () => {
    const { result, events } = await run(iris, classify('compare', { params: { include: ['dummy', 'boom', 'centroid'] } }));
    const failed = events.filter((e) => e.kind === 'model.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.payload).toMatchObject({ modelId: 'boom', fold: 1 });
    expect(result.leaderboard?.rows.map((r) => [r.rank, r.modelId])).toEqual([
      [1, 'centroid'],
      [2, 'dummy'],
    ]);
    expect(result.summary).toMatchObject({ best: 'centroid', failed: ['boom'] });
    const kinds = events.map((e) => e.kind);
    expect(kinds.indexOf('model.compare.started')).toBeLessThan(kinds.indexOf('model.create.started'));
    expect(kinds.slice(-4)).toEqual(['model.compare.finished', 'model.holdout.scored', 'analysis.started', 'analysis.finished']);
    expect(events.filter((e) => e.kind === 'model.fold.scored')).toHaveLength(20);
  });

  it('returns what finished, with cancelled: true, when aborted mid-compare', async () => {
    const { result, events } = await run(iris, classify('compare', { params: { include: ['centroid', 'dummy', 'lr'] } }), {
      signalAfter: (_e, all) => all.filter((x) => x.kind === 'model.fold.scored').length === 13,
    });
    expect(result.cancelled).toBe(true);
    expect(events.filter((e) => e.kind === 'model.fold.scored')).toHaveLength(13);
    expect(result.leaderboard?.rows.map((r) => r.modelId)).toEqual(['centroid']);
    expect(result.pipeline).toBeNull();
    expect(events.some((e) => e.kind === 'model.holdout.scored')).toBe(false);
  });

  it('stops starting new models once budgetSeconds is spent', async () => {
    const { result, events } = await run(iris, classify('compare', { params: { include: ['centroid', 'dummy'], budgetSeconds: 1e-9 } }));
    expect(result.leaderboard?.rows.map((r) => r.modelId)).toEqual(['centroid']);
    expect(events.find((e) => e.kind === 'warning' && e.payload?.code === 'BUDGET_EXHAUSTED')?.payload).toMatchObject({ skipped: ['dummy'] });
    expect(result.summary.skipped).toEqual(['dummy']);
  });

  it('sorts regression error metrics ascending', async () => {
    const { result } = await run(diabetes, { task: 'regression', target: 'target', setup: { fold: 3 }, plan: 'compare', params: { include: ['dummy', 'lr', 'mean'], sort: 'MAE' } });
    const mae = result.leaderboard?.rows.map((r) => r.scores.find((s) => s.metric === 'MAE')?.mean ?? NaN) ?? [];
    expect(result.leaderboard?.sortMetric).toBe('MAE');
    expect(mae).toEqual([...mae].sort((a, b) => a - b));
    expect(result.leaderboard?.rows[0]?.modelId).toBe('lr');
  });

  it('gives the same leaderboard and fold events on 2 worker threads as in one thread', async () => {
    // breast_cancer, not iris: on iris a fold fits in microseconds and the calling thread could claim every
    // task before the ready worker claims one, so "the pool was used" would depend on timing.
    const cancer = loadBuiltinDataset('breast_cancer');
    const req = classify('compare', { params: { include: ['lr', 'knn', 'ridge', 'dummy'] }, setup: { fold: 5 } });
    const one = await run(cancer, req);
    const before = workerTaskCount();
    const two = await run(cancer, { ...req, threads: 2 });
    expect(workerTaskCount()).toBeGreaterThan(before);
    const strip = (r: PlanResult) => r.leaderboard?.rows.map((x) => ({ ...x, fitSeconds: 0 }));
    expect(strip(two.result)).toEqual(strip(one.result));
    const folds = (ev: EngineEvent[]) => ev.filter((e) => e.kind === 'model.fold.scored').map((e) => [e.payload?.modelId, e.payload?.fold, e.payload?.metrics]);
    expect(folds(two.events)).toEqual(folds(one.events));
    expect(two.result.holdout).toEqual(one.result.holdout);
  });
});

describe('on the worker pool', () => {
  it('honours an abort between folds', async () => {
    const req = classify('compare', { params: { include: ['lr', 'knn', 'ridge'] }, setup: { fold: 5 }, threads: 2 });
    const { result, events } = await run(iris, req, { signalAfter: (_e, all) => all.filter((x) => x.kind === 'model.fold.scored').length === 7 });
    expect(result.cancelled).toBe(true);
    expect(events.filter((e) => e.kind === 'model.fold.scored')).toHaveLength(7);
    expect(result.leaderboard?.rows.map((r) => r.modelId)).toEqual(['lr']);
  });

  it('starts no worker for tiny data (iris), where a worker costs more than it saves', async () => {
    const before = workerTaskCount();
    const r = await runPlan(iris, classify('compare', { params: { include: ['lr', 'dummy'] }, setup: { fold: 3 }, threads: 2 }), { emit: () => {} }, undefined, { registry, parallel: (t) => poolRunner(t) });
    expect(workerTaskCount()).toBe(before);
    expect(r.leaderboard?.rows).toHaveLength(2);
  });

  it('runs injected models (unknown to the workers) in the calling thread', async () => {
    const req = classify('compare', { params: { include: ['centroid', 'lr'] }, setup: { fold: 3 }, threads: 2 });
    const { result, events } = await run(iris, req);
    expect(events.filter((e) => e.kind === 'model.failed')).toEqual([]);
    expect(result.leaderboard?.rows.map((r) => r.modelId).sort()).toEqual(['centroid', 'lr']);
  });

  it('tunes with the same outcome as in one thread', async () => {
    const req = classify('tune', { modelId: 'knn', params: { nIter: 4 }, setup: { fold: 3 } });
    const one = await run(iris, req);
    const two = await run(iris, { ...req, threads: 2 });
    const tuned = (ev: EngineEvent[]) => ev.find((e) => e.kind === 'model.tuned')?.payload;
    expect(tuned(two.events)).toEqual(tuned(one.events));
    expect(two.result.holdout).toEqual(one.result.holdout);
  });
});

describe('tuneModel', () => {
  it('keeps the tuned params when a candidate beats the baseline', async () => {
    const { result, events } = await run(diabetes, { task: 'regression', target: 'target', setup: { fold: 3 }, plan: 'tune', modelId: 'mean', params: { modelParams: { offset: 50 }, optimize: 'MAE' } });
    const tuned = events.find((e) => e.kind === 'model.tuned')?.payload as { improved: boolean; bestParams: { offset: number } };
    expect(tuned.improved).toBe(true);
    expect([-1, 0, 1, 2]).toContain(tuned.bestParams.offset);
    expect(events.filter((e) => e.kind === 'model.tune.candidate')).toHaveLength(4);
    expect(events.find((e) => e.payload?.code === 'SMALL_SEARCH_SPACE')?.payload).toMatchObject({ combinations: 4, nIter: 10 });
    expect(result.summary).toMatchObject({ improved: true });
    expect(result.leaderboard?.rows).toHaveLength(1);
  });

  it('keeps the original model when no candidate beats it (choose_better)', async () => {
    const { events } = await run(iris, classify('tune', { modelId: 'centroid', params: { nIter: 2 } }));
    expect(events.find((e) => e.kind === 'model.tuned')?.payload).toMatchObject({ improved: false });
    expect(events.some((e) => e.kind === 'warning' && e.payload?.code === 'TUNE_NOT_IMPROVED')).toBe(true);
  });

  it('samples distinct candidates deterministically', () => {
    const space = { a: [1, 2, 3, 4], b: ['x', 'y', 'z'] };
    const one = sampleCandidates(space, 5, 123);
    expect(one).toEqual(sampleCandidates(space, 5, 123));
    expect(new Set(one.map((c) => JSON.stringify(c))).size).toBe(5);
    expect(sampleCandidates(space, 50, 1)).toHaveLength(12); // the whole grid
  });
});

describe('categorical features and missing values', () => {
  it('runs end to end and predicts raw rows with unseen levels', async () => {
    const n = 60;
    const frame = frameFromColumns({
      color: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : ['red', 'green', 'blue'][i % 3] ?? null)),
      size: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : (i % 3) * 10 + (i % 5))),
      label: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'yes' : 'no')),
    });
    const { result, events } = await run(frame, { task: 'classification', target: 'label', setup: { fold: 3 }, plan: 'create', modelId: 'centroid', params: {} });
    expect(events.find((e) => e.kind === 'warning' && e.payload?.code === 'IMPUTED')).toBeDefined();
    const p = loadPipeline(result.pipeline, registry).predict({ color: ['purple', null], size: [0, null] });
    expect(p.predictions.every((v) => v === 'yes' || v === 'no')).toBe(true);
    expect(p.classes).toEqual(['no', 'yes']);
  });
});

describe('validatePlanRequest', () => {
  const cols = ['a', 'b', 'target'];
  const base = classify('compare');
  const cases: Array<[string, PlanRequest, string, string]> = [
    ['unknown target', { ...base, target: 'x' }, 'UNKNOWN_TARGET', 'target'],
    ['unknown include id', { ...base, params: { include: ['lr', 'nope'] } }, 'UNKNOWN_MODEL', 'params.include'],
    ['unknown exclude id', { ...base, params: { exclude: ['nope'] } }, 'UNKNOWN_MODEL', 'params.exclude'],
    ['fold < 2', { ...base, params: { fold: 1 } }, 'BAD_PARAM', 'params.fold'],
    ['setup fold < 2', { ...base, setup: { fold: 1 } }, 'BAD_PARAM', 'setupParams.fold'],
    ['budget <= 0', { ...base, params: { budgetSeconds: 0 } }, 'BAD_PARAM', 'params.budgetSeconds'],
    ['sort not a metric of the task', { ...base, params: { sort: 'R2' } }, 'BAD_PARAM', 'params.sort'],
    ['trainSize outside (0,1)', { ...base, setup: { trainSize: 1 } }, 'BAD_PARAM', 'setupParams.trainSize'],
    ['unknown setup option', { ...base, setup: { foo: 1 } as never }, 'BAD_PARAM', 'setupParams.foo'],
    ['unknown param', { ...base, params: { bogus: 1 } as never }, 'BAD_PARAM', 'params.bogus'],
    ['create without modelId', classify('create'), 'BAD_PARAM', 'modelId'],
    ['unknown modelId', classify('tune', { modelId: 'nope' }), 'UNKNOWN_MODEL', 'modelId'],
    ['nIter < 1', classify('tune', { modelId: 'lr', params: { nIter: 0 } }), 'BAD_PARAM', 'params.nIter'],
    ['optimize not a metric', classify('tune', { modelId: 'lr', params: { optimize: 'MAE' } }), 'BAD_PARAM', 'params.optimize'],
    ['unknown hyper-parameter', classify('create', { modelId: 'lr', params: { modelParams: { nope: 1 } } }), 'BAD_PARAM', 'params.modelParams.nope'],
    ['excluding everything', { ...base, params: { include: ['lr'], exclude: ['lr'] } }, 'BAD_PARAM', 'params.exclude'],
    ['ignoring the target', { ...base, setup: { ignoreFeatures: ['target'] } }, 'BAD_PARAM', 'setupParams.ignoreFeatures'],
    ['stratified folds for regression', { ...base, task: 'regression', setup: { foldStrategy: 'stratifiedkfold' } }, 'BAD_PARAM', 'setupParams.foldStrategy'],
    ['overlapping explicit split', { ...base, setup: { trainIndex: [0, 1], testIndex: [1, 2] } }, 'BAD_PARAM', 'setupParams.testIndex'],
    ['threads < 1', { ...base, threads: 0 }, 'BAD_PARAM', 'threads'],
  ];
  it.each(cases)('rejects %s', (_name, req, code, field) => {
    const e = inputError(() => validatePlanRequest(req, cols, registry));
    expect([e.code, e.field]).toEqual([code, field]);
  });

  it('is idempotent: a normalised request validates to itself', () => {
    const req = classify('compare', { setup: { normalize: true, customFolds: [[[0, 1], [2]], [[1, 2], [0]]] }, params: { sort: 'F1', exclude: ['knn'] }, threads: 2 });
    const once = validatePlanRequest(req, cols, registry);
    expect(validatePlanRequest(once, cols, registry)).toEqual(once);
    const tune = validatePlanRequest(classify('tune', { modelId: 'lr', params: { searchSpace: { C: [0.1, 1] }, modelParams: { C: 2 } } }), cols, registry);
    expect(validatePlanRequest(tune, cols, registry)).toEqual(tune);
  });

  it('fills the defaults', () => {
    const out = validatePlanRequest(classify('compare', { params: { sort: 'prec.' as never } }), cols, registry);
    expect(out.params).toMatchObject({ sort: 'Precision', nSelect: 1, turbo: true });
    expect(out.setup).toMatchObject({ sessionId: 123, trainSize: 0.7, fold: 10, foldStrategy: 'stratifiedkfold', normalize: false });
    expect(validatePlanRequest(classify('tune', { modelId: 'lr' }), cols, registry).params).toMatchObject({ nIter: 10, optimize: 'Accuracy' });
  });
});
