// BLEND, STACK, ENSEMBLE and CALIBRATE plans end to end in the engine: the issue-11 quality bars, the pipeline
// round trip, finalize, cancellation and the submit-time refusals.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { finalizePipeline } from '../../../src/engine/experiment/finalize.js';
import { predictHoldout } from '../../../src/engine/experiment/predict.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';
import { loadBuiltinDataset } from '../../../src/engine/frame/builtin.js';
import type { Frame } from '../../../src/engine/frame/frame.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { poolRunner } from '../../../src/engine/parallel/pool-runner.js';

const cancer = loadBuiltinDataset('breast_cancer');
const diabetes = loadBuiltinDataset('diabetes');

function req(plan: PlanRequest['plan'], extra: Partial<PlanRequest> = {}, task: PlanRequest['task'] = 'classification'): PlanRequest {
  return { task, target: 'target', setup: {}, plan, params: {}, ...extra };
}

async function run(frame: Frame, r: PlanRequest, abortWhen?: (e: EngineEvent) => boolean): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const controller = new AbortController();
  const result = await runPlan(frame, r, { emit: (e) => (events.push(e), abortWhen?.(e) && controller.abort()) }, controller.signal, { parallel: (t) => poolRunner(t, { waitForWorkers: true, minCells: 0 }) });
  return { result, events };
}

const cvMean = (res: PlanResult, modelId: string, metric = 'Accuracy'): number => {
  const row = res.leaderboard?.rows.find((r) => r.modelId === modelId);
  const s = row?.scores.find((x) => x.metric === metric);
  if (!s) throw new Error(`no ${metric} for ${modelId}`);
  return s.mean;
};

function brier(frame: Frame, r: PlanRequest, res: PlanResult): number {
  const h = predictHoldout(frame, r, res.pipeline!);
  const target = cancer.require('target');
  const y = h.rows.map((row) => (target.kind === 'numeric' ? (target.values[row] as number) : NaN));
  const p = h.prediction.probabilities!;
  const cls = h.prediction.classes!;
  return y.reduce((a, v, i) => a + ((p[i]![cls.indexOf(1)] as number) - (v === 1 ? 1 : 0)) ** 2, 0) / y.length;
}

function samePredictions(frame: Frame, pipelineJson: unknown): void {
  const a = loadPipeline(pipelineJson);
  const b = loadPipeline(JSON.parse(JSON.stringify(pipelineJson)));
  const rows: Record<string, Array<number | null>> = {};
  for (const name of a.preprocessor.inputNames) {
    const c = frame.require(name);
    rows[name] = Array.from({ length: 40 }, (_, i) => (c.kind === 'numeric' ? (c.values[i * 7] as number) : null));
  }
  expect(b.predict(rows)).toEqual(a.predict(rows));
}

describe('blend and stack of a compare top 3 (breast_cancer, 10 folds)', () => {
  let compare: PlanResult;
  let top: string[];
  it('compare picks the top 3', async () => {
    compare = (await run(cancer, req('compare', { params: { include: ['lr', 'knn', 'nb', 'dt', 'ridge', 'lda'] } }))).result;
    top = compare.leaderboard!.rows.slice(0, 3).map((r) => r.modelId);
    expect(top).toHaveLength(3);
  });

  it('BLEND scores at least the best single model - 0.01, with per-fold events and a pipeline that round-trips', async () => {
    const r = req('blend', { params: { estimators: top } });
    const { result, events } = await run(cancer, r);
    expect(result.summary.best).toBe('voting');
    expect(events.filter((e) => e.kind === 'model.fold.scored' && e.payload?.modelId === 'voting')).toHaveLength(10);
    expect(events.some((e) => e.kind === 'model.holdout.scored')).toBe(true);
    const best = cvMean(compare, top[0]!);
    expect(cvMean(result, 'voting')).toBeGreaterThanOrEqual(best - 0.01);
    expect(result.holdout?.Accuracy).toBeGreaterThan(0.9);
    samePredictions(cancer, result.pipeline);
  });

  it('STACK scores at least the best single model - 0.01; finalize refits it on every row', async () => {
    const r = req('stack', { params: { estimators: top } });
    const { result } = await run(cancer, r);
    expect(result.summary.best).toBe('stacking');
    expect(cvMean(result, 'stacking')).toBeGreaterThanOrEqual(cvMean(compare, top[0]!) - 0.01);
    const final = finalizePipeline(cancer, r, result.pipeline!);
    expect(final.modelId).toBe('stacking');
    samePredictions(cancer, final);
  });
});

