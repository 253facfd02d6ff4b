// Setup on real data over GraphQL: the upload's inferred types, a missing target refused at submit (from the
// stored profile for a dataset, from the columns for inline data) unless dropMissingTarget, the new setup
// parameters validated at createExperiment, and the run summary listing each preprocessing step.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateExperimentDocument, DatasetsDocument, PredictDocument, RunEventsDocument, SubmitRunDocument } from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { uploadCsv } from '../helpers/uploads.js';
import { Run, RunEvent } from '../../src/entities/index.js';

let t: TestApp;
let owner: Owner;

beforeAll(async () => {
  t = await startTestApp();
  owner = await newOwner(t);
});
afterAll(async () => {
  await t?.stop();
});

/** 40 rows: a date, a numeric and a small categorical feature; the target is blank on rows 5 and 17. */
function csvWithMissingTarget(): string {
  const lines = ['day,amount,colour,target'];
  for (let i = 0; i < 40; i++) {
    const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
    const target = i === 5 || i === 17 ? '' : i % 3 === 0 ? 'yes' : 'no';
    lines.push(`${day},${(i * 7) % 23},${['red', 'green', 'blue'][i % 3]},${target}`);
  }
  return `${lines.join('\n')}\n`;
}

function upload(csv: string): Promise<string> {
  return uploadCsv(t, owner.user.token, owner.workspaceId, csv, 'gaps');
}

async function countRows(): Promise<{ runs: number; events: number }> {
  const em = t.services.orm.em.fork();
  return { runs: await em.count(Run, {}), events: await em.count(RunEvent, {}) };
}

describe('missing targets at submit', () => {
  it('profiles the upload with each column\'s inferred type and its missing count', async () => {
    await upload(csvWithMissingTarget());
    const list = await t.gql(DatasetsDocument, { workspaceId: owner.workspaceId }, owner.user.token);
    const columns = list.data!.datasets[0]!.columns;
    expect(columns.map((c) => [c.name, c.type, c.inferredType, c.missing])).toEqual([
      ['day', 'categorical', 'date', 0],
      ['amount', 'numeric', 'numeric', 0],
      ['colour', 'categorical', 'categorical', 0],
      ['target', 'categorical', 'categorical', 2],
    ]);
  });

  it('refuses a dataset whose target has gaps from its stored profile (the file is not read), storing nothing', async () => {
    const datasetId = await upload(csvWithMissingTarget());
    // Without the file a parse would fail differently: the refusal comes from the profile stored at upload.
    await rm(join(t.services.runs.artifactDir, 'datasets', owner.workspaceId, `${datasetId}.csv`));
    const experimentId = await newExperiment(t, owner);
    const before = await countRows();
    const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data: { datasetId } } }, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe('target');
    expect(r.errors![0]!.message).toMatch(/has 2 missing value\(s\).*dropMissingTarget/);
    expect(await countRows()).toEqual(before);
  });

  it('refuses inline data with a missing target, storing nothing', async () => {
    const experimentId = await newExperiment(t, owner);
    const before = await countRows();
    const inline = { x: [1, 2, 3, 4, 5, 6], target: ['a', 'b', null, 'a', '', 'b'] };
    const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data: { inline } } }, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe('target');
    expect(r.errors![0]!.message).toMatch(/has 2 missing value\(s\)/);
    expect(await countRows()).toEqual(before);
  });

  it('with dropMissingTarget trains on the rest: the drop in data.split and the summary, each step listed, raw dates predicted', async () => {
    const datasetId = await upload(csvWithMissingTarget());
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3, dropMissingTarget: true } });
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'dt', data: { datasetId } });
    const run = await waitFor(t, owner.user.token, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    const summary = run.summary as { rows: number; droppedMissingTarget: number; preprocessing: Array<{ column: string; type: string; treatment: string; outputs: string[] }> };
    expect(summary.rows).toBe(38);
    expect(summary.droppedMissingTarget).toBe(2);
    expect(summary.preprocessing.map((s) => [s.column, s.type, s.treatment])).toEqual([
      ['day', 'date', 'date'],
      ['amount', 'numeric', 'numeric'],
      ['colour', 'categorical', 'onehot'],
    ]);
    expect(summary.preprocessing[0]!.outputs).toEqual(['day_year', 'day_month', 'day_day', 'day_weekday']);

    const events = await t.gql(RunEventsDocument, { runId: run.id, limit: 100 }, owner.user.token);
    const split = events.data!.runEvents.find((e) => e.kind === 'data.split')!;
    expect((split.payload as { droppedMissingTarget: number }).droppedMissingTarget).toBe(2);
    const fitted = events.data!.runEvents.find((e) => e.kind === 'preprocessor.fitted')!;
    expect((fitted.payload as { steps: unknown[] }).steps).toEqual(summary.preprocessing);

    const rows = { day: ['2024-03-04', '2025-11-30'], amount: [3, 11], colour: ['red', 'blue'] };
    const p = await t.gql(PredictDocument, { runId: run.id, rows }, owner.user.token);
    expect(p.errors).toBeUndefined();
    expect(p.data!.predict.predictions).toHaveLength(2);
    for (const label of p.data!.predict.predictions as unknown[]) expect(['yes', 'no']).toContain(label);
  });
});

