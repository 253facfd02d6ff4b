// The warm-up task of a fresh pool thread: a small synthetic compare per task type, so that the thread has
// loaded the engine and JIT-compiled the models' code before a user's first run lands on it. The data are
// generated (seeded), the results thrown away; the compare stops at the next fold when a run needs the thread.
import type { ColumnRecord, EngineLogger, PlanRequest, TaskType } from '../../engine/index.js';

type Engine = typeof import('../../engine/index.js');

const ROWS = 120;
const FEATURES = 4;

/** x0..x3 uniform in [0, 1) from a fixed LCG; the target depends on them (3 classes, or a linear response). */
function syntheticColumns(task: TaskType): ColumnRecord {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const columns: Record<string, number[]> = {};
  for (let f = 0; f < FEATURES; f++) columns[`x${f}`] = [];
  const target: number[] = [];
  for (let r = 0; r < ROWS; r++) {
    let sum = 0;
    for (let f = 0; f < FEATURES; f++) {
      const v = next();
      columns[`x${f}`]!.push(v);
      sum += v * (f + 1);
    }
    const noisy = sum + 0.3 * next();
    target.push(task === 'classification' ? Math.min(2, Math.floor(noisy / 3.5)) : noisy);
  }
  return { ...columns, target };
}

export interface WarmUpOutcome {
  /** Compares that ran to the end (fewer when a run asked for the thread). */
  compares: number;
}

export async function runWarmUp(engine: Engine, threads: number, logger: EngineLogger, signal: AbortSignal): Promise<WarmUpOutcome> {
  let compares = 0;
  for (const task of ['classification', 'regression'] as const) {
    if (signal.aborted) break;
    const frame = engine.frameFromColumns(syntheticColumns(task));
    const request: PlanRequest = { task, target: 'target', setup: { fold: 3, sessionId: 1 }, plan: 'compare', params: {}, threads };
    const result = await engine.runPlan(frame, request, logger, signal);
    if (!result.cancelled) compares++;
  }
  return { compares };
}