// The full turbo compare's top 3 on breast_cancer (et 0.9674, lightgbm 0.9624, rf 0.9599: tests/engine/parity.test.ts).
describe("blend and stack of the full compare's top 3 (et, lightgbm, rf)", () => {
  const top = ['et', 'lightgbm', 'rf'];
  let best: number;
  it('et alone', async () => {
    best = cvMean((await run(cancer, req('create', { modelId: 'et' }))).result, 'et');
    expect(best).toBeCloseTo(0.9674, 4);
  });

  it('BLEND and STACK (PyCaret 3 defaults: soft vote; lr meta model, restack false) score at least et - 0.01', async () => {
    const blend = (await run(cancer, req('blend', { params: { estimators: top } }))).result;
    expect(cvMean(blend, 'voting')).toBeGreaterThanOrEqual(best - 0.01);
    const stack = (await run(cancer, req('stack', { params: { estimators: top } }))).result;
    expect(cvMean(stack, 'stacking')).toBeGreaterThanOrEqual(best - 0.01);
  });
});

describe('ensemble and calibrate', () => {
  it('ENSEMBLE BAGGING of dt beats dt (CV accuracy)', async () => {
    const dt = (await run(cancer, req('create', { modelId: 'dt' }))).result;
    const { result } = await run(cancer, req('ensemble', { modelId: 'dt', params: { method: 'BAGGING' } }));
    expect(result.summary.best).toBe('bagging');
    expect(cvMean(result, 'bagging')).toBeGreaterThan(cvMean(dt, 'dt'));
    samePredictions(cancer, result.pipeline);
  });

  it('ENSEMBLE chooseBetter returns the base model when it scores better; BOOSTING regression round-trips', async () => {
    const { result } = await run(diabetes, req('ensemble', { modelId: 'lr', params: { method: 'BAGGING', nEstimators: 3, chooseBetter: true }, setup: { fold: 3 } }, 'regression'));
    expect(result.leaderboard?.rows.map((r) => r.modelId).sort()).toEqual(['bagging', 'lr']);
    expect(result.summary.best).toBe(result.leaderboard?.rows[0]?.modelId);
    const boost = (await run(diabetes, req('ensemble', { modelId: 'dt', params: { method: 'BOOSTING', nEstimators: 5 }, setup: { fold: 3 } }, 'regression'))).result;
    expect(boost.summary.best).toBe('boosting');
    samePredictions(diabetes, boost.pipeline);
  });

  it("CALIBRATE lowers rf's Brier score on breast_cancer's holdout", async () => {
    const rfReq = req('create', { modelId: 'rf' });
    const rf = (await run(cancer, rfReq)).result;
    const calReq = req('calibrate', { modelId: 'rf', params: { method: 'isotonic' } });
    const cal = (await run(cancer, calReq)).result;
    expect(cal.summary.best).toBe('calibrated');
    expect(brier(cancer, calReq, cal)).toBeLessThan(brier(cancer, rfReq, rf));
    samePredictions(cancer, cal.pipeline);
  });

  it('cancels within the verb: the signal after the first fold stops the run with no pipeline', async () => {
    const { result, events } = await run(cancer, req('blend', { params: { estimators: ['lr', 'nb'] } }), (e) => e.kind === 'model.fold.scored');
    expect(result.cancelled).toBe(true);
    expect(result.pipeline).toBeNull();
    expect(events.filter((e) => e.kind === 'model.fold.scored')).toHaveLength(1);
  });
});

