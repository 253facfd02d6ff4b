import type { Experiment } from '../experiment/experiment.js';
import { FoldData } from '../experiment/fold-data.js';
import type { FoldRunner, FoldRunnerFactory, ModelJob, RunnerScope } from '../experiment/fold-runner.js';
import { runFoldTask, type FoldOutcome } from '../experiment/fold-task.js';
import { MODEL_REGISTRY } from '../models/registry.js';
import type { PlanInit, WorkerToMain } from './protocol.js';
import { acquireWorkers, discardWorker, releaseWorker, type FoldWorker } from './worker-set.js';

let tasksOnWorkers = 0;
/** How many fold tasks worker threads have fitted in this process (tests check the pool is really used). */
export function workerTaskCount(): number {
  return tasksOnWorkers;
}

export interface PoolOptions {
  /** Wait for every worker to be ready before the first outcome (tests use it to make sure the pool works). */
  waitForWorkers?: boolean;
  /** Train-part cells (rows x model inputs) below which no worker is started (default MIN_CELLS_FOR_WORKERS). */
  minCells?: number;
}

/**
 * Below this many train-part cells a fold fits in milliseconds, and starting a worker (it loads the engine)
 * costs more than it saves: measured on iris (420 cells) and wine (1,612), 2 threads were slower than 1;
 * on diabetes (3,090) and up they were faster.
 */
export const MIN_CELLS_FOR_WORKERS = 2_500;

interface Slot {
  fw: FoldWorker;
  ready: boolean;
  drained: boolean;
  onDrained: (() => void) | null;
  /** The task this worker said it is fitting (claimed, no result yet). */
  current: number;
}

/** Plans already warned that they run in one thread (tune makes a runner per trial: one warning, not one each). */
const warnedSingleThread = new WeakSet<Experiment>();

/** How long close() lets a worker finish its loop (it has no task left) before terminating it. */
const DRAIN_GRACE_MS = 200;

/**
 * Fits the (job, fold) tasks of a plan on the calling thread plus threads - 1 worker threads. Tasks are
 * numbered job-major; every thread claims the next one from a shared counter (Atomics), so the workers
 * stay busy whatever the calling thread is doing, and the calling thread hands the outcomes back in the
 * order they are asked for (fitting the next unclaimed task itself while a worker finishes the one it needs).
 * Each worker receives the preprocessed fold matrices once, in shared memory. The outcomes are those of a
 * serial run (same params, same seeds); only the fit times differ.
 */
class PoolRunner implements FoldRunner {
  private readonly results = new Map<number, FoldOutcome>();
  /** Tasks a worker claimed but will not deliver (unknown model, or the worker died): run here. */
  private readonly orphans = new Set<number>();
  private readonly waiters = new Map<number, () => void>();
  private readonly slots: Slot[] = [];
  private readonly k: number;
  /** The folds of this runner's scope (task i is fold foldIds[i % k]) and each one's position. */
  private readonly foldIds: readonly number[];
  private readonly foldPos = new Map<number, number>();
  private readonly total: number;
  private readonly folds: FoldData;
  private readonly claim = new Int32Array(new SharedArrayBuffer(4));
  private readonly dropped: Int32Array;
  private stopped = false;
  private crashed = false;
  private allReady: Promise<void> | null = null;
  private onAllReady: (() => void) | null = null;
  private readonly onAbort = (): void => this.stop();

