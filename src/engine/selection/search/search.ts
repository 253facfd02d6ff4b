// The tune search: seeded random search, the TPE sampler, or successive halving over folds, each trial scored
// fold by fold through the caller's evaluate (scores oriented so that higher is better).
import type { Params } from '../../core/estimator.js';
import { Rng } from '../../core/random.js';
import { EngineInputError } from '../../errors.js';
import { checkSpace, randomCandidates, sampleParams, type SearchSpace } from './distributions.js';
import { tpeSuggest, type TpeOptions } from './tpe.js';

export type SearchLibrary = 'random' | 'tpe' | 'halving';

/**
 * Early stopping rule: once a trial has k >= minFolds fold scores, it is stopped when the mean of those k scores
 * is below the best completed trial's mean over its own first k folds by more than margin x |that mean|
 * (margin is relative, default 0.05, minFolds default 2). The folds are the same for every trial, so the two
 * prefixes are comparable.
 */
export interface EarlyStopping {
  minFolds?: number;
  margin?: number;
}

export interface HalvingOptions {
  /** Keep the top 1/eta at each rung (default 3). */
  eta?: number;
  /** Folds every candidate is scored on at the first rung (default 1); rung r uses minFolds x eta^r folds. */
  minFolds?: number;
}

export interface Trial {
  index: number;
  params: Params;
  /** Scores of folds 0..foldScores.length-1. */
  foldScores: number[];
  /** Mean of foldScores (null when the trial failed before any fold). */
  score: number | null;
  /** complete: every fold; stopped: early stopping; halved: dropped at a halving rung; failed: evaluate threw. */
  status: 'complete' | 'stopped' | 'halved' | 'failed';
  error?: string;
}

export interface SearchOptions {
  space: SearchSpace;
  library: SearchLibrary;
  nIter: number;
  seed: number;
  nFolds: number;
  /** One score per requested fold, higher is better (negate error metrics). */
  evaluate(params: Params, folds: readonly number[]): Promise<readonly number[]> | readonly number[];
  earlyStopping?: boolean | EarlyStopping;
  tpe?: TpeOptions;
  halving?: HalvingOptions;
  /**
   * Called (and awaited) before a batch is scored: the trials of the batch and the folds each will be asked
   * for, in the order evaluate will be called (one trial for random and tpe, a halving rung's survivors).
   * A caller may fit the whole batch ahead, in parallel; a trial may still end early (stopped, failed).
   */
  prepare?(batch: readonly Params[], folds: readonly number[]): Promise<void> | void;
  /** Called when a trial ends (per-trial events). */
  onTrial?(trial: Trial): void;
  /** Checked between folds: true cancels the search (the trial in progress is dropped). */
  shouldStop?(): boolean;
}

