// A stand-in for src/engine that the run worker loads in tests (RunServiceOptions.planEngine): it lets the
// queue → worker → sink → subscription path be exercised with an exact event count. The script comes from
// the module URL's query (see fakeEngineUrl), so each test picks its own without anything test-only in src.
import { existsSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLASSIFICATION_METRICS, rankFoldScores, type EngineLogger, type Frame, type PlanRequest, type PlanResult } from '../../src/engine/index.js';
import type { PlanEngine } from '../../src/jobs/threads/protocol.js';

/**
 * Emit `events` fold events, each after `spinMs` of busy CPU; throw `fail` half-way when given. Half-way,
 * `crash` kills the thread: 'uncaught' throws outside the plan's promise, 'exit' calls process.exit(7), 'oom'
 * allocates until the thread's heap limit. `ignoreAbort` keeps going after a cancel (a stuck engine).
 */
export interface FakeEngineScript {
  events: number;
  spinMs?: number;
  fail?: string;
  crash?: 'uncaught' | 'exit' | 'oom';
  ignoreAbort?: boolean;
  /** Start emitting only once this file exists (a test creates it when its subscribers are listening). */
  gate?: string;
  /** Instead: a classification compare with PyCaret's events over params.include, k folds each (see FakeCompare). */
  compare?: FakeCompare;
}

/**
 * A compare whose fold scores are given: accuracy[m][f] is model m's fold f (every classification metric
 * gets the same value). After `holdAfterFolds` folds in all it waits until the file
 * releaseFile(releaseDir, include) exists (or the run is cancelled), so a test can look at the RUNNING run;
 * the file is named after params.include, so each test holds its own runs.
 */
export interface FakeCompare {
  k: number;
  accuracy: number[][];
  holdAfterFolds?: number;
  releaseDir?: string;
}

/** The file that releases the held runs of a fake compare over `include`. */
export function releaseFile(releaseDir: string, include: readonly string[]): string {
  return join(releaseDir, `release-${include.join('-')}`);
}

/** The URL to pass as planEngine for a run worker that follows `script`. */
export function fakeEngineUrl(script: FakeEngineScript): URL {
  const url = new URL(import.meta.url);
  url.search = new URLSearchParams({ script: JSON.stringify(script) }).toString();
  return url;
}

function scriptOfThisModule(): FakeEngineScript {
  const raw = new URL(import.meta.url).searchParams.get('script');
  if (raw === null) throw new Error('fake-engine loaded without a script: use fakeEngineUrl()');
  return JSON.parse(raw) as FakeEngineScript;
}

async function crash(how: NonNullable<FakeEngineScript['crash']>): Promise<void> {
  if (how === 'exit') process.exit(7);
  if (how === 'uncaught') {
    setImmediate(() => {
      throw new Error('fake engine blew up outside the plan');
    });
    await new Promise(() => undefined); // never settles: the thread dies of the uncaught error first
  }
  const hoard: number[][] = [];
  for (;;) hoard.push(Array.from({ length: 1e5 }, (_, i) => i + 0.5));
}

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose: training is CPU-bound
  }
}

// The fake never looks at the data, so the frame loaders do not parse anything.
const noFrame = (): Frame => ({}) as Frame;
export const loadBuiltinDataset: PlanEngine['loadBuiltinDataset'] = noFrame;
export const frameFromColumns: PlanEngine['frameFromColumns'] = noFrame;
export const parseCsv: PlanEngine['parseCsv'] = noFrame;

/** Resolves once `file` exists or `signal` aborts (fs.watch on its folder: no polling). */
function fileAppears(file: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(file), () => check());
    const done = (): void => {
      watcher.close();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const check = (): void => {
      if (existsSync(file)) done();
    };
    signal?.addEventListener('abort', done, { once: true });
    check();
  });
}

async function fakeCompare(c: FakeCompare, req: PlanRequest, logger: EngineLogger, signal?: AbortSignal): Promise<PlanResult> {
  const ids = req.params.include ?? [];
  const models = ids.map((id) => ({ modelId: id, modelName: `Fake ${id}` }));
  logger.emit({ kind: 'experiment.started', payload: { task: req.task, plan: req.plan } });
  logger.emit({ kind: 'model.compare.started', payload: { models, k: c.k, sort: 'Accuracy' } });
  const scored: Array<{ modelId: string; modelName: string; foldMetrics: Array<Record<string, number>>; fitSeconds: number[] }> = [];
  let folds = 0;
  for (const [m, model] of models.entries()) {
    if (signal?.aborted) break;
    logger.emit({ kind: 'model.create.started', payload: { ...model, k: c.k } });
    const run = { ...model, foldMetrics: [] as Array<Record<string, number>>, fitSeconds: [] as number[] };
    for (let f = 0; f < c.k; f++) {
      const a = c.accuracy[m]?.[f] ?? 0;
      const metrics = Object.fromEntries(CLASSIFICATION_METRICS.map((name) => [name, a]));
      run.foldMetrics.push(metrics);
      run.fitSeconds.push(0.01 * (f + 1));
      logger.emit({ kind: 'model.fold.scored', payload: { ...model, fold: f + 1, k: c.k, metrics, fitSeconds: 0.01 * (f + 1) } });
      folds++;
      if (folds === c.holdAfterFolds && c.releaseDir) await fileAppears(releaseFile(c.releaseDir, ids), signal);
    }
    scored.push(run);
    logger.emit({ kind: 'model.created', payload: { ...model, k: c.k } });
  }
  const { leaderboard } = rankFoldScores(req.task, scored, 'Accuracy');
  return {
    leaderboard,
    summary: { rows: 0, best: leaderboard.rows[0]?.modelId ?? null },
    holdout: null,
    analyses: [],
    holdoutPredictions: null,
    pipeline: null,
    cancelled: signal?.aborted ?? false,
  };
}

export async function runPlan(_frame: Frame, req: PlanRequest, logger: EngineLogger, signal?: AbortSignal): Promise<PlanResult> {
  const spec = scriptOfThisModule();
  if (spec.gate) await fileAppears(spec.gate, signal);
  if (spec.compare) return fakeCompare(spec.compare, req, logger, signal);
  logger.emit({ kind: 'experiment.started', message: 'fake plan', payload: { plan: req.plan } });
  let done = 0;
  for (; done < spec.events; done++) {
    if (signal?.aborted && !spec.ignoreAbort) break;
    if (spec.spinMs) spin(spec.spinMs);
    logger.emit({ kind: 'model.fold.scored', payload: { model: 'fake', fold: done, k: spec.events } });
    if (spec.fail && done === Math.floor(spec.events / 2)) throw new Error(spec.fail);
    if (spec.crash && done === Math.floor(spec.events / 2)) await crash(spec.crash);
  }
  logger.emit({ kind: 'experiment.fitted', payload: { folds: done } });
  const metric = req.task === 'classification' ? 'Accuracy' : 'R2';
  return {
    leaderboard: {
      sortMetric: metric,
      rows: [{ rank: 1, modelId: 'fake', modelName: 'Fake Model', scores: [{ metric, mean: 0.5, std: 0 }], fitSeconds: 0, foldsDone: spec.events }],
    },
    summary: { rows: 0, best: 'fake' },
    holdout: null,
    analyses: [],
    holdoutPredictions: null,
    pipeline: {
      format: 'caretql.pipeline',
      version: 1,
      task: req.task,
      target: req.target,
      modelId: 'fake',
      modelName: 'Fake Model',
    },
    cancelled: signal?.aborted ?? false,
  };
}
