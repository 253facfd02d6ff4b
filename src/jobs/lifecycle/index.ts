// The life of a run in this process: submit (validate, freeze the snapshot, store it QUEUED), the queue
// (p-queue, cancel by abort signal), the executor (claim, train in a worker thread, terminal transition), the
// transitions (one function per status change, each one transaction with its event), recovery (runs of dead
// processes and stale heartbeats), the heartbeat timing, and the process id used to claim runs and detect dead owners.
export { submitRun, type DataSourceArgs, type SubmitDeps, type SubmitRunInput, type Submitted } from './submit.js';
export { RunQueue, type RunQueueOptions, type RunTask } from './queue.js';
export { executeRun, planRequest, userFacingError, workerSource, type ExecutorDeps } from './executor.js';
export { durationSince, markCancelled, markFailed, markRunning, markSucceeded, type TerminalDetails } from './transitions.js';
export {
  DEFAULT_HEARTBEAT_STALE_MS,
  INTERRUPTED_MESSAGE,
  failAbandonedRuns,
  recoverRuns,
  type AbandonedRunsReport,
  type RecoveryReport,
} from './recovery.js';
export { every, heartbeatIntervalMs, recoveryIntervalMs } from './heartbeat.js';
export { createProcessId, isClaimantGone, registerLiveProcessId, unregisterLiveProcessId } from './process-id.js';