describe('verb params at submit', () => {
  const cols = cancer.names();
  const refuse = (r: PlanRequest, field: string, code = 'BAD_PARAM'): void => {
    try {
      validatePlanRequest(r, r.task === 'regression' ? diabetes.names() : cols);
    } catch (e) {
      expect(isEngineInputError(e) ? [e.code, e.field] : e).toEqual([code, field]);
      return;
    }
    throw new Error('expected a refusal');
  };
  it.each<[string, PlanRequest, string, string?]>([
    ['an unknown member', req('blend', { params: { estimators: ['lr', 'xgb'] } }), 'params.estimators.1.modelId', 'UNKNOWN_MODEL'],
    ['one member', req('blend', { params: { estimators: ['lr'] } }), 'params.estimators'],
    ['fromRun unresolved', req('blend', { params: { estimators: { fromRun: 'x', top: 3 } } as unknown as PlanRequest['params'] }), 'params.estimators'],
    ['soft with ridge', req('blend', { params: { estimators: ['lr', 'ridge'], method: 'soft' } }), 'params.method'],
    ['bad weights', req('blend', { params: { estimators: ['lr', 'nb'], weights: [1] } }), 'params.weights'],
    ['bad member params', req('stack', { params: { estimators: ['lr', { modelId: 'dt', modelParams: { nope: 1 } }] } }), 'params.estimators.1.modelParams.nope'],
    ['regression-only meta model', req('stack', { params: { estimators: ['lr', 'nb'], metaModel: 'lasso' } }), 'params.metaModel.modelId', 'UNKNOWN_MODEL'],
    ['metaModelFold 1', req('stack', { params: { estimators: ['lr', 'nb'], metaModelFold: 1 } }), 'params.metaModelFold'],
    ['ensemble without modelId', req('ensemble', { params: {} }), 'modelId'],
    ['ensemble bad method', req('ensemble', { modelId: 'dt', params: { method: 'STACKING' } }), 'params.method'],
    ['boosting knn', req('ensemble', { modelId: 'knn', params: { method: 'BOOSTING' } }), 'params.method'],
    ['nEstimators 0', req('ensemble', { modelId: 'dt', params: { nEstimators: 0 } }), 'params.nEstimators'],
    ['calibrate on regression', req('calibrate', { modelId: 'lr' }, 'regression'), 'plan'],
    ['calibrate bad method', req('calibrate', { modelId: 'rf', params: { method: 'beta' } }), 'params.method'],
    ['calibrateFold on blend', req('blend', { params: { estimators: ['lr', 'nb'], calibrateFold: 3 } }), 'params.calibrateFold'],
    ['tune library', req('tune', { modelId: 'dt', params: { library: 'optuna' } as unknown as PlanRequest['params'] }), 'params.library'],
    ['tune customGrid bad param', req('tune', { modelId: 'dt', params: { customGrid: { nope: [1] } } }), 'params.customGrid.nope'],
    ['tune customGrid inverted', req('tune', { modelId: 'dt', params: { customGrid: { maxDepth: { kind: 'intUniform', low: 9, high: 2 } } } }), 'params.customGrid.maxDepth'],
    ['library on compare', req('compare', { params: { library: 'tpe' } }), 'params.library'],
  ])('refuses %s', (_name, r, field, code = 'BAD_PARAM') => refuse(r, field, code));

  it('normalises members and fills the defaults', () => {
    const out = validatePlanRequest(req('stack', { params: { estimators: ['lr', { modelId: 'dt', modelParams: { maxDepth: 3 } }] } }), cols);
    expect(out.params).toMatchObject({ estimators: [{ modelId: 'lr' }, { modelId: 'dt', modelParams: { maxDepth: 3 } }], metaModel: { modelId: 'lr' }, metaModelFold: 5, method: 'auto', restack: false });
    expect(validatePlanRequest(req('calibrate', { modelId: 'rf' }), cols).params).toMatchObject({ method: 'sigmoid', calibrateFold: 5 });
    expect(validatePlanRequest(req('ensemble', { modelId: 'dt' }), cols).params).toMatchObject({ method: 'BAGGING', nEstimators: 10, chooseBetter: false });
  });
});
