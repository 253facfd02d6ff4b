// Every registered model's test-row outputs, hashed (SHA-256 of the Float64 bytes) and compared with
// tests/fixtures/prediction-hashes.json, which was written by this file on the code before the engine's
// restructuring: a refactor that changes one bit of any prediction, probability or decision score fails here.
// Regenerate (only on purpose): PREDICTION_HASHES_WRITE=1 npx vitest run tests/engine/prediction-hashes.test.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BuiltinDatasetName, TaskType } from '../../src/engine/types.js';
import { isClassifier, type Estimator, type ModelSpec, type Params } from '../../src/engine/core/estimator.js';
import { takeRows, takeValues, type Matrix } from '../../src/engine/core/matrix.js';
import { MODEL_REGISTRY } from '../../src/engine/models/registry.js';
import { trainTestSplit } from '../../src/engine/selection/index.js';
import { loadEncoded } from '../helpers/builtin-data.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/prediction-hashes.json', import.meta.url));
const WRITE = process.env.PREDICTION_HASHES_WRITE === '1';
const SEED = 123;

const DATASETS: Record<TaskType, readonly BuiltinDatasetName[]> = {
  classification: ['iris', 'breast_cancer', 'wine', 'digits'],
  regression: ['diabetes'],
};

type Hashes = Record<string, string>;

function hash(values: Float64Array): string {
  return createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
}


function outputsOf(spec: ModelSpec, model: Estimator, X: Matrix): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = { predict: model.predict(X) };
  if (isClassifier(model) && model.predictProba) out.proba = model.predictProba(X).data;
  const decision = (model as { decisionFunction?: (X: Matrix) => Matrix }).decisionFunction;
  if (typeof decision === 'function') out.decision = decision.call(model, X).data;
  const revived = spec.revive(JSON.parse(JSON.stringify(model.toJSON())) as ReturnType<Estimator['toJSON']>);
  out.revived = revived.predict(X);
  return out;
}

const expected: Hashes = WRITE ? {} : (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Hashes);
const written: Hashes = {};

/** Fits every model of the task on one 70/30 split of the dataset, sharing one fit cache as the experiment does. */
function hashesFor(task: TaskType, name: BuiltinDatasetName): Hashes {
  const { X, y } = loadEncoded(name, task);
  const split = trainTestSplit(X.rows, { trainSize: 0.7, seed: SEED, stratify: task === 'classification' ? y : undefined });
  const Xtr = takeRows(X, split.train);
  const ytr = takeValues(y, split.train);
  const Xte = takeRows(X, split.test);
  const cache = new Map<string, unknown>();
  const hashes: Hashes = {};
  for (const spec of MODEL_REGISTRY.specs(task)) {
    // Models registered after the fixture was written (kernel, neural, robust) have their own parity and
    // contract tests; this file guards the ones it has hashes of.
    if (!WRITE && !Object.keys(expected).some((k) => k.startsWith(`${task}/${name}/${spec.id}/`))) continue;
    const params: Params = 'randomState' in spec.create({}).getParams() ? { randomState: SEED } : {};
    const model = spec.create(params).fit(Xtr, ytr, { cache });
    for (const [kind, values] of Object.entries(outputsOf(spec, model, Xte))) hashes[`${task}/${name}/${spec.id}/${kind}`] = hash(values);
    // The same model fitted alone (no shared cache) must predict exactly as with it.
    hashes[`${task}/${name}/${spec.id}/uncached`] = hash(spec.create(params).fit(Xtr, ytr).predict(Xte));
  }
  return hashes;
}


describe.each(['classification', 'regression'] as const)('prediction hashes (%s)', (task) => {
  it.each(DATASETS[task].map((d) => [d]))('%s: every model predicts bit-for-bit as before', { timeout: 180_000 }, (name) => {
    const got = hashesFor(task, name);
    if (WRITE) {
      Object.assign(written, got);
      writeFileSync(FIXTURE, `${JSON.stringify(written, null, 1)}\n`);
      return;
    }
    const want = Object.fromEntries(Object.entries(expected).filter(([k]) => k.startsWith(`${task}/${name}/`)));
    expect(Object.keys(want).length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });
});
