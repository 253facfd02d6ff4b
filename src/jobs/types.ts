// Shared vocabulary of src/jobs: run states, stored events, snapshots, and the records the storage port
// (storage/job-store.ts) reads and writes.
import type { HoldoutPredictions, Leaderboard, PlanKind, PlanParams, RunModelAnalysis, SetupOptions, TaskType } from '../engine/index.js';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'cancelled']);

/** The event that ends every run's stream; subscribers complete after it. */
export const CLOSED_KIND = 'run.closed';

/** Thrown by JobStore.append when the run row no longer exists (its experiment was deleted). */
export class RunGoneError extends Error {
  override readonly name = 'RunGoneError';
  constructor(readonly runId: string) {
    super(`run ${runId} no longer exists (deleted)`);
  }
}

/**
 * Thrown by JobStore.append for plain events (no transition) when the run is already terminal: another
 * process ended it (recovery failed it on a stale heartbeat), so nothing may follow its run.closed.
 */
export class RunEndedError extends Error {
  override readonly name = 'RunEndedError';
  constructor(readonly runId: string) {
    super(`run ${runId} already ended: its events are no longer stored`);
  }
}

/** Published on a run's topic when the run was deleted: subscribers end (no run.closed will come). */
export interface RunGoneMessage {
  runGone: string;
}

/** An event before it is stored (no seq yet). */
export interface EventInput {
  kind: string;
  message?: string | null;
  payload?: Record<string, unknown> | null;
  durationMs?: number | null;
  emittedAt?: Date;
}

/** An event as stored and published: seq is 1, 2, 3, ... per run. */
export interface StoredEvent {
  id: string;
  runId: string;
  seq: number;
  kind: string;
  message: string | null;
  payload: Record<string, unknown> | null;
  durationMs: number | null;
  emittedAt: Date;
}

/** How far a run got (Run.progress): written with the fold events by the event sink (events/live-run.ts). */
export interface RunProgress {
  modelsDone: number;
  modelsTotal: number;
  foldsDone: number;
  foldsTotal: number;
  currentModelId: string | null;
}

/** Columns of Run the event sink writes with a batch of plain events: the live leaderboard and progress. */
export interface LivePatch {
  progress: RunProgress;
  /** Omitted when this batch did not change it. */
  leaderboard?: Leaderboard | null;
}

/** Run.analysis: what the engine computed on the holdout, stored once with the terminal transition. */
export interface RunAnalysisRecord {
  /** The chosen model's analysis first, then the other selected models' (compare with nSelect > 1). */
  analyses: RunModelAnalysis[];
  holdoutPredictions: HoldoutPredictions | null;
}

/** Columns of Run that status changes write. */
export interface RunPatch {
  status?: RunStatus;
  startedAt?: Date;
  finishedAt?: Date;
  durationMs?: number;
  leaderboard?: Leaderboard | null;
  progress?: RunProgress | null;
  summary?: Record<string, unknown> | null;
  analysis?: RunAnalysisRecord | null;
  error?: string | null;
  claimedBy?: string | null;
  heartbeatAt?: Date | null;
  cancelRequested?: boolean;
}

export interface ArtifactInput {
  kind: string;
  path: string; // relative to ARTIFACT_DIR
  sha256: string;
  sizeBytes: number;
}

/**
 * A conditional status change applied in the same transaction as the events it comes with:
 * `UPDATE run SET ... WHERE id = ? AND status IN (from)`. When no row matches, nothing is stored.
 */
export interface RunTransition {
  from: readonly RunStatus[];
  patch: RunPatch;
  artifact?: ArtifactInput;
  /**
   * Also require the run's heartbeat (or, for a run that never beat, its start) to be older than this:
   * recovery's condition, so a run whose owner beat again in the meantime is left alone.
   */
  staleBefore?: Date;
}

/** A RUNNING or QUEUED run as recovery sees it. */
export interface RunLiveness {
  id: string;
  claimedBy: string | null;
  heartbeatAt: Date | null;
  startedAt: Date | null;
}

/** Where a run's rows come from, as frozen in the snapshot. */
export type DataSourceSpec =
  | { kind: 'builtin'; name: string }
  | { kind: 'inline'; path: string } // JSON column record written at submit, relative to ARTIFACT_DIR
  | { kind: 'dataset'; datasetId: string; path: string }; // uploaded CSV, relative to ARTIFACT_DIR

/** Everything a run needs to execute, frozen at submit (Run.snapshot). */
export interface RunSnapshot {
  experiment: { id: string; name: string; task: TaskType; target: string; setupParams: SetupOptions };
  plan: PlanKind;
  modelId: string | null;
  params: PlanParams;
  data: DataSourceSpec & { sha256: string; rows: number; columns: string[] };
  /** setupParams.testData resolved at submit: the dataset whose rows are the holdout. */
  testData?: { datasetId: string; path: string; sha256: string; rows: number };
  engineVersion: string;
  submittedAt: string;
}

/** A run as submit stores it: QUEUED, with its run.queued event as seq 1 (JobStore.insertRun). */
export interface NewRun {
  id: string;
  experimentId: string;
  plan: PlanKind;
  modelId: string | null;
  snapshot: RunSnapshot;
  params: PlanParams;
  idempotencyKey: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/** The part of a Run row the executor reads. */
export interface RunRecord {
  id: string;
  status: RunStatus;
  plan: PlanKind;
  snapshot: RunSnapshot;
  startedAt: Date | null;
  claimedBy: string | null;
  cancelRequested: boolean;
  lastSeq: number;
}
