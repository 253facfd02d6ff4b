import type { ColumnHelper, ColumnHelperFactory, PermutationJob } from '../experiment/holdout-permutation.js';
import { MODEL_REGISTRY } from '../models/registry.js';
import type { PermuteInit } from './protocol.js';
import { releaseWorker, takeIdleWorker } from './worker-set.js';

/** A column the helper claimed is waited for at most this long, or this many times the main thread's mean column time. */
const MIN_WAIT_MS = 250;
const WAIT_FACTOR = 4;

let helpedColumns = 0;
/** Columns helper workers have scored in this process (tests check the helper is really used). */
export function helperColumnCount(): number {
  return helpedColumns;
}

function shared(v: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(v.length * 8));
  out.set(v);
  return out;
}

/**
 * Permutation importance on an idle pool worker alongside the calling thread (the worker is busy with
 * nothing else once a plan's cross-validation is over). The calling thread waits for the worker's columns
 * with Atomics.wait, so the analysis stays synchronous; a column the worker does not deliver in time (or
 * fails) is scored on the calling thread. Null when no idle worker exists (none is started for this).
 */
export interface PermutationHelperOptions {
  /** Before claiming, wait (bounded) until the worker has the model and claims too: tests make sure it is used. */
  waitForHelper?: boolean;
  /** Estimated permutation work below which no worker is asked (default MIN_SHARED_WORK_MS). */
  minWorkMs?: number;
}

/**
 * Below this much estimated permutation work the model's toJSON, the copy to the worker and its wake-up cost
 * about what sharing saves (lr on breast_cancer: ~10 ms of work; et 100 trees: ~150 ms; knn on digits: ~3 s).
 */
export const MIN_SHARED_WORK_MS = 60;

/** How long waitForHelper waits for the worker to start. */
const START_WAIT_MS = 30_000;

export function permutationHelper(job: PermutationJob, options: PermutationHelperOptions = {}): ColumnHelperFactory | null {
  // workers know the models of the global registry only
  const spec = job.registry.findPipelineSpec(job.task, job.modelId);
  if (!spec || MODEL_REGISTRY.findPipelineSpec(job.task, job.modelId) !== spec) return null;
  return (src, orders, base, estimatedMs) => {
    if (estimatedMs < (options.minWorkMs ?? MIN_SHARED_WORK_MS)) return null;
    const fw = takeIdleWorker();
    if (!fw) return null;
    const n = src.blocks.length;
    const repeats = orders.length;
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const state = new Int32Array(new SharedArrayBuffer(4 * n));
    const scores = new Float64Array(new SharedArrayBuffer(8 * n * repeats));
    const status = new Int32Array(new SharedArrayBuffer(4));
    const init: PermuteInit = {
      type: 'permute',
      task: job.task,
      modelId: job.modelId,
      estimator: job.estimator(),
      target: job.target,
      nClasses: job.nClasses,
      probabilityThreshold: job.probabilityThreshold ?? null,
      E: { data: shared(src.E.data), rows: src.E.rows, cols: src.E.cols },
      blocks: src.blocks.map((b) => [...b]),
      orders: [...orders],
      base,
      yp: job.yp,
      claim,
      state,
      scores,
      status,
    };
    try {
      fw.worker.postMessage(init);
    } catch {
      releaseWorker(fw);
      return null;
    }
    if (options.waitForHelper) Atomics.wait(status, 0, 0, START_WAIT_MS);
    const t0 = performance.now();
    let mine = 0;
    let deadline = -1;
    let gaveUp = false;
    const helper: ColumnHelper = {
      claim() {
        const c = Atomics.add(claim, 0, 1);
        if (c < n) {
          mine++;
          return c;
        }
        return -1;
      },
      collect(c) {
        if (deadline < 0) deadline = performance.now() + Math.max(MIN_WAIT_MS, (WAIT_FACTOR * (performance.now() - t0)) / Math.max(1, mine));
        while (!gaveUp && Atomics.load(state, c) === 0) {
          const left = deadline - performance.now();
          if (left <= 0) gaveUp = true;
          else Atomics.wait(state, c, 0, left);
        }
        if (Atomics.load(state, c) !== 1) return null;
        helpedColumns++;
        return Array.from(scores.subarray(c * repeats, (c + 1) * repeats));
      },
      finish() {
        // no column is left to claim; the worker runs its next message (a later plan's init) once its loop ends
        Atomics.store(claim, 0, n);
        releaseWorker(fw);
      },
    };
    return helper;
  };
}