describe('setup parameters at createExperiment', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['dropMissingTarget not a boolean', { dropMissingTarget: 'yes' }, 'setupParams.dropMissingTarget'],
    ['PyCaret spelling, bad value', { drop_missing_target: 1 }, 'setupParams.drop_missing_target'],
    ['unknown encodingMethod', { encodingMethod: 'hash' }, 'setupParams.encodingMethod'],
    ['dateFeatures not a list', { dateFeatures: 'day' }, 'setupParams.dateFeatures'],
    ['ordinalFeatures without levels', { ordinalFeatures: { size: [] } }, 'setupParams.ordinalFeatures'],
    ['a column in two type lists', { numericFeatures: ['a'], categoricalFeatures: ['a'] }, 'setupParams.categoricalFeatures'],
    ['timeseries folds shuffled', { foldStrategy: 'timeseries', dataSplitShuffle: true }, 'setupParams.dataSplitShuffle'],
    ['groupkfold without groups', { foldStrategy: 'groupkfold' }, 'setupParams.foldGroups'],
    ['unknown parameter', { dropMissingTargets: true }, 'setupParams.dropMissingTargets'],
    ['polynomialDegree 1', { polynomialFeatures: true, polynomialDegree: 1 }, 'setupParams.polynomialDegree'],
    ['negative lowVarianceThreshold', { low_variance_threshold: -1 }, 'setupParams.low_variance_threshold'],
    ['multicollinearityThreshold 0', { removeMulticollinearity: true, multicollinearityThreshold: 0 }, 'setupParams.multicollinearityThreshold'],
    ['box-cox transformation', { transformation: true, transformationMethod: 'box-cox' }, 'setupParams.transformationMethod'],
    ['pcaComponents 2.5', { pca: true, pcaComponents: 2.5 }, 'setupParams.pcaComponents'],
    ['nFeaturesToSelect 0', { featureSelection: true, nFeaturesToSelect: 0 }, 'setupParams.nFeaturesToSelect'],
    ['rareToValue 1', { rareToValue: 1 }, 'setupParams.rareToValue'],
    ['fixImbalance not a boolean', { fixImbalance: 'yes' }, 'setupParams.fixImbalance'],
    ['classWeight not balanced', { class_weight: 'auto' }, 'setupParams.class_weight'],
    ['outliersThreshold above 0.5', { removeOutliers: true, outliersThreshold: 0.7 }, 'setupParams.outliersThreshold'],
  ];
  it.each(cases)('%s → BAD_USER_INPUT (field %s)', async (_name, setupParams, field) => {
    const r = await t.gql(
      CreateExperimentDocument,
      { input: { projectId: owner.projectId, name: 'e', task: 'CLASSIFICATION', target: 'target', setupParams } },
      owner.user.token,
    );
    expect(errorCode(r), JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe(field);
  });
});