export interface SearchResult {
  trials: Trial[];
  /** The complete trial with the highest score (the first on ties); null when none completed. */
  best: Trial | null;
  cancelled: boolean;
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

function bestOf(trials: readonly Trial[]): Trial | null {
  let best: Trial | null = null;
  for (const t of trials) if (t.status === 'complete' && t.score !== null && (!best || t.score > (best.score as number))) best = t;
  return best;
}

function checkOptions(o: SearchOptions): void {
  const bad = (field: string, why: string): never => {
    throw new EngineInputError('BAD_PARAM', why, `params.${field}`);
  };
  if (!['random', 'tpe', 'halving'].includes(o.library)) bad('library', 'library must be random, tpe or halving');
  if (!Number.isInteger(o.nIter) || o.nIter < 1) bad('nIter', 'nIter must be an integer >= 1');
  if (!Number.isInteger(o.nFolds) || o.nFolds < 1) bad('fold', 'the search needs at least one fold');
  if (Object.keys(o.space).length === 0) bad('searchSpace', 'the search space is empty');
  checkSpace(o.space);
  const es = typeof o.earlyStopping === 'object' ? o.earlyStopping : null;
  if (es && es.minFolds !== undefined && (!Number.isInteger(es.minFolds) || es.minFolds < 1)) bad('earlyStopping', 'earlyStopping.minFolds must be an integer >= 1');
  if (es && es.margin !== undefined && !(es.margin >= 0)) bad('earlyStopping', 'earlyStopping.margin must be >= 0');
  const h = o.halving ?? {};
  if (h.eta !== undefined && !(h.eta > 1)) bad('halving', 'halving.eta must be > 1');
  if (h.minFolds !== undefined && (!Number.isInteger(h.minFolds) || h.minFolds < 1)) bad('halving', 'halving.minFolds must be an integer >= 1');
}

async function scoreFolds(o: SearchOptions, params: Params, folds: number[]): Promise<number[]> {
  const s = await o.evaluate(params, folds);
  if (s.length !== folds.length || s.some((v) => typeof v !== 'number' || Number.isNaN(v))) throw new Error(`evaluate returned ${s.length} scores for ${folds.length} folds`);
  return [...s];
}

/** Runs one trial fold by fold (so early stopping and cancellation can act between folds). */
async function runTrial(o: SearchOptions, index: number, params: Params, best: Trial | null): Promise<Trial | 'cancelled'> {
  const es = o.earlyStopping ? { minFolds: 2, margin: 0.05, ...(typeof o.earlyStopping === 'object' ? o.earlyStopping : {}) } : null;
  const foldScores: number[] = [];
  for (let k = 0; k < o.nFolds; k++) {
    if (o.shouldStop?.()) return 'cancelled';
    try {
      foldScores.push(...(await scoreFolds(o, params, [k])));
    } catch (e) {
      return { index, params, foldScores, score: foldScores.length ? mean(foldScores) : null, status: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
    const n = foldScores.length;
    if (es && best && n >= es.minFolds && n < o.nFolds) {
      const ref = mean(best.foldScores.slice(0, n));
      if (mean(foldScores) < ref - es.margin * Math.abs(ref)) return { index, params, foldScores, score: mean(foldScores), status: 'stopped' };
    }
  }
  return { index, params, foldScores, score: mean(foldScores), status: 'complete' };
}

const allFolds = (o: SearchOptions): number[] => Array.from({ length: o.nFolds }, (_, k) => k);

async function sequentialSearch(o: SearchOptions): Promise<SearchResult> {
  const rng = new Rng(o.seed);
  const trials: Trial[] = [];
  for (let i = 0; i < o.nIter; i++) {
    const history = trials.filter((t) => t.score !== null).map((t) => ({ params: t.params, score: t.score as number }));
    const params = o.library === 'tpe' ? tpeSuggest(o.space, history, rng, o.tpe) : sampleParams(o.space, rng);
    await o.prepare?.([params], allFolds(o));
    const t = await runTrial(o, i, params, bestOf(trials));
    if (t === 'cancelled') return { trials, best: bestOf(trials), cancelled: true };
    trials.push(t);
    o.onTrial?.(t);
  }
  return { trials, best: bestOf(trials), cancelled: false };
}

/**
 * Successive halving over folds: nIter random candidates are scored on the first minFolds folds, the top
 * ceil(n / eta) by mean go on to minFolds x eta folds, and so on until the survivors are scored on every fold.
 */
async function halvingSearch(o: SearchOptions): Promise<SearchResult> {
  const eta = o.halving?.eta ?? 3;
  const minFolds = Math.min(o.nFolds, o.halving?.minFolds ?? 1);
  const trials: Trial[] = randomCandidates(o.space, o.nIter, o.seed).map((params, index) => ({ index, params, foldScores: [], score: null, status: 'complete' }));
  let alive = [...trials];
  let done = 0;
  for (let rung = 0; alive.length > 0; rung++) {
    const budget = Math.min(o.nFolds, Math.round(minFolds * eta ** rung));
    const folds = Array.from({ length: budget - done }, (_, i) => done + i);
    await o.prepare?.(alive.map((t) => t.params), folds);
    for (const t of alive) {
      try {
        // fold by fold, so that a cancel is honoured within one fold; the rung's scores count once all are in
        const rung: number[] = [];
        for (const k of folds) {
          if (o.shouldStop?.()) return { trials: trials.filter((x) => x.foldScores.length > 0), best: null, cancelled: true };
          rung.push(...(await scoreFolds(o, t.params, [k])));
        }
        t.foldScores.push(...rung);
        t.score = mean(t.foldScores);
      } catch (e) {
        t.status = 'failed';
        t.error = e instanceof Error ? e.message : String(e);
        o.onTrial?.(t);
      }
    }
    alive = alive.filter((t) => t.status !== 'failed');
    done = budget;
    if (budget >= o.nFolds) {
      for (const t of alive) o.onTrial?.(t);
      break;
    }
    const keep = Math.max(1, Math.ceil(alive.length / eta));
    const ranked = [...alive].sort((a, b) => (b.score as number) - (a.score as number) || a.index - b.index);
    for (const t of ranked.slice(keep)) {
      t.status = 'halved';
      o.onTrial?.(t);
    }
    alive = ranked.slice(0, keep).sort((a, b) => a.index - b.index);
  }
  return { trials, best: bestOf(trials), cancelled: false };
}

/** Runs the search described by `o` (see SearchOptions); throws BAD_PARAM for a bad space or options. */
export async function searchTrials(o: SearchOptions): Promise<SearchResult> {
  checkOptions(o);
  return o.library === 'halving' ? halvingSearch(o) : sequentialSearch(o);
}
