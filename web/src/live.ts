// Live run state derived from the runEvents stream, in the contract's shapes (RunProgress, LeaderboardRow
// with foldsDone). The run page draws Run.progress / Run.leaderboard from the API (experimentRuns) and uses
// this state for what only the events say: the planned models not started yet, failed folds, and as the
// fallback leaderboard when the API has none.

export interface Score {
  metric: string;
  mean: number;
  std: number;
}
export interface LiveRow {
  rank: number;
  modelId: string;
  modelName: string;
  scores: Score[];
  fitSeconds: number;
  foldsDone: number;
  provisional: boolean;
  failed?: string;
}
export interface RunProgress {
  modelsDone: number;
  modelsTotal: number;
  foldsDone: number;
  foldsTotal: number;
  currentModelId: string | null;
}
export interface StreamEvent {
  seq: number;
  kind: string;
  message?: string | null;
  payload?: unknown;
  emittedAt: string;
}
/** One model's row in the model × fold grid. */
export interface GridRow {
  modelId: string;
  modelName: string;
  k: number;
  folds: ('done' | 'failed' | 'pending')[];
  state: 'pending' | 'running' | 'done' | 'failed';
}

interface ModelState {
  modelId: string;
  modelName: string;
  k: number;
  foldMetrics: Record<string, number>[];
  fitSeconds: number[];
  created: boolean;
  failed: string | null;
  started: boolean;
}

export interface LiveRunState {
  models: Map<string, ModelState>;
  order: string[];
  k: number;
  sortMetric: string | null;
  lastSeq: number;
}

