// Recovery of runs whose training died with its process. A RUNNING run is failed when its owner is
// provably gone: a dead pid on this host (fast path, at boot), or — for owners on any host — a heartbeat
// older than the staleness limit (the owner refreshes Run.heartbeatAt every few seconds while it trains).
// The stale failure is a conditional UPDATE (still RUNNING and still stale), so two recovering processes
// cannot both fail a run, and a run whose owner beat again in the meantime is left alone.
// At boot every QUEUED run is also handed to this process's queue (claiming is conditional, so a run
// that a sibling process also queued still executes once).
import type { EventSink } from '../events/event-sink.js';
import { isClaimantGone } from './process-id.js';
import { markFailed } from './transitions.js';
import type { JobStore } from '../storage/job-store.js';
import type { RunLiveness } from '../types.js';

export const INTERRUPTED_MESSAGE = 'interrupted by server restart';

/** Why a run of another process was failed by the heartbeat sweep (its host or process died). */
export function staleHeartbeatMessage(claimedBy: string | null, staleMs: number): string {
  return `interrupted: the process training it (${claimedBy ?? 'unknown'}) stopped sending heartbeats for over ${Math.round(staleMs / 1000)} s (host down or process killed)`;
}
export const DEFAULT_HEARTBEAT_STALE_MS = 60_000;

export interface AbandonedRunsDeps {
  store: JobStore;
  sink: EventSink;
  processId: string;
  isGone?: (claimedBy: string | null, self: string) => boolean;
  /** A run of another process whose last heartbeat is older than this is failed (default 60 s). */
  staleMs?: number;
  /** The clock (tests pass an explicit time). */
  now?: Date;
}

export interface RecoveryDeps extends AbandonedRunsDeps {
  enqueue: (runId: string) => void;
}

export interface AbandonedRunsReport {
  failed: string[];
  leftToOthers: string[];
}

export interface RecoveryReport extends AbandonedRunsReport {
  requeued: string[];
}

/** When the run last showed a sign of life: its heartbeat, or its start for a run that never beat. */
function lastSignOfLife(run: RunLiveness): Date | null {
  return run.heartbeatAt ?? run.startedAt;
}

/** Fails every RUNNING run whose owner is gone (dead pid here, or stale heartbeat anywhere). */
export async function failAbandonedRuns(deps: AbandonedRunsDeps): Promise<AbandonedRunsReport> {
  const isGone = deps.isGone ?? isClaimantGone;
  const now = deps.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (deps.staleMs ?? DEFAULT_HEARTBEAT_STALE_MS));
  const staleMs = deps.staleMs ?? DEFAULT_HEARTBEAT_STALE_MS;
  const report: AbandonedRunsReport = { failed: [], leftToOthers: [] };
  for (const run of await deps.store.runsInStatus('running')) {
    let condition: { staleBefore?: Date } | null = null;
    let message = INTERRUPTED_MESSAGE;
    if (isGone(run.claimedBy, deps.processId)) {
      condition = {};
    } else if (run.claimedBy !== deps.processId) {
      const seen = lastSignOfLife(run);
      if (seen && seen < staleBefore) {
        condition = { staleBefore };
        message = staleHeartbeatMessage(run.claimedBy, staleMs);
      }
    }
    if (!condition) {
      report.leftToOthers.push(run.id);
      continue;
    }
    const record = await deps.store.getRun(run.id);
    if (await markFailed(deps.sink, run.id, message, { startedAt: record?.startedAt ?? null }, ['running'], condition.staleBefore)) {
      report.failed.push(run.id);
    }
  }
  return report;
}

/**
 * QUEUED runs this process may take now (oldest first, at most `free`), whoever queued them: a run queued
 * by a process that died stays QUEUED in the shared table, and this is how a live process picks it up.
 * Claiming is conditional, so a run its own process also still holds is trained once.
 */
export async function adoptableQueuedRuns(store: JobStore, free: number, alreadyHere: (runId: string) => boolean): Promise<string[]> {
  if (free <= 0) return [];
  const out: string[] = [];
  for (const run of await store.runsInStatus('queued')) {
    if (out.length >= free) break;
    if (!alreadyHere(run.id)) out.push(run.id);
  }
  return out;
}

/** Boot-time recovery: fail abandoned RUNNING runs, then queue every QUEUED run here. */
export async function recoverRuns(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { failed, leftToOthers } = await failAbandonedRuns(deps);
  const requeued: string[] = [];
  for (const run of await deps.store.runsInStatus('queued')) {
    deps.enqueue(run.id);
    requeued.push(run.id);
  }
  return { failed, requeued, leftToOthers };
}
