// BLEND, STACK, ENSEMBLE, CALIBRATE over GraphQL: COMPARE → BLEND(fromRun, top 3) → predict, COMPARE → STACK →
// finalizeRun → predict, ENSEMBLE and CALIBRATE runs, and every bad input refused at submit with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelRunDocument, FinalizeRunDocument, ModelsDocument, PredictDocument, RunEventsDocument, SubmitRunDocument, type SubmitRunInput } from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { Run, RunEvent } from '../../src/entities/index.js';
import { loadBuiltinDataset } from '../../src/engine/index.js';

const databases = await testDatabases();
const cancer = loadBuiltinDataset('breast_cancer');
const data = { builtin: 'BREAST_CANCER' } as const;
const TARGETS = [0, 1, 0, 1, 1]; // breast_cancer's target at rows 0, 50, 100, 150, 200

/** Five rows of breast_cancer (features only) as predict's column record. */
function someRows(): Record<string, number[]> {
  const rows: Record<string, number[]> = {};
  for (const name of cancer.names()) {
    if (name === 'target') continue;
    const c = cancer.require(name);
    if (c.kind === 'numeric') rows[name] = [0, 50, 100, 150, 200].map((i) => c.values[i] as number);
  }
  return rows;
}

describe.each(databases)('verb runs over GraphQL (%s)', (database) => {
  let t: TestApp;
  let owner: Owner;
  let experimentId: string;
  let compareId: string;
  let compareTop: string[];

  beforeAll(async () => {
    t = await startTestApp({ database });
    owner = await newOwner(t);
    experimentId = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data, params: { include: ['lr', 'nb', 'dt', 'knn', 'lda'] } });
    const run = await waitFor(t, owner.user.token, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    compareId = run.id;
    compareTop = run.leaderboard!.rows.slice(0, 3).map((r) => r.modelId);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const kinds = async (runId: string): Promise<Array<{ kind: string; payload: unknown }>> =>
    (await t.gql(RunEventsDocument, { runId, limit: 5000 }, owner.user.token)).data!.runEvents.map((e) => ({ kind: e.kind, payload: e.payload }));

  it('COMPARE → BLEND(fromRun, top 3) → predict: the top 3 are frozen into the snapshot at submit', async () => {
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'BLEND', data, params: { estimators: { fromRun: compareId, top: 3 } } });
    expect((queued.snapshot as { params: { estimators: Array<{ modelId: string }> } }).params.estimators.map((m) => m.modelId)).toEqual(compareTop);
    const run = await waitFor(t, owner.user.token, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    expect(run.plan).toBe('BLEND');
    expect(run.leaderboard!.rows.map((r) => r.modelId)).toEqual(['voting']);
    expect(run.artifacts.map((a) => a.kind)).toEqual(['pipeline']);
    expect(run.artifacts[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const events = await kinds(run.id);
    expect(events.filter((e) => e.kind === 'model.fold.scored')).toHaveLength(3);
    expect(events.some((e) => e.kind === 'model.holdout.scored')).toBe(true);
    const p = await t.gql(PredictDocument, { runId: run.id, rows: someRows() }, owner.user.token);
    expect(p.errors).toBeUndefined();
    expect(p.data!.predict.modelId).toBe('voting');
    expect(p.data!.predict.artifactSha256).toBe(run.artifacts[0]!.sha256);
    expect(p.data!.predict.predictions).toEqual(TARGETS);
  });

  it('COMPARE → STACK → finalizeRun → predict', async () => {
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'STACK', data, params: { estimators: compareTop, metaModel: 'lr' } });
    const run = await waitFor(t, owner.user.token, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    expect(run.leaderboard!.rows[0]!.modelId).toBe('stacking');
    const f = await t.gql(FinalizeRunDocument, { runId: run.id }, owner.user.token);
    expect(f.errors).toBeUndefined();
    expect(f.data!.finalizeRun.artifacts.map((a) => a.kind)).toEqual(['pipeline', 'final_pipeline']);
    const p = await t.gql(PredictDocument, { runId: run.id, rows: someRows(), final: true }, owner.user.token);
    expect(p.errors).toBeUndefined();
    expect(p.data!.predict.artifactSha256).toBe(f.data!.finalizeRun.artifacts[1]!.sha256);
    expect(p.data!.predict.predictions).toEqual(TARGETS);
    expect(p.data!.predict.probabilities).toHaveLength(5);
  });

  it('ENSEMBLE BAGGING and CALIBRATE are runs with a pipeline', async () => {
    const bag = await waitFor(t, owner.user.token, (await submit(t, owner.user.token, { experimentId, plan: 'ENSEMBLE', modelId: 'dt', data, params: { method: 'BAGGING', nEstimators: 5 } })).id);
    expect(bag.status, bag.error ?? '').toBe('SUCCEEDED');
    expect(bag.leaderboard!.rows[0]!.modelId).toBe('bagging');
    const cal = await waitFor(t, owner.user.token, (await submit(t, owner.user.token, { experimentId, plan: 'CALIBRATE', modelId: 'nb', data, params: { method: 'sigmoid', calibrateFold: 3 } })).id);
    expect(cal.status, cal.error ?? '').toBe('SUCCEEDED');
    expect(cal.leaderboard!.rows[0]!.modelId).toBe('calibrated');
    const p = await t.gql(PredictDocument, { runId: cal.id, rows: someRows() }, owner.user.token);
    expect(p.data!.predict.modelId).toBe('calibrated');
  });

  it('models(task) lists the new models with their turbo flag; a plain COMPARE skips the non-turbo ones, include brings them in', async () => {
    const clf = (await t.gql(ModelsDocument, { task: 'CLASSIFICATION' }, owner.user.token)).data!.models;
    expect(clf.filter((m) => !m.turbo).map((m) => m.id)).toEqual(['rbfsvm', 'gpc', 'mlp']);
    const reg = (await t.gql(ModelsDocument, { task: 'REGRESSION' }, owner.user.token)).data!.models;
    expect(reg.filter((m) => !m.turbo).map((m) => m.id)).toEqual(['tr', 'kr', 'mlp']);
    expect(reg.filter((m) => ['svm', 'ard', 'ransac'].includes(m.id)).every((m) => m.turbo)).toBe(true);
    const iris = await newExperiment(t, owner, { setupParams: { fold: 2 } });
    const plain = await waitFor(t, owner.user.token, (await submit(t, owner.user.token, { experimentId: iris, plan: 'COMPARE', data: { builtin: 'IRIS' } })).id);
    expect(plain.status, plain.error ?? '').toBe('SUCCEEDED');
    const ids = plain.leaderboard!.rows.map((r) => r.modelId);
    expect(ids).not.toContain('rbfsvm');
    expect(ids).toHaveLength(clf.length - 3);
    const inc = await waitFor(t, owner.user.token, (await submit(t, owner.user.token, { experimentId: iris, plan: 'COMPARE', data: { builtin: 'IRIS' }, params: { include: ['rbfsvm', 'gpc', 'lr'] } })).id);
    expect(inc.leaderboard!.rows.map((r) => r.modelId).sort()).toEqual(['gpc', 'lr', 'rbfsvm']);
  });

  describe('bad verb input is refused at submit, nothing stored', () => {
    const cases: Array<[string, string, Partial<SubmitRunInput>]> = [
      ['ENSEMBLE without modelId', 'modelId', { plan: 'ENSEMBLE' }],
      ['CALIBRATE without modelId', 'modelId', { plan: 'CALIBRATE' }],
      ['an unknown member', 'params.estimators.1.modelId', { plan: 'BLEND', params: { estimators: ['lr', 'xgboost'] } }],
      ['a regression-only meta model', 'params.metaModel.modelId', { plan: 'STACK', params: { estimators: ['lr', 'nb'], metaModel: 'lasso' } }],
      ['soft voting with a member without probabilities', 'params.method', { plan: 'BLEND', params: { estimators: ['lr', 'ridge'], method: 'soft' } }],
      ['BOOSTING of knn', 'params.method', { plan: 'ENSEMBLE', modelId: 'knn', params: { method: 'BOOSTING' } }],
      ['isotonic misspelt', 'params.method', { plan: 'CALIBRATE', modelId: 'rf', params: { method: 'isotonik' } }],
      ['fromRun not a run id', 'params.estimators.fromRun', { plan: 'BLEND', params: { estimators: { fromRun: 'nope', top: 3 } } }],
      ['fromRun of no run', 'params.estimators.fromRun', { plan: 'BLEND', params: { estimators: { fromRun: '00000000-0000-4000-8000-000000000000', top: 3 } } }],
      ['top 1', 'params.estimators.top', { plan: 'STACK', params: { estimators: { fromRun: '00000000-0000-4000-8000-000000000000', top: 1 } } }],
      ['TUNE with an unknown library', 'params.library', { plan: 'TUNE', modelId: 'dt', params: { library: 'optuna' } }],
    ];
    it.each(cases)('%s → BAD_USER_INPUT on %s', async (_name, field, input) => {
      const em = t.services.orm.em.fork();
      const before = { runs: await em.count(Run, {}), events: await em.count(RunEvent, {}) };
      const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data, ...input } }, owner.user.token);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe(field);
      const em2 = t.services.orm.em.fork();
      expect({ runs: await em2.count(Run, {}), events: await em2.count(RunEvent, {}) }).toEqual(before);
    });

    it('fromRun of another experiment, of a run that did not succeed, of a non-COMPARE/TUNE; CALIBRATE on regression', async () => {
      const other = await newExperiment(t, owner, { setupParams: { fold: 3 } });
      const refused = async (input: Partial<SubmitRunInput>, field: string, message: RegExp, exp = experimentId): Promise<void> => {
        const r = await t.gql(SubmitRunDocument, { input: { experimentId: exp, plan: 'BLEND', data, ...input } }, owner.user.token);
        expect(errorCode(r)).toBe('BAD_USER_INPUT');
        expect(r.errors![0]!.extensions!.field).toBe(field);
        expect(r.errors![0]!.message).toMatch(message);
      };
      await refused({ params: { estimators: { fromRun: compareId, top: 3 } } }, 'params.estimators.fromRun', /same experiment/, other);
      const setup = await waitFor(t, owner.user.token, (await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data })).id);
      await refused({ params: { estimators: { fromRun: setup.id, top: 3 } } }, 'params.estimators.fromRun', /COMPARE or TUNE/);
      // A one-class target is now refused at submit, so the run that did not succeed is a cancelled one.
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data });
      const cancelled = await t.gql(CancelRunDocument, { id: queued.id }, owner.user.token);
      expect(cancelled.errors).toBeUndefined();
      const failed = await waitFor(t, owner.user.token, queued.id);
      expect(failed.status).toBe('CANCELLED');
      await refused({ params: { estimators: { fromRun: failed.id, top: 3 } } }, 'params.estimators.fromRun', /SUCCEEDED/);
      const reg = await newExperiment(t, owner, { task: 'REGRESSION', setupParams: { fold: 3 } });
      await refused({ plan: 'CALIBRATE', modelId: 'lr', data: { builtin: 'DIABETES' } }, 'plan', /classification/, reg);
    });
  });
});
