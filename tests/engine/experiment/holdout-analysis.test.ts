// scoreHoldoutAndAnalyse through runPlan: what the analysis holds for each verb, the probability threshold in
// CV folds (serial and on the worker pool), holdout predictions, learning curve sizes, TreeSHAP covers kept in
// the pipeline file.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { loadBuiltinDataset, runPlan as runPlanPooled } from '../../../src/engine/index.js';
import { buildFold } from '../../../src/engine/experiment/fold-data.js';
import { LEARNING_CURVE_SIZES } from '../../../src/engine/experiment/learning-curve.js';
import { modelParams } from '../../../src/engine/experiment/model-run.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { setupExperiment } from '../../../src/engine/experiment/setup.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { isEngineInputError } from '../../../src/engine/errors.js';

const cancer = loadBuiltinDataset('breast_cancer');
const diabetes = loadBuiltinDataset('diabetes');

function request(o: Partial<PlanRequest> & Pick<PlanRequest, 'plan'>): PlanRequest {
  return { task: 'classification', target: 'target', setup: { fold: 3 }, params: {}, ...o };
}

async function run(frame: typeof cancer, req: PlanRequest): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const result = await runPlan(frame, req, { emit: (e) => events.push(e) });
  return { result, events };
}

describe('probabilityThreshold in the scores', () => {
  it('fold scores use it: fold 1 of lr equals the thresholded accuracy computed by hand, which differs from predict', async () => {
    const req = validatePlanRequest(request({ plan: 'create', modelId: 'lr', params: { probabilityThreshold: 0.9 } }), cancer.names());
    const { events } = await run(cancer, req);
    const fold1 = events.find((e) => e.kind === 'model.fold.scored')!.payload as { metrics: Record<string, number> };
    const exp = setupExperiment(cancer, req, { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
    const fold = buildFold(exp, 0);
    const spec = MODEL_REGISTRY.get('classification', 'lr');
    const est = spec.create(modelParams(exp, spec, undefined)).fit(fold.X, fold.y, { cache: new Map() }) as unknown as { predictProba(X: unknown): { data: Float64Array }; predict(X: unknown): Float64Array };
    const P = est.predictProba(fold.Xv).data;
    const plain = est.predict(fold.Xv);
    let thresholded = 0;
    let asIs = 0;
    for (let i = 0; i < fold.yv.length; i++) {
      thresholded += Number(((P[i * 2 + 1] as number) >= 0.9 ? 1 : 0) === fold.yv[i]);
      asIs += Number(plain[i] === fold.yv[i]);
    }
    expect(fold1.metrics['Accuracy']).toBe(Math.round((thresholded / fold.yv.length) * 1e4) / 1e4);
    expect(thresholded).not.toBe(asIs);
  });

  it('the worker pool scores folds with the same threshold as one thread', async () => {
    const req: PlanRequest = request({ plan: 'compare', params: { include: ['lr', 'dt', 'nb'], probabilityThreshold: 0.2, analysis: false }, threads: 2 });
    const pooled = await runPlanPooled(cancer, req, { emit: () => {} });
    const serial = await runPlanPooled(cancer, { ...req, threads: 1 }, { emit: () => {} });
    const scores = (r: PlanResult) => r.leaderboard!.rows.map((row) => [row.modelId, row.scores]);
    expect(scores(pooled)).toEqual(scores(serial));
    const plain = await runPlanPooled(cancer, { ...req, threads: 1, params: { include: ['lr', 'dt', 'nb'], analysis: false } }, { emit: () => {} });
    expect(scores(plain)).not.toEqual(scores(serial));
    expect(serial.analyses).toEqual([]);
  });

  it('is refused for a multiclass target (setup) and out of (0, 1) (validation)', async () => {
    const iris = loadBuiltinDataset('iris');
    await expect(run(iris, request({ plan: 'create', modelId: 'dt', params: { probabilityThreshold: 0.5 } }))).rejects.toSatisfy((e) => isEngineInputError(e) && e.field === 'params.probabilityThreshold');
    expect(() => validatePlanRequest(request({ plan: 'create', modelId: 'dt', params: { probabilityThreshold: 1.2 } }), cancer.names())).toThrow(/strictly between 0 and 1/);
  });
});

describe('analyses of a run', () => {
  it('compare with nSelect 3 analyses the three best, in leaderboard order, and keeps the best one\'s holdout predictions', async () => {
    const { result, events } = await run(cancer, request({ plan: 'compare', params: { include: ['lr', 'dt', 'nb', 'ridge'], nSelect: 3 } }));
    const top = result.leaderboard!.rows.slice(0, 3).map((r) => r.modelId);
    expect(result.analyses.map((a) => a.modelId)).toEqual(top);
    expect(events.filter((e) => e.kind === 'analysis.finished')).toHaveLength(3);
    const p = result.holdoutPredictions!;
    expect(p.modelId).toBe(top[0]);
    const accuracy = p.actual.filter((a, i) => a === p.predicted[i]).length / p.actual.length;
    expect(accuracy).toBe(result.holdout!.Accuracy);
    // ridge has no probabilities: no curves, AUC 0, still a confusion matrix and importances
    const ridge = result.analyses.find((a) => a.modelId === 'ridge');
    if (ridge) {
      expect(ridge.rocCurves).toEqual([]);
      expect(ridge.featureImportance.filter((f) => f.method === 'native')).toHaveLength(30);
    }
  });

  it('tune analyses the tuned model; learningCurve gives 5 sizes of the fold train parts', async () => {
    const { result } = await run(diabetes, request({ task: 'regression', plan: 'tune', modelId: 'dt', params: { nIter: 2, learningCurve: true } }));
    const [a] = result.analyses;
    expect(a?.modelId).toBe('dt');
    const lastFoldTrain = Math.floor(309 * (2 / 3)); // 3 folds of the 309 train rows: 206 in the last fold's train part
    expect(a?.learningCurve?.points.map((p) => p.trainSize)).toEqual(LEARNING_CURVE_SIZES.map((s) => Math.max(1, Math.floor(s * lastFoldTrain))));
    expect(a?.shapSummary).toHaveLength(10);
    expect(a?.regression?.cooksDistance).toBeNull(); // not a linear model
  });

  it('analysis: false computes none', async () => {
    const { result, events } = await run(cancer, request({ plan: 'create', modelId: 'nb', params: { analysis: false } }));
    expect(result.analyses).toEqual([]);
    expect(result.holdoutPredictions).toBeNull();
    expect(events.some((e) => e.kind.startsWith('analysis.'))).toBe(false);
  });

  it('permutation importance is seeded by the session id', async () => {
    const a = await run(cancer, request({ plan: 'create', modelId: 'nb', setup: { fold: 3, sessionId: 1 } }));
    const b = await run(cancer, request({ plan: 'create', modelId: 'nb', setup: { fold: 3, sessionId: 1 } }));
    const c = await run(cancer, request({ plan: 'create', modelId: 'nb', setup: { fold: 3, sessionId: 2 } }));
    const perm = (r: PlanResult) => r.analyses[0]!.featureImportance.filter((f) => f.method === 'permutation');
    expect(perm(a.result)).toEqual(perm(b.result));
    expect(perm(a.result)).not.toEqual(perm(c.result));
  });
});

describe('explanations from a stored pipeline', () => {
  it.each(['gbc', 'lightgbm', 'et'])('%s: the pipeline file keeps the TreeSHAP covers; additivity holds on reloaded models', async (modelId) => {
    const { result } = await run(cancer, request({ plan: 'create', modelId, params: { analysis: false } }));
    const json = JSON.parse(JSON.stringify(result.pipeline)) as Record<string, unknown>;
    expect(Array.isArray(json['shapCovers'])).toBe(true);
    const pipe = loadPipeline(json);
    const rows: Record<string, number[]> = {};
    for (const name of pipe.preprocessor.inputNames) rows[name] = Array.from((cancer.require(name) as { values: Float64Array }).values.subarray(0, 8));
    const e = pipe.explain(rows);
    const X = pipe.preprocessor.transformRecord(rows);
    const est = pipe.estimator as unknown as { predictProba(X: unknown): { data: Float64Array; cols: number } };
    const P = est.predictProba(X);
    for (let r = 0; r < 8; r++)
      e.values[r]!.forEach((v, o) => {
        const raw = e.expectedValue[o]! + v.reduce((s, x) => s + x, 0);
        const p1 = P.data[r * P.cols + (P.cols === 2 && e.values[r]!.length === 1 ? 1 : o)] as number;
        // probability (et) directly; margin (gbc / lightgbm): sigmoid(margin) = P(class 1)
        expect(e.outputKind === 'probability' ? raw : 1 / (1 + Math.exp(-raw))).toBeCloseTo(p1, 9);
      });
  });

  it('a model without trees has no covers and refuses to explain (field explain)', async () => {
    const { result } = await run(cancer, request({ plan: 'create', modelId: 'lr', params: { analysis: false } }));
    expect(result.pipeline?.['shapCovers']).toBeUndefined();
    const pipe = loadPipeline(result.pipeline);
    const rows: Record<string, number[]> = {};
    for (const name of pipe.preprocessor.inputNames) rows[name] = [1];
    let caught: unknown = null;
    try {
      pipe.explain(rows);
    } catch (e) {
      caught = e;
    }
    expect(isEngineInputError(caught) && caught.field).toBe('explain');
  });

  it('covers that do not match the trees are a bad pipeline', async () => {
    const { result } = await run(cancer, request({ plan: 'create', modelId: 'dt', params: { analysis: false } }));
    const json = { ...result.pipeline!, shapCovers: [[1, 2, 3]] };
    expect(() => loadPipeline(json)).toThrow(/covers do not match/);
  });
});
