import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerToMain } from './protocol.js';

// Under tsx and vitest this module is a .ts file and so is the worker; the entry then loads it with tsx.
const workerEntry = new URL(`./fold-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
const bootstrapUrl = new URL('./worker-entry.mjs', import.meta.url);

/** How long an idle worker is kept for the next plan of this thread before it is terminated. */
const IDLE_MS = 30_000;
let idleMs = IDLE_MS;

/**
 * Keeps this thread's idle fold workers until the thread ends instead of IDLE_MS: for a long-lived thread
 * (a server's engine thread) whose next plan should not pay a worker start and a cold JIT after a pause.
 */
export function keepIdleFoldWorkers(): void {
  idleMs = Infinity;
}

/** A fold worker thread; its owner (one plan at a time) receives its messages and its death. */
export interface FoldWorker {
  readonly worker: Worker;
  onMessage: ((m: WorkerToMain) => void) | null;
  onDeath: ((e: Error) => void) | null;
  dead: boolean;
  idleTimer: NodeJS.Timeout | null;
}

const idle: FoldWorker[] = [];

function spawn(): FoldWorker {
  const fw: FoldWorker = { worker: new Worker(bootstrapUrl, { workerData: { entry: workerEntry } }), onMessage: null, onDeath: null, dead: false, idleTimer: null };
  const die = (e: Error): void => {
    if (fw.dead) return;
    fw.dead = true;
    const i = idle.indexOf(fw);
    if (i !== -1) idle.splice(i, 1);
    fw.onDeath?.(e);
  };
  fw.worker.on('message', (m: WorkerToMain) => fw.onMessage?.(m));
  fw.worker.on('error', die);
  fw.worker.on('exit', (code) => die(new Error(`worker exited with code ${code}`)));
  return fw;
}

/**
 * n fold workers for one plan: idle ones left by earlier plans of this thread first (started, and with
 * JIT-compiled model code), new ones for the rest.
 */
export function acquireWorkers(n: number): FoldWorker[] {
  const out: FoldWorker[] = [];
  while (out.length < n) {
    const fw = idle.pop() ?? spawn();
    if (fw.idleTimer) clearTimeout(fw.idleTimer);
    fw.idleTimer = null;
    fw.worker.ref();
    out.push(fw);
  }
  return out;
}

/** An idle worker left by an earlier plan (started and JIT-warm), or null: none is spawned for this. */
export function takeIdleWorker(): FoldWorker | null {
  const fw = idle.pop();
  if (!fw) return null;
  if (fw.idleTimer) clearTimeout(fw.idleTimer);
  fw.idleTimer = null;
  return fw;
}

/** Hands a worker with no task in flight back for the next plan; it never keeps the process alive. */
export function releaseWorker(fw: FoldWorker): void {
  fw.onMessage = null;
  fw.onDeath = null;
  if (fw.dead) return;
  fw.worker.unref();
  if (Number.isFinite(idleMs)) {
    fw.idleTimer = setTimeout(() => void discardWorker(fw), idleMs);
    fw.idleTimer.unref();
  }
  idle.push(fw);
}

/** Terminates a worker (one busy with a task that is no longer wanted, or idle too long). */
export async function discardWorker(fw: FoldWorker): Promise<void> {
  fw.onMessage = null;
  fw.onDeath = null;
  const i = idle.indexOf(fw);
  if (i !== -1) idle.splice(i, 1);
  if (fw.idleTimer) clearTimeout(fw.idleTimer);
  fw.dead = true;
  await fw.worker.terminate();
}
