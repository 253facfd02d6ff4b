// Row steps of setup (issue 10): SMOTE, class weights, isolation-forest outliers, "drop" imputation and testData.
// Each changes a fold's TRAINING rows only: validation and holdout rows are scored as they are, and predict
// never drops a row.
import { describe, expect, it } from 'vitest';
import type { ColumnRecord, EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { finalizePipeline } from '../../../src/engine/experiment/finalize.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { buildFold } from '../../../src/engine/experiment/fold-data.js';
import { setupExperiment, type SetupContext } from '../../../src/engine/experiment/setup.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { Rng } from '../../../src/engine/core/random.js';
import { runPlan as runPlanPooled } from '../../../src/engine/index.js';
import type { Frame } from '../../../src/engine/frame/frame.js';
import { inputError } from '../../helpers/engine-errors.js';

async function run(frame: Frame, req: PlanRequest, testFrame?: Frame): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const result = await runPlan(frame, req, { emit: (e) => events.push(e) }, undefined, testFrame ? { testFrame } : {});
  return { result, events };
}
const payloadOf = (events: EngineEvent[], kind: string): Record<string, unknown> => events.find((e) => e.kind === kind)?.payload ?? {};
const ctx = (testFrame?: Frame): SetupContext => ({ logger: { emit: () => {} }, registry: MODEL_REGISTRY, ...(testFrame ? { testFrame } : {}) });

/** 150 rows, 1 in 4 positive; x1 informative; `a` is missing on every 10th row, `c` on every 15th. */
function data(n = 150, seed = 3): ColumnRecord {
  const rng = new Rng(seed);
  const x1: number[] = [];
  const a: (number | null)[] = [];
  const c: (string | null)[] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const pos = i % 4 === 0;
    x1.push((pos ? 1.5 : 0) + rng.normal());
    a.push(i % 10 === 3 ? null : rng.normal());
    c.push(i % 15 === 7 ? null : ['r', 'g', 'b'][i % 3] as string);
    y.push(pos ? 'yes' : 'no');
  }
  return { x1, a, c, y };
}
function req(plan: PlanRequest['plan'], setup: Record<string, unknown>, extra: Partial<PlanRequest> = {}): PlanRequest {
  return { task: 'classification', target: 'y', setup: { fold: 3, ...setup }, plan, params: {}, ...extra } as PlanRequest;
}

describe('validation (BAD_PARAM with the field as written)', () => {
  it.each([
    [{ fixImbalance: 'yes' }, 'setupParams.fixImbalance'],
    [{ fix_imbalance_method: 'adasyn' }, 'setupParams.fix_imbalance_method'],
    [{ classWeight: 'auto' }, 'setupParams.classWeight'],
    [{ remove_outliers: 1 }, 'setupParams.remove_outliers'],
    [{ removeOutliers: true, outliersThreshold: 0 }, 'setupParams.outliersThreshold'],
    [{ outliers_threshold: 0.6 }, 'setupParams.outliers_threshold'],
    [{ outliersMethod: 'lof' }, 'setupParams.outliersMethod'],
    [{ numericImputation: 'knn-ish' }, 'setupParams.numericImputation'],
    [{ test_data: '' }, 'setupParams.test_data'],
    [{ testData: 'ds-1', testIndex: [0, 1] }, 'setupParams.testIndex'],
  ])('%j -> %s', (setup, field) => {
    const e = inputError(() => validateSetupOptions(setup, 'classification'));
    expect(e.code).toBe('BAD_PARAM');
    expect(e.field).toBe(field);
  });

  it.each([
    [{ fixImbalance: true }, 'setupParams.fixImbalance'],
    [{ class_weight: 'balanced' }, 'setupParams.class_weight'],
  ])('regression refuses %j (%s)', (setup, field) => {
    expect(inputError(() => validateSetupOptions(setup, 'regression')).field).toBe(field);
  });

  it('PyCaret spellings map to the options, with their defaults', () => {
    const s = validateSetupOptions({ fix_imbalance: true, remove_outliers: true, outliers_threshold: 0.1, numeric_imputation: 'drop', categorical_imputation: 'drop', class_weight: 'balanced' }, 'classification');
    expect(s).toMatchObject({ fixImbalance: true, fixImbalanceMethod: 'smote', removeOutliers: true, outliersThreshold: 0.1, outliersMethod: 'iforest', numericImputation: 'drop', categoricalImputation: 'drop', classWeight: 'balanced' });
    // a resolved setup validates again to itself (submit validates the stored snapshot)
    expect(validateSetupOptions(s, 'classification')).toEqual(s);
  });
});

