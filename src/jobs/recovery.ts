// Boot-time recovery: runs left RUNNING by a process that is gone are failed (their training died with
// it), and every QUEUED run is handed to this process's queue (claiming is conditional, so a run that a
// sibling process also queued still executes once).
import type { EventSink } from './event-sink.js';
import { isClaimantGone } from './process-id.js';
import { markFailed } from './transitions.js';
import type { JobStore } from './types.js';

export const INTERRUPTED_MESSAGE = 'interrupted by server restart';

export interface RecoveryDeps {
  store: JobStore;
  sink: EventSink;
  processId: string;
  enqueue: (runId: string) => void;
  isGone?: (claimedBy: string | null, self: string) => boolean;
}

export interface RecoveryReport {
  failed: string[];
  requeued: string[];
  leftToOthers: string[];
}

export async function recoverRuns(deps: RecoveryDeps): Promise<RecoveryReport> {
  const isGone = deps.isGone ?? isClaimantGone;
  const report: RecoveryReport = { failed: [], requeued: [], leftToOthers: [] };
  for (const run of await deps.store.runsInStatus('running')) {
    if (!isGone(run.claimedBy, deps.processId)) {
      report.leftToOthers.push(run.id);
      continue;
    }
    const record = await deps.store.getRun(run.id);
    if (await markFailed(deps.sink, run.id, INTERRUPTED_MESSAGE, { startedAt: record?.startedAt ?? null })) {
      report.failed.push(run.id);
    }
  }
  for (const run of await deps.store.runsInStatus('queued')) {
    deps.enqueue(run.id);
    report.requeued.push(run.id);
  }
  return report;
}
