import type { MetricName, PlanResult } from '../types.js';
import type { Params } from '../core/estimator.js';
import { Rng } from '../core/random.js';
import { ModelFailedError } from './create.js';
import { aborted, type Experiment } from './experiment.js';
import { serialRunner, type FoldRunnerFactory, type ModelJob } from './fold-runner.js';
import { buildLeaderboard } from './leaderboard.js';
import { beats, round4 } from './metric-names.js';
import { emitCreated, emitCreateStarted, emitFoldOutcome, modelParams, newRun, summariseRun, type ModelRun } from './model-run.js';
import { planResult } from './result.js';
import { fitOnTrain, scoreHoldout } from './train-fit.js';

export interface TuneOptions {
  nIter: number;
  optimize: MetricName;
  searchSpace?: Record<string, unknown[]>;
  modelParams?: Params;
}

/**
 * Candidates of a seeded random search over a grid (scikit-learn's ParameterSampler on lists): the whole
 * grid when it has at most nIter points, else nIter distinct points drawn uniformly.
 */
export function sampleCandidates(space: Record<string, readonly unknown[]>, nIter: number, seed: number): Params[] {
  const names = Object.keys(space).filter((k) => (space[k]?.length ?? 0) > 0).sort();
  if (names.length === 0) return [];
  const sizes = names.map((k) => (space[k] as readonly unknown[]).length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const at = (choice: number[]): Params => Object.fromEntries(names.map((k, i) => [k, (space[k] as readonly unknown[])[choice[i] as number]]));
  if (total <= nIter) {
    const out: Params[] = [];
    const choice = new Array<number>(names.length).fill(0);
    for (let c = 0; c < total; c++) {
      out.push(at(choice));
      for (let i = names.length - 1; i >= 0; i--) {
        choice[i]!++;
        if ((choice[i] as number) < (sizes[i] as number)) break;
        choice[i] = 0;
      }
    }
    return out;
  }
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const out: Params[] = [];
  for (let attempts = 0; out.length < nIter && attempts < nIter * 100; attempts++) {
    const choice = sizes.map((n) => rng.int(n));
    const key = choice.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(at(choice));
  }
  return out;
}

/**
 * PyCaret's tune_model: the model with its given params (the baseline) is cross-validated, then each
 * random-search candidate on the same folds; the best candidate by `optimize` is kept only if it beats the
 * baseline (choose_better), then refitted on the train part and scored on the test part.
 */
export async function tuneModel(exp: Experiment, modelId: string, o: TuneOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const spec = exp.registry.get(exp.task, modelId);
  const base = modelParams(exp, spec, o.modelParams);
  const space = o.searchSpace ?? spec.searchSpace;
  const candidates = sampleCandidates(space, o.nIter, exp.setup.sessionId).map((c) => ({ ...base, ...c }));
  exp.logger.emit({
    kind: 'model.tune.started',
    message: `tuning ${spec.name} (${spec.id}): ${candidates.length} candidates, optimising ${o.optimize}`,
    payload: { modelId: spec.id, modelName: spec.name, nIter: o.nIter, candidates: candidates.length, optimize: o.optimize, searchSpace: space, k: exp.folds.length },
  });
  if (candidates.length === 0) exp.logger.emit({ kind: 'warning', message: `${spec.name} has no search space: only the given params are scored`, payload: { code: 'EMPTY_SEARCH_SPACE' } });
  else if (candidates.length < o.nIter)
    exp.logger.emit({
      kind: 'warning',
      message: `The total space of parameters ${candidates.length} is smaller than nIter=${o.nIter}: running all ${candidates.length} combinations`,
      payload: { code: 'SMALL_SEARCH_SPACE', combinations: candidates.length, nIter: o.nIter },
    });
  const jobs: ModelJob[] = [{ spec, params: base }, ...candidates.map((params) => ({ spec, params }))];
  const runner = factory(exp, jobs);
  const runs: ModelRun[] = [];
  let cancelled = false;
  try {
    emitCreateStarted(exp, spec, base, { role: 'baseline' });
    const baseline = newRun(spec, base);
    for (let k = 0; k < exp.folds.length && !baseline.failed; k++) {
      if (aborted(exp)) {
        baseline.cancelled = true;
        break;
      }
      emitFoldOutcome(exp, baseline, k, await runner.outcome(0, k));
    }
    if (baseline.failed) throw new ModelFailedError(`${spec.name} (${spec.id}) failed on fold ${baseline.failed.fold}: ${baseline.failed.error}`);
    if (baseline.cancelled) cancelled = true;
    else {
      emitCreated(exp, baseline, { role: 'baseline' });
      runs.push(baseline);
    }
    for (let j = 1; j < jobs.length && !cancelled; j++) {
      const run = newRun(spec, (jobs[j] as ModelJob).params);
      for (let k = 0; k < exp.folds.length; k++) {
        if (aborted(exp)) {
          cancelled = true;
          break;
        }
        const out = await runner.outcome(j, k);
        if (!out.ok) {
          run.failed = { fold: k + 1, error: out.error };
          runner.drop(j);
          break;
        }
        run.foldMetrics.push(out.metrics);
        run.fitSeconds.push(out.fitSeconds);
      }
      if (cancelled) break;
      const s = run.failed ? null : summariseRun(exp, run);
      exp.logger.emit({
        kind: 'model.tune.candidate',
        message: `candidate ${j}/${candidates.length}: ${o.optimize} ${s ? s.means[o.optimize] : 'failed'}`,
        payload: { modelId: spec.id, modelName: spec.name, iteration: j, of: candidates.length, params: run.params, score: s?.means[o.optimize] ?? null, means: s?.means ?? null, error: run.failed?.error ?? null },
      });
      if (!run.failed) runs.push(run);
    }
  } finally {
    await runner.close();
  }
  const baselineRun = runs[0];
  if (!baselineRun) return planResult(exp, { leaderboard: { sortMetric: o.optimize, rows: [] }, best: null, pipeline: null, holdout: null, cancelled: true });
  const mean = (r: ModelRun): number => summariseRun(exp, r).means[o.optimize] ?? NaN;
  let bestCandidate: ModelRun | null = null;
  for (const r of runs.slice(1)) if (!bestCandidate || beats(o.optimize, mean(r), mean(bestCandidate))) bestCandidate = r;
  const improved = bestCandidate !== null && beats(o.optimize, mean(bestCandidate), mean(baselineRun));
  const chosen = improved && bestCandidate ? bestCandidate : baselineRun;
  const chosenSummary = summariseRun(exp, chosen);
  if (!improved && bestCandidate)
    exp.logger.emit({ kind: 'warning', message: 'Original model was better than the tuned model, hence it will be returned', payload: { code: 'TUNE_NOT_IMPROVED', baseline: mean(baselineRun), bestCandidate: mean(bestCandidate) } });
  exp.logger.emit({
    kind: 'model.tuned',
    message: `${spec.name} tuned: ${o.optimize} ${round4(mean(baselineRun))} -> ${round4(mean(chosen))}`,
    payload: {
      modelId: spec.id,
      modelName: spec.name,
      optimize: o.optimize,
      improved,
      bestParams: chosen.params,
      baselineScore: mean(baselineRun),
      bestCandidateScore: bestCandidate ? mean(bestCandidate) : null,
      score: mean(chosen),
      candidates: runs.length - 1,
      means: chosenSummary.means,
      stds: chosenSummary.stds,
      cancelled,
    },
  });
  const { leaderboard } = buildLeaderboard(exp, [chosen], o.optimize);
  const extra = { bestParams: chosen.params, improved, optimize: o.optimize, candidates: runs.length - 1 };
  if (cancelled || aborted(exp)) return planResult(exp, { leaderboard, best: spec.id, pipeline: null, holdout: null, cancelled: true, extra });
  const { pipeline, fitSeconds } = fitOnTrain(exp, spec, chosen.params);
  const holdout = scoreHoldout(exp, pipeline, fitSeconds);
  return planResult(exp, { leaderboard, best: spec.id, pipeline, holdout, cancelled: false, extra });
}