describe('fixImbalance (SMOTE on the training rows only)', () => {
  const frame = frameFromColumns(data());
  const plain = setupExperiment(frame, req('setup', {}), ctx());
  const smoted = setupExperiment(frame, req('setup', { fixImbalance: true }), ctx());

  it('a fold trains on its rows plus synthetic minority rows up to the majority count; its validation rows are untouched', () => {
    for (let k = 0; k < smoted.folds.length; k++) {
      const a = buildFold(plain, k);
      const b = buildFold(smoted, k);
      const count = (y: Float64Array, c: number) => y.filter((v) => v === c).length;
      const major = Math.max(count(a.y, 0), count(a.y, 1));
      expect(count(b.y, 0)).toBe(major);
      expect(count(b.y, 1)).toBe(major);
      expect(Array.from(b.X.data.subarray(0, a.X.data.length))).toEqual(Array.from(a.X.data)); // originals first
      expect(b.Xv.rows).toBe(smoted.folds[k]![1].length);
      expect(Array.from(b.Xv.data)).toEqual(Array.from(a.Xv.data));
      expect(Array.from(b.yv)).toEqual(Array.from(a.yv));
    }
  });

  it('the run lists the step with the synthetic rows of the train part; the holdout keeps its rows', async () => {
    const { result, events } = await run(frame, req('create', { fixImbalance: true }, { modelId: 'lr' }));
    const train = smoted.train.length;
    const yes = Array.from(smoted.train).filter((r) => smoted.y[r] === 1).length;
    const step = { step: 'fixImbalance', method: 'smote', kNeighbors: 5, synthetic: [{ label: 'no', added: 0 }, { label: 'yes', added: train - 2 * yes }] };
    expect(result.summary.rowSteps).toEqual([step]);
    expect((payloadOf(events, 'preprocessor.fitted').rowSteps as unknown[])[0]).toEqual(step);
    expect(payloadOf(events, 'model.holdout.scored').testRows).toBe(smoted.test.length);
    expect(result.holdoutPredictions?.rows.length).toBe(smoted.test.length);
  });
});

describe('numericImputation / categoricalImputation "drop"', () => {
  const frame = frameFromColumns(data());
  it('drops fold training rows with a missing cell in those columns only; validation rows and predict keep every row', async () => {
    const exp = setupExperiment(frame, req('setup', { numericImputation: 'drop', categoricalImputation: 'drop' }), ctx());
    const missing = (r: number) => r % 10 === 3 || r % 15 === 7;
    for (let k = 0; k < exp.folds.length; k++) {
      const [tr, va] = exp.folds[k]!;
      const f = buildFold(exp, k);
      expect(f.X.rows).toBe(Array.from(tr).filter((p) => !missing(exp.train[p]!)).length);
      expect(f.Xv.rows).toBe(va.length);
      expect(Array.from(f.Xv.data).every(Number.isFinite)).toBe(true);
    }
    const { result } = await run(frame, req('create', { numericImputation: 'drop', categoricalImputation: 'drop' }, { modelId: 'lr' }));
    const dropped = Array.from(exp.train).filter(missing).length;
    expect(result.summary.rowSteps).toEqual([expect.objectContaining({ step: 'dropMissing', columns: ['x1', 'a', 'c'], rowsDropped: dropped })]);
    const p = loadPipeline(result.pipeline).predict({ x1: [0, 2, 1], a: [null, 0.5, null], c: ['r', null, null] });
    expect(p.predictions).toHaveLength(3);
  });

  it('only numeric columns for numericImputation "drop" (a missing category is filled)', () => {
    const exp = setupExperiment(frame, req('setup', { numericImputation: 'drop' }), ctx());
    const [tr] = exp.folds[0]!;
    expect(buildFold(exp, 0).X.rows).toBe(Array.from(tr).filter((p) => exp.train[p]! % 10 !== 3).length);
  });
});

