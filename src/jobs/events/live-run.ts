// A running run's live leaderboard and progress, derived from the events the engine emits (no extra engine
// work): model.compare.started / model.create.started / model.tune.started announce the models and the fold
// count, model.fold.scored adds one fold's metrics, model.created / model.failed / model.tune.trial end
// a model. The event sink feeds each stored batch through apply() and writes leaderboard() and progress() on
// the Run row in the same transaction (see event-sink.ts).
import {
  CLASSIFICATION_METRICS,
  rankFoldScores,
  REGRESSION_METRICS,
  type Leaderboard,
  type LeaderboardRow,
  type MetricName,
  type TaskType,
} from '../../engine/index.js';
import type { EventInput, RunProgress } from '../types.js';

/** A leaderboard as stored on a RUNNING run: means over the folds done so far. */
export interface LiveLeaderboard extends Leaderboard {
  provisional: true;
  rows: Array<LeaderboardRow & { provisional: boolean }>;
}

interface LiveModel {
  modelId: string;
  modelName: string;
  k: number;
  foldMetrics: Array<Partial<Record<MetricName, number>>>;
  fitSeconds: number[];
  started: boolean;
  finished: boolean;
  failed: boolean;
}

const METRICS: ReadonlySet<string> = new Set<string>([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS]);

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

function isMetric(name: string): name is MetricName {
  return METRICS.has(name);
}

export class LiveRunState {
  private task: TaskType | null = null;
  private sort: MetricName | null = null;
  private k = 0;
  private readonly models = new Map<string, LiveModel>();
  /** tune: candidates announced by model.tune.started, and how many trials ended (model.tune.trial). */
  private tuned: string | null = null;
  private candidates = 0;
  private candidatesDone = 0;
  private leaderboardChanged = false;

  /** Folds the events into the state; true when progress or leaderboard changed. */
  apply(events: readonly EventInput[]): boolean {
    let changed = false;
    for (const e of events) changed = this.applyOne(e) || changed;
    return changed;
  }

  /** True when a fold was scored (or a model ended) since the leaderboard was last written. */
  get leaderboardDirty(): boolean {
    return this.leaderboardChanged;
  }

  markLeaderboardWritten(): void {
    this.leaderboardChanged = false;
  }

  private model(id: string, name: string | null, k: number | null): LiveModel {
    let m = this.models.get(id);
    if (!m) {
      m = { modelId: id, modelName: name ?? id, k: k ?? this.k, foldMetrics: [], fitSeconds: [], started: false, finished: false, failed: false };
      this.models.set(id, m);
    }
    if (name) m.modelName = name;
    if (k) m.k = k;
    return m;
  }

  private applyOne(e: EventInput): boolean {
    const p = record(e.payload);
    const id = str(p['modelId']);
    const name = str(p['modelName']);
    const k = int(p['k']);
    if (k) this.k = k;
    switch (e.kind) {
      case 'experiment.started': {
        const task = p['task'];
        if (task === 'classification' || task === 'regression') {
          this.task = task;
          this.sort ??= task === 'classification' ? 'Accuracy' : 'R2';
        }
        return false;
      }
      case 'model.compare.started': {
        const sort = str(p['sort']);
        if (sort && isMetric(sort)) this.sort = sort;
        const models = Array.isArray(p['models']) ? p['models'] : [];
        for (const entry of models) {
          const mid = str(record(entry)['modelId']);
          if (mid) this.model(mid, str(record(entry)['modelName']), k);
        }
        return models.length > 0;
      }
      case 'model.tune.started': {
        const optimize = str(p['optimize']);
        if (optimize && isMetric(optimize)) this.sort = optimize;
        this.candidates = int(p['candidates']) ?? 0;
        if (id) {
          this.tuned = id;
          this.model(id, name, k);
        }
        return true;
      }
      case 'model.create.started':
        if (!id) return false;
        this.model(id, name, k).started = true;
        return true;
      case 'model.fold.scored': {
        if (!id) return false;
        const m = this.model(id, name, k);
        m.started = true;
        const metrics: Partial<Record<MetricName, number>> = {};
        for (const [metric, value] of Object.entries(record(p['metrics']))) {
          if (isMetric(metric) && typeof value === 'number') metrics[metric] = value;
        }
        m.foldMetrics.push(metrics);
        const fit = p['fitSeconds'];
        m.fitSeconds.push(typeof fit === 'number' && Number.isFinite(fit) ? fit : 0);
        this.leaderboardChanged = true;
        return true;
      }
      case 'model.created':
        if (!id) return false;
        this.model(id, name, k).finished = true;
        this.leaderboardChanged = true; // its row stops being provisional
        return true;
      case 'model.failed':
        if (!id) return false;
        this.model(id, name, k).failed = true;
        this.leaderboardChanged = true; // its row leaves the leaderboard (as in the final one)
        return true;
      // Every search (the random grid, tpe, halving) ends each trial with one model.tune.trial; only the grid
      // also emits model.tune.candidate, so counting that left a tpe or halving run's progress at its baseline.
      case 'model.tune.trial':
        this.candidatesDone += 1;
        return true;
      default:
        return false;
    }
  }

  /** modelsDone counts finished and failed models (a failed model's folds count as done); tune counts candidates as models. */
  progress(): RunProgress {
    let modelsDone = 0;
    let foldsDone = 0;
    let foldsTotal = 0;
    let current: string | null = null;
    for (const m of this.models.values()) {
      const k = m.k || this.k;
      foldsTotal += k;
      foldsDone += m.failed ? k : Math.min(k, m.foldMetrics.length);
      if (m.finished || m.failed) modelsDone += 1;
      else if (current === null && m.started) current = m.modelId;
    }
    if (this.tuned !== null) {
      foldsTotal += this.candidates * this.k;
      foldsDone += this.candidatesDone * this.k;
      modelsDone += this.candidatesDone;
      if (current === null && this.candidatesDone < this.candidates) current = this.tuned;
    }
    return { modelsDone, modelsTotal: this.models.size + this.candidates, foldsDone, foldsTotal, currentModelId: current };
  }

  /** Means and stds over the folds done so far, ranked as the final leaderboard; null before a fold was scored. */
  leaderboard(): LiveLeaderboard | null {
    const scored = [...this.models.values()].filter((m) => !m.failed && m.foldMetrics.length > 0);
    if (scored.length === 0 || this.task === null || this.sort === null) return null;
    const { leaderboard, order } = rankFoldScores(this.task, scored, this.sort);
    return {
      sortMetric: leaderboard.sortMetric,
      provisional: true,
      rows: leaderboard.rows.map((row, i) => ({ ...row, provisional: !(scored[order[i] as number] as LiveModel).finished })),
    };
  }
}
