// The engine pool's long-lived threads (src/jobs/threads/engine-pool.ts + worker-task.ts): reuse across runs
// without state leaking, warm-up, and isolation (a crash, an out-of-memory thread or a thread that ignores
// cancel fails only its own task and is replaced). Real engine for the results, the scripted fake engine
// (tests/helpers/fake-engine.ts) for the failures.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModels, type PlanRequest } from '../../../src/engine/index.js';
import { EnginePool, type WarmedEvent } from '../../../src/jobs/threads/engine-pool.js';
import type { PlanOutcome, WorkerTask } from '../../../src/jobs/threads/protocol.js';
import { WorkerTaskError, liveWorkerCount, runWorkerTask, warmEnginePool, type WorkerTaskOptions } from '../../../src/jobs/threads/worker-task.js';
import { fakeEngineUrl, type FakeEngineScript } from '../../helpers/fake-engine.js';

let artifactDir = '';
const pools: EnginePool[] = [];
beforeAll(async () => {
  artifactDir = await mkdtemp(join(tmpdir(), 'caretql-pool-'));
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await rm(artifactDir, { recursive: true, force: true });
});

function newPool(options: Partial<ConstructorParameters<typeof EnginePool>[0]> = {}): EnginePool {
  const pool = new EnginePool({ runThreads: 1, engineThreads: 1, ...options });
  pools.push(pool);
  return pool;
}

let runCounter = 0;
function compareTask(dataset: 'iris' | 'wine'): Extract<WorkerTask, { type: 'plan' }> {
  const request: PlanRequest = {
    task: 'classification',
    target: 'target',
    setup: { fold: 3, sessionId: 123 },
    plan: 'compare',
    params: { include: ['lr', 'dt', 'knn', 'nb', 'rf'] },
    threads: 1,
  };
  return { type: 'plan', runId: `run-${++runCounter}`, source: { kind: 'builtin', name: dataset }, request, artifactDir };
}

function fakeTask(script: FakeEngineScript): Extract<WorkerTask, { type: 'plan' }> {
  const task = compareTask('iris');
  return { ...task, engine: fakeEngineUrl(script).href };
}

/** Runs a task and records the thread it ran on and its events. */
async function run(task: WorkerTask & { type: 'plan' }, pool: EnginePool, options: WorkerTaskOptions = {}) {
  let thread = -1;
  const kinds: string[] = [];
  const outcome = await runWorkerTask(task, {
    pool,
    ...options,
    onThread: (id) => (thread = id),
    onEvent: (e, at) => {
      kinds.push(e.kind);
      options.onEvent?.(e, at);
    },
  });
  return { outcome, thread, kinds };
}

/** A leaderboard without its timings (the only thing allowed to differ between identical runs). */
function scoresOf(outcome: PlanOutcome) {
  return (outcome.result.leaderboard?.rows ?? []).map(({ fitSeconds: _fit, ...row }) => row);
}

