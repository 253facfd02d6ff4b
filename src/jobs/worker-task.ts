// Main-thread side of an engine worker: one thread per task (spawn cost is small next to training and
// keeps every task's memory separate). Resolves with the worker's 'done' outcome; rejects with a
// WorkerTaskError carrying the worker's structured error. Abort: a message plus a shared flag the
// engine's logger checks; after `killAfterMs` without an answer the thread is terminated.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineEvent } from '../engine/index.js';
import {
  ABORT_FLAG,
  type FinalizeOutcome,
  type PlanOutcome,
  type ProfileOutcome,
  type WorkerErrorInfo,
  type WorkerTask,
  type WorkerToMain,
} from './worker-protocol.js';

export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
  constructor(readonly info: WorkerErrorInfo) {
    super(info.message);
  }
}

export interface WorkerTaskOptions {
  onEvent?: (event: EngineEvent) => void;
  signal?: AbortSignal;
  /** After an abort, how long the engine gets to stop by itself before the thread is terminated. */
  killAfterMs?: number;
}

type OutcomeOf<T extends WorkerTask> = T extends { type: 'plan' }
  ? PlanOutcome
  : T extends { type: 'finalize' }
    ? FinalizeOutcome
    : ProfileOutcome;

// Under tsx and vitest this module is a .ts file and so is the worker; the bootstrap then loads it with tsx.
const moduleExt = extname(fileURLToPath(import.meta.url));
const bootstrapUrl = new URL('./worker-bootstrap.mjs', import.meta.url);

/** Starts a worker thread running src/jobs/<name>.ts (or .js), through the bootstrap. */
export function spawnWorker(name: 'worker' | 'predict-worker', workerData: Record<string, unknown> = {}): Worker {
  const entry = new URL(`./${name}${moduleExt}`, import.meta.url).href;
  return new Worker(bootstrapUrl, { workerData: { ...workerData, entry } });
}

let liveWorkers = 0;
/** Worker threads alive right now (tests check that none leak). */
export function liveWorkerCount(): number {
  return liveWorkers;
}

export function runWorkerTask<T extends WorkerTask>(task: T, options: WorkerTaskOptions = {}): Promise<OutcomeOf<T>> {
  const abortFlag = new Int32Array(new SharedArrayBuffer(4));
  return new Promise<OutcomeOf<T>>((resolve, reject) => {
    const worker = spawnWorker('worker', { task, abortFlag });
    liveWorkers++;
    // The promise settles when the thread has exited, with its last word (or why it had none).
    let last: { ok: true; outcome: unknown } | { ok: false; error: WorkerTaskError } | null = null;
    let killTimer: NodeJS.Timeout | null = null;

    const conclude = (word: NonNullable<typeof last>): void => {
      if (last) return;
      last = word;
      void worker.terminate();
    };
    const onAbort = (): void => {
      Atomics.store(abortFlag, ABORT_FLAG, 1);
      worker.postMessage({ type: 'abort' });
      killTimer = setTimeout(() => {
        conclude({
          ok: false,
          error: new WorkerTaskError({ name: 'AbortError', message: 'stopped: the worker did not stop in time and was terminated' }),
        });
      }, options.killAfterMs ?? 10_000);
    };

    worker.on('message', (message: WorkerToMain) => {
      if (last) return;
      switch (message.type) {
        case 'event':
          options.onEvent?.(message.event);
          break;
        case 'done':
          conclude({ ok: true, outcome: message.outcome });
          break;
        case 'error':
          conclude({ ok: false, error: new WorkerTaskError(message.error) });
          break;
      }
    });
    worker.on('error', (error) => {
      conclude({ ok: false, error: new WorkerTaskError({ name: error.name, message: `worker crashed: ${error.message}` }) });
    });
    worker.on('exit', (code) => {
      liveWorkers--;
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const word = last ?? {
        ok: false as const,
        error: new WorkerTaskError({ name: 'Error', message: `worker exited with code ${code} before finishing` }),
      };
      if (word.ok) resolve(word.outcome as OutcomeOf<T>);
      else reject(word.error);
    });

    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
