// TUNE's adaptive searches (library "tpe" and "halving", and "random" over distributions): the engine's
// searchTrials drives which params are scored on which folds; each fold is fitted here, in the plan's thread,
// on the same fold matrices as every other model, and each trial ends with a model.tune.trial event.
import type { MetricName } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import { searchTrials, type SearchLibrary, type Trial } from '../selection/search/search.js';
import type { SearchSpace } from '../selection/search/distributions.js';
import { aborted, type Experiment } from './experiment.js';
import { FoldData } from './fold-data.js';
import { runFoldTask } from './fold-task.js';
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

/** Runs searchTrials over `space` (params merged over `base`); a complete trial's fold metrics come back as a ModelRun. */
export async function adaptiveSearch(
  exp: Experiment,
  spec: ModelSpec,
  base: Params,
  o: { space: SearchSpace; library: SearchLibrary; nIter: number; optimize: MetricName; earlyStopping: boolean },
  folds: FoldData = new FoldData(exp),
): Promise<SearchOutcome> {
  const sign = higherIsBetter(o.optimize) ? 1 : -1;
  const nClasses = exp.classes?.length ?? 0;
  const runs = new Map<Params, ModelRun>();
  const complete: ModelRun[] = [];
  const result = await searchTrials({
    space: o.space,
    library: o.library,
    nIter: o.nIter,
    seed: exp.setup.sessionId,
    nFolds: exp.folds.length,
    earlyStopping: o.earlyStopping,
    shouldStop: () => aborted(exp),
    evaluate(params, ks) {
      let run = runs.get(params);
      if (!run) {
        run = newRun(spec, { ...base, ...params });
        runs.set(params, run);
      }
      return ks.map((k) => {
        const out = runFoldTask(spec, run.params, folds.get(k), exp.task, nClasses);
        if (!out.ok) throw new Error(out.error);
        run.foldMetrics.push(out.metrics);
        run.fitSeconds.push(out.fitSeconds);
        return sign * out.metrics[o.optimize];
      });
    },
    onTrial(t) {
      const run = runs.get(t.params);
      if (run && t.status === 'complete') complete.push(run);
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
  complete.sort((a, b) => [...runs.values()].indexOf(a) - [...runs.values()].indexOf(b));
  return { complete, trials: result.trials.length, cancelled: result.cancelled };
}
