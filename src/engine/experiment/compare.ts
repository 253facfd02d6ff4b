import type { MetricName, PlanResult, TaskType } from '../types.js';
import type { ModelSpec } from '../core/estimator.js';
import type { ModelRegistry } from '../models/registry.js';
import { aborted, type Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory } from './fold-runner.js';
import { buildLeaderboard } from './leaderboard.js';
import { modelParams } from './model-run.js';
import { crossValidateModels } from './cross-validate-models.js';
import { planResult } from './result.js';
import { fitOnTrain, scoreHoldout } from './train-fit.js';

export interface CompareOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  sort: MetricName;
  nSelect: number;
  turbo: boolean;
  budgetSeconds?: number;
}

/** The models a compare runs, in PyCaret's order (or the order of `include`). */
export function compareCandidates(registry: ModelRegistry, task: TaskType, o: Pick<CompareOptions, 'include' | 'exclude' | 'turbo'>): ModelSpec[] {
  const base = o.include ? o.include.map((id) => registry.get(task, id, 'params.include')) : registry.specs(task).filter((s) => !o.turbo || s.turbo);
  const excluded = new Set(o.exclude ?? []);
  return base.filter((s) => !excluded.has(s.id));
}

/**
 * PyCaret's compare_models: each candidate cross-validated as in create (without the refit); a model that
 * throws is reported (model.failed) and skipped; then the best by `sort` is refitted on the train part.
 */
export async function compareModels(exp: Experiment, o: CompareOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const t0 = performance.now();
  const specs = compareCandidates(exp.registry, exp.task, o);
  exp.logger.emit({
    kind: 'model.compare.started',
    message: `comparing ${specs.length} models with ${exp.folds.length}-fold CV, sorted by ${o.sort}`,
    payload: { models: specs.map((s) => ({ modelId: s.id, modelName: s.name })), k: exp.folds.length, sort: o.sort, nSelect: o.nSelect, budgetSeconds: o.budgetSeconds ?? null, threads: exp.threads },
  });
  const jobs = specs.map((spec) => ({ spec, params: modelParams(exp, spec, undefined) }));
  const { runs, cancelled, skipped } = await crossValidateModels(exp, jobs, factory, o.budgetSeconds);
  const finished = runs.filter((r) => !r.failed && !r.cancelled);
  const failed = runs.filter((r) => r.failed).map((r) => ({ modelId: r.spec.id, fold: r.failed?.fold, error: r.failed?.error }));
  const { leaderboard, ordered } = buildLeaderboard(exp, finished, o.sort);
  const best = ordered[0] ?? null;
  const selected = ordered.slice(0, o.nSelect).map((r) => r.spec.id);
  const durationMs = performance.now() - t0;
  exp.logger.emit({
    kind: 'model.compare.finished',
    message: best ? `best: ${best.spec.name} (${best.spec.id})` : 'no model finished',
    durationMs,
    payload: {
      best: best?.spec.id ?? null,
      selected,
      sort: o.sort,
      cancelled,
      failed,
      skipped,
      leaderboard: leaderboard.rows.map((r) => ({ rank: r.rank, modelId: r.modelId, modelName: r.modelName, [o.sort]: r.scores.find((s) => s.metric === o.sort)?.mean ?? null, fitSeconds: r.fitSeconds })),
    },
  });
  const extra = { selected, failed: failed.map((f) => f.modelId), skipped, sort: o.sort };
  if (!best) {
    if (!cancelled) exp.logger.emit({ kind: 'warning', message: 'every model failed: there is no pipeline to return', payload: { code: 'ALL_FAILED' } });
    return planResult(exp, { leaderboard, best: null, pipeline: null, holdout: null, cancelled, extra });
  }
  if (cancelled || aborted(exp)) return planResult(exp, { leaderboard, best: best.spec.id, pipeline: null, holdout: null, cancelled: true, extra });
  const { pipeline, fitSeconds } = fitOnTrain(exp, best.spec, best.params);
  const holdout = scoreHoldout(exp, pipeline, fitSeconds);
  return planResult(exp, { leaderboard, best: best.spec.id, pipeline, holdout, cancelled: false, extra });
}
