// The run lifecycle's one front door for the rest of the server. RunService (run-service.ts) offers submit,
// cancel, wait, finalize, predict, profile and the event stream; the folders behind it are lifecycle/ (queue,
// executor, transitions, recovery, process id), events/ (the single event writer, replay-then-live),
// threads/ (worker threads and their protocol) and storage/ (artifacts, datasets, the JobStore port's ORM
// adapter). Resolvers, schema and app import only this module.
export { RunService, RUN_CONTROL_TOPIC, type RunServiceOptions } from './run-service.js';
export type { DataSourceArgs, SubmitRunInput } from './lifecycle/submit.js';
export { userFacingError } from './lifecycle/executor.js';
export { RunInputError } from './errors.js';
export { WorkerTaskError } from './threads/worker-task.js';
export type { PlanEngine, PredictOutcome, ProfileOutcome } from './threads/protocol.js';
export { storeUpload, UploadTooLargeError, type UploadedFile } from './storage/datasets.js';
export { runProgress } from './events/planned-progress.js';
export { TERMINAL_STATUSES, type RunAnalysisRecord, type RunProgress, type RunSnapshot, type RunStatus, type StoredEvent } from './types.js';
