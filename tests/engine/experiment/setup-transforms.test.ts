// Setup's matrix transformations end to end: fitted on the train part in PyCaret's order, the same numbers as the
// scikit-learn chain of tests/fixtures/transformations/make_fixture.py, listed in preprocessor.fitted and the run
// summary, stored in the pipeline and replayed on raw rows at predict; bad values refused with their field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/types.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { setupExperiment } from '../../../src/engine/experiment/setup.js';
import { validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { Preprocessor } from '../../../src/engine/preprocessing/preprocessor.js';

const fx = JSON.parse(readFileSync(new URL('../../fixtures/transformations/sklearn.json', import.meta.url), 'utf8')) as {
  X: number[][];
  yReg: number[];
  train: number;
  chain: { test: number[][]; selected: number[] };
};
const names = ['a', 'b', 'c', 'd', 'e'];
const columns = { ...Object.fromEntries(names.map((c, j) => [c, fx.X.map((r) => r[j] as number)])), target: fx.yReg };
const frame = frameFromColumns(columns);
const n = fx.X.length;
const trainIndex = Array.from({ length: fx.train }, (_, i) => i);
const testIndex = Array.from({ length: n - fx.train }, (_, i) => fx.train + i);
const chain = {
  trainIndex, testIndex, fold: 3, lowVarianceThreshold: 0, removeMulticollinearity: true, transformation: true, normalize: true,
  pca: true, pcaComponents: 2, featureSelection: true, nFeaturesToSelect: 1,
};

describe('setup transformations', () => {
  it('match the scikit-learn chain on the test rows to 1e-9 and list each step', () => {
    const events: EngineEvent[] = [];
    const exp = setupExperiment(frame, { task: 'regression', target: 'target', plan: 'setup', setup: chain, params: {} }, { logger: { emit: (e) => events.push(e) }, registry: MODEL_REGISTRY });
    const X = exp.trainPreprocessor.transform(frame, Int32Array.from(testIndex));
    expect([X.rows, X.cols]).toEqual([30, 1]);
    fx.chain.test.forEach((row, i) => expect(Math.abs((X.data[i] as number) - (row[0] as number))).toBeLessThan(1e-9));
    const fitted = events.find((e) => e.kind === 'preprocessor.fitted')!.payload as { transforms: unknown; outputNames: string[] };
    expect(fitted.transforms).toEqual([
      { step: 'lowVariance', inputs: 5, outputs: 4, dropped: ['d'] },
      { step: 'multicollinearity', inputs: 4, outputs: 3, dropped: ['a'] },
      { step: 'transformation', inputs: 3, outputs: 3 },
      { step: 'pca', inputs: 3, outputs: 2 },
      { step: 'featureSelection', inputs: 2, outputs: 1, dropped: ['pca1'], method: 'univariate' },
    ]);
    expect(fitted.outputNames).toEqual([`pca${fx.chain.selected[0]}`]);
  });

  it('the quantile transformation is fitted per fold and listed', () => {
    const events: EngineEvent[] = [];
    const exp = setupExperiment(frame, { task: 'regression', target: 'target', plan: 'setup', setup: { trainIndex, testIndex, fold: 3, transformation: true, transformationMethod: 'quantile' }, params: {} }, { logger: { emit: (e) => events.push(e) }, registry: MODEL_REGISTRY });
    const X = exp.trainPreprocessor.transform(frame, Int32Array.from(trainIndex));
    // Training rows map onto normal quantiles: the column of a's ranks is spread around 0 within the clip.
    const a = Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols] as number);
    expect(Math.max(...a)).toBeCloseTo(5.199337582, 6);
    expect(Math.min(...a)).toBeCloseTo(-5.199337582, 6);
    expect((events.find((e) => e.kind === 'preprocessor.fitted')!.payload as { transforms: unknown }).transforms).toEqual([{ step: 'transformation', inputs: 5, outputs: 5 }]);
  });

  it('keepFeatures are never dropped by a selection step', () => {
    const exp = setupExperiment(frame, { task: 'regression', target: 'target', plan: 'setup', setup: { ...chain, pca: false, keepFeatures: ['a', 'd'] }, params: {} }, { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
    expect(exp.trainPreprocessor.outputNames).toEqual(expect.arrayContaining(['a', 'd']));
  });

  it('polynomial features feed the models, survive the pipeline JSON and are replayed on raw rows', async () => {
    const setup = { trainIndex, testIndex, fold: 3, polynomialFeatures: true, polynomialDegree: 2, ignoreFeatures: ['d', 'e'] };
    const result = await runPlan(frame, { task: 'regression', target: 'target', plan: 'create', modelId: 'lr', setup, params: {} }, { emit: () => {} });
    expect(result.summary).toMatchObject({ outputFeatures: 9, transforms: [{ step: 'polynomial', inputs: 3, outputs: 9 }] });
    const pipeline = loadPipeline(JSON.parse(JSON.stringify(result.pipeline)));
    const rows = { a: [1, 2], b: [0.5, -1], c: [1.4, 3.1], d: [4, 4], e: [0, 1] };
    const p = pipeline.predict(rows);
    expect(p.predictions).toHaveLength(2);
    const pre = Preprocessor.fromJSON(JSON.parse(JSON.stringify(result.pipeline)).preprocessor);
    const X = pre.transformRecord(rows);
    // a, b, c, a^2, a b, a c, b^2, b c, c^2 of the first row
    expect(Array.from(X.data.slice(0, 9))).toEqual([1, 0.5, 1.4, 1, 0.5, 1.4, 0.25, 0.7, 1.4 * 1.4]);
  });

  it('a stored transform that does not fit its inputs is refused as BAD_PIPELINE', () => {
    const exp = setupExperiment(frame, { task: 'regression', target: 'target', plan: 'setup', setup: chain, params: {} }, { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
    const json = JSON.parse(JSON.stringify(exp.trainPreprocessor.toJSON())) as { transforms: { before: Array<{ keep?: number[] }> } };
    json.transforms.before[0]!.keep = [0, 1, 2, 99];
    expect(() => Preprocessor.fromJSON(json)).toThrow(/malformed preprocessor transform/);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['polynomialFeatures not a boolean', { polynomialFeatures: 'yes' }, 'setupParams.polynomialFeatures'],
    ['polynomialDegree 1', { polynomialDegree: 1 }, 'setupParams.polynomialDegree'],
    ['negative lowVarianceThreshold', { lowVarianceThreshold: -1 }, 'setupParams.lowVarianceThreshold'],
    ['multicollinearityThreshold above 1', { multicollinearityThreshold: 1.5 }, 'setupParams.multicollinearityThreshold'],
    ['box-cox transformation', { transformationMethod: 'box-cox' }, 'setupParams.transformationMethod'],
    ['pcaComponents 2.5', { pcaComponents: 2.5 }, 'setupParams.pcaComponents'],
    ['kernel pca', { pcaMethod: 'kernel' }, 'setupParams.pcaMethod'],
    ['nFeaturesToSelect 0', { n_features_to_select: 0 }, 'setupParams.n_features_to_select'],
    ['sequential feature selection', { featureSelectionMethod: 'sequential' }, 'setupParams.featureSelectionMethod'],
  ];
  it.each(bad)('%s → BAD_PARAM (field %s)', (_name, setup, field) => {
    let err: unknown;
    try {
      validateSetupOptions(setup, 'regression');
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && err.field).toBe(field);
  });

  it('more PCA components than the train part allows is refused with its field', () => {
    let err: unknown;
    try {
      setupExperiment(frame, { task: 'regression', target: 'target', plan: 'setup', setup: { ...chain, pcaComponents: 9, featureSelection: false }, params: {} }, { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
    } catch (e) {
      err = e;
    }
    expect(isEngineInputError(err) && err.field).toBe('setupParams.pcaComponents');
  });
});
