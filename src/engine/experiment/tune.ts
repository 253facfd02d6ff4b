import type { MetricName, PlanResult } from '../types.js';
import type { ModelSpec, Params } from '../core/estimator.js';
import { Rng } from '../core/random.js';
import { ModelFailedError } from './create.js';
import { aborted, type Experiment } from './experiment.js';
import { serialRunner, type FoldRunner, type FoldRunnerFactory, type ModelJob } from './fold-runner.js';
import { buildLeaderboard } from './leaderboard.js';
import { beats, round4 } from './metric-names.js';
import { emitCreated, emitCreateStarted, emitFoldOutcome, modelParams, newRun, summariseRun, type ModelRun } from './model-run.js';
import { planResult } from './result.js';
import { scoreHoldoutAndAnalyse } from './holdout-analysis.js';
import { fitOnTrain } from './train-fit.js';
import type { SearchLibrary } from '../selection/search/search.js';
import type { SearchSpace } from '../selection/search/distributions.js';
import { gridToSpace } from '../selection/search/distributions.js';
import { pycaretSearchSpace } from '../selection/search/pycaret-spaces.js';
import { FoldData } from './fold-data.js';
import { adaptiveSearch, emitTrial } from './tune-search.js';
import { gridEntryToDistribution } from './validate-tune.js';
import { higherIsBetter } from './metric-names.js';

