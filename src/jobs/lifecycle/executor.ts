// Executes one run in this process: claim it (QUEUED → RUNNING, conditional), train it in a worker
// thread while its events flow into the sink, then make the terminal transition.
import { isAbsolute, resolve } from 'node:path';
import type { PlanRequest } from '../../engine/index.js';
import { resolveArtifactPath } from '../storage/artifacts.js';
import type { EventSink } from '../events/event-sink.js';
import { markCancelled, markFailed, markRunning, markSucceeded } from './transitions.js';
import type { JobStore } from '../storage/job-store.js';
import type { DataSourceSpec, RunRecord, RunSnapshot } from '../types.js';
import type { PlanOutcome, WorkerSource } from '../threads/protocol.js';
import type { EnginePool } from '../threads/engine-pool.js';
import { WorkerTaskError, runWorkerTask } from '../threads/worker-task.js';
import { epochMs, type RunTimelines } from './run-timeline.js';

export interface ExecutorDeps {
  store: JobStore;
  sink: EventSink;
  artifactDir: string;
  processId: string;
  /** Worker threads the engine may use inside one run (default 1). */
  engineThreads?: number;
  /** After a cancel, how long the engine gets to stop by itself before its thread is terminated. */
  killAfterMs?: number;
  /** Module the run worker trains with instead of src/engine (exports PlanEngine's functions). */
  planEngine?: URL;
  /** The threads to train on (default: the process-wide sharedEnginePool()). */
  pool?: EnginePool;
  /** Where the run's timeline is kept (run-timeline.ts), if anywhere. */
  timelines?: RunTimelines;
}

export function workerSource(artifactDir: string, data: DataSourceSpec & { sha256?: string }): WorkerSource {
  const file = (path: string) => (isAbsolute(path) ? path : resolveArtifactPath(resolve(artifactDir), path));
  switch (data.kind) {
    case 'builtin':
      return { kind: 'builtin', name: data.name };
    case 'inline':
      return { kind: 'inline', file: file(data.path) };
    case 'dataset':
      return { kind: 'csv', file: file(data.path), ...(data.sha256 ? { sha256: data.sha256 } : {}) };
  }
}

/** The worker source of the snapshot's testData, as a spread ({} without one). */
export function testSource(artifactDir: string, snapshot: RunSnapshot): { testSource?: WorkerSource } {
  const t = snapshot.testData;
  return t ? { testSource: workerSource(artifactDir, { kind: 'dataset', datasetId: t.datasetId, path: t.path, sha256: t.sha256 }) } : {};
}

export function planRequest(snapshot: RunSnapshot, threads = 1): PlanRequest {
  return {
    task: snapshot.experiment.task,
    target: snapshot.experiment.target,
    setup: snapshot.experiment.setupParams,
    plan: snapshot.plan,
    ...(snapshot.modelId ? { modelId: snapshot.modelId } : {}),
    params: snapshot.params,
    threads,
  };
}

/** A message a user can act on: the engine's own words, plus the field at fault. */
export function userFacingError(error: unknown): string {
  if (error instanceof WorkerTaskError) {
    const { message, field } = error.info;
    return field ? `${message} (field: ${field})` : message;
  }
  return error instanceof Error ? error.message : String(error);
}

function abortReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'cancelled by user';
}

export async function executeRun(deps: ExecutorDeps, runId: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  deps.timelines?.of(runId).mark('pickedUp');
  // The snapshot is read while the claim commits (one round trip less before training starts); a cancel
  // that lands after this read still reaches the run through its abort signal (queue.cancel).
  const record = deps.store.getRun(runId);
  record.catch(() => undefined); // awaited below, or not at all when the claim fails
  const startedAt = await markRunning(deps.sink, runId, deps.processId);
  if (!startedAt) return; // another process has it, or it was cancelled while queued
  deps.timelines?.of(runId).mark('claimed');
  const local = new AbortController();
  const forward = () => local.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  if (signal.aborted) forward(); // a cancel that arrived while the claim was being stored
  try {
    await train(deps, runId, startedAt, local, await record);
  } catch (error) {
    // Anything unexpected after the claim (database, worker spawn, ...) must still end the run.
    await markFailed(deps.sink, runId, `internal error: ${userFacingError(error)}`, { startedAt }).catch(() => undefined);
    throw error;
  } finally {
    signal.removeEventListener('abort', forward);
  }
}

async function train(deps: ExecutorDeps, runId: string, startedAt: Date, control: AbortController, run: RunRecord | null): Promise<void> {
  const { sink } = deps;
  const timeline = deps.timelines?.of(runId);
  if (!run) return; // deleted meanwhile (its events went with it)
  timeline?.mark('runLoaded');
  if (run.cancelRequested) control.abort('cancelled by user');
  const { signal } = control;

  let outcome: PlanOutcome;
  try {
    timeline?.mark('taskPosted');
    outcome = await runWorkerTask(
      {
        type: 'plan',
        runId,
        source: workerSource(deps.artifactDir, run.snapshot.data),
        ...testSource(deps.artifactDir, run.snapshot),
        request: planRequest(run.snapshot, deps.engineThreads ?? 1),
        artifactDir: deps.artifactDir,
        ...(deps.planEngine ? { engine: deps.planEngine.href } : {}),
      },
      {
        signal,
        killAfterMs: deps.killAfterMs ?? 10_000,
        onEvent: (event, postedAt) => {
          timeline?.eventReceived(postedAt);
          sink.emit(runId, event);
        },
        ...(deps.pool ? { pool: deps.pool } : {}),
      },
    );
  } catch (error) {
    if (signal.aborted) {
      await markCancelled(sink, runId, abortReason(signal), { startedAt });
    } else {
      await markFailed(sink, runId, userFacingError(error), { startedAt });
    }
    return;
  }

  timeline?.mark('doneReceived');
  timeline?.merge(outcome.marks);
  const { result, artifact } = outcome;
  const summary = { ...result.summary, ...(result.holdout ? { holdout: result.holdout } : {}) };
  // the analysis travels with the terminal transition: stored in the same transaction, never recomputed per query
  const analysis = result.analyses.length > 0 ? { analyses: result.analyses, holdoutPredictions: result.holdoutPredictions } : null;
  const details = { startedAt, leaderboard: result.leaderboard, summary, artifact, analysis };
  if (result.cancelled || signal.aborted) {
    await markCancelled(sink, runId, abortReason(signal), details);
  } else {
    await markSucceeded(sink, runId, details);
  }
  timeline?.mark('terminalCommitted', epochMs());
}
