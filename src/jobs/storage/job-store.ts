// The storage port of the jobs. Implemented with MikroORM in orm-store.ts and by an in-memory store in
// tests (tests/helpers/memory-store.ts), so the sink, the replay iterator, the transitions and the recovery
// stay testable without a database.
import type { EventInput, LivePatch, NewRun, RunLiveness, RunPatch, RunRecord, RunStatus, RunTransition, StoredEvent } from '../types.js';

/** Storage port of the jobs. Every method is one unit of work. */
export interface JobStore {
  /**
   * In ONE transaction: apply `transition` (if given; when its condition fails, store nothing and
   * return null), allocate seqs after Run.lastSeq, insert the events and bump Run.lastSeq.
   * Returns the stored events in seq order. `live` (plain events only) sets the run's live progress and
   * leaderboard in the same transaction.
   */
  append(runId: string, events: readonly EventInput[], transition?: RunTransition, live?: LivePatch): Promise<StoredEvent[] | null>;
  /** The experiment of a run (null when the run does not exist). */
  experimentOf(runId: string): Promise<string | null>;
  /** In ONE transaction: inserts the run (QUEUED, lastSeq 1) and `first` as its seq-1 event; returns that event. */
  insertRun(run: NewRun, first: EventInput): Promise<StoredEvent>;
  /** Stored events with seq > after, ascending, at most limit. */
  readEvents(runId: string, after: number, limit: number): Promise<StoredEvent[]>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Runs in a status, oldest first. */
  runsInStatus(status: RunStatus): Promise<RunLiveness[]>;
  /** Sets heartbeatAt = at on every RUNNING run claimed by processId (one UPDATE); returns how many. */
  touchHeartbeats(processId: string, at: Date): Promise<number>;
  /** Plain update without events (e.g. cancelRequested). */
  patchRun(runId: string, patch: RunPatch): Promise<void>;
}
