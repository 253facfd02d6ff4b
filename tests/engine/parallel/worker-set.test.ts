// A thread's idle fold workers: by default terminated after a while without plans; in a long-lived engine thread
// (the server's pool, which calls keepIdleFoldWorkers) kept until the thread ends, so a run after a pause
// reuses a started, JIT-warm worker.
import { afterAll, describe, expect, it } from 'vitest';
import { acquireWorkers, discardWorker, keepIdleFoldWorkers, releaseWorker, type FoldWorker } from '../../../src/engine/parallel/worker-set.js';

const started: FoldWorker[] = [];
afterAll(async () => {
  await Promise.all(started.map((fw) => discardWorker(fw)));
});

describe('idle fold workers', () => {
  it('are released with an idle timer by default, and reused by the next plan', () => {
    const [fw] = acquireWorkers(1);
    started.push(fw!);
    releaseWorker(fw!);
    expect(fw!.idleTimer).not.toBeNull();
    const [again] = acquireWorkers(1);
    expect(again).toBe(fw);
    expect(again!.idleTimer).toBeNull();
    releaseWorker(again!);
  });

  it('are kept without a timer once the thread asked to keep them', () => {
    keepIdleFoldWorkers();
    const [fw] = acquireWorkers(1);
    started.push(fw!);
    releaseWorker(fw!);
    expect(fw!.idleTimer).toBeNull();
    expect(acquireWorkers(1)[0]).toBe(fw);
  });
});