describe('engine pool', () => {
  it('runs A, B, A on one warm thread with results identical to a fresh thread (no state leaks)', async () => {
    const pool = newPool();
    const a1 = await run(compareTask('iris'), pool);
    const b = await run(compareTask('wine'), pool);
    const a2 = await run(compareTask('iris'), pool);
    const fresh = await run(compareTask('iris'), newPool());

    expect(a1.thread).toBeGreaterThan(0);
    expect([b.thread, a2.thread]).toEqual([a1.thread, a1.thread]);
    expect(pool.threadsStarted.run).toBe(1);
    expect(fresh.thread).not.toBe(a1.thread);

    expect(scoresOf(a1.outcome)).toHaveLength(5);
    expect(scoresOf(a2.outcome)).toEqual(scoresOf(a1.outcome));
    expect(scoresOf(fresh.outcome)).toEqual(scoresOf(a1.outcome));
    expect(scoresOf(b.outcome)).not.toEqual(scoresOf(a1.outcome));
    const untimed = ({ seconds: _s, ...rest }: Record<string, unknown>) => rest;
    expect(untimed(a2.outcome.result.summary)).toEqual(untimed(a1.outcome.result.summary));
    expect(a2.outcome.result.holdout).toEqual(a1.outcome.result.holdout);
    expect(a2.kinds).toEqual(a1.kinds);
    // The same fitted pipeline, byte for byte.
    expect(a2.outcome.artifact!.sha256).toBe(a1.outcome.artifact!.sha256);
    expect(fresh.outcome.artifact!.sha256).toBe(a1.outcome.artifact!.sha256);
    expect(liveWorkerCount()).toBe(0);
  });

  it('warms every run thread with a synthetic compare, and a run submitted meanwhile makes the warm-up yield', async () => {
    const pool = newPool({ runThreads: 2 });
    await expect(warmEnginePool(pool)).resolves.toBe(6); // 2 threads × (multiclass + binary + regression)
    expect(pool.threadsStarted.run).toBe(2);
    expect(pool.threadIds()).toHaveLength(2);

    const busy = newPool({ runThreads: 1 });
    const warming = warmEnginePool(busy);
    const trained = run(fakeTask({ events: 3 }), busy);
    await expect(warming).resolves.toBe(0); // stopped before its first compare
    expect((await trained).outcome.result.cancelled).toBe(false);
    expect(busy.threadsStarted.run).toBe(1);
  }, 60_000);

  it('the warm-up fits every model of a default compare, for multiclass, binary and regression targets', async () => {
    const pool = newPool({ runThreads: 1, engineThreads: 2 });
    const outcome = await runWorkerTask({ type: 'warm', threads: pool.engineThreads }, { pool });
    expect(outcome.compares).toBe(3);
    const turbo = (task: 'classification' | 'regression') => listModels(task).filter((m) => m.turbo).map((m) => m.id).sort();
    expect([...(outcome.fitted.multiclass ?? [])].sort()).toEqual(turbo('classification'));
    expect([...(outcome.fitted.binary ?? [])].sort()).toEqual(turbo('classification'));
    expect([...(outcome.fitted.regression ?? [])].sort()).toEqual(turbo('regression'));
  }, 120_000);

  it('warms a thread that replaces a crashed one, on that thread, in the background', async () => {
    const pool = newPool({ runThreads: 2 });
    await expect(warmEnginePool(pool)).resolves.toBe(6);
    const boot = pool.threadIds();
    const replacementWarmed = once(pool.events, 'warmed') as Promise<[WarmedEvent]>;
    const failed = run(fakeTask({ events: 2, crash: 'exit' }), pool);
    await expect(failed).rejects.toThrow(/^worker crashed: /);
    const [warmed] = await replacementWarmed;
    expect(pool.threadsStarted.run).toBe(3);
    expect(warmed.replacement).toBe(true);
    expect(warmed.compares).toBe(3); // multiclass + binary + regression, nothing asked for the thread meanwhile
    expect(boot).not.toContain(warmed.threadId);
    expect(warmed.ranOn).toBe(warmed.threadId);
    expect(pool.threadIds()).toContain(warmed.threadId);
    expect((await run(fakeTask({ events: 2 }), pool)).outcome.result.cancelled).toBe(false);
  }, 60_000);

  it('a replacement warm-up yields to a run submitted meanwhile', async () => {
    const pool = newPool({ runThreads: 1 });
    await expect(warmEnginePool(pool)).resolves.toBe(3);
    const warming = once(pool.events, 'warming') as Promise<[number]>;
    const replacementWarmed = once(pool.events, 'warmed') as Promise<[WarmedEvent]>;
    const failed = run(fakeTask({ events: 2, crash: 'exit' }), pool);
    await expect(failed).rejects.toThrow(/^worker crashed: /);
    const [threadId] = await warming;
    const next = run(fakeTask({ events: 2 }), pool);
    const [warmed] = await replacementWarmed;
    expect(warmed).toMatchObject({ replacement: true, threadId, compares: 0 });
    const after = await next;
    expect(after.outcome.result.cancelled).toBe(false);
    expect(after.thread).toBe(threadId);
    expect(pool.threadsStarted.run).toBe(2);
  }, 60_000);

  it('a run already waiting when the replacement starts takes it first, with no warm-up', async () => {
    const pool = newPool({ runThreads: 1 });
    await expect(warmEnginePool(pool)).resolves.toBe(3);
    const warmed: WarmedEvent[] = [];
    pool.events.on('warmed', (e: WarmedEvent) => warmed.push(e));
    const failed = run(fakeTask({ events: 2, crash: 'exit' }), pool);
    // Queued behind the crashing task: it is waiting when the replacement thread is ready.
    const next = run(fakeTask({ events: 2 }), pool);
    await expect(failed).rejects.toThrow(/^worker crashed: /);
    expect((await next).outcome.result.cancelled).toBe(false);
    expect(pool.threadsStarted.run).toBe(2);
    expect(warmed).toEqual([]);
  }, 60_000);

  it('does not warm a replacement when the pool was never warmed', async () => {
    const pool = newPool();
    const warmed: WarmedEvent[] = [];
    pool.events.on('warmed', (e: WarmedEvent) => warmed.push(e));
    await expect(run(fakeTask({ events: 2, crash: 'exit' }), pool)).rejects.toThrow(/^worker crashed: /);
    const after = await run(fakeTask({ events: 2 }), pool);
    expect(after.kinds).toHaveLength(4);
    expect(pool.threadsStarted.run).toBe(2);
    expect(warmed).toEqual([]);
  });

  it('delivers every event before the outcome', async () => {
    const { kinds } = await run(fakeTask({ events: 200 }), newPool());
    expect(kinds).toHaveLength(202);
    expect(kinds[0]).toBe('experiment.started');
    expect(kinds.at(-1)).toBe('experiment.fitted');
  });

  it.each([
    ['uncaught', /^worker crashed: fake engine blew up outside the plan$/],
    ['exit', /^worker crashed: .*code: 7/],
  ] as const)('a thread that crashes (%s) fails only its task and is replaced', async (crash, message) => {
    const pool = newPool();
    const before = await run(fakeTask({ events: 2 }), pool);
    const failed = run(fakeTask({ events: 10, crash }), pool);
    await expect(failed).rejects.toThrow(message);
    await expect(failed).rejects.toBeInstanceOf(WorkerTaskError);
    const after = await run(fakeTask({ events: 2 }), pool);
    expect(after.outcome.result.cancelled).toBe(false);
    expect(after.thread).not.toBe(before.thread);
    expect(pool.threadsStarted.run).toBe(2);
  });

  it('a thread that runs out of memory fails its task with a clear error and is replaced', async () => {
    const pool = newPool({ maxHeapMb: 128 });
    const failed = run(fakeTask({ events: 2, crash: 'oom' }), pool);
    await expect(failed).rejects.toThrow(/^the engine thread ran out of memory \(heap limit 128 MB per thread, RUN_WORKER_MAX_HEAP_MB\)/);
    const after = await run(fakeTask({ events: 2 }), pool);
    expect(after.kinds).toHaveLength(4);
    expect(pool.threadsStarted.run).toBe(2);
  });

  it('cancel stops a warm thread within one step, and the thread stays for the next run', async () => {
    const pool = newPool();
    const warm = await run(fakeTask({ events: 1 }), pool);
    const control = new AbortController();
    const cancelled = await run(fakeTask({ events: 100_000, spinMs: 200 }), pool, {
      signal: control.signal,
      killAfterMs: 60_000,
      onEvent: (e) => {
        if (e.kind === 'model.fold.scored') control.abort();
      },
    });
    expect(cancelled.thread).toBe(warm.thread);
    expect(cancelled.outcome.result.cancelled).toBe(true);
    // The abort was asked for at the first fold: at most the fold in progress then was finished.
    expect(cancelled.kinds.filter((k) => k === 'model.fold.scored').length).toBeLessThanOrEqual(2);
    const next = await run(fakeTask({ events: 1 }), pool);
    expect(next.thread).toBe(warm.thread);
    expect(pool.threadsStarted.run).toBe(1);
  });

  it('a thread that ignores cancel is terminated after the grace period and replaced', async () => {
    const pool = newPool();
    const first = await run(fakeTask({ events: 1 }), pool);
    const control = new AbortController();
    const stuck = run(fakeTask({ events: 1_000_000_000, spinMs: 1, ignoreAbort: true }), pool, {
      signal: control.signal,
      killAfterMs: 300,
      onEvent: (e) => {
        if (e.kind === 'model.fold.scored') control.abort();
      },
    });
    await expect(stuck).rejects.toThrow('stopped: the worker did not stop in time and was terminated');
    const next = await run(fakeTask({ events: 1 }), pool);
    expect(next.thread).not.toBe(first.thread);
    expect(pool.threadsStarted.run).toBe(2);
    expect(pool.threadIds()).toEqual([next.thread]);
    expect(liveWorkerCount()).toBe(0);
  });

  it('refuses tasks once closed', async () => {
    const pool = newPool();
    await pool.close();
    await expect(runWorkerTask(fakeTask({ events: 1 }), { pool })).rejects.toThrow('the engine pool is closed');
    expect(liveWorkerCount()).toBe(0);
  });
});
