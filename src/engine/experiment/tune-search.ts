// TUNE's adaptive searches (library "tpe" and "halving", and "random" over distributions): the engine's
// searchTrials drives which params are scored on which folds; the folds are fitted by the plan's fold runners
// (the worker pool when threads > 1) on the same fold matrices as every other model, and each trial ends with
// a model.tune.trial event.
import type { MetricName } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import { searchTrials, type SearchLibrary, type Trial } from '../selection/search/search.js';
import type { SearchSpace } from '../selection/search/distributions.js';
import { aborted, type Experiment } from './experiment.js';
import { FoldData } from './fold-data.js';
import { serialRunner, type FoldRunner, type FoldRunnerFactory } from './fold-runner.js';
import { higherIsBetter } from './metric-names.js';
import { newRun, type ModelRun } from './model-run.js';

export interface TrialEventInput {
  spec: ModelSpec;
  iteration: number;
  of: number;
  params: Params;
  score: number | null;
  status: Trial['status'];
  folds: number;
  library: SearchLibrary;
  optimize: MetricName;
  error?: string | null;
}

/** The per-trial event a UI plots the search with. */
export function emitTrial(exp: Experiment, t: TrialEventInput): void {
  exp.logger.emit({
    kind: 'model.tune.trial',
    message: `trial ${t.iteration}/${t.of} (${t.library}): ${t.optimize} ${t.score ?? 'n/a'} [${t.status}]`,
    payload: { modelId: t.spec.id, modelName: t.spec.name, library: t.library, iteration: t.iteration, of: t.of, params: t.params, score: t.score, optimize: t.optimize, status: t.status, folds: t.folds, error: t.error ?? null },
  });
}

export interface SearchOutcome {
  /** Every trial that was scored on all folds, in trial order. */
  complete: ModelRun[];
  trials: number;
  cancelled: boolean;
}

/**
 * Runs searchTrials over `space` (params merged over `base`); a complete trial's fold metrics come back as a
 * ModelRun. Each batch the search prepares (a trial, or a halving rung's candidates x the rung's folds) gets
 * its own fold runner from `factory`, so a worker pool fits it in parallel; the search still reads the
 * outcomes in order, so its decisions (and events) are those of a serial run.
 */
export async function adaptiveSearch(
  exp: Experiment,
  spec: ModelSpec,
  base: Params,
  o: { space: SearchSpace; library: SearchLibrary; nIter: number; optimize: MetricName; earlyStopping: boolean },
  factory: FoldRunnerFactory = serialRunner,
  data: FoldData = new FoldData(exp),
): Promise<SearchOutcome> {
  const sign = higherIsBetter(o.optimize) ? 1 : -1;
  const runs = new Map<Params, ModelRun>();
  const complete: ModelRun[] = [];
  let runner: FoldRunner | null = null;
  let jobOf = new Map<Params, number>();
  const closeRunner = async (): Promise<void> => {
    const r = runner;
    runner = null;
    await r?.close();
  };
  try {
    const result = await searchTrials({
      space: o.space,
      library: o.library,
      nIter: o.nIter,
      seed: exp.setup.sessionId,
      nFolds: exp.folds.length,
      earlyStopping: o.earlyStopping,
      shouldStop: () => aborted(exp),
      async prepare(batch, folds) {
        await closeRunner();
        const jobs = batch.map((params) => {
          let run = runs.get(params);
          if (!run) {
            run = newRun(spec, { ...base, ...params });
            runs.set(params, run);
          }
          return { spec, params: run.params };
        });
        jobOf = new Map(batch.map((params, j) => [params, j]));
        runner = factory(exp, jobs, { data, folds });
      },
      async evaluate(params, ks) {
        const run = runs.get(params);
        const j = jobOf.get(params);
        if (!run || j === undefined || !runner) throw new Error('evaluate called outside its prepared batch');
        const scores: number[] = [];
        for (const k of ks) {
          const out = await runner.outcome(j, k);
          if (!out.ok) {
            runner.drop(j);
            throw new Error(out.error);
          }
          run.foldMetrics.push(out.metrics);
          run.fitSeconds.push(out.fitSeconds);
          scores.push(sign * out.metrics[o.optimize]);
        }
        return scores;
      },
      onTrial(t) {
        const run = runs.get(t.params);
        if (run && t.status === 'complete') complete.push(run);
        // an early-stopped trial's remaining folds are not wanted (a worker may be fitting one ahead)
        const j = jobOf.get(t.params);
        if (t.status !== 'complete' && j !== undefined) runner?.drop(j);
        emitTrial(exp, {
          spec,
          iteration: t.index + 1,
          of: o.nIter,
          params: run?.params ?? { ...base, ...t.params },
          score: t.score === null ? null : sign * t.score,
          status: t.status,
          folds: t.foldScores.length,
          library: o.library,
          optimize: o.optimize,
          error: t.error,
        });
      },
    });
    const order = [...runs.values()];
    complete.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return { complete, trials: result.trials.length, cancelled: result.cancelled };
  } finally {
    await closeRunner();
  }
}
