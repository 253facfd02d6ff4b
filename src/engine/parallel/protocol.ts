import type { TaskType } from '../api.js';
import type { Params } from '../core/estimator.js';
import type { FoldOutcome } from '../experiment/fold-task.js';

/** A matrix whose data lives in a SharedArrayBuffer (no copy per worker). */
export interface SharedMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export interface SharedFold {
  X: SharedMatrix;
  y: Float64Array;
  Xv: SharedMatrix;
  yv: Float64Array;
}

export type MainToWorker =
  | { type: 'init'; task: TaskType; nClasses: number; folds: SharedFold[] }
  | { type: 'fit'; id: number; modelId: string; params: Params; fold: number }
  /** The plan is over: drop its folds (the worker waits, idle, for another plan's init). No answer. */
  | { type: 'reset' };

export type WorkerToMain = { type: 'ready' } | { type: 'result'; id: number; outcome: FoldOutcome };