export function emptyLiveState(): LiveRunState {
  return { models: new Map(), order: [], k: 0, sortMetric: null, lastSeq: 0 };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function model(state: LiveRunState, id: string, name: string, k: number): ModelState {
  let m = state.models.get(id);
  if (!m) {
    m = { modelId: id, modelName: name, k, foldMetrics: [], fitSeconds: [], created: false, failed: null, started: false };
    state.models.set(id, m);
    state.order.push(id);
  }
  if (name) m.modelName = name;
  if (k) m.k = k;
  return m;
}

/** Folds one event into the state (mutates and returns it); events at or below lastSeq are ignored. */
export function applyEvent(state: LiveRunState, event: StreamEvent): LiveRunState {
  if (event.seq <= state.lastSeq) return state;
  state.lastSeq = event.seq;
  const p = record(event.payload);
  const id = typeof p.modelId === 'string' ? p.modelId : '';
  const name = typeof p.modelName === 'string' ? p.modelName : id;
  const k = typeof p.k === 'number' ? p.k : state.k;
  switch (event.kind) {
    case 'model.compare.started': {
      state.k = k;
      if (typeof p.sort === 'string') state.sortMetric = p.sort;
      for (const entry of Array.isArray(p.models) ? p.models : []) {
        const e = record(entry);
        if (typeof e.modelId === 'string') model(state, e.modelId, typeof e.modelName === 'string' ? e.modelName : e.modelId, k);
      }
      break;
    }
    case 'model.create.started':
      if (id) model(state, id, name, k).started = true;
      state.k = state.k || k;
      break;
    case 'model.fold.scored': {
      if (!id) break;
      const m = model(state, id, name, k);
      m.started = true;
      const metrics: Record<string, number> = {};
      for (const [key, value] of Object.entries(record(p.metrics))) if (typeof value === 'number') metrics[key] = value;
      m.foldMetrics.push(metrics);
      if (typeof p.fitSeconds === 'number') m.fitSeconds.push(p.fitSeconds);
      break;
    }
    case 'model.created':
      if (id) model(state, id, name, k).created = true;
      break;
    case 'model.failed':
      if (id) model(state, id, name, k).failed = event.message ?? 'failed';
      break;
  }
  return state;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
/** Population standard deviation (numpy's default, as PyCaret's fold table). */
const std = (xs: number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Error metrics sort ascending, the others descending. */
export const LOWER_IS_BETTER = new Set(['MAE', 'MSE', 'RMSE', 'RMSLE', 'MAPE']);

export function metricKey(metric: string): string {
  return metric.toUpperCase();
}

const METRIC_LABELS: Record<string, string> = {
  ACCURACY: 'Accuracy', AUC: 'AUC', RECALL: 'Recall', PRECISION: 'Prec.', F1: 'F1', KAPPA: 'Kappa', MCC: 'MCC',
  MAE: 'MAE', MSE: 'MSE', RMSE: 'RMSE', R2: 'R2', RMSLE: 'RMSLE', MAPE: 'MAPE',
};

/** PyCaret's column heading for a metric, from either spelling (GraphQL enum or engine name). */
export function metricLabel(metric: string): string {
  return METRIC_LABELS[metricKey(metric)] ?? metric;
}

/** The leaderboard of the folds scored so far: means over done folds, provisional until model.created. */
export function liveLeaderboard(state: LiveRunState): LiveRow[] {
  const rows: LiveRow[] = [];
  for (const id of state.order) {
    const m = state.models.get(id);
    if (!m || m.foldMetrics.length === 0) continue;
    const names = Object.keys(m.foldMetrics[0] ?? {});
    rows.push({
      rank: 0,
      modelId: m.modelId,
      modelName: m.modelName,
      scores: names.map((metric) => {
        const xs = m.foldMetrics.map((f) => f[metric] ?? Number.NaN).filter((x) => Number.isFinite(x));
        return { metric, mean: round4(mean(xs)), std: round4(std(xs)) };
      }),
      fitSeconds: round4(mean(m.fitSeconds)),
      foldsDone: m.foldMetrics.length,
      provisional: !m.created,
      ...(m.failed ? { failed: m.failed } : {}),
    });
  }
  const sort = state.sortMetric ?? rows[0]?.scores[0]?.metric ?? '';
  return rankRows(rows, sort);
}

export function scoreOf(row: { scores: Score[] }, metric: string): number | null {
  const s = row.scores.find((x) => metricKey(x.metric) === metricKey(metric));
  return s ? s.mean : null;
}

export function rankRows<T extends { scores: Score[]; rank: number }>(rows: T[], metric: string): T[] {
  const asc = LOWER_IS_BETTER.has(metricKey(metric));
  const sorted = [...rows].sort((a, b) => {
    const x = scoreOf(a, metric) ?? Number.NaN;
    const y = scoreOf(b, metric) ?? Number.NaN;
    if (Number.isNaN(x)) return 1;
    if (Number.isNaN(y)) return -1;
    return asc ? x - y : y - x;
  });
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

export function liveProgress(state: LiveRunState): RunProgress {
  let modelsDone = 0;
  let foldsDone = 0;
  let foldsTotal = 0;
  let current: string | null = null;
  for (const id of state.order) {
    const m = state.models.get(id);
    if (!m) continue;
    const k = m.k || state.k;
    foldsTotal += k;
    foldsDone += m.failed ? k : m.foldMetrics.length;
    if (m.created || m.failed) modelsDone += 1;
    else if (m.started) current = m.modelId;
  }
  return { modelsDone, modelsTotal: state.order.length, foldsDone, foldsTotal, currentModelId: current };
}

export function progressGrid(state: LiveRunState): GridRow[] {
  return state.order.flatMap((id) => {
    const m = state.models.get(id);
    if (!m) return [];
    const k = m.k || state.k;
    const folds = Array.from({ length: k }, (_, i): 'done' | 'failed' | 'pending' =>
      i < m.foldMetrics.length ? 'done' : m.failed && i === m.foldMetrics.length ? 'failed' : 'pending',
    );
    const state_: GridRow['state'] = m.failed ? 'failed' : m.created ? 'done' : m.started ? 'running' : 'pending';
    return [{ modelId: m.modelId, modelName: m.modelName, k, folds, state: state_ }];
  });
}

/**
 * The model × fold grid from the API's progress and leaderboard rows (foldsDone per model), completed with
 * what only the events know (planned models not started yet, failed folds): `fromEvents` is progressGrid's.
 */
export function progressGridFromApi(
  progress: RunProgress,
  rows: readonly { modelId: string; modelName: string; foldsDone: number; provisional?: boolean }[],
  fromEvents: readonly GridRow[],
): GridRow[] {
  const perModel = progress.modelsTotal > 0 ? Math.round(progress.foldsTotal / progress.modelsTotal) : 0;
  const k = fromEvents[0]?.k || perModel;
  if (k === 0) return [...fromEvents];
  const byId = new Map(rows.map((r) => [r.modelId, r]));
  const ids = [...fromEvents.map((g) => g.modelId), ...rows.map((r) => r.modelId).filter((id) => !fromEvents.some((g) => g.modelId === id))];
  return ids.map((id) => {
    const ev = fromEvents.find((g) => g.modelId === id);
    const row = byId.get(id);
    const done = Math.max(row?.foldsDone ?? 0, ev?.folds.filter((f) => f === 'done').length ?? 0);
    const failed = ev?.state === 'failed';
    const folds = Array.from({ length: ev?.k || k }, (_, i): GridRow['folds'][number] => (i < done ? 'done' : failed && i === done ? 'failed' : 'pending'));
    const state: GridRow['state'] = failed
      ? 'failed'
      : row && row.provisional === false
        ? 'done'
        : progress.currentModelId === id || (row && row.foldsDone > 0)
          ? 'running'
          : (ev?.state ?? 'pending');
    return { modelId: id, modelName: row?.modelName ?? ev?.modelName ?? id, k: folds.length, folds, state };
  });
}
