// Main-thread side of an engine task: runs it on a thread of the engine pool (engine-pool.ts) with its own
// MessageChannel for events and the answer. Resolves with the worker's 'done' outcome; rejects with a
// WorkerTaskError carrying the worker's structured error, or saying why the thread died (crash, out of
// memory: the pool replaces the thread). Abort: a message plus a shared flag the engine's logger checks;
// after `killAfterMs` without an answer the thread is terminated (and replaced).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ENGINE_WORKER_BOOTSTRAP, type EngineEvent } from '../../engine/index.js';
import { EnginePool, laneOf, preferThread, sharedEnginePool } from './engine-pool.js';
import {
  ABORT_FLAG,
  type FinalizeOutcome,
  type PlanOutcome,
  type PooledTask,
  type ProfileOutcome,
  type WorkerErrorInfo,
  type WorkerTask,
  type WorkerToMain,
} from './protocol.js';
import type { WarmUpOutcome } from './warm-up.js';

export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
  constructor(readonly info: WorkerErrorInfo) {
    super(info.message);
  }
}

export interface WorkerTaskOptions {
  /** postedAt: when the worker posted it (epoch ms). */
  onEvent?: (event: EngineEvent, postedAt: number) => void;
  signal?: AbortSignal;
  /** After an abort, how long the engine gets to stop by itself before the thread is terminated. */
  killAfterMs?: number;
  /** The pool to run on (default: the process-wide sharedEnginePool()). */
  pool?: EnginePool;
  /** Told which pool thread took the task, when it starts. */
  onThread?: (threadId: number) => void;
  /** The pool thread to run on when it is free (else any free one): a replacement thread's warm-up. */
  preferThread?: number;
}

type OutcomeOf<T extends WorkerTask> = T extends { type: 'plan' }
  ? PlanOutcome
  : T extends { type: 'finalize' }
    ? FinalizeOutcome
    : T extends { type: 'warm' }
      ? WarmUpOutcome
      : ProfileOutcome;

// Under tsx and vitest this module is a .ts file and so is the worker; the pool's entry then loads it with tsx.
const moduleExt = extname(fileURLToPath(import.meta.url));
const WORKER_ENTRY = new URL(`./worker${moduleExt}`, import.meta.url).href;

/** Starts a dedicated thread running src/jobs/threads/<name>.ts (or .js) through the engine's bootstrap. */
export function spawnWorker(name: 'predict-worker', workerData: Record<string, unknown> = {}): Worker {
  const entry = new URL(`./${name}${moduleExt}`, import.meta.url).href;
  return new Worker(ENGINE_WORKER_BOOTSTRAP, { workerData: { ...workerData, entry } });
}

let tasksInFlight = 0;
/** Engine tasks running (or queued for a thread) right now: tests check that none is left behind. */
export function liveWorkerCount(): number {
  return tasksInFlight;
}

/** Why a pool thread died, in words a user can act on. */
function deathMessage(error: unknown, pool: EnginePool): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `the engine thread ran out of memory (heap limit ${pool.maxHeapMb} MB per thread, RUN_WORKER_MAX_HEAP_MB); try fewer rows or models`;
  }
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return `worker crashed: ${message}`;
}

export function runWorkerTask<T extends WorkerTask>(task: T, options: WorkerTaskOptions = {}): Promise<OutcomeOf<T>> {
  const pool = options.pool ?? sharedEnginePool();
  if (task.type === 'plan') pool.yieldWarmUps();
  const abortFlag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const kill = new AbortController();
  tasksInFlight++;
  return new Promise<OutcomeOf<T>>((resolve, reject) => {
    let last: { ok: true; outcome: unknown } | { ok: false; error: WorkerTaskError } | null = null;
    let killTimer: NodeJS.Timeout | null = null;
    const conclude = (word: NonNullable<typeof last>): void => {
      last ??= word;
    };
    const onMessage = (message: WorkerToMain): void => {
      if (last) return;
      switch (message.type) {
        case 'started':
          options.onThread?.(message.threadId);
          break;
        case 'event':
          options.onEvent?.(message.event, message.at);
          break;
        case 'done':
          conclude({ ok: true, outcome: message.outcome });
          break;
        case 'error':
          conclude({ ok: false, error: new WorkerTaskError(message.error) });
          break;
      }
    };
    const onAbort = (): void => {
      Atomics.store(abortFlag, ABORT_FLAG, 1);
      port1.postMessage({ type: 'abort' });
      killTimer = setTimeout(() => {
        conclude({
          ok: false,
          error: new WorkerTaskError({ name: 'AbortError', message: 'stopped: the worker did not stop in time and was terminated' }),
        });
        kill.abort();
      }, options.killAfterMs ?? 10_000);
    };
    port1.on('message', onMessage);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const plain: PooledTask = { entry: WORKER_ENTRY, task, abortFlag, port: port2 };
    const message = options.preferThread === undefined ? plain : preferThread(plain, options.preferThread);
    const settle = (): void => {
      // Whatever the worker posted before its task ended is still on the port: read it now, in order.
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) onMessage(m.message as WorkerToMain);
      port1.close();
      tasksInFlight--;
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const word = last ?? {
        ok: false as const,
        error: new WorkerTaskError({ name: 'Error', message: 'worker finished the task without an answer' }),
      };
      if (word.ok) resolve(word.outcome as OutcomeOf<T>);
      else reject(word.error);
    };
    let lane;
    try {
      lane = pool.lane(laneOf(task));
    } catch (error) {
      conclude({ ok: false, error: new WorkerTaskError({ name: 'Error', message: (error as Error).message }) });
      settle();
      return;
    }
    lane.run(message, { transferList: [port2], signal: kill.signal }).then(settle, (error: unknown) => {
      if (!last && !kill.signal.aborted) conclude({ ok: false, error: new WorkerTaskError({ name: 'WorkerCrash', message: deathMessage(error, pool) }) });
      settle();
    });
  });
}

/**
 * One warm-up compare per run thread of `pool`, in the background, and one on every run thread that later
 * replaces a dead one; resolves with the compares the boot warm-up completed.
 */
export function warmEnginePool(pool: EnginePool): Promise<number> {
  return pool.warm(async (signal, threadId) => {
    let ranOn: number | undefined;
    const outcome = await runWorkerTask(
      { type: 'warm', threads: pool.engineThreads },
      { pool, signal, killAfterMs: 60_000, onThread: (id) => (ranOn = id), ...(threadId === undefined ? {} : { preferThread: threadId }) },
    );
    return { compares: outcome.compares, ...(ranOn === undefined ? {} : { ranOn }) };
  });
}
