// Worker thread: receives one plan's fold matrices (shared memory) and claims model x fold tasks until
// none is left; or a fitted model's permutation importance, whose columns it claims alongside the main thread.
import { parentPort } from 'node:worker_threads';
import type { FoldMatrices } from '../experiment/fold-data.js';
import { errorMessage, runFoldTask, type FoldOutcome } from '../experiment/fold-task.js';
import { MODEL_REGISTRY } from '../models/registry.js';
import type { MainToWorker, PlanInit, WorkerToMain } from './protocol.js';
import { runPermute } from './permute-task.js';

const port = parentPort;
if (!port) throw new Error('fold-worker must run in a worker thread');

function post(m: WorkerToMain): void {
  port!.postMessage(m);
}

function runPlan(p: PlanInit): void {
  // This thread's own FitOptions.cache per fold (bins etc. cannot cross threads).
  const folds: FoldMatrices[] = p.folds.map((f) => ({ X: f.X, y: f.y, Xv: f.Xv, yv: f.yv, cache: new Map<string, unknown>(), ...(f.target ? { target: f.target } : {}) }));
  const k = folds.length;
  const total = p.jobs.length * k;
  post({ type: 'ready' });
  for (;;) {
    const index = Atomics.add(p.claim, 0, 1);
    if (index >= total) break;
    const j = Math.floor(index / k);
    const job = p.jobs[j];
    if (!job || Atomics.load(p.dropped, j) === 1) continue;
    if (!job.portable) {
      post({ type: 'skip', index });
      continue;
    }
    post({ type: 'claim', index });
    let outcome: FoldOutcome;
    try {
      outcome = runFoldTask(MODEL_REGISTRY.pipelineSpec(p.task, job.modelId), job.params, folds[index % k] as FoldMatrices, p.task, p.nClasses, p.probabilityThreshold ?? undefined);
    } catch (e) {
      outcome = { ok: false, error: errorMessage(e) };
    }
    post({ type: 'result', index, outcome });
  }
  post({ type: 'drained' });
}

port.on('message', (m: MainToWorker) => {
  if (m.type === 'init') runPlan(m);
  else if (m.type === 'permute') runPermute(m);
});
