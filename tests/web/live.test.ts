// The web app's live run state from runEvents: provisional leaderboard means over the folds scored so far,
// ranks, progress and the model × fold grid.
import { describe, expect, it } from 'vitest';
import { applyEvent, emptyLiveState, liveLeaderboard, liveProgress, progressGrid, progressGridFromApi, rankRows, type StreamEvent } from '../../web/src/live.js';

let seq = 0;
const event = (kind: string, payload: unknown, message?: string): StreamEvent => ({ seq: ++seq, kind, payload, message: message ?? null, emittedAt: '2026-01-01T00:00:00Z' });
const fold = (modelId: string, fold: number, accuracy: number, auc: number, fitSeconds: number) =>
  event('model.fold.scored', { modelId, modelName: modelId.toUpperCase(), fold, k: 3, metrics: { Accuracy: accuracy, AUC: auc }, fitSeconds });

describe('live run state', () => {
  it('keeps provisional means and population stds over the folds done, ranked by the compare sort', () => {
    const s = emptyLiveState();
    applyEvent(s, event('model.compare.started', { models: [{ modelId: 'lr', modelName: 'LR' }, { modelId: 'nb', modelName: 'NB' }, { modelId: 'dt', modelName: 'DT' }], k: 3, sort: 'Accuracy' }));
    applyEvent(s, event('model.create.started', { modelId: 'lr', modelName: 'LR', k: 3 }));
    for (const e of [fold('lr', 1, 0.9, 0.95, 0.1), fold('lr', 2, 0.8, 0.85, 0.3), fold('lr', 3, 0.7, 0.9, 0.2)]) applyEvent(s, e);
    applyEvent(s, event('model.created', { modelId: 'lr' }));
    applyEvent(s, event('model.create.started', { modelId: 'nb', modelName: 'NB', k: 3 }));
    applyEvent(s, fold('nb', 1, 0.95, 0.5, 0.01));

    const rows = liveLeaderboard(s);
    expect(rows.map((r) => [r.rank, r.modelId, r.foldsDone, r.provisional])).toEqual([
      [1, 'nb', 1, true],
      [2, 'lr', 3, false],
    ]);
    const lr = rows[1]!;
    // mean(0.9, 0.8, 0.7) = 0.8; population std = sqrt(((0.1)² + 0 + (0.1)²) / 3) = 0.0816
    expect(lr.scores).toEqual([
      { metric: 'Accuracy', mean: 0.8, std: 0.0816 },
      { metric: 'AUC', mean: 0.9, std: 0.0408 },
    ]);
    expect(lr.fitSeconds).toBe(0.2);
    expect(liveProgress(s)).toEqual({ modelsDone: 1, modelsTotal: 3, foldsDone: 4, foldsTotal: 9, currentModelId: 'nb' });
    expect(progressGrid(s).map((r) => [r.modelId, r.state, r.folds.join(' ')])).toEqual([
      ['lr', 'done', 'done done done'],
      ['nb', 'running', 'done pending pending'],
      ['dt', 'pending', 'pending pending pending'],
    ]);
  });

  it('ignores replayed events (seq at or below the last one) and marks a failed model', () => {
    const s = emptyLiveState();
    const first = fold('rf', 1, 0.9, 0.9, 0.5);
    applyEvent(s, first);
    applyEvent(s, first);
    applyEvent(s, event('model.failed', { modelId: 'rf' }, 'rf failed at fold 2'));
    expect(liveLeaderboard(s)[0]?.foldsDone).toBe(1);
    expect(liveLeaderboard(s)[0]?.failed).toBe('rf failed at fold 2');
    expect(progressGrid(s)[0]?.folds).toEqual(['done', 'failed', 'pending']);
    expect(liveProgress(s)).toMatchObject({ modelsDone: 1, foldsDone: 3, foldsTotal: 3 });
  });

  it('ranks error metrics ascending and the others descending, rows without the metric last', () => {
    const row = (id: string, scores: Record<string, number>) => ({ rank: 0, modelId: id, scores: Object.entries(scores).map(([metric, mean]) => ({ metric, mean, std: 0 })) });
    const rows = [row('a', { RMSE: 3, R2: 0.5 }), row('b', { RMSE: 1, R2: 0.9 }), row('c', { R2: 0.7 })];
    expect(rankRows(rows, 'RMSE').map((r) => r.modelId)).toEqual(['b', 'a', 'c']);
    expect(rankRows(rows, 'R2').map((r) => [r.rank, r.modelId])).toEqual([[1, 'b'], [2, 'c'], [3, 'a']]);
    expect(rankRows(rows, 'MAE').map((r) => r.modelId)).toEqual(['a', 'b', 'c']);
  });

  it('draws the grid from the API progress and leaderboard rows, completed by the planned and failed models of the events', () => {
    const progress = { modelsDone: 1, modelsTotal: 3, foldsDone: 5, foldsTotal: 9, currentModelId: 'nb' };
    const rows = [
      { modelId: 'lr', modelName: 'LR', foldsDone: 3, provisional: false },
      { modelId: 'nb', modelName: 'NB', foldsDone: 2, provisional: true },
    ];
    // Without events: the API alone (3 folds per model from the totals); models not in the leaderboard are unknown.
    expect(progressGridFromApi(progress, rows, []).map((g) => [g.modelId, g.state, g.folds.join(' ')])).toEqual([
      ['lr', 'done', 'done done done'],
      ['nb', 'running', 'done done pending'],
    ]);
    // The events know the plan (dt not started) and a failure; the API's fold counts win where they are ahead.
    const s = emptyLiveState();
    applyEvent(s, event('model.compare.started', { models: [{ modelId: 'lr' }, { modelId: 'nb' }, { modelId: 'dt' }, { modelId: 'rf' }], k: 3 }));
    applyEvent(s, fold('rf', 1, 0.5, 0.5, 0.1));
    applyEvent(s, event('model.failed', { modelId: 'rf' }, 'boom'));
    expect(progressGridFromApi(progress, rows, progressGrid(s)).map((g) => [g.modelId, g.state, g.folds.join(' ')])).toEqual([
      ['lr', 'done', 'done done done'],
      ['nb', 'running', 'done done pending'],
      ['dt', 'pending', 'pending pending pending'],
      ['rf', 'failed', 'done failed pending'],
    ]);
    expect(progressGridFromApi({ ...progress, modelsTotal: 0, foldsTotal: 0 }, [], [])).toEqual([]);
  });
});
