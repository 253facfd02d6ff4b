import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Matrix } from '../core/matrix.js';
import type { Experiment } from '../experiment/experiment.js';
import { FoldData } from '../experiment/fold-data.js';
import type { FoldRunner, FoldRunnerFactory, ModelJob } from '../experiment/fold-runner.js';
import type { FoldOutcome } from '../experiment/fold-task.js';
import type { MainToWorker, SharedFold, SharedMatrix, WorkerToMain } from './protocol.js';

// Under tsx and vitest this module is a .ts file and so is the worker; the entry then loads it with tsx.
const workerEntry = new URL(`./fold-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
const bootstrapUrl = new URL('./worker-entry.mjs', import.meta.url);

function share(v: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(v.length * 8));
  out.set(v);
  return out;
}
function shareMatrix(m: Matrix): SharedMatrix {
  return { data: share(m.data), rows: m.rows, cols: m.cols };
}

interface Task {
  job: number;
  fold: number;
}
interface Slot {
  worker: Worker;
  busy: (Task & { id: number }) | null;
}

/**
 * Fits the (job, fold) tasks of a plan on a pool of worker threads, in job-major order, handing the
 * outcomes back in the order the caller asks for them. Each worker receives the preprocessed fold
 * matrices once, in shared memory. The outcomes are those of a serial run (same params, same seeds);
 * only the fit times differ.
 */
class PoolRunner implements FoldRunner {
  private readonly results = new Map<number, FoldOutcome>();
  private readonly waiters = new Map<number, (o: FoldOutcome) => void>();
  private queue: Task[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;
  private readonly k: number;
  private readonly onAbort = (): void => {
    this.queue = [];
  };

  constructor(
    private readonly exp: Experiment,
    private readonly jobs: readonly ModelJob[],
    threads: number,
  ) {
    this.k = exp.folds.length;
    for (let j = 0; j < jobs.length; j++) for (let f = 0; f < this.k; f++) this.queue.push({ job: j, fold: f });
    const data = new FoldData(exp);
    const folds: SharedFold[] = [];
    for (let f = 0; f < this.k; f++) {
      const m = data.get(f);
      folds.push({ X: shareMatrix(m.X), y: share(m.y), Xv: shareMatrix(m.Xv), yv: share(m.yv) });
    }
    const init: MainToWorker = { type: 'init', task: exp.task, nClasses: exp.classes?.length ?? 0, folds };
    const size = Math.max(1, Math.min(threads, this.queue.length));
    for (let i = 0; i < size; i++) {
      const worker = new Worker(bootstrapUrl, { workerData: { entry: workerEntry } });
      const slot: Slot = { worker, busy: null };
      worker.on('message', (m: WorkerToMain) => this.onResult(slot, m));
      worker.on('error', (e) => this.onCrash(slot, e));
      worker.on('exit', (code) => this.onCrash(slot, new Error(`worker exited with code ${code}`)));
      worker.postMessage(init);
      this.slots.push(slot);
    }
    exp.signal?.addEventListener('abort', this.onAbort);
    for (const s of this.slots) this.dispatch(s);
  }

  private key(job: number, fold: number): number {
    return job * this.k + fold;
  }

  private dispatch(slot: Slot): void {
    if (this.closed || slot.busy) return;
    const t = this.queue.shift();
    if (!t) return;
    const job = this.jobs[t.job] as ModelJob;
    const id = this.nextId++;
    slot.busy = { ...t, id };
    const m: MainToWorker = { type: 'fit', id, modelId: job.spec.id, params: job.params, fold: t.fold };
    slot.worker.postMessage(m);
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
    const t = slot.busy;
    if (!t || t.id !== m.id) return;
    slot.busy = null;
    this.settle(t, m.outcome);
    this.dispatch(slot);
  }

  private onCrash(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i === -1) return;
    this.slots.splice(i, 1);
    if (this.closed) return;
    if (slot.busy) this.settle(slot.busy, { ok: false, error: `worker thread failed: ${e.message}` });
    slot.busy = null;
    if (this.slots.length === 0) {
      for (const t of this.queue) this.settle(t, { ok: false, error: `worker thread failed: ${e.message}` });
      this.queue = [];
    }
  }

  outcome(job: number, fold: number): FoldOutcome | Promise<FoldOutcome> {
    const key = this.key(job, fold);
    const have = this.results.get(key);
    if (have) {
      this.results.delete(key);
      return have;
    }
    const pending = this.queue.some((t) => t.job === job && t.fold === fold) || this.slots.some((s) => s.busy?.job === job && s.busy.fold === fold);
    if (!pending) {
      if (this.slots.length === 0) return { ok: false, error: 'no worker thread left' };
      this.queue.unshift({ job, fold });
      for (const s of this.slots) this.dispatch(s);
    }
    return new Promise((resolve) => this.waiters.set(key, resolve));
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
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** Fold runners on `threads` worker threads (compare models and tune candidates in parallel). */
export function poolRunner(threads: number): FoldRunnerFactory {
  return (exp, jobs) => new PoolRunner(exp, jobs, threads);
}
