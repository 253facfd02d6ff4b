// Worker threads: training, finalize and dataset profiles run as tasks on the engine pool's long-lived threads
// (engine-pool.ts, piscina; worker-task.ts on the main thread, pool-entry.mjs → worker.ts inside), predictions
// in one long-lived thread (predictor.ts / predict-worker.ts, through the engine's bootstrap); all speak the
// messages of protocol.ts.
export { DEFAULT_WORKER_MAX_HEAP_MB, EnginePool, sharedEnginePool, type EnginePoolOptions } from './engine-pool.js';
export { WorkerTaskError, liveWorkerCount, runWorkerTask, spawnWorker, warmEnginePool, type WorkerTaskOptions } from './worker-task.js';
export { Predictor } from './predictor.js';
export type {
  FinalizeOutcome,
  PlanEngine,
  PlanOutcome,
  PredictOutcome,
  ProfileOutcome,
  WorkerErrorInfo,
  WorkerSource,
  WorkerTask,
} from './protocol.js';
