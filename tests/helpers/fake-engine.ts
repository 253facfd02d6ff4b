// A stand-in for src/engine that the run worker loads in tests (RunServiceOptions.planEngine): it lets the
// queue → worker → sink → subscription path be exercised with an exact event count. The script comes from
// the module URL's query (see fakeEngineUrl), so each test picks its own without anything test-only in src.
import { existsSync } from 'node:fs';
import type { EngineLogger, Frame, PlanRequest, PlanResult } from '../../src/engine/index.js';
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

export async function runPlan(_frame: Frame, req: PlanRequest, logger: EngineLogger, signal?: AbortSignal): Promise<PlanResult> {
  const spec = scriptOfThisModule();
  while (spec.gate && !existsSync(spec.gate) && !signal?.aborted) await new Promise((r) => setTimeout(r, 5));
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
      rows: [{ rank: 1, modelId: 'fake', modelName: 'Fake Model', scores: [{ metric, mean: 0.5, std: 0 }], fitSeconds: 0 }],
    },
    summary: { rows: 0, best: 'fake' },
    holdout: null,
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
