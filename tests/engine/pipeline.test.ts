import { describe, expect, it } from 'vitest';
import type { PipelineJSON, PlanRequest } from '../../src/engine/types.js';
import { isEngineInputError } from '../../src/engine/errors.js';
import { finalizePipeline, frameFromColumns, loadBuiltinDataset, loadPipeline, predictHoldout, runPlan } from '../../src/engine/index.js';

const frame = frameFromColumns({
  x1: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
  x2: [5, null, 1, 3, 2, 8, 9, 1, 0, 4, 6, 7, 3, 2, 1, 9, 8, 7, 5, 4],
  shade: ['dark', 'light', 'mid', 'dark', null, 'light', 'mid', 'dark', 'light', 'mid', 'dark', 'light', 'mid', 'dark', 'light', 'mid', 'dark', 'light', 'mid', 'dark'],
  label: ['cat', 'cat', 'cat', 'cat', 'cat', 'cat', 'cat', 'dog', 'cat', 'dog', 'dog', 'dog', 'dog', 'dog', 'dog', 'cat', 'dog', 'dog', 'dog', 'dog'],
});
const req: PlanRequest = { task: 'classification', target: 'label', setup: { fold: 3 }, plan: 'create', modelId: 'lr', params: {} };
const rows = { x1: [1, 19, 10], x2: [5, null, 4], shade: ['dark', 'never-seen', null] };

async function fitted(): Promise<PipelineJSON> {
  const r = await runPlan(frame, req, { emit: () => {} });
  if (!r.pipeline) throw new Error('no pipeline');
  return r.pipeline;
}

function pipelineError(json: unknown): { code: string; field?: string } | null {
  try {
    loadPipeline(json);
    return null;
  } catch (e) {
    if (isEngineInputError(e)) return { code: e.code, field: e.field };
    throw e;
  }
}

describe('fitted pipeline', () => {
  it('predicts raw rows with the original labels and per-class probabilities', async () => {
    const p = loadPipeline(await fitted());
    expect(p.modelId).toBe('lr');
    const out = p.predict(rows);
    expect(out.classes).toEqual(['cat', 'dog']);
    expect(out.predictions).toHaveLength(3);
    expect(out.predictions[0]).toBe('cat');
    expect(out.predictions[1]).toBe('dog');
    for (const row of out.probabilities ?? []) expect(row[0]! + row[1]!).toBeCloseTo(1, 9);
  });

  it('survives a JSON round trip with identical predictions', async () => {
    const json = await fitted();
    const a = loadPipeline(json);
    const b = loadPipeline(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.predict(rows)).toEqual(a.predict(rows));
    expect(loadPipeline(JSON.stringify(json)).predict(rows)).toEqual(a.predict(rows));
    expect(json).toMatchObject({ format: 'caretql.pipeline', version: 1, task: 'classification', target: 'label', modelId: 'lr', modelName: 'Logistic Regression' });
  });

  it('predicts regression values', async () => {
    const diabetes = loadBuiltinDataset('diabetes');
    const r = await runPlan(diabetes, { task: 'regression', target: 'target', setup: { fold: 3 }, plan: 'create', modelId: 'lr', params: {} }, { emit: () => {} });
    const p = loadPipeline(r.pipeline);
    const cols = Object.fromEntries(diabetes.names().filter((n) => n !== 'target').map((n) => [n, [0.01, -0.02]]));
    const out = p.predict(cols);
    expect(out.predictions.every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    expect(out.classes).toBeUndefined();
  });

  it('refuses malformed and tampered pipelines with BAD_PIPELINE', async () => {
    const good = (await fitted()) as PipelineJSON & { preprocessor: { outputNames: string[]; columns: unknown[] }; estimator: { type: string; state: unknown; params: Record<string, unknown> }; classes: unknown[] };
    const clone = (): typeof good => JSON.parse(JSON.stringify(good));
    const cases: Array<[string, unknown]> = [
      ['null', null],
      ['not JSON', '{oops'],
      ['an array', []],
      ['wrong format', { ...clone(), format: 'other' }],
      ['future version', { ...clone(), version: 2 }],
      ['unknown task', { ...clone(), task: 'clustering' }],
      ['unknown model', { ...clone(), modelId: 'nope' }],
      ['model name mismatch', { ...clone(), modelName: 'Something Else' }],
      ['duplicate classes', { ...clone(), classes: ['cat', 'cat'] }],
      ['one class', { ...clone(), classes: ['cat'] }],
      ['target among the features', { ...clone(), target: 'x1' }],
      ['missing preprocessor', { ...clone(), preprocessor: undefined }],
      ['output names tampered', (() => { const c = clone(); c.preprocessor.outputNames = ['x1']; return c; })()],
      ['estimator of another model', (() => { const c = clone(); c.estimator.type = 'KNeighborsClassifier'; return c; })()],
      ['estimator state broken', (() => { const c = clone(); c.estimator.state = { nonsense: true }; return c; })()],
      ['estimator missing', { ...clone(), estimator: null }],
    ];
    for (const [name, json] of cases) expect(pipelineError(json), name).toMatchObject({ code: 'BAD_PIPELINE' });
    expect(pipelineError(clone())).toBeNull();
  });

  it('refuses rows without a feature column or with a non-numeric cell', async () => {
    const p = loadPipeline(await fitted());
    expect(() => p.predict({ x1: [1], shade: ['dark'] })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'x2' }));
    expect(() => p.predict({ x1: ['abc'], x2: [1], shade: ['dark'] })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'x1' }));
  });

  it('predicts the holdout with the same metrics as the plan reported', async () => {
    const r = await runPlan(frame, req, { emit: () => {} });
    const h = predictHoldout(frame, req, r.pipeline as PipelineJSON);
    expect(h.rows).toHaveLength(6);
    expect(h.prediction.predictions).toHaveLength(6);
    expect(h.metrics).toEqual(r.holdout);
  });

  it('finalize refits the same model and hyper-parameters on all rows', async () => {
    const json = await fitted();
    const final = finalizePipeline(frame, req, json);
    const p = loadPipeline(final);
    expect(p.modelId).toBe('lr');
    expect((final as unknown as { estimator: { params: unknown } }).estimator.params).toEqual((json as unknown as { estimator: { params: unknown } }).estimator.params);
    expect(p.predict(rows).predictions).toHaveLength(3);
    expect(() => finalizePipeline(frame, { ...req, target: 'x1' }, json)).toThrowError(expect.objectContaining({ code: 'BAD_PIPELINE' }));
  });
});
