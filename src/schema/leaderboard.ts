import type { MetricName, MetricSummary } from '../engine/index.js';
import type { ServedLeaderboard } from '../resolvers/live-runs.js';
import { builder } from './builder.js';

/** GraphQL Metric (ACCURACY, ...) ↔ engine metric name ('Accuracy', ...). */
export const MetricEnum = builder.enumType('Metric', {
  values: {
    ACCURACY: { value: 'Accuracy' as MetricName },
    AUC: { value: 'AUC' as MetricName },
    RECALL: { value: 'Recall' as MetricName },
    PRECISION: { value: 'Precision' as MetricName },
    F1: { value: 'F1' as MetricName },
    KAPPA: { value: 'Kappa' as MetricName },
    MCC: { value: 'MCC' as MetricName },
    MAE: { value: 'MAE' as MetricName },
    MSE: { value: 'MSE' as MetricName },
    RMSE: { value: 'RMSE' as MetricName },
    R2: { value: 'R2' as MetricName },
    RMSLE: { value: 'RMSLE' as MetricName },
    MAPE: { value: 'MAPE' as MetricName },
  } as const,
});

export const MetricScoreRef = builder.objectRef<MetricSummary>('MetricScore').implement({
  fields: (t) => ({
    metric: t.field({ type: MetricEnum, resolve: (s) => s.metric }),
    mean: t.exposeFloat('mean'),
    std: t.exposeFloat('std', { description: 'Population standard deviation over the folds.' }),
  }),
});

export const LeaderboardRowRef = builder.objectRef<ServedLeaderboard['rows'][number]>('LeaderboardRow').implement({
  fields: (t) => ({
    rank: t.exposeInt('rank'),
    modelId: t.exposeString('modelId'),
    modelName: t.exposeString('modelName'),
    scores: t.field({ type: [MetricScoreRef], resolve: (r) => r.scores }),
    fitSeconds: t.exposeFloat('fitSeconds', { description: 'Mean fit time per fold (PyCaret\'s "TT (Sec)").' }),
    foldsDone: t.exposeInt('foldsDone', { description: 'Folds scored so far; rows appear while the run is RUNNING (live leaderboard).' }),
    provisional: t.exposeBoolean('provisional', {
      description: 'True while the model has not finished its folds: the means are over the folds done so far.',
    }),
  }),
});

export const LeaderboardRef = builder.objectRef<ServedLeaderboard>('Leaderboard').implement({
  fields: (t) => ({
    sortMetric: t.field({ type: MetricEnum, resolve: (l) => l.sortMetric }),
    rows: t.field({ type: [LeaderboardRowRef], resolve: (l) => l.rows }),
    provisional: t.exposeBoolean('provisional', {
      description: 'True while the run is RUNNING (and for a run that failed mid-way): means over the folds done so far. The final leaderboard replaces it.',
    }),
  }),
});
