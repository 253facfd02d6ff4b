// Every status change of a run, one function each. Each is a single transaction (through the sink, so
// its events get the next seqs after everything already emitted for the run): a conditional UPDATE of
// the Run row plus the lifecycle events. The terminal ones also write finishedAt, durationMs,
// leaderboard, summary, error and the Artifact row, and store run.closed last, in the same transaction,
// so a terminal run always has a closed stream. Each returns false when the run was not in a state the
// change applies to (someone else claimed, cancelled or failed it first).
import type { Leaderboard } from '../../engine/index.js';
import type { EventSink } from '../events/event-sink.js';
import { CLOSED_KIND, type ArtifactInput, type EventInput, type RunStatus } from '../types.js';

export interface TerminalDetails {
  startedAt: Date | null;
  leaderboard?: Leaderboard | null;
  summary?: Record<string, unknown> | null;
  artifact?: ArtifactInput | null;
}

// Run.durationMs is a 32-bit integer column (GraphQL Int too): a run recovered after ~24.8 days stuck
// RUNNING would overflow it and abort the recovery sweep, so the duration saturates instead.
const MAX_DURATION_MS = 2_147_483_647;

export function durationSince(startedAt: Date | null, finishedAt: Date): number | undefined {
  return startedAt ? Math.min(MAX_DURATION_MS, Math.max(0, finishedAt.getTime() - startedAt.getTime())) : undefined;
}

function artifactEvents(artifact: ArtifactInput | null | undefined): EventInput[] {
  if (!artifact) return [];
  return [
    {
      kind: 'artifact.saved',
      message: `${artifact.kind} saved (${artifact.sizeBytes} bytes)`,
      payload: { kind: artifact.kind, sha256: artifact.sha256, sizeBytes: artifact.sizeBytes },
    },
  ];
}

async function terminal(
  sink: EventSink,
  runId: string,
  from: readonly RunStatus[],
  status: 'succeeded' | 'failed' | 'cancelled',
  event: EventInput,
  details: TerminalDetails,
  error: string | null,
  staleBefore?: Date,
): Promise<boolean> {
  const finishedAt = new Date();
  const durationMs = durationSince(details.startedAt, finishedAt);
  const stored = await withRetry(() => sink.commit(
    runId,
    [...artifactEvents(details.artifact), { ...event, durationMs: durationMs ?? null }, { kind: CLOSED_KIND, payload: { status } }],
    {
      from,
      patch: {
        status,
        finishedAt,
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(details.leaderboard !== undefined ? { leaderboard: details.leaderboard } : {}),
        ...(details.summary !== undefined ? { summary: details.summary } : {}),
        error,
      },
      ...(details.artifact ? { artifact: details.artifact } : {}),
      ...(staleBefore ? { staleBefore } : {}),
    },
  ));
  return stored !== null;
}

/** A terminal transition must not be lost to a passing database error (e.g. SQLITE_BUSY): retry a few times. */
async function withRetry<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 50 * 2 ** i));
    }
  }
}

/** QUEUED → RUNNING for this process: the claim (conditional, so two processes never run one run). */
export async function markRunning(sink: EventSink, runId: string, processId: string): Promise<Date | null> {
  const startedAt = new Date();
  const stored = await sink.commit(runId, [{ kind: 'run.started', message: `started on ${processId}`, emittedAt: startedAt }], {
    from: ['queued'],
    patch: { status: 'running', startedAt, claimedBy: processId, heartbeatAt: startedAt },
  });
  return stored ? startedAt : null;
}

export function markSucceeded(sink: EventSink, runId: string, details: TerminalDetails): Promise<boolean> {
  const best = details.summary?.['best'];
  return terminal(
    sink,
    runId,
    ['running'],
    'succeeded',
    { kind: 'run.succeeded', message: typeof best === 'string' ? `best model: ${best}` : 'run succeeded' },
    details,
    null,
  );
}

export function markFailed(
  sink: EventSink,
  runId: string,
  error: string,
  details: TerminalDetails,
  from: readonly RunStatus[] = ['running'],
  staleBefore?: Date,
): Promise<boolean> {
  return terminal(sink, runId, from, 'failed', { kind: 'run.failed', message: error }, details, error, staleBefore);
}

/** RUNNING or QUEUED → CANCELLED; a running run keeps its partial leaderboard. */
export function markCancelled(
  sink: EventSink,
  runId: string,
  reason: string,
  details: TerminalDetails,
  from: readonly RunStatus[] = ['running'],
): Promise<boolean> {
  return terminal(sink, runId, from, 'cancelled', { kind: 'run.cancelled', message: reason }, details, reason);
}
