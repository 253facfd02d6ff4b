import type { Leaderboard, MetricName } from '../types.js';
import type { Experiment } from './experiment.js';
import { higherIsBetter } from './metric-names.js';
import { summariseRun, type ModelRun } from './model-run.js';

/**
 * PyCaret's leaderboard of finished runs: sorted by the (4-decimal) mean of `sort`, best first; ties keep
 * the order in which the models were run. Returns the rows and the runs in the same order.
 */
export function buildLeaderboard(exp: Experiment, runs: readonly ModelRun[], sort: MetricName): { leaderboard: Leaderboard; ordered: ModelRun[] } {
  const rows = runs.map((run, i) => {
    const s = summariseRun(exp, run);
    const key = s.means[sort] ?? NaN;
    return { run, i, s, key };
  });
  const sign = higherIsBetter(sort) ? -1 : 1;
  rows.sort((a, b) => {
    const an = Number.isNaN(a.key);
    const bn = Number.isNaN(b.key);
    if (an !== bn) return an ? 1 : -1;
    return (an ? 0 : sign * (a.key - b.key)) || a.i - b.i;
  });
  return {
    leaderboard: {
      sortMetric: sort,
      rows: rows.map((r, rank) => ({ rank: rank + 1, modelId: r.run.spec.id, modelName: r.run.spec.name, scores: r.s.scores, fitSeconds: r.s.fitSeconds })),
    },
    ordered: rows.map((r) => r.run),
  };
}
