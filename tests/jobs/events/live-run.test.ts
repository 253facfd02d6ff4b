// LiveRunState: the live leaderboard and progress the event sink derives from engine events. Checked against
// the real engine's own final leaderboard (same models, order, rounding) and on hand-made event sequences
// (a failed model, a tune, bad payloads); plannedProgress for runs that have no events yet.
import { describe, expect, it } from 'vitest';
import { listModels, loadBuiltinDataset, runPlan, type EngineEvent, type PlanRequest } from '../../../src/engine/index.js';
import { LiveRunState } from '../../../src/jobs/events/live-run.js';
import { plannedProgress, runProgress } from '../../../src/jobs/events/planned-progress.js';
import { TEST_SNAPSHOT } from '../../helpers/memory-store.js';
import type { RunSnapshot } from '../../../src/jobs/types.js';

const CLASSIFICATION = ['Accuracy', 'AUC', 'Recall', 'Precision', 'F1', 'Kappa', 'MCC'] as const;
const metricsOf = (a: number): Record<string, number> => Object.fromEntries(CLASSIFICATION.map((m) => [m, a]));
const fold = (modelId: string, f: number, a: number, k = 3): EngineEvent => ({
  kind: 'model.fold.scored',
  payload: { modelId, modelName: modelId.toUpperCase(), fold: f, k, metrics: metricsOf(a), fitSeconds: 0.5 },
});

