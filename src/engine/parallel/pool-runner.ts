import type { Experiment } from '../experiment/experiment.js';
import { FoldData } from '../experiment/fold-data.js';
import type { FoldRunner, FoldRunnerFactory, ModelJob } from '../experiment/fold-runner.js';
import { runFoldTask, type FoldOutcome } from '../experiment/fold-task.js';
import { MODEL_REGISTRY } from '../models/registry.js';
import type { MainToWorker, SharedFold, WorkerToMain } from './protocol.js';
import { acquireWorkers, discardWorker, releaseWorker, type FoldWorker } from './worker-set.js';

let tasksOnWorkers = 0;
/** How many fold tasks worker threads have fitted in this process (tests check the pool is really used). */
export function workerTaskCount(): number {
  return tasksOnWorkers;
}

interface Task {
  job: number;
  fold: number;
}
interface Slot {
  fw: FoldWorker;
  /** False until the worker has loaded and received the folds: tasks go to ready workers only. */
  ready: boolean;
  busy: (Task & { id: number }) | null;
}

export interface PoolOptions {
  /** Wait for every worker to be ready before the first outcome (tests use it to make sure the pool works). */
  waitForWorkers?: boolean;
}

/**
 * Fits the (job, fold) tasks of a plan on the calling thread plus threads - 1 worker threads, in job-major
 * order, handing the outcomes back in the order the caller asks for them. Each worker receives the
 * preprocessed fold matrices once, in shared memory. The outcomes are those of a serial run (same params,
 * same seeds); only the fit times differ.
 */
class PoolRunner implements FoldRunner {
  private readonly results = new Map<number, FoldOutcome>();
  private readonly waiters = new Map<number, (o: FoldOutcome) => void>();
  private queue: Task[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;
  private readonly k: number;
  private readonly folds: FoldData;
  private readonly portable: boolean[];
  private allReady: Promise<void> | null;
  private onAllReady: (() => void) | null = null;
  private readonly onAbort = (): void => {
    this.queue = [];
  };

  constructor(
    private readonly exp: Experiment,
    private readonly jobs: readonly ModelJob[],
    threads: number,
    options: PoolOptions,
  ) {
    this.k = exp.folds.length;
    // Workers know the models of the global registry only (tests may inject others: those run here).
    this.portable = jobs.map((j) => MODEL_REGISTRY.has(exp.task, j.spec.id) && MODEL_REGISTRY.get(exp.task, j.spec.id) === j.spec);
    for (let j = 0; j < jobs.length; j++) for (let f = 0; f < this.k; f++) this.queue.push({ job: j, fold: f });
    this.folds = new FoldData(exp, threads > 1);
    // The calling thread is one of the `threads`: it fits tasks itself while the workers start up and run.
    // Folds too large to keep in memory all at once are not copied to workers: everything runs here.
    const size = this.folds.keepsAll ? Math.max(0, Math.min(threads - 1, this.queue.length - 1)) : 0;
    if (threads > 1 && size === 0 && !this.folds.keepsAll)
      exp.logger.emit({ kind: 'warning', message: 'the fold matrices are too large to share with worker threads: running in one thread', payload: { code: 'SINGLE_THREAD' } });
    for (const fw of acquireWorkers(size)) {
      const slot: Slot = { fw, ready: false, busy: null };
      fw.onMessage = (m) => this.onResult(slot, m);
      fw.onDeath = (e) => this.onCrash(slot, e);
      this.slots.push(slot);
    }
    const shared: SharedFold[] = [];
    for (let f = 0; f < this.k && this.slots.length > 0; f++) {
      const m = this.folds.get(f);
      shared.push({ X: m.X, y: m.y, Xv: m.Xv, yv: m.yv });
    }
    const init: MainToWorker = { type: 'init', task: exp.task, nClasses: exp.classes?.length ?? 0, folds: shared };
    for (const s of this.slots) s.fw.worker.postMessage(init);
    exp.signal?.addEventListener('abort', this.onAbort);
    this.allReady = options.waitForWorkers && this.slots.length > 0 ? new Promise<void>((resolve) => (this.onAllReady = resolve)) : null;
  }

  private key(job: number, fold: number): number {
    return job * this.k + fold;
  }

  private dispatch(slot: Slot): void {
    if (this.closed || slot.busy || !slot.ready) return;
    const at = this.queue.findIndex((q) => this.portable[q.job]);
    if (at === -1) return;
    const t = this.queue.splice(at, 1)[0] as Task;
    const job = this.jobs[t.job] as ModelJob;
    const id = this.nextId++;
    slot.busy = { ...t, id };
    const m: MainToWorker = { type: 'fit', id, modelId: job.spec.id, params: job.params, fold: t.fold };
    slot.fw.worker.postMessage(m);
  }

  private settle(t: Task, outcome: FoldOutcome): void {
    const key = this.key(t.job, t.fold);
    const w = this.waiters.get(key);
    if (w) {
      this.waiters.delete(key);
      w(outcome);
    } else this.results.set(key, outcome);
  }

  private onResult(slot: Slot, m: WorkerToMain): void {
    if (m.type === 'ready') {
      slot.ready = true;
      if (this.onAllReady && this.slots.every((s) => s.ready)) this.onAllReady();
      this.dispatch(slot);
      return;
    }
    const t = slot.busy;
    if (!t || t.id !== m.id) return;
    slot.busy = null;
    tasksOnWorkers++;
    this.settle(t, m.outcome);
    this.dispatch(slot);
  }

  /** A worker that dies hands its task back: this thread fits it (and every task left, if no worker remains). */
  private onCrash(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i === -1) return;
    this.slots.splice(i, 1);
    if (this.closed) return;
    if (this.onAllReady && this.slots.every((s) => s.ready)) this.onAllReady();
    this.exp.logger.emit({ kind: 'warning', message: `a worker thread stopped (${e.message}); its work continues in this thread`, payload: { code: 'WORKER_LOST' } });
    const t = slot.busy;
    slot.busy = null;
    if (!t) return;
    if (this.waiters.has(this.key(t.job, t.fold))) this.settle(t, this.runHere(t));
    else this.queue.unshift(t);
  }

