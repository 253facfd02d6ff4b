import type { MetricName, MetricSummary } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import { summarise } from '../metrics/index.js';
import type { Experiment } from './experiment.js';
import type { FoldOutcome } from './fold-task.js';
import { round4 } from './metric-names.js';

/** One model's cross-validation: what finished, and why it stopped early if it did. */
export interface ModelRun {
  spec: ModelSpec;
  params: Params;
  foldMetrics: Array<Record<MetricName, number>>;
  fitSeconds: number[];
  failed: { fold: number; error: string } | null;
  cancelled: boolean;
}

export interface ModelSummary {
  scores: MetricSummary[];
  means: Partial<Record<MetricName, number>>;
  stds: Partial<Record<MetricName, number>>;
  fitSeconds: number;
}

export function complete(run: ModelRun, k: number): boolean {
  return !run.failed && !run.cancelled && run.foldMetrics.length === k;
}

/**
 * The experiment's params for a model: the user's hyper-parameters plus the session seed as randomState
 * (PyCaret's random_state), for the models that take one.
 */
export function modelParams(exp: Experiment, spec: ModelSpec, user: Params | undefined): Params {
  const defaults = spec.create({}).getParams();
  const seeded = 'randomState' in defaults;
  // setupParams.classWeight "balanced": class_weight='balanced' on every classifier that takes one.
  const weighted = exp.setup.classWeight === 'balanced' && 'classWeight' in defaults;
  return { ...(seeded ? { randomState: exp.setup.sessionId } : {}), ...(weighted ? { classWeight: 'balanced' } : {}), ...(user ?? {}) };
}

export function summariseRun(exp: Experiment, run: ModelRun): ModelSummary {
  const scores = summarise(run.foldMetrics, exp.metrics);
  const means: Partial<Record<MetricName, number>> = {};
  const stds: Partial<Record<MetricName, number>> = {};
  for (const s of scores) {
    means[s.metric] = s.mean;
    stds[s.metric] = s.std;
  }
  const fit = run.fitSeconds.length ? run.fitSeconds.reduce((a, b) => a + b, 0) / run.fitSeconds.length : 0;
  return { scores, means, stds, fitSeconds: round4(fit) };
}

export function emitCreateStarted(exp: Experiment, spec: ModelSpec, params: Params, extra?: Record<string, unknown>): void {
  exp.logger.emit({
    kind: 'model.create.started',
    message: `${spec.name} (${spec.id}): ${exp.folds.length}-fold CV`,
    payload: { modelId: spec.id, modelName: spec.name, k: exp.folds.length, params, ...extra },
  });
}

/** Emits the event of fold k (0-based) of a model; returns false when the model failed there. */
export function emitFoldOutcome(exp: Experiment, run: ModelRun, k: number, outcome: FoldOutcome): boolean {
  const { spec } = run;
  if (!outcome.ok) {
    run.failed = { fold: k + 1, error: outcome.error };
    exp.logger.emit({
      kind: 'model.failed',
      message: `${spec.name} (${spec.id}) failed on fold ${k + 1}: ${outcome.error}`,
      payload: { modelId: spec.id, modelName: spec.name, fold: k + 1, k: exp.folds.length, error: outcome.error },
    });
    return false;
  }
  run.foldMetrics.push(outcome.metrics);
  run.fitSeconds.push(outcome.fitSeconds);
  const metrics: Partial<Record<MetricName, number>> = {};
  for (const m of exp.metrics) metrics[m] = round4(outcome.metrics[m]);
  exp.logger.emit({
    kind: 'model.fold.scored',
    message: `${spec.name} fold ${k + 1}/${exp.folds.length}`,
    durationMs: outcome.fitSeconds * 1000,
    payload: { modelId: spec.id, modelName: spec.name, fold: k + 1, k: exp.folds.length, metrics, fitSeconds: round4(outcome.fitSeconds) },
  });
  return true;
}

export function emitCreated(exp: Experiment, run: ModelRun, extra?: Record<string, unknown>): ModelSummary {
  const summary = summariseRun(exp, run);
  exp.logger.emit({
    kind: 'model.created',
    message: `${run.spec.name} (${run.spec.id}) cross-validated`,
    durationMs: run.fitSeconds.reduce((a, b) => a + b, 0) * 1000,
    payload: { modelId: run.spec.id, modelName: run.spec.name, k: exp.folds.length, means: summary.means, stds: summary.stds, fitSeconds: summary.fitSeconds, ...extra },
  });
  return summary;
}

export function newRun(spec: ModelSpec, params: Params): ModelRun {
  return { spec, params, foldMetrics: [], fitSeconds: [], failed: null, cancelled: false };
}
