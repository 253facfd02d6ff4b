// setupParams.testData over GraphQL (PyCaret's setup(test_data=...)): validated at createExperiment (a dataset
// of the workspace with the target) and at submit (the columns and the target type against the training data),
// then used as the holdout. Plus the row steps listed in the run summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateExperimentDocument, FinalizeRunDocument, PredictDocument, RunEventsDocument, SubmitRunDocument } from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { uploadCsv } from '../helpers/uploads.js';

let t: TestApp;
let owner: Owner;
let other: Owner;

beforeAll(async () => {
  t = await startTestApp();
  owner = await newOwner(t);
  other = await newOwner(t);
});
afterAll(async () => {
  await t?.stop();
});

/** n rows of amount, colour and a yes/no target (1 in 4 yes); columns and target can be changed. */
function csv(n: number, o: { offset?: number; dropColour?: boolean; numericTarget?: boolean; blankTarget?: boolean } = {}): string {
  const lines = [o.dropColour ? 'amount,target' : 'amount,colour,target'];
  for (let j = 0; j < n; j++) {
    const i = j + (o.offset ?? 0);
    const yes = i % 4 === 0;
    const target = o.blankTarget && j === 1 ? '' : o.numericTarget ? (yes ? '1' : '0') : yes ? 'yes' : 'no';
    const amount = (yes ? 10 : 0) + ((i * 7) % 9);
    lines.push(o.dropColour ? `${amount},${target}` : `${amount},${['red', 'green', 'blue'][i % 3]},${target}`);
  }
  return `${lines.join('\n')}\n`;
}

function upload(who: Owner, text: string): Promise<string> {
  return uploadCsv(t, who.user.token, who.workspaceId, text);
}

async function createWith(setupParams: Record<string, unknown>) {
  return t.gql(CreateExperimentDocument, { input: { projectId: owner.projectId, name: 'e', task: 'CLASSIFICATION', target: 'target', setupParams } }, owner.user.token);
}

describe('testData at createExperiment', () => {
  it('refuses an unknown dataset, one of another workspace, and one without the target, naming the field as written', async () => {
    const elsewhere = await upload(other, csv(20));
    const noTarget = await upload(owner, 'amount,colour\n1,red\n2,blue\n');
    const gaps = await upload(owner, csv(20, { blankTarget: true }));
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ testData: '00000000-0000-0000-0000-000000000000' }, 'setupParams.testData', /not a dataset/],
      [{ test_data: elsewhere }, 'setupParams.test_data', /not a dataset/],
      [{ testData: noTarget }, 'setupParams.testData', /no target column "target"/],
      [{ testData: gaps }, 'setupParams.testData', /missing target/],
      [{ testData: 42 }, 'setupParams.testData', /id of a dataset/],
    ];
    for (const [setupParams, field, message] of cases) {
      const r = await createWith({ fold: 3, ...setupParams });
      expect(errorCode(r), JSON.stringify(setupParams)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe(field);
      expect(r.errors![0]!.message).toMatch(message);
    }
    // with dropMissingTarget, a holdout with gaps is accepted
    expect((await createWith({ testData: gaps, dropMissingTarget: true })).errors).toBeUndefined();
  });
});

describe('testData at submit and as the holdout', () => {
  it('refuses testData without a training column, or whose target has another type, storing nothing', async () => {
    const train = await upload(owner, csv(60));
    for (const [text, message] of [
      [csv(20, { dropColour: true }), /lacks column\(s\) "colour"/],
      [csv(20, { numericTarget: true }), /categorical in the training data but numeric in testData/],
    ] as const) {
      const testData = await upload(owner, text);
      const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3, testData } });
      const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data: { datasetId: train } } }, owner.user.token);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe('setupParams.testData');
      expect(r.errors![0]!.message).toMatch(message);
    }
  });

  it('trains on every row of the dataset and scores the testData rows', async () => {
    const train = await upload(owner, csv(60));
    const testData = await upload(owner, csv(20, { offset: 1000 }));
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3, testData } });
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'lr', data: { datasetId: train } });
    expect((queued.snapshot as { testData: { datasetId: string; rows: number } }).testData).toMatchObject({ datasetId: testData, rows: 20 });
    const run = await waitFor(t, owner.user.token, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    expect(run.summary).toMatchObject({ trainRows: 60, testRows: 20, rows: 80 });
    const events = await t.gql(RunEventsDocument, { runId: run.id, limit: 100 }, owner.user.token);
    const split = events.data!.runEvents.find((e) => e.kind === 'data.split')!;
    expect(split.payload).toMatchObject({ trainRows: 60, testRows: 20, testData });
    const holdout = events.data!.runEvents.find((e) => e.kind === 'model.holdout.scored')!;
    expect(holdout.payload).toMatchObject({ testRows: 20 });
    // finalize refits on the dataset and the testData rows (the worker loads both)
    const f = await t.gql(FinalizeRunDocument, { runId: run.id }, owner.user.token);
    expect(f.errors).toBeUndefined();
    expect(f.data!.finalizeRun.artifacts.map((a) => a.kind)).toEqual(['pipeline', 'final_pipeline']);
    const p = await t.gql(PredictDocument, { runId: run.id, rows: { amount: [12, 1], colour: ['red', null] }, final: true }, owner.user.token);
    expect(p.errors).toBeUndefined();
    expect(p.data!.predict.predictions).toEqual(['yes', 'no']);
  });
});

describe('row steps in the run summary', () => {
  it('fixImbalance, classWeight and removeOutliers are listed with what they did', async () => {
    const datasetId = await upload(owner, csv(80));
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3, fix_imbalance: true, class_weight: 'balanced', remove_outliers: true } });
    const run = await waitFor(t, owner.user.token, (await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'dt', data: { datasetId } })).id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    const steps = (run.summary as { rowSteps: Array<{ step: string }> }).rowSteps;
    expect(steps.map((s) => s.step)).toEqual(['removeOutliers', 'fixImbalance', 'classWeight']);
  });
});