describe('removeOutliers (isolation forest on the preprocessed training rows)', () => {
  const d = data(200);
  const planted = [5, 49, 101, 150, 177];
  for (const r of planted) (d.x1 as number[])[r] = 40 + r;
  const frame = frameFromColumns(d);

  it('removes about outliersThreshold of each fold training part, the planted rows among them; validation untouched', () => {
    const exp = setupExperiment(frame, req('setup', { removeOutliers: true, outliersThreshold: 0.05 }), ctx());
    const plain = setupExperiment(frame, req('setup', {}), ctx());
    for (let k = 0; k < exp.folds.length; k++) {
      const [tr, va] = exp.folds[k]!;
      const f = buildFold(exp, k);
      const removed = tr.length - f.X.rows;
      expect(removed).toBeGreaterThanOrEqual(Math.floor(0.05 * tr.length) - 1);
      expect(removed).toBeLessThanOrEqual(Math.ceil(0.05 * tr.length) + 1);
      const left = new Set(Array.from({ length: f.X.rows }, (_, i) => f.X.data[i * f.X.cols]));
      for (const p of tr) if (planted.includes(exp.train[p]!)) expect(left.has(40 + exp.train[p]!)).toBe(false);
      expect(f.Xv.rows).toBe(va.length);
      expect(Array.from(f.Xv.data)).toEqual(Array.from(buildFold(plain, k).Xv.data));
    }
  });

  it('predict scores outlying rows too, and the summary counts the removed train rows', async () => {
    const { result } = await run(frame, req('create', { removeOutliers: true }, { modelId: 'dt' }));
    const step = (result.summary.rowSteps as Array<{ step: string; rowsRemoved: number }>)[0]!;
    expect(step).toMatchObject({ step: 'removeOutliers', method: 'iforest', threshold: 0.05 });
    expect(step.rowsRemoved).toBeGreaterThan(0);
    const p = loadPipeline(result.pipeline).predict({ x1: [1000, -1000, 0], a: [0, 0, 0], c: ['r', 'g', 'b'] });
    expect(p.predictions).toHaveLength(3);
  });

  it('finalize refits through the same steps on every row', async () => {
    const r = req('create', { removeOutliers: true, fixImbalance: true }, { modelId: 'lr' });
    const { result } = await run(frame, r);
    const final = loadPipeline(finalizePipeline(frame, r, result.pipeline!));
    expect(final.predict({ x1: [0, 3], a: [0, 0], c: ['r', 'g'] }).predictions).toHaveLength(2);
  });
});

describe('classWeight "balanced" in setup', () => {
  const frame = frameFromColumns(data());
  it('is passed as classWeight to the classifiers that take one, and only to them', async () => {
    const lr = await run(frame, req('create', { classWeight: 'balanced' }, { modelId: 'lr' }));
    expect(payloadOf(lr.events, 'model.create.started').params).toMatchObject({ classWeight: 'balanced' });
    expect(loadPipeline(lr.result.pipeline).toJSON().estimator.params).toMatchObject({ classWeight: 'balanced' });
    const knn = await run(frame, req('create', { classWeight: 'balanced' }, { modelId: 'knn' }));
    expect('classWeight' in (payloadOf(knn.events, 'model.create.started').params as object)).toBe(false);
    const step = (lr.result.summary.rowSteps as Array<{ step: string; models: string[] }>)[0]!;
    expect(step.step).toBe('classWeight');
    for (const id of ['lr', 'ridge', 'svm', 'dt', 'rf', 'et', 'gbc', 'lightgbm']) expect(step.models).toContain(id);
    expect(step.models).not.toContain('knn');
  });

  it('a model param overrides it, in either spelling', async () => {
    const r = await run(frame, req('create', { classWeight: 'balanced' }, { modelId: 'lr', params: { modelParams: { class_weight: null } } }));
    expect(loadPipeline(r.result.pipeline).toJSON().estimator.params).toMatchObject({ classWeight: null });
  });

  it('raises the minority recall of lr on imbalanced data', async () => {
    const recall = (r: PlanResult) => r.leaderboard?.rows[0]?.scores.find((s) => s.metric === 'Recall')?.mean ?? NaN;
    const plain = await run(frame, req('create', {}, { modelId: 'lr' }));
    const weighted = await run(frame, req('create', { classWeight: 'balanced' }, { modelId: 'lr' }));
    expect(recall(weighted.result)).toBeGreaterThan(recall(plain.result));
  });
});