describe('LiveRunState', () => {
  it('ends a real compare with the engine leaderboard: same order, rows and folds, means within the 4th decimal', async () => {
    const events: EngineEvent[] = [];
    const req: PlanRequest = { task: 'classification', target: 'target', setup: { fold: 3 }, plan: 'compare', params: { include: ['lr', 'nb', 'dt', 'dummy'] } };
    const result = await runPlan(loadBuiltinDataset('iris'), req, { emit: (e) => events.push(e) });
    const state = new LiveRunState();
    const firstFolds = events.findIndex((e, i) => events.slice(0, i + 1).filter((x) => x.kind === 'model.fold.scored').length === 4);
    state.apply(events.slice(0, firstFolds + 1));
    expect(state.progress()).toEqual({ modelsDone: 1, modelsTotal: 4, foldsDone: 4, foldsTotal: 12, currentModelId: 'nb' });
    expect(state.leaderboard()!.rows.map((r) => [r.modelId, r.foldsDone, r.provisional])).toEqual(
      expect.arrayContaining([['lr', 3, false], ['nb', 1, true]]),
    );

    state.apply(events.slice(firstFolds + 1));
    const live = state.leaderboard()!;
    const final = result.leaderboard!;
    expect(live.sortMetric).toBe(final.sortMetric);
    expect(live.rows.map((r) => r.modelId)).toEqual(final.rows.map((r) => r.modelId));
    for (const [i, row] of live.rows.entries()) {
      const want = final.rows[i]!;
      expect(row.foldsDone).toBe(3);
      expect(want.foldsDone).toBe(3);
      expect(row.provisional).toBe(false);
      expect(row.scores.map((s) => s.metric)).toEqual(want.scores.map((s) => s.metric));
      // The events carry 4-decimal fold scores; the engine averages unrounded ones.
      for (const [j, s] of row.scores.entries()) expect(Math.abs(s.mean - want.scores[j]!.mean)).toBeLessThanOrEqual(1e-4 + 1e-12);
    }
    expect(state.progress()).toEqual({ modelsDone: 4, modelsTotal: 4, foldsDone: 12, foldsTotal: 12, currentModelId: null });
  });

  it('ranks provisional means (population std, 4 decimals), drops a failed model and counts its folds as done', () => {
    const s = new LiveRunState();
    expect(s.apply([{ kind: 'experiment.started', payload: { task: 'classification' } }])).toBe(false);
    expect(s.leaderboard()).toBeNull();
    s.apply([
      { kind: 'model.compare.started', payload: { models: [{ modelId: 'a', modelName: 'A' }, { modelId: 'b', modelName: 'B' }, { modelId: 'c', modelName: 'C' }], k: 3, sort: 'Accuracy' } },
      { kind: 'model.create.started', payload: { modelId: 'a', k: 3 } },
    ]);
    expect(s.progress()).toEqual({ modelsDone: 0, modelsTotal: 3, foldsDone: 0, foldsTotal: 9, currentModelId: 'a' });
    s.apply([fold('a', 1, 0.5), fold('a', 2, 0.6)]);
    const two = s.leaderboard()!.rows[0]!;
    expect(two).toMatchObject({ rank: 1, modelId: 'a', modelName: 'A', foldsDone: 2, provisional: true, fitSeconds: 0.5 });
    expect(two.scores.find((x) => x.metric === 'Accuracy')).toEqual({ metric: 'Accuracy', mean: 0.55, std: 0.05 });
    s.apply([fold('a', 3, 0.7), { kind: 'model.created', payload: { modelId: 'a' } }, fold('b', 1, 0.9), { kind: 'model.failed', payload: { modelId: 'b', fold: 2 } }]);
    s.apply([{ kind: 'model.create.started', payload: { modelId: 'c' } }, fold('c', 1, 0.65)]);
    expect(s.leaderboard()!.rows.map((r) => [r.rank, r.modelId, r.foldsDone])).toEqual([
      [1, 'c', 1],
      [2, 'a', 3],
    ]);
    expect(s.progress()).toEqual({ modelsDone: 2, modelsTotal: 3, foldsDone: 7, foldsTotal: 9, currentModelId: 'c' });
  });

  it('sorts error metrics ascending for a regression and ignores malformed payloads', () => {
    const s = new LiveRunState();
    const reg = (id: string, r2: number, mae: number): EngineEvent => ({
      kind: 'model.fold.scored',
      payload: { modelId: id, k: 2, metrics: { MAE: mae, MSE: mae, RMSE: mae, R2: r2, RMSLE: mae, MAPE: mae, Bogus: 1 }, fitSeconds: 'x' },
    });
    s.apply([{ kind: 'experiment.started', payload: { task: 'regression' } }, { kind: 'model.compare.started', payload: { models: [{ modelId: 'x' }, { modelId: 'y' }], k: 2, sort: 'MAE' } }]);
    expect(s.apply([{ kind: 'model.fold.scored', payload: null }, { kind: 'model.created', payload: { k: 2 } }, { kind: 'warning', payload: { modelId: 'x' } }])).toBe(false);
    s.apply([reg('x', 0.9, 3), reg('y', 0.5, 1)]);
    const board = s.leaderboard()!;
    expect(board.sortMetric).toBe('MAE');
    expect(board.rows.map((r) => r.modelId)).toEqual(['y', 'x']); // lower MAE first, although its R2 is worse
    expect(board.rows[0]!.scores.map((x) => x.metric)).toEqual(['MAE', 'MSE', 'RMSE', 'R2', 'RMSLE', 'MAPE']);
    expect(board.rows[0]!.fitSeconds).toBe(0);
  });

  it.each([
    ['random grid', { nIter: 4 }],
    ['tpe', { library: 'tpe', nIter: 4 }],
    ['halving', { library: 'halving', nIter: 6 }],
  ] as const)('ends a real %s tune at every model and fold done', async (_, params) => {
    const events: EngineEvent[] = [];
    await runPlan(loadBuiltinDataset('iris'), { task: 'classification', target: 'target', setup: { fold: 3 }, plan: 'tune', modelId: 'dt', params }, { emit: (e) => events.push(e) });
    const s = new LiveRunState();
    s.apply(events);
    const p = s.progress();
    expect(p.modelsTotal).toBe(1 + params.nIter);
    expect(p).toMatchObject({ modelsDone: p.modelsTotal, foldsDone: p.foldsTotal, currentModelId: null });
  });

  it('counts a tune baseline and each candidate as a model', () => {
    const s = new LiveRunState();
    s.apply([
      { kind: 'experiment.started', payload: { task: 'classification' } },
      { kind: 'model.tune.started', payload: { modelId: 'dt', modelName: 'DT', candidates: 2, optimize: 'F1', k: 3 } },
      { kind: 'model.create.started', payload: { modelId: 'dt', k: 3, role: 'baseline' } },
      fold('dt', 1, 0.8),
    ]);
    expect(s.progress()).toEqual({ modelsDone: 0, modelsTotal: 3, foldsDone: 1, foldsTotal: 9, currentModelId: 'dt' });
    expect(s.leaderboard()!.sortMetric).toBe('F1');
    s.apply([fold('dt', 2, 0.8), fold('dt', 3, 0.8), { kind: 'model.created', payload: { modelId: 'dt' } }, { kind: 'model.tune.trial', payload: { iteration: 1 } }]);
    expect(s.progress()).toEqual({ modelsDone: 2, modelsTotal: 3, foldsDone: 6, foldsTotal: 9, currentModelId: 'dt' });
    s.apply([{ kind: 'model.tune.candidate', payload: { iteration: 2 } }]);
    expect(s.progress().modelsDone).toBe(2); // the grid's candidate event is not counted twice
    s.apply([{ kind: 'model.tune.trial', payload: { iteration: 2 } }]);
    expect(s.progress()).toEqual({ modelsDone: 3, modelsTotal: 3, foldsDone: 9, foldsTotal: 9, currentModelId: null });
  });
});

