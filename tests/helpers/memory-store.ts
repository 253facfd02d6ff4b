// In-memory JobStore for unit tests of src/jobs (same contract as the MikroORM store).
import { RunEndedError, RunGoneError, type EventInput, type NewRun, type RunLiveness, type RunRecord, type RunSnapshot, type RunStatus, type RunTransition, type StoredEvent, type ArtifactInput, type LivePatch, type RunProgress } from '../../src/jobs/types.js';
import type { JobStore } from '../../src/jobs/storage/job-store.js';

export interface MemoryRun extends RunRecord {
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  leaderboard: unknown;
  progress: RunProgress | null;
  summary: unknown;
  artifacts: ArtifactInput[];
  heartbeatAt: Date | null;
}

export const TEST_SNAPSHOT: RunSnapshot = {
  experiment: { id: 'exp', name: 'e', task: 'classification', target: 'species', setupParams: {} },
  plan: 'compare',
  modelId: null,
  params: {},
  data: { kind: 'builtin', name: 'iris', sha256: '0'.repeat(64), rows: 150, columns: [] },
  engineVersion: 'test',
  submittedAt: new Date(0).toISOString(),
};

export class MemoryJobStore implements JobStore {
  readonly runs = new Map<string, MemoryRun>();
  readonly events = new Map<string, StoredEvent[]>();
  transactions = 0;
  /** Makes the next n appends throw (to test retries). */
  failNext = 0;
  private nextId = 1;

  addRun(id: string, status: RunStatus = 'queued', extra: Partial<MemoryRun> = {}): MemoryRun {
    const run: MemoryRun = {
      id, status, plan: 'compare', snapshot: TEST_SNAPSHOT, startedAt: null, claimedBy: null, cancelRequested: false,
      lastSeq: 0, finishedAt: null, durationMs: null, error: null, leaderboard: null, progress: null, summary: null, artifacts: [], heartbeatAt: null, ...extra,
    };
    this.runs.set(id, run);
    this.events.set(id, this.events.get(id) ?? []);
    return run;
  }

  async append(runId: string, events: readonly EventInput[], transition?: RunTransition, live?: LivePatch): Promise<StoredEvent[] | null> {
    await new Promise((r) => setImmediate(r)); // a real transaction yields to the event loop
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('simulated database failure');
    }
    const run = this.runs.get(runId);
    if (!run) throw new RunGoneError(runId);
    if (!transition && events.length > 0 && ['succeeded', 'failed', 'cancelled'].includes(run.status)) throw new RunEndedError(runId);
    if (transition) {
      if (!transition.from.includes(run.status)) return null;
      const seen = run.heartbeatAt ?? run.startedAt;
      if (transition.staleBefore && !(seen && seen < transition.staleBefore)) return null;
      Object.assign(run, transition.patch);
      if (transition.artifact) run.artifacts.push(transition.artifact);
    }
    this.transactions++;
    const stored = events.map((e) => ({
      id: String(this.nextId++), runId, seq: ++run.lastSeq, kind: e.kind, message: e.message ?? null,
      payload: e.payload ?? null, durationMs: e.durationMs ?? null, emittedAt: e.emittedAt ?? new Date(),
    }));
    this.events.get(runId)!.push(...stored);
    if (live && !transition) {
      run.progress = live.progress;
      if (live.leaderboard !== undefined) run.leaderboard = live.leaderboard;
    }
    return stored;
  }

  async experimentOf(runId: string): Promise<string | null> {
    return this.runs.get(runId)?.snapshot.experiment.id ?? null;
  }

  async insertRun(run: NewRun, first: EventInput): Promise<StoredEvent> {
    await new Promise((r) => setImmediate(r));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('simulated database failure');
    }
    if (this.runs.has(run.id)) throw new Error(`run ${run.id} already exists`);
    this.transactions++;
    this.addRun(run.id, 'queued', { plan: run.plan, snapshot: run.snapshot, lastSeq: 1 });
    const event: StoredEvent = {
      id: String(this.nextId++), runId: run.id, seq: 1, kind: first.kind, message: first.message ?? null,
      payload: first.payload ?? null, durationMs: first.durationMs ?? null, emittedAt: first.emittedAt ?? run.createdAt,
    };
    this.events.get(run.id)!.push(event);
    return event;
  }

  async readEvents(runId: string, after: number, limit: number): Promise<StoredEvent[]> {
    await Promise.resolve();
    return (this.events.get(runId) ?? []).filter((e) => e.seq > after).slice(0, limit);
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    return this.runs.get(runId) ?? null;
  }

  async runsInStatus(status: RunStatus): Promise<RunLiveness[]> {
    return [...this.runs.values()]
      .filter((r) => r.status === status)
      .map((r) => ({ id: r.id, claimedBy: r.claimedBy, heartbeatAt: r.heartbeatAt, startedAt: r.startedAt }));
  }

  async touchHeartbeats(processId: string, at: Date): Promise<number> {
    let n = 0;
    for (const r of this.runs.values()) {
      if (r.claimedBy === processId && r.status === 'running') {
        r.heartbeatAt = at;
        n++;
      }
    }
    return n;
  }

  async patchRun(runId: string, patch: Partial<MemoryRun>): Promise<void> {
    Object.assign(this.runs.get(runId)!, patch);
  }
}
