// Bit-for-bit guard for the numeric kernels (boosting grower, logistic loss, QR / Jacobi SVD, QDA) on
// NON-default parameters, which prediction-hashes.test.ts (defaults only) does not reach: feature and row
// sampling, leaf caps, L1, early stopping, missing values. tests/fixtures/kernel-hashes.json was written by
// this file on the code before the kernels were rewritten for speed (commit d6f4cb8); a change of one bit in
// any probability or prediction fails here. Regenerate (only on purpose):
// KERNEL_HASHES_WRITE=1 npx vitest run tests/engine/kernel-hashes.test.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuiltinDatasetName, TaskType } from '../../src/engine/types.js';
import { isClassifier, type Params } from '../../src/engine/core/estimator.js';
import { takeRows, takeValues, type Matrix } from '../../src/engine/core/matrix.js';
import { MODEL_REGISTRY } from '../../src/engine/models/registry.js';
import { trainTestSplit } from '../../src/engine/selection/index.js';
import { loadEncoded } from '../helpers/builtin-data.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/kernel-hashes.json', import.meta.url));
const WRITE = process.env.KERNEL_HASHES_WRITE === '1';

const CLASSIFIER_CASES: Array<[string, Params]> = [
  ['gbc', { maxFeatures: 'sqrt', subsample: 0.8, randomState: 7 }],
  ['gbc', { maxLeafNodes: 6, maxDepth: 5, minSamplesLeaf: 3 }],
  ['lightgbm', { featureFraction: 0.7, baggingFraction: 0.8, baggingFreq: 1, numLeaves: 15, randomState: 3 }],
  ['lightgbm', { regAlpha: 0.1, regLambda: 1, maxBin: 63, minChildSamples: 5, earlyStopping: true, nEstimators: 60 }],
  ['ada', { nEstimators: 20 }],
  ['lr', { C: 0.3 }],
  ['qda', { regParam: 0.05 }],
  ['lda', {}],
];
const REGRESSOR_CASES: Array<[string, Params]> = [
  ['gbr', { maxFeatures: 0.5, subsample: 0.7 }],
  ['lightgbm', { numLeaves: 7, regAlpha: 0.5, featureFraction: 0.5 }],
  ['ada', {}],
  ['br', {}],
  ['ard', {}],
];

/** Features with every 17th row missing one value (lightgbm keeps NaN, the others get 0 there). */
/** loadEncoded with a missing cell planted every 17th row, so the missing-value paths are hashed too. */
function load(name: BuiltinDatasetName, task: TaskType): { X: Matrix; y: Float64Array } {
  const { X, y } = loadEncoded(name, task);
  for (let i = 0; i < X.rows; i += 17) X.data[i * X.cols + (i % X.cols)] = NaN;
  return { X, y };
}

function hashOf(task: TaskType, name: BuiltinDatasetName, id: string, params: Params): string {
  const { X, y } = load(name, task);
  const data = id === 'lightgbm' ? X : { ...X, data: X.data.map((v) => (Number.isNaN(v) ? 0 : v)) };
  const split = trainTestSplit(X.rows, { trainSize: 0.7, seed: 5, stratify: task === 'classification' ? y : undefined });
  const spec = MODEL_REGISTRY.specs(task).find((s) => s.id === id);
  if (!spec) throw new Error(`no ${task} model ${id}`);
  const model = spec.create(params).fit(takeRows(data, split.train), takeValues(y, split.train));
  const test = takeRows(data, split.test);
  const out = isClassifier(model) && model.predictProba ? model.predictProba(test).data : model.predict(test);
  return createHash('sha256').update(new Uint8Array(out.buffer, out.byteOffset, out.byteLength)).digest('hex');
}

const expected = WRITE ? {} : (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, string>);
const written: Record<string, string> = {};

describe('numeric kernels predict bit-for-bit as before on non-default parameters', () => {
  const runs: Array<[TaskType, BuiltinDatasetName, string, Params]> = [];
  for (const name of ['breast_cancer', 'wine', 'digits', 'iris'] as const) for (const [id, p] of CLASSIFIER_CASES) runs.push(['classification', name, id, p]);
  for (const [id, p] of REGRESSOR_CASES) runs.push(['regression', 'diabetes', id, p]);
  for (const [task, name, id, params] of runs) {
    const key = `${task}/${name}/${id}/${JSON.stringify(params)}`;
    it(key, () => {
      const h = hashOf(task, name, id, params);
      if (WRITE) written[key] = h;
      else expect(h, key).toBe(expected[key]);
    });
  }
  afterAll(() => {
    if (WRITE) writeFileSync(FIXTURE, `${JSON.stringify(written, null, 2)}\n`);
  });
});