describe('testData (a second source as the holdout)', () => {
  const frame = frameFromColumns(data(120, 3));
  const test = frameFromColumns(data(40, 9));
  it('trains on every dataset row and scores the testData rows, numbered within testData', async () => {
    const exp = setupExperiment(frame, req('setup', { testData: 'ds-test' }), ctx(test));
    expect(exp.train.length).toBe(120);
    expect(exp.test.length).toBe(40);
    const { result, events } = await run(frame, req('create', { testData: 'ds-test' }, { modelId: 'lr' }), test);
    expect(payloadOf(events, 'data.split')).toMatchObject({ trainRows: 120, testRows: 40, testData: 'ds-test' });
    expect(result.holdoutPredictions?.rows).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(result.holdoutPredictions?.actual).toEqual((data(40, 9).y as string[]));
  });

  it('finalize refits on the dataset and the testData rows', async () => {
    const r = req('create', { testData: 'ds-test' }, { modelId: 'lr' });
    const { result } = await run(frame, r, test);
    const both = finalizePipeline(frame, r, result.pipeline!, MODEL_REGISTRY, test);
    const alone = finalizePipeline(frame, r, result.pipeline!, MODEL_REGISTRY);
    const all = frameFromColumns(Object.fromEntries(Object.keys(data(1)).map((k) => [k, [...(data(120, 3)[k] as unknown[]), ...(data(40, 9)[k] as unknown[])]])) as ColumnRecord);
    const byHand = finalizePipeline(all, req('create', {}, { modelId: 'lr' }), result.pipeline!, MODEL_REGISTRY);
    expect(both.estimator).toEqual(byHand.estimator);
    expect(both.estimator).not.toEqual(alone.estimator);
  });

  it('refuses a testData that was not loaded, lacks a column or types a column otherwise', () => {
    expect(inputError(() => setupExperiment(frame, req('setup', { testData: 'x' }), ctx())).field).toBe('setupParams.testData');
    const d = data(40, 9);
    delete d.a;
    expect(inputError(() => setupExperiment(frame, req('setup', { testData: 'x' }), ctx(frameFromColumns(d)))).field).toBe('setupParams.testData');
    const typed = data(40, 9);
    typed.x1 = typed.x1!.map((_, i) => `v${i}`);
    const e = inputError(() => setupExperiment(frame, req('setup', { testData: 'x' }), ctx(frameFromColumns(typed))));
    expect(e.field).toBe('setupParams.testData');
    expect(e.message).toMatch(/x1/);
  });
});

describe('row steps on the worker pool', () => {
  it('two threads score the SMOTE / outlier / drop folds exactly as one (the grown fold matrices are shared)', async () => {
    const frame = frameFromColumns(data(240));
    const setup = { fixImbalance: true, removeOutliers: true, numericImputation: 'drop', classWeight: 'balanced' };
    const r = req('compare', setup, { params: { include: ['lr', 'dt', 'nb'], analysis: false }, threads: 2 });
    const pooled = await runPlanPooled(frame, r, { emit: () => {} });
    const serial = await runPlanPooled(frame, { ...r, threads: 1 }, { emit: () => {} });
    const scores = (x: PlanResult) => x.leaderboard!.rows.map((row) => [row.modelId, row.scores]);
    expect(scores(pooled)).toEqual(scores(serial));
    expect(pooled.summary.rowSteps).toEqual(serial.summary.rowSteps);
  });
});
