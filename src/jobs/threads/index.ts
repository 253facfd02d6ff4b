// Worker threads: training, finalize and dataset profiles run one task per thread (worker-task.ts on the main
// thread, worker.ts inside), predictions in one long-lived thread (predictor.ts / predict-worker.ts); both
// start through the engine's bootstrap (ENGINE_WORKER_BOOTSTRAP) and speak the messages of protocol.ts.
export { WorkerTaskError, liveWorkerCount, runWorkerTask, spawnWorker, type WorkerTaskOptions } from './worker-task.js';
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