  /** Runs a task in the calling thread. */
  private runHere(t: Task): FoldOutcome {
    const job = this.jobs[t.job] as ModelJob;
    return runFoldTask(job.spec, job.params, this.folds.get(t.fold), this.exp.task, this.exp.classes?.length ?? 0);
  }

  private take(job: number, fold: number): FoldOutcome | undefined {
    const key = this.key(job, fold);
    const have = this.results.get(key);
    if (have) this.results.delete(key);
    return have;
  }

  /**
   * The outcome of (job, fold): from a worker if it has it or is on it, else computed here. While a worker
   * is still on it, this thread fits the next queued tasks instead of idling.
   */
  async outcome(job: number, fold: number): Promise<FoldOutcome> {
    if (this.allReady) {
      await this.allReady;
      this.allReady = null;
    }
    for (;;) {
      // Worker messages (ready, results) are macrotasks: let them in before each decision, or a caller
      // that is never kept waiting would never see a worker become ready.
      if (this.slots.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const have = this.take(job, fold);
      if (have) return have;
      const inFlight = this.slots.some((s) => s.busy?.job === job && s.busy.fold === fold);
      if (!inFlight) {
        const queued = this.queue.findIndex((t) => t.job === job && t.fold === fold);
        if (queued !== -1) this.queue.splice(queued, 1);
        for (const s of this.slots) this.dispatch(s);
        return this.runHere({ job, fold });
      }
      const next = this.queue.shift();
      if (!next) return new Promise<FoldOutcome>((resolve) => this.waiters.set(this.key(job, fold), resolve));
      this.settle(next, this.runHere(next));
    }
  }

  drop(job: number): void {
    this.queue = this.queue.filter((t) => t.job !== job);
    for (let f = 0; f < this.k; f++) this.results.delete(this.key(job, f));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue = [];
    this.exp.signal?.removeEventListener('abort', this.onAbort);
    for (const [, w] of this.waiters) w({ ok: false, error: 'the worker pool was closed' });
    this.waiters.clear();
    // Workers that are idle and loaded stay for the next plan of this thread; one still busy, or not yet
    // through its init, would answer this plan's messages to the next one: it is terminated.
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => (s.ready && !s.busy ? releaseWorker(s.fw) : discardWorker(s.fw))));
  }
}

/** Fold runners on `threads` worker threads (compare models and tune candidates in parallel). */
export function poolRunner(threads: number, options: PoolOptions = {}): FoldRunnerFactory {
  return (exp, jobs) => new PoolRunner(exp, jobs, threads, options);
}