describe('plannedProgress', () => {
  const snap = (over: Partial<RunSnapshot>, setupParams: RunSnapshot['experiment']['setupParams'] = {}): RunSnapshot => ({
    ...TEST_SNAPSHOT,
    ...over,
    experiment: { ...TEST_SNAPSHOT.experiment, setupParams },
  });

  it('gives zeros with the totals the snapshot determines', () => {
    const zero = { modelsDone: 0, foldsDone: 0, currentModelId: null };
    expect(plannedProgress(snap({ plan: 'setup' }))).toEqual({ ...zero, modelsTotal: 0, foldsTotal: 0 });
    expect(plannedProgress(snap({ plan: 'tune', modelId: 'dt' }))).toEqual({ ...zero, modelsTotal: 0, foldsTotal: 0 });
    expect(plannedProgress(snap({ plan: 'create', modelId: 'lr' }, { fold: 5 }))).toEqual({ ...zero, modelsTotal: 1, foldsTotal: 5 });
    expect(plannedProgress(snap({ plan: 'create', modelId: 'lr', params: { fold: 4 } }, { fold: 5 }))).toEqual({ ...zero, modelsTotal: 1, foldsTotal: 4 });
    expect(plannedProgress(snap({ plan: 'compare', params: { include: ['lr', 'dt', 'rf'], exclude: ['dt'] } }))).toEqual({ ...zero, modelsTotal: 2, foldsTotal: 20 });
    const turbo = listModels('classification').filter((m) => m.turbo).length;
    expect(turbo).toBeGreaterThan(5);
    expect(plannedProgress(snap({ plan: 'compare', params: {} }, { fold: 3 }))).toEqual({ ...zero, modelsTotal: turbo, foldsTotal: turbo * 3 });
    const all = listModels('classification').length;
    expect(plannedProgress(snap({ plan: 'compare', params: { turbo: false } }, { fold: 3 })).modelsTotal).toBe(all);
  });

  it('prefers the stored progress, and ignores a malformed one', () => {
    const stored = { modelsDone: 1, modelsTotal: 2, foldsDone: 3, foldsTotal: 6, currentModelId: 'dt' };
    expect(runProgress(snap({ plan: 'create', modelId: 'lr' }), stored)).toEqual(stored);
    expect(runProgress(snap({ plan: 'create', modelId: 'lr' }), { modelsDone: 'x' })).toEqual({ modelsDone: 0, modelsTotal: 1, foldsDone: 0, foldsTotal: 10, currentModelId: null });
  });
});
