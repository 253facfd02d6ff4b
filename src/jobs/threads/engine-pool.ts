// The engine's long-lived threads (piscina): RUN_CONCURRENCY run threads, each reused run after run, and a
// small utility pool for dataset profiles and finalize (so a profile at submit never waits behind a
// compare). A run thread keeps up to RUN_ENGINE_THREADS - 1 fold threads of its own between runs (the
// engine's parallel/worker-set.ts), so at most RUN_CONCURRENCY × RUN_ENGINE_THREADS threads train at once.
// Every thread has resourceLimits; a thread that dies (crash, out of memory, terminated after ignoring a
// cancel) is replaced by piscina and only the task it was running fails (worker-task.ts); once the pool has
// been warmed, a replacement run thread is warmed too, in the background, on that very thread.
import { EventEmitter } from 'node:events';
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

export interface WarmUpResult {
  /** Compares that ran to the end. */
  compares: number;
  /** The thread the warm-up ran on. */
  ranOn?: number;
}

/** Runs one warm-up task (on thread `threadId` when given and free, else on any free run thread). */
export type WarmUpRunner = (signal: AbortSignal, threadId?: number) => Promise<WarmUpResult>;

/** What `pool.events` emits as 'warmed' when a warm-up task ends (failed ones count 0 compares). */
export interface WarmedEvent extends WarmUpResult {
  /** Whether it warmed a thread that replaced a dead one (else: the boot warm-up). */
  replacement: boolean;
  /** The replacement thread it was meant for. */
  threadId?: number;
}

/** Set on a task message (piscina queue options): the thread the balancer gives it to, when that thread is free. */
interface ThreadPreference {
  preferThread?: number;
}

/** piscina's view of a thread, as its balancer and 'workerCreate' see it. */
interface PoolThread {
  readonly id: number;
  readonly currentUsage: number;
  readonly destroyed: boolean;
}

type Balancer = NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer'];

/**
 * piscina's least-busy balancer, except that a task preferring a thread (a replacement's warm-up) goes to
 * that thread when it is free. Only a preference: when the thread is busy or gone, any free thread will do,
 * so the task never holds up the queue behind it.
 */
const preferringBalancer: Balancer = (task, workers) => {
  const options = (task as unknown as Record<symbol, ThreadPreference | null | undefined>)[Piscina.queueOptionsSymbol];
  const preferred = options?.preferThread;
  if (preferred !== undefined) {
    const worker = workers.find((w) => w.id === preferred && w.currentUsage === 0 && !w.terminating && !w.destroyed);
    if (worker) return worker;
  }
  return workers.find((w) => w.currentUsage === 0 && !w.terminating && !w.destroyed) ?? null;
};

/** Marks a task message as preferring a thread (read by preferringBalancer; not part of the structured clone). */
export function preferThread<T extends object>(message: T, threadId: number): T {
  return Object.assign(message, { [Piscina.queueOptionsSymbol]: { preferThread: threadId } satisfies ThreadPreference });
}

/** The lane a task runs in: training and warm-ups on the run threads, the rest on the utility threads. */
export function laneOf(task: WorkerTask): PoolLane {
  return task.type === 'plan' || task.type === 'warm' ? 'run' : 'utility';
}

export class EnginePool {
  private readonly lanes = new Map<PoolLane, Piscina>();
  /** Cancels the warm-ups still going; set while they are. */
  private warmUps: AbortController | null = null;
  /** Set by warm(): replacement run threads are warmed with it too. */
  private warmer: WarmUpRunner | null = null;
  private closed = false;
  /** 'warming' (thread id) when a replacement thread's warm-up starts, 'warmed' (WarmedEvent) after each warm-up task. */
  readonly events = new EventEmitter();
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
        loadBalancer: preferringBalancer,
      });
      pool.on('workerCreate', (worker: PoolThread) => {
        this.threadsStarted[name]++;
        // minThreads threads start with the lane; any later run thread replaces one that died. Looked at
        // after piscina has given the new thread the run waiting for one, if any.
        if (name === 'run' && this.threadsStarted.run > this.options.runThreads) queueMicrotask(() => this.warmReplacement(worker));
      });
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
   * Starts one warm-up compare per run thread, in the background (once per pool; later replacement threads
   * are warmed with the same runner): resolves when they are done (or yielded to runs) with how many
   * compares ran to the end. Never rejects.
   */
  warm(run: WarmUpRunner): Promise<number> {
    if (this.warmer || this.closed) return Promise.resolve(0);
    this.warmer = run;
    const controller = this.warmUpSignal();
    const all = Array.from({ length: this.options.runThreads }, () =>
      run(controller.signal)
        .catch((): WarmUpResult => ({ compares: 0 }))
        .then((result) => {
          this.events.emit('warmed', { ...result, replacement: false } satisfies WarmedEvent);
          return result.compares;
        }),
    );
    return Promise.all(all).then((counts) => counts.reduce((a, b) => a + b, 0));
  }

  /** The abort controller warm-ups share until the next run needs the threads (one per round of warm-ups). */
  private warmUpSignal(): AbortController {
    this.warmUps ??= new AbortController();
    return this.warmUps;
  }

  /**
   * A run thread replaced a dead one: give it the warm-up the boot threads had, unless the pool was never
   * warmed or a run is already waiting for the thread (that run comes first; it would warm it anyway).
   */
  private warmReplacement(worker: PoolThread): void {
    const warmer = this.warmer;
    const lane = this.lanes.get('run');
    if (!warmer || this.closed || worker.currentUsage > 0 || worker.destroyed || (lane && lane.queueSize > 0)) return;
    const threadId = worker.id;
    const { signal } = this.warmUpSignal();
    this.events.emit('warming', threadId);
    void warmer(signal, threadId)
      .catch((): WarmUpResult => ({ compares: 0 }))
      .then((result) => this.events.emit('warmed', { ...result, threadId, replacement: true } satisfies WarmedEvent));
  }

  /** A run needs the threads: warm-ups stop at their next fold. */
  yieldWarmUps(): void {
    this.warmUps?.abort('a run needs the thread');
    this.warmUps = null;
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