export interface TuneOptions {
  nIter: number;
  optimize: MetricName;
  searchSpace?: Record<string, unknown[]>;
  modelParams?: Params;
  library?: SearchLibrary;
  earlyStopping?: boolean;
  /** false: the best candidate is returned even when the untuned model scores better. */
  chooseBetter?: boolean;
  customGrid?: Record<string, unknown>;
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

/** Where the candidates come from: a grid sampled up front (random over lists), or a space searched trial by trial. */
type TunePlanSpace = { kind: 'grid'; grid: Record<string, unknown[]> } | { kind: 'space'; space: SearchSpace };

function tuneSpace(exp: Experiment, spec: ModelSpec, o: TuneOptions, library: SearchLibrary): TunePlanSpace {
  if (o.customGrid) {
    const entries = Object.entries(o.customGrid);
    if (library === 'random' && entries.every(([, v]) => Array.isArray(v))) return { kind: 'grid', grid: o.customGrid as Record<string, unknown[]> };
    return { kind: 'space', space: Object.fromEntries(entries.map(([k, v]) => [k, gridEntryToDistribution(v, `params.customGrid.${k}`)])) };
  }
  if (o.searchSpace) return library === 'random' ? { kind: 'grid', grid: o.searchSpace } : { kind: 'space', space: gridToSpace(o.searchSpace) };
  // PyCaret: the scikit-learn random search samples the tune grid; optuna (tpe) and halving use the distributions.
  if (library === 'random') return { kind: 'grid', grid: spec.searchSpace };
  return { kind: 'space', space: pycaretSearchSpace(spec, exp.trainPreprocessor.outputNames.length) };
}

/** Early stopping of a grid candidate (the rule of selection/search/search.ts): k >= 2 folds, 5 % below the best's prefix. */
function farBelow(optimize: MetricName, run: ModelRun, best: ModelRun | null, k: number): boolean {
  if (!best || k < 2 || k >= best.foldMetrics.length) return false;
  const sign = higherIsBetter(optimize) ? 1 : -1;
  const meanOf = (r: ModelRun): number => r.foldMetrics.slice(0, k).reduce((a, m) => a + sign * m[optimize], 0) / k;
  const ref = meanOf(best);
  return meanOf(run) < ref - 0.05 * Math.abs(ref);
}

interface Searched {
  baseline: ModelRun | null;
  candidates: ModelRun[];
  tried: number;
  cancelled: boolean;
}

async function cvBaseline(exp: Experiment, spec: ModelSpec, base: Params, runner: FoldRunner): Promise<{ run: ModelRun; cancelled: boolean }> {
  emitCreateStarted(exp, spec, base, { role: 'baseline' });
  const baseline = newRun(spec, base);
  for (let k = 0; k < exp.folds.length && !baseline.failed; k++) {
    if (aborted(exp)) return { run: baseline, cancelled: true };
    emitFoldOutcome(exp, baseline, k, await runner.outcome(0, k));
  }
  if (baseline.failed) throw new ModelFailedError(`${spec.name} (${spec.id}) failed on fold ${baseline.failed.fold}: ${baseline.failed.error}`);
  emitCreated(exp, baseline, { role: 'baseline' });
  return { run: baseline, cancelled: false };
}

/** The grid search: candidates sampled up front and cross-validated like compare's models (a pool runner may fit ahead). */
async function gridSearch(exp: Experiment, spec: ModelSpec, base: Params, candidates: Params[], o: TuneOptions, factory: FoldRunnerFactory): Promise<Searched> {
  const jobs: ModelJob[] = [{ spec, params: base }, ...candidates.map((params) => ({ spec, params }))];
  const runner = factory(exp, jobs);
  const out: Searched = { baseline: null, candidates: [], tried: 0, cancelled: false };
  try {
    const b = await cvBaseline(exp, spec, base, runner);
    if (b.cancelled) return { ...out, cancelled: true };
    out.baseline = b.run;
    let best: ModelRun | null = null;
    for (let j = 1; j < jobs.length; j++) {
      const run = newRun(spec, (jobs[j] as ModelJob).params);
      let stopped = false;
      for (let k = 0; k < exp.folds.length; k++) {
        if (aborted(exp)) return { ...out, cancelled: true };
        const res = await runner.outcome(j, k);
        if (!res.ok) {
          run.failed = { fold: k + 1, error: res.error };
          runner.drop(j);
          break;
        }
        run.foldMetrics.push(res.metrics);
        run.fitSeconds.push(res.fitSeconds);
        if (o.earlyStopping && farBelow(o.optimize, run, best, k + 1)) {
          stopped = k + 1 < exp.folds.length;
          if (stopped) {
            runner.drop(j);
            break;
          }
        }
      }
      out.tried++;
      const s = run.failed || stopped ? null : summariseRun(exp, run);
      exp.logger.emit({
        kind: 'model.tune.candidate',
        message: `candidate ${j}/${candidates.length}: ${o.optimize} ${s ? s.means[o.optimize] : run.failed ? 'failed' : 'stopped early'}`,
        payload: { modelId: spec.id, modelName: spec.name, iteration: j, of: candidates.length, params: run.params, score: s?.means[o.optimize] ?? null, means: s?.means ?? null, error: run.failed?.error ?? null },
      });
      const partial = run.foldMetrics.length ? run.foldMetrics.reduce((a, m) => a + m[o.optimize], 0) / run.foldMetrics.length : null;
      emitTrial(exp, { spec, iteration: j, of: candidates.length, params: run.params, score: s?.means[o.optimize] ?? partial, status: run.failed ? 'failed' : stopped ? 'stopped' : 'complete', folds: run.foldMetrics.length, library: 'random', optimize: o.optimize, error: run.failed?.error });
      if (!run.failed && !stopped) {
        out.candidates.push(run);
        const score = (r: ModelRun): number => summariseRun(exp, r).means[o.optimize] ?? NaN;
        if (!best || beats(o.optimize, score(run), score(best))) best = run;
      }
    }
  } finally {
    await runner.close();
  }
  return out;
}

/**
 * PyCaret's tune_model: the model with its given params (the baseline) is cross-validated, then the search's
 * candidates on the same folds — a grid sampled at random (library "random", as scikit-learn's
 * RandomizedSearchCV over PyCaret's tune grid), or PyCaret's distributions searched by TPE or successive
 * halving over folds. The best candidate by `optimize` is kept if it beats the baseline (chooseBetter, default
 * on; off returns it regardless), then refitted on the train part and scored on the test part.
 */
export async function tuneModel(exp: Experiment, modelId: string, o: TuneOptions, factory: FoldRunnerFactory = serialRunner): Promise<PlanResult> {
  const spec = exp.registry.get(exp.task, modelId);
  const base = modelParams(exp, spec, o.modelParams);
  const library = o.library ?? 'random';
  const plan = tuneSpace(exp, spec, o, library);
  const grid = plan.kind === 'grid' ? sampleCandidates(plan.grid, o.nIter, exp.setup.sessionId).map((c) => ({ ...base, ...c })) : null;
  const spaceSize = plan.kind === 'space' ? Object.keys(plan.space).length : (grid?.length ?? 0);
  exp.logger.emit({
    kind: 'model.tune.started',
    message: `tuning ${spec.name} (${spec.id}) with ${library} search: ${grid ? `${grid.length} candidates` : `${o.nIter} trials`}, optimising ${o.optimize}`,
    payload: { modelId: spec.id, modelName: spec.name, nIter: o.nIter, library, candidates: grid ? grid.length : o.nIter, optimize: o.optimize, searchSpace: plan.kind === 'grid' ? plan.grid : plan.space, earlyStopping: o.earlyStopping ?? false, k: exp.folds.length },
  });
  if (spaceSize === 0) exp.logger.emit({ kind: 'warning', message: `${spec.name} has no search space: only the given params are scored`, payload: { code: 'EMPTY_SEARCH_SPACE' } });
  else if (grid && grid.length < o.nIter)
    exp.logger.emit({
      kind: 'warning',
      message: `The total space of parameters ${grid.length} is smaller than nIter=${o.nIter}: running all ${grid.length} combinations`,
      payload: { code: 'SMALL_SEARCH_SPACE', combinations: grid.length, nIter: o.nIter },
    });
  let searched: Searched;
  if (grid || spaceSize === 0) searched = await gridSearch(exp, spec, base, grid ?? [], o, factory);
  else {
    // One set of fold matrices for the baseline and every batch of the search, in shared memory so that a pool's
    // workers read them without a copy (in one thread a SharedArrayBuffer costs the same as an ArrayBuffer).
    const data = new FoldData(exp, true);
    const runner = factory(exp, [{ spec, params: base }], { data });
    let b: { run: ModelRun; cancelled: boolean };
    try {
      b = await cvBaseline(exp, spec, base, runner);
    } finally {
      await runner.close();
    }
    if (b.cancelled) searched = { baseline: null, candidates: [], tried: 0, cancelled: true };
    else {
      const s = await adaptiveSearch(exp, spec, base, { space: (plan as { space: SearchSpace }).space, library, nIter: o.nIter, optimize: o.optimize, earlyStopping: o.earlyStopping ?? false }, factory, data);
      searched = { baseline: b.run, candidates: s.complete, tried: s.trials, cancelled: s.cancelled };
    }
  }
  return chooseTuned(exp, spec, searched, o);
}

function chooseTuned(exp: Experiment, spec: ModelSpec, searched: Searched, o: TuneOptions): PlanResult {
  const baselineRun = searched.baseline;
  const cancelled = searched.cancelled;
  if (!baselineRun) return planResult(exp, { leaderboard: { sortMetric: o.optimize, rows: [] }, best: null, pipeline: null, holdout: null, cancelled: true });
  const mean = (r: ModelRun): number => summariseRun(exp, r).means[o.optimize] ?? NaN;
  let bestCandidate: ModelRun | null = null;
  for (const r of searched.candidates) if (!bestCandidate || beats(o.optimize, mean(r), mean(bestCandidate))) bestCandidate = r;
  const improved = bestCandidate !== null && beats(o.optimize, mean(bestCandidate), mean(baselineRun));
  const chooseBetter = o.chooseBetter ?? true;
  const chosen = bestCandidate && (improved || !chooseBetter) ? bestCandidate : baselineRun;
  const chosenSummary = summariseRun(exp, chosen);
  if (!improved && bestCandidate && chooseBetter)
    exp.logger.emit({ kind: 'warning', message: 'Original model was better than the tuned model, hence it will be returned', payload: { code: 'TUNE_NOT_IMPROVED', baseline: mean(baselineRun), bestCandidate: mean(bestCandidate) } });
  exp.logger.emit({
    kind: 'model.tuned',
    message: `${spec.name} tuned: ${o.optimize} ${round4(mean(baselineRun))} -> ${round4(mean(chosen))}`,
    payload: {
      modelId: spec.id,
      modelName: spec.name,
      optimize: o.optimize,
      library: o.library ?? 'random',
      improved,
      chooseBetter,
      bestParams: chosen.params,
      baselineScore: mean(baselineRun),
      bestCandidateScore: bestCandidate ? mean(bestCandidate) : null,
      score: mean(chosen),
      candidates: searched.candidates.length,
      trials: searched.tried,
      means: chosenSummary.means,
      stds: chosenSummary.stds,
      cancelled,
    },
  });
  const { leaderboard } = buildLeaderboard(exp, [chosen], o.optimize);
  const extra = { bestParams: chosen.params, improved, optimize: o.optimize, candidates: searched.candidates.length, library: o.library ?? 'random', baselineScore: mean(baselineRun), score: mean(chosen) };
  if (cancelled || aborted(exp)) return planResult(exp, { leaderboard, best: spec.id, pipeline: null, holdout: null, cancelled: true, extra });
  const { pipeline, fitSeconds } = fitOnTrain(exp, spec, chosen.params);
  const holdout = scoreHoldoutAndAnalyse(exp, pipeline, fitSeconds);
  return planResult(exp, { leaderboard, best: spec.id, pipeline, holdout, cancelled: false, extra });
}
