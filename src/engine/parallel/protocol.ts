import type { TaskType } from '../types.js';
import type { EstimatorJSON, Params } from '../core/estimator.js';
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

/**
 * Permutation importance of one fitted model on the holdout, scored alongside the main thread: columns are
 * claimed with Atomics.add(claim, 0, 1); the worker writes column c's scores to scores[c * repeats ..] and then
 * state[c] = 1 (2: it failed, the main thread scores it), notifying waiters. It posts no message.
 */
export interface PermuteInit {
  type: 'permute';
  task: TaskType;
  modelId: string;
  estimator: EstimatorJSON;
  /** transformTarget's fitted transform: predictions are mapped back before scoring. */
  target: TargetTransformJSON | null;
  nClasses: number;
  probabilityThreshold: number | null;
  E: SharedMatrix;
  blocks: number[][];
  orders: Int32Array[];
  base: Float64Array;
  /** The holdout targets the scores compare with. */
  yp: Float64Array;
  claim: Int32Array;
  state: Int32Array;
  scores: Float64Array;
  /** [0]: 1 once the worker has the model and claims columns, 2 when it cannot (it then claims none). */
  status: Int32Array;
}

export type MainToWorker = PlanInit | PermuteInit;

export type WorkerToMain =
  | { type: 'ready' }
  | { type: 'claim'; index: number }
  | { type: 'result'; index: number; outcome: FoldOutcome }
  /** A claimed task this worker cannot run (a model it does not know): the main thread runs it. */
  | { type: 'skip'; index: number }
  /** No task left to claim: the worker is idle. */
  | { type: 'drained' };
