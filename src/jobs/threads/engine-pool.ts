// The engine's long-lived threads (piscina): RUN_CONCURRENCY run threads, each reused run after run, and a
// small utility pool for dataset profiles and finalize (so a profile at submit never waits behind a
// compare). A run thread keeps up to RUN_ENGINE_THREADS - 1 fold threads of its own between runs (the
// engine's parallel/worker-set.ts), so at most RUN_CONCURRENCY × RUN_ENGINE_THREADS threads train at once.
// Every thread has resourceLimits; a thread that dies (crash, out of memory, terminated after ignoring a
// cancel) is replaced by piscina and only the task it was running fails (worker-task.ts).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { WorkerTask } from './protocol.js';

export interface EnginePoolOptions {
  /** Run threads (RUN_CONCURRENCY). */
  runThreads: number;
  /** Threads one run's engine may use (RUN_ENGINE_THREADS); the warm-up compares use as many. */
  engineThreads?: number;
  /** Old-generation heap limit of each thread in MB (RUN_WORKER_MAX_HEAP_MB). */
  maxHeapMb?: number;
  /** Threads for profiles and finalize (default 1, started on demand, stopped after 30 s idle). */
  utilityThreads?: number;
}

export const DEFAULT_WORKER_MAX_HEAP_MB = 4096;
const UTILITY_IDLE_MS = 30_000;
const ENTRY = fileURLToPath(new URL('./pool-entry.mjs', import.meta.url));

export type PoolLane = 'run' | 'utility';

/** The lane a task runs in: training and warm-ups on the run threads, the rest on the utility threads. */
export function laneOf(task: WorkerTask): PoolLane {
  return task.type === 'plan' || task.type === 'warm' ? 'run' : 'utility';
}

export class EnginePool {
  private readonly lanes = new Map<PoolLane, Piscina>();
  /** Cancels the warm-ups still going; set while they are. */
  private warmUps: AbortController | null = null;
  private closed = false;
  /** Threads started so far, per lane (a replaced thread counts again). */
  readonly threadsStarted: Record<PoolLane, number> = { run: 0, utility: 0 };
  readonly maxHeapMb: number;

  constructor(private readonly options: EnginePoolOptions) {
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_WORKER_MAX_HEAP_MB;
  }

  get runThreads(): number {
    return this.options.runThreads;
  }

  /** The piscina of a lane, created on first use (tests that never train start no thread). */
  lane(name: PoolLane): Piscina {
    if (this.closed) throw new Error('the engine pool is closed');
    let pool = this.lanes.get(name);
    if (!pool) {
      const size = name === 'run' ? this.options.runThreads : (this.options.utilityThreads ?? 1);
      pool = new Piscina({
        filename: ENTRY,
        minThreads: name === 'run' ? size : 0,
        maxThreads: size,
        idleTimeout: name === 'run' ? Infinity : UTILITY_IDLE_MS,
        // Between tasks a thread must keep its event loop (its fold threads talk to it), so no Atomics.wait.
        atomics: 'disabled',
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
        recordTiming: false,
      });
      pool.on('workerCreate', () => this.threadsStarted[name]++);
      // Errors of a thread with no task (there is none to fail); the thread is replaced.
      pool.on('error', () => undefined);
      this.lanes.set(name, pool);
    }
    return pool;
  }

  /** Thread ids of a lane's live threads. */
  threadIds(name: PoolLane = 'run'): number[] {
    return (this.lanes.get(name)?.threads ?? []).map((t) => t.threadId);
  }

  /**
   * Starts one warm-up compare per run thread, in the background: resolves when they are done (or
   * yielded to runs) with how many compares ran to the end. Never rejects.
   */
  warm(run: (signal: AbortSignal) => Promise<number>): Promise<number> {
    if (this.warmUps || this.closed) return Promise.resolve(0);
    const controller = new AbortController();
    this.warmUps = controller;
    const all = Array.from({ length: this.options.runThreads }, () => run(controller.signal).catch(() => 0));
    return Promise.all(all).then((counts) => {
      if (this.warmUps === controller) this.warmUps = null;
      return counts.reduce((a, b) => a + b, 0);
    });
  }

  /** A run needs the threads: warm-ups stop at their next fold. */
  yieldWarmUps(): void {
    this.warmUps?.abort('a run needs the thread');
  }

  get engineThreads(): number {
    return this.options.engineThreads ?? Math.max(1, Math.floor(availableParallelism() / this.options.runThreads));
  }

  /** Terminates every thread (runs are expected to have ended: RunService stops its queue first). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.yieldWarmUps();
    const pools = [...this.lanes.values()];
    this.lanes.clear();
    await Promise.all(pools.map((p) => p.destroy()));
  }
}

let shared: EnginePool | null = null;
/** The process-wide pool of code that runs tasks without a RunService's own pool (e.g. executeRun in tests). */
export function sharedEnginePool(): EnginePool {
  shared ??= new EnginePool({ runThreads: 2, engineThreads: 1 });
  return shared;
}
