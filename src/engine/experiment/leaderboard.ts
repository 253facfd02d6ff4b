import type { Leaderboard, LeaderboardRow, MetricName, TaskType } from '../types.js';
import { summarise } from '../metrics/index.js';
import type { Experiment } from './experiment.js';
import { higherIsBetter, metricsOf, round4 } from './metric-names.js';
import type { ModelRun } from './model-run.js';

/** One model's scored folds, as the leaderboard needs them (from a ModelRun, or from model.fold.scored events). */
export interface FoldScores {
  modelId: string;
  modelName: string;
  foldMetrics: ReadonlyArray<Partial<Record<MetricName, number>>>;
  fitSeconds: readonly number[];
}

/**
 * PyCaret's leaderboard: per model the mean and population std over its folds (4 decimals), sorted by the
 * (4-decimal) mean of `sort`, best first; ties keep the order of `models`; NaN means sort last.
 * Returns the rows and, for each row, the index of its entry in `models`.
 */
export function rankFoldScores(task: TaskType, models: readonly FoldScores[], sort: MetricName): { leaderboard: Leaderboard; order: number[] } {
  const metrics = metricsOf(task);
  const rows = models.map((m, i) => {
    const scores = summarise(m.foldMetrics as Array<Record<string, number>>, metrics);
    const key = scores.find((s) => s.metric === sort)?.mean ?? NaN;
    const fit = m.fitSeconds.length ? m.fitSeconds.reduce((a, b) => a + b, 0) / m.fitSeconds.length : 0;
    return { m, i, scores, key, fitSeconds: round4(fit) };
  });
  const sign = higherIsBetter(sort) ? -1 : 1;
  rows.sort((a, b) => {
    const an = Number.isNaN(a.key);
    const bn = Number.isNaN(b.key);
    if (an !== bn) return an ? 1 : -1;
    return (an ? 0 : sign * (a.key - b.key)) || a.i - b.i;
  });
  const out: LeaderboardRow[] = rows.map((r, rank) => ({
    rank: rank + 1,
    modelId: r.m.modelId,
    modelName: r.m.modelName,
    scores: r.scores,
    fitSeconds: r.fitSeconds,
    foldsDone: r.m.foldMetrics.length,
  }));
  return { leaderboard: { sortMetric: sort, rows: out }, order: rows.map((r) => r.i) };
}

/** The leaderboard of finished runs (rankFoldScores); returns the rows and the runs in the same order. */
export function buildLeaderboard(exp: Experiment, runs: readonly ModelRun[], sort: MetricName): { leaderboard: Leaderboard; ordered: ModelRun[] } {
  const { leaderboard, order } = rankFoldScores(
    exp.task,
    runs.map((r) => ({ modelId: r.spec.id, modelName: r.spec.name, foldMetrics: r.foldMetrics, fitSeconds: r.fitSeconds })),
    sort,
  );
  return { leaderboard, ordered: order.map((i) => runs[i] as ModelRun) };
}
