// The warm-up task of a fresh pool thread: a small synthetic compare per kind of task a user's compare can be
// (multiclass, binary and regression: their models and metrics run different code), so that the thread has
// loaded the engine and JIT-compiled every model family of a default compare before a user's first run lands
// on it. When a run may use several threads, the data are large enough (70% of the rows, the train part, ×
// WARM_FEATURES ≥ 2,500 cells: the engine's pool starts fold threads above that, engine/parallel/pool-runner.ts)
// for folds to be fitted on the fold threads too, so those are started and warm as well; with one thread a
// smaller set compiles the same code in a third of the time. Generated (seeded),
// results (and the encoded pipeline, so that step is compiled too) thrown away; the compare stops at the next fold when a run needs the thread.
import type { ColumnRecord, EngineLogger, PlanRequest, TaskType } from '../../engine/index.js';
import { encodeBinaryJson } from '../storage/binary-json.js';

type Engine = typeof import('../../engine/index.js');

export const WARM_FEATURES = 10;
/** Rows of the warm-up sets: 280 train rows × 10 features = 2,800 cells with fold threads, else 120 rows. */
export function warmRows(threads: number): number {
  return threads > 1 ? 400 : 120;
}

export type WarmUpKind = 'multiclass' | 'binary' | 'regression';
export const WARM_UP_KINDS: readonly WarmUpKind[] = ['multiclass', 'binary', 'regression'];

/** x0..x9 uniform in [0, 1) from a fixed LCG; the target depends on them (3 classes, 2 classes, or a linear response). */
function syntheticColumns(kind: WarmUpKind, rows: number): ColumnRecord {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const columns: Record<string, number[]> = {};
  for (let f = 0; f < WARM_FEATURES; f++) columns[`x${f}`] = [];
  const target: number[] = [];
  // Cut points of the weighted sum (mean 0.5 × Σ weights = 0.5 × 55) into roughly equal classes.
  const mid = 27.5;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let f = 0; f < WARM_FEATURES; f++) {
      const v = next();
      columns[`x${f}`]!.push(v);
      sum += v * (f + 1);
    }
    const noisy = sum + 4 * (next() - 0.5);
    target.push(kind === 'regression' ? noisy : kind === 'binary' ? (noisy > mid ? 1 : 0) : noisy < mid - 3 ? 0 : noisy < mid + 3 ? 1 : 2);
  }
  return { ...columns, target };
}

export interface WarmUpOutcome {
  /** Compares that ran to the end (fewer when a run asked for the thread). */
  compares: number;
  /** The models each finished compare fitted (its leaderboard), per kind. */
  fitted: Partial<Record<WarmUpKind, string[]>>;
}

export async function runWarmUp(engine: Engine, threads: number, logger: EngineLogger, signal: AbortSignal): Promise<WarmUpOutcome> {
  let compares = 0;
  const fitted: WarmUpOutcome['fitted'] = {};
  for (const kind of WARM_UP_KINDS) {
    if (signal.aborted) break;
    const task: TaskType = kind === 'regression' ? 'regression' : 'classification';
    const frame = engine.frameFromColumns(syntheticColumns(kind, warmRows(threads)));
    const request: PlanRequest = { task, target: 'target', setup: { fold: 3, sessionId: 1 }, plan: 'compare', params: {}, threads };
    const result = await engine.runPlan(frame, request, logger, signal);
    if (result.cancelled) continue;
    compares++;
    fitted[kind] = (result.leaderboard?.rows ?? []).map((r) => r.modelId);
    // A run's last step is writing its pipeline in this format: compile that code too (the bytes are dropped).
    if (result.pipeline) encodeBinaryJson(result.pipeline);
  }
  return { compares, fitted };
}
