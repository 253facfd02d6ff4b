import type { ModelSpec, Params } from '../core/estimator.js';
import type { Experiment } from './experiment.js';
import { FoldData } from './fold-data.js';
import { runFoldTask, type FoldOutcome } from './fold-task.js';

/** A model to cross-validate: the spec and its full params. */
export interface ModelJob {
  spec: ModelSpec;
  params: Params;
}

/**
 * Produces the fold outcomes of a list of jobs. The caller asks for (job, fold) in order — job after job,
 * folds in order — and emits the events; an implementation may compute ahead (worker pool) as long as it
 * returns exactly what a serial run would.
 */
export interface FoldRunner {
  outcome(job: number, fold: number): FoldOutcome | Promise<FoldOutcome>;
  /** The caller will not ask for this job any more (it failed, or was skipped). */
  drop(job: number): void;
  close(): Promise<void>;
}

/**
 * What a runner works on besides its jobs. TUNE's adaptive searches start one runner per trial or halving
 * rung: they pass one FoldData (built once, in shared memory so worker threads can read it) and, for a rung,
 * the folds it scores (the caller then asks only for those, in order).
 */
export interface RunnerScope {
  data?: FoldData;
  /** Fold indices the caller will ask for (default: every fold). */
  folds?: readonly number[];
}

export type FoldRunnerFactory = (exp: Experiment, jobs: readonly ModelJob[], scope?: RunnerScope) => FoldRunner;

/** Computes each outcome when asked, in the calling thread. */
export function serialRunner(exp: Experiment, jobs: readonly ModelJob[], scope: RunnerScope = {}): FoldRunner {
  const nClasses = exp.classes?.length ?? 0;
  const data = scope.data ?? new FoldData(exp);
  return {
    outcome(job, fold) {
      const j = jobs[job];
      if (!j) throw new RangeError(`no job ${job}`);
      return runFoldTask(j.spec, j.params, data.get(fold), exp.task, nClasses, exp.analysisOptions.probabilityThreshold);
    },
    drop() {},
    close: async () => {},
  };
}
