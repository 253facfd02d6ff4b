// TUNE's tpe and halving searches on the worker pool (issue 11): each trial (tpe) or halving rung is fitted by
// a pool runner, and the search's decisions, events and result are exactly those of one thread.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { setupExperiment } from '../../../src/engine/experiment/setup.js';
import { FoldData } from '../../../src/engine/experiment/fold-data.js';
import { serialRunner } from '../../../src/engine/experiment/fold-runner.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';
import { loadBuiltinDataset } from '../../../src/engine/frame/builtin.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { poolRunner, workerTaskCount } from '../../../src/engine/parallel/pool-runner.js';

const cancer = loadBuiltinDataset('breast_cancer');

function tuneReq(params: PlanRequest['params'], threads: number, modelId = 'dt'): PlanRequest {
  return { task: 'classification', target: 'target', setup: { fold: 5 }, plan: 'tune', modelId, params, threads };
}

async function run(r: PlanRequest, abortWhen?: (e: EngineEvent, all: EngineEvent[]) => boolean): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const controller = new AbortController();
  const logger = { emit: (e: EngineEvent) => (events.push(e), abortWhen?.(e, events) && controller.abort()) };
  const result = await runPlan(cancer, r, logger, controller.signal, { parallel: (t) => poolRunner(t, { waitForWorkers: true, minCells: 0 }) });
  return { result, events };
}

const trials = (ev: EngineEvent[]) => ev.filter((e) => e.kind === 'model.tune.trial').map((e) => e.payload);
const tuned = (ev: EngineEvent[]) => ev.find((e) => e.kind === 'model.tuned')?.payload;
const board = (r: PlanResult) => r.leaderboard?.rows.map((x) => ({ ...x, fitSeconds: 0 }));

describe('TUNE tpe and halving on 2 threads', () => {
  it.each([
    ['tpe', { library: 'tpe', nIter: 14 }],
    ['tpe with early stopping', { library: 'tpe', nIter: 14, earlyStopping: true }],
    ['halving', { library: 'halving', nIter: 9 }],
  ] as const)('%s: same trials, best params and scores as one thread, with folds fitted on the workers', { timeout: 120_000 }, async (_, params) => {
    const one = await run(tuneReq(params, 1));
    const before = workerTaskCount();
    const two = await run(tuneReq(params, 2));
    expect(workerTaskCount()).toBeGreaterThan(before);
    expect(trials(one.events)).toHaveLength(params.nIter);
    if ('earlyStopping' in params) expect(trials(one.events).filter((t) => t?.status === 'stopped').length).toBeGreaterThan(0);
    expect(trials(two.events)).toEqual(trials(one.events));
    expect(tuned(two.events)).toEqual(tuned(one.events));
    expect(two.result.summary.bestParams).toEqual(one.result.summary.bestParams);
    expect(board(two.result)).toEqual(board(one.result));
    expect(two.result.holdout).toEqual(one.result.holdout);
    // the event sequence (kinds) is the same too: no event is added, dropped or reordered by the pool
    expect(two.events.map((e) => e.kind)).toEqual(one.events.map((e) => e.kind));
  });

  it('halving on 2 threads halves and completes as in one thread (statuses and folds per trial)', { timeout: 60_000 }, async () => {
    const { events } = await run(tuneReq({ library: 'halving', nIter: 9 }, 2));
    const t = trials(events) as Array<{ status: string; folds: number }>;
    expect(t.filter((x) => x.status === 'halved').length).toBeGreaterThan(0);
    for (const x of t.filter((y) => y.status === 'complete')) expect(x.folds).toBe(5);
  });

  it.each([
    // tpe: the abort at trial 3's event is seen before trial 4's first fold
    ['tpe', { library: 'tpe', nIter: 14 }, 3],
    // halving: rung 0's 6 halved trials (of 9, eta 3) end together; the abort at the first is seen before rung 1's first fold
    ['halving', { library: 'halving', nIter: 9 }, 6],
  ] as const)('%s: a cancel during the search ends it at the next fold, with no further trial', { timeout: 60_000 }, async (_, params, expected) => {
    const { result, events } = await run(tuneReq(params, 2), (e, all) => e.kind === 'model.tune.trial' && trials(all).length === 1 + (params.library === 'tpe' ? 2 : 0));
    expect(result.cancelled).toBe(true);
    expect(trials(events)).toHaveLength(expected);
    if (params.library === 'halving') expect(trials(events).every((t) => t?.status === 'halved')).toBe(true);
    expect(result.pipeline).toBeNull();
    expect(tuned(events)).toMatchObject({ cancelled: true });
  });
});

describe('a pool runner scoped to some folds (a halving rung)', () => {
  it('returns the serial outcomes of those folds and refuses a fold outside its scope', async () => {
    const req = validatePlanRequest({ task: 'classification', target: 'target', setup: { fold: 5 }, plan: 'setup', params: {} }, cancer.names(), MODEL_REGISTRY);
    const exp = setupExperiment(cancer, req, { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
    const spec = MODEL_REGISTRY.get('classification', 'dt');
    const jobs = [{ spec, params: spec.create({}).params }, { spec, params: { ...spec.create({}).params, maxDepth: 2 } }];
    const data = new FoldData(exp, true);
    const pool = poolRunner(2, { waitForWorkers: true, minCells: 0 })(exp, jobs, { data, folds: [1, 3] });
    const serial = serialRunner(exp, jobs, { data });
    const strip = (o: Awaited<ReturnType<typeof serial.outcome>>) => (o.ok ? o.metrics : o.error);
    try {
      for (let j = 0; j < 2; j++) for (const k of [1, 3]) expect(strip(await pool.outcome(j, k))).toEqual(strip(await serial.outcome(j, k)));
      await expect(pool.outcome(0, 0)).rejects.toThrow(RangeError);
    } finally {
      await pool.close();
    }
  });

  it('made after the abort (the next trial of a cancelled tune), starts no worker and still answers what it is asked', async () => {
    const req = validatePlanRequest({ task: 'classification', target: 'target', setup: { fold: 5 }, plan: 'setup', params: {} }, cancer.names(), MODEL_REGISTRY);
    const controller = new AbortController();
    const exp = setupExperiment(cancer, req, { logger: { emit: () => {} }, registry: MODEL_REGISTRY, signal: controller.signal });
    controller.abort();
    const spec = MODEL_REGISTRY.get('classification', 'dt');
    const before = workerTaskCount();
    const pool = poolRunner(2, { waitForWorkers: true, minCells: 0 })(exp, [{ spec, params: spec.create({}).params }], { data: new FoldData(exp, true) });
    try {
      expect((await pool.outcome(0, 0)).ok).toBe(true);
    } finally {
      await pool.close();
    }
    expect(workerTaskCount()).toBe(before);
  });
});
