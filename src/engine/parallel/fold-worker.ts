// Worker thread: keeps one plan's fold matrices (shared memory) and fits model x fold tasks on them.
import { parentPort } from 'node:worker_threads';
import type { FoldMatrices } from '../experiment/fold-data.js';
import { errorMessage, runFoldTask } from '../experiment/fold-task.js';
import { MODEL_REGISTRY } from '../models/registry.js';
import type { TaskType } from '../api.js';
import type { MainToWorker, WorkerToMain } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('fold-worker must run in a worker thread');

let task: TaskType = 'classification';
let nClasses = 0;
let folds: FoldMatrices[] = [];

function post(m: WorkerToMain): void {
  port!.postMessage(m);
}

port.on('message', (m: MainToWorker) => {
  if (m.type === 'init') {
    task = m.task;
    nClasses = m.nClasses;
    // Each fold gets this thread's own FitOptions.cache (bins etc. cannot cross threads).
    folds = m.folds.map((f) => ({ X: f.X, y: f.y, Xv: f.Xv, yv: f.yv, cache: new Map<string, unknown>() }));
    post({ type: 'ready' });
    return;
  }
  if (m.type === 'reset') {
    folds = [];
    return;
  }
  const fold = folds[m.fold];
  let outcome;
  try {
    if (!fold) throw new RangeError(`fold ${m.fold} was not sent to this worker`);
    outcome = runFoldTask(MODEL_REGISTRY.get(task, m.modelId), m.params, fold, task, nClasses);
  } catch (e) {
    outcome = { ok: false as const, error: errorMessage(e) };
  }
  post({ type: 'result', id: m.id, outcome });
});
