import type { TaskType } from '../types.js';
import type { Params } from '../core/estimator.js';
import type { FoldOutcome } from '../experiment/fold-task.js';
import type { TargetTransformJSON } from '../preprocessing/target-transform.js';

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
  /** transformTarget's fitted transform (y is mapped, yv is not). */
  target?: TargetTransformJSON;
}

/**
 * One plan's tasks are the indices 0 .. jobs.length * k - 1 (task i = job floor(i / k), fold i % k).
 * Every thread claims the next index with Atomics.add(claim, 0, 1), so workers never wait for the main
 * thread to hand them work; `dropped[job]` = 1 means nobody wants that job's outcomes any more.
 */
export interface PlanInit {
  type: 'init';
  task: TaskType;
  nClasses: number;
  /** Binary tasks: PyCaret's probability_threshold for the fold scores (null: predict as is). */
  probabilityThreshold: number | null;
  folds: SharedFold[];
  jobs: Array<{ modelId: string; params: Params; portable: boolean }>;
  claim: Int32Array;
  dropped: Int32Array;
}

export type MainToWorker = PlanInit;

export type WorkerToMain =
  | { type: 'ready' }
  | { type: 'claim'; index: number }
  | { type: 'result'; index: number; outcome: FoldOutcome }
  /** A claimed task this worker cannot run (a model it does not know): the main thread runs it. */
  | { type: 'skip'; index: number }
  /** No task left to claim: the worker is idle. */
  | { type: 'drained' };