  constructor(
    private readonly exp: Experiment,
    private readonly jobs: readonly ModelJob[],
    threads: number,
    options: PoolOptions,
    scope: RunnerScope,
  ) {
    this.foldIds = scope.folds ?? exp.folds.map((_, f) => f);
    this.foldIds.forEach((f, i) => this.foldPos.set(f, i));
    this.k = this.foldIds.length;
    this.total = jobs.length * this.k;
    this.dropped = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, jobs.length)));
    this.folds = scope.data && (threads <= 1 || scope.data.shared) ? scope.data : new FoldData(exp, threads > 1);
    // Folds too large to keep in memory all at once are not shared with workers: everything runs here.
    const cells = exp.train.length * exp.trainPreprocessor.outputNames.length;
    const worthIt = cells >= (options.minCells ?? MIN_CELLS_FOR_WORKERS);
    // A runner made after the abort (tune's next trial) fits nothing ahead: the caller stops at its next fold.
    if (exp.signal?.aborted) this.stop();
    const size = this.folds.keepsAll && worthIt && !this.stopped ? Math.max(0, Math.min(threads - 1, this.total - 1)) : 0;
    if (threads > 1 && !this.folds.keepsAll && !warnedSingleThread.has(exp)) {
      warnedSingleThread.add(exp);
      exp.logger.emit({ kind: 'warning', message: 'the fold matrices are too large to share with worker threads: running in one thread', payload: { code: 'SINGLE_THREAD' } });
    }
    if (size === 0) return;
    const folds = [];
    for (const f of this.foldIds) {
      const m = this.folds.get(f);
      folds.push({ X: m.X, y: m.y, Xv: m.Xv, yv: m.yv, ...(m.target ? { target: m.target } : {}) });
    }
    // Workers know the models of the global registry only (tests may inject others: those run here).
    const init: PlanInit = {
      type: 'init',
      task: exp.task,
      nClasses: exp.classes?.length ?? 0,
      probabilityThreshold: exp.analysisOptions.probabilityThreshold ?? null,
      folds,
      jobs: jobs.map((j) => ({ modelId: j.spec.id, params: j.params, portable: MODEL_REGISTRY.findPipelineSpec(exp.task, j.spec.id) === j.spec })),
      claim: this.claim,
      dropped: this.dropped,
    };
    for (const fw of acquireWorkers(size)) {
      const slot: Slot = { fw, ready: false, drained: false, onDrained: null, current: -1 };
      fw.onMessage = (m) => this.onMessage(slot, m);
      fw.onDeath = () => this.onDeath(slot);
      fw.worker.postMessage(init);
      this.slots.push(slot);
    }
    exp.signal?.addEventListener('abort', this.onAbort);
    if (options.waitForWorkers) this.allReady = new Promise<void>((resolve) => (this.onAllReady = resolve));
  }

  /** No thread claims a new task any more. */
  private stop(): void {
    this.stopped = true;
    Atomics.store(this.claim, 0, this.total);
  }

  private wake(index: number): void {
    const w = this.waiters.get(index);
    if (w) {
      this.waiters.delete(index);
      w();
    }
  }

  private onMessage(slot: Slot, m: WorkerToMain): void {
    switch (m.type) {
      case 'ready':
        slot.ready = true;
        if (this.onAllReady && this.slots.every((s) => s.ready)) this.onAllReady();
        return;
      case 'claim':
        slot.current = m.index;
        return;
      case 'result':
        slot.current = -1;
        tasksOnWorkers++;
        if (!this.crashed || !this.results.has(m.index)) this.results.set(m.index, m.outcome);
        this.wake(m.index);
        return;
      case 'skip':
        this.orphans.add(m.index);
        this.wake(m.index);
        return;
      case 'drained':
        slot.drained = true;
        slot.onDrained?.();
        return;
    }
  }

  /** A dead worker's task, and any task claimed but not delivered, is fitted here from now on. */
  private onDeath(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i === -1) return;
    this.slots.splice(i, 1);
    this.crashed = true;
    if (this.onAllReady && this.slots.every((s) => s.ready)) this.onAllReady();
    slot.onDrained?.();
    this.exp.logger.emit({ kind: 'warning', message: 'a worker thread stopped; its work continues in this thread', payload: { code: 'WORKER_LOST' } });
    for (const index of [...this.waiters.keys()]) {
      this.orphans.add(index);
      this.wake(index);
    }
  }

  private runHere(index: number): FoldOutcome {
    const job = this.jobs[Math.floor(index / this.k)] as ModelJob;
    return runFoldTask(job.spec, job.params, this.folds.get(this.foldIds[index % this.k] as number), this.exp.task, this.exp.classes?.length ?? 0, this.exp.analysisOptions.probabilityThreshold);
  }

  /** Claims the next task for this thread; -1 when none is left. */
  private claimNext(): number {
    if (this.stopped) return -1;
    const i = Atomics.add(this.claim, 0, 1);
    return i < this.total ? i : -1;
  }

  /**
   * The outcome of (job, fold): its result if a thread has delivered it; else, if nobody has claimed it
   * yet, fitted here (with the unclaimed tasks before it); else (a worker is on it) this thread fits the
   * next unclaimed task meanwhile, or waits.
   */
  async outcome(job: number, fold: number): Promise<FoldOutcome> {
    const pos = this.foldPos.get(fold);
    if (pos === undefined || job < 0 || job >= this.jobs.length) throw new RangeError(`no task (job ${job}, fold ${fold}) in this runner`);
    const t = job * this.k + pos;
    if (this.allReady) {
      await this.allReady;
      this.allReady = null;
    }
    for (;;) {
      // Worker messages are macrotasks: let them in before each decision.
      if (this.slots.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const have = this.results.get(t);
      if (have) {
        this.results.delete(t);
        return have;
      }
      const onWorker = this.slots.some((s) => s.current === t);
      if (this.orphans.has(t) || this.slots.length === 0 || ((this.stopped || this.crashed) && !onWorker)) {
        this.orphans.delete(t);
        return this.runHere(t);
      }
      const next = this.claimNext();
      if (next === t) return this.runHere(t);
      if (next !== -1) {
        if (Atomics.load(this.dropped, Math.floor(next / this.k)) === 0) this.results.set(next, this.runHere(next));
        continue;
      }
      // Every task is claimed and a worker has t: wait for its result (or for it to hand t back).
      await new Promise<void>((resolve) => this.waiters.set(t, resolve));
    }
  }

  drop(job: number): void {
    if (job < this.jobs.length) Atomics.store(this.dropped, job, 1);
    for (let f = 0; f < this.k; f++) this.results.delete(job * this.k + f);
  }

  async close(): Promise<void> {
    this.stop();
    this.exp.signal?.removeEventListener('abort', this.onAbort);
    for (const w of this.waiters.values()) w();
    this.waiters.clear();
    // A worker that finishes its loop promptly stays for the next plan of this thread (started, JIT-warm);
    // one still fitting a task nobody wants is terminated.
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (s) => {
        if (!s.drained) {
          await new Promise<void>((resolve) => {
            s.onDrained = resolve;
            setTimeout(resolve, DRAIN_GRACE_MS).unref();
          });
        }
        return s.drained ? releaseWorker(s.fw) : discardWorker(s.fw);
      }),
    );
  }
}

/** Fold runners on `threads` threads: the calling one plus threads - 1 workers (compare, create, tune). */
export function poolRunner(threads: number, options: PoolOptions = {}): FoldRunnerFactory {
  return (exp, jobs, scope = {}) => new PoolRunner(exp, jobs, threads, options, scope);
}
