import { aborted, type Experiment } from './experiment.js';
import type { FoldRunnerFactory, ModelJob } from './fold-runner.js';
import { round4 } from './metric-names.js';
import { emitCreated, emitCreateStarted, emitFoldOutcome, newRun, type ModelRun } from './model-run.js';

export interface CrossValidationResult {
  runs: ModelRun[]; // every job that started, in job order
  cancelled: boolean;
  skipped: string[]; // ids never started (budget)
}

/**
 * Cross-validates jobs one after the other (outcomes may be computed ahead by the runner), emitting per
 * job model.create.started, one model.fold.scored per fold and model.created (or model.failed).
 * Checks the abort signal between folds and models, and the budget before starting each model after the first.
 */
export async function crossValidateModels(exp: Experiment, jobs: readonly ModelJob[], factory: FoldRunnerFactory, budgetSeconds?: number): Promise<CrossValidationResult> {
  const runner = factory(exp, jobs);
  const t0 = performance.now();
  const runs: ModelRun[] = [];
  const skipped: string[] = [];
  let cancelled = false;
  try {
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j] as ModelJob;
      if (aborted(exp)) {
        cancelled = true;
        break;
      }
      const spent = (performance.now() - t0) / 1000;
      if (budgetSeconds !== undefined && j > 0 && spent >= budgetSeconds) {
        for (let r = j; r < jobs.length; r++) {
          skipped.push((jobs[r] as ModelJob).spec.id);
          runner.drop(r);
        }
        exp.logger.emit({
          kind: 'warning',
          message: `Budget of ${budgetSeconds} s spent after ${spent.toFixed(2)} s: ${skipped.length} model(s) not started`,
          payload: { code: 'BUDGET_EXHAUSTED', budgetSeconds, spentSeconds: round4(spent), skipped },
        });
        break;
      }
      emitCreateStarted(exp, job.spec, job.params, { index: j + 1, of: jobs.length });
      const run = newRun(job.spec, job.params);
      for (let k = 0; k < exp.folds.length; k++) {
        if (aborted(exp)) {
          run.cancelled = true;
          break;
        }
        const outcome = await runner.outcome(j, k);
        if (!emitFoldOutcome(exp, run, k, outcome)) {
          runner.drop(j);
          break;
        }
      }
      runs.push(run);
      if (run.cancelled) {
        cancelled = true;
        break;
      }
      if (!run.failed) emitCreated(exp, run);
    }
  } finally {
    await runner.close();
  }
  return { runs, cancelled, skipped };
}
