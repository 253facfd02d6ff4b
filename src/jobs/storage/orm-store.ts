// JobStore on MikroORM (SQLite or PostgreSQL). Each method forks its own EntityManager.
// Seqs are allocated by one atomic `UPDATE run SET last_seq = last_seq + n ... RETURNING last_seq` inside
// the batch's transaction, so even two writers for one run (a cancel from another process, recovery)
// can never produce a gap or a duplicate; the write-first order also keeps SQLite from upgrading a read
// transaction to a write one (SQLITE_BUSY_SNAPSHOT) when another process shares the file.
import { randomUUID } from 'node:crypto';
import type { Em, Orm } from '../../db.js';
import type { PlanKind } from '../../engine/index.js';
import type { DatasetProfile } from '../../engine/index.js';
import { Artifact, Dataset, Run, RunEvent } from '../../entities/index.js';
import {
  RunEndedError,
  RunGoneError,
  type EventInput,
  type LivePatch,
  type NewRun,
  type RunLiveness,
  type RunPatch,
  type RunRecord,
  type RunSnapshot,
  type RunStatus,
  type RunTransition,
  type StoredEvent,
} from '../types.js';
import type { JobStore } from './job-store.js';

type RunEventRow = RunEvent;

/** The public id of an event: stable across replay and live delivery, and unique across runs. */
export function eventId(runId: string, seq: number): string {
  return `${runId}:${seq}`;
}

export function toStoredEvent(row: RunEventRow, runId: string): StoredEvent {
  return {
    id: eventId(runId, row.seq),
    runId,
    seq: row.seq,
    kind: row.kind,
    message: row.message ?? null,
    payload: row.payload ?? null,
    durationMs: row.durationMs ?? null,
    emittedAt: row.emittedAt,
  };
}

function runColumns(patch: RunPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) out[key] = value;
  return out;
}

const INSERT_CHUNK = 500;
const EVENT_COLUMNS = '"run_id", "seq", "kind", "message", "payload", "duration_ms", "emitted_at"';

/**
 * Multi-row INSERT of run events, bypassing the unit of work (no entity instances: this is the hot path
 * of every run). Dates go through the platform's own conversion (epoch ms on SQLite, Date on PostgreSQL).
 */
async function insertEventRows(
  tx: Em,
  runId: string,
  rows: ReadonlyArray<{ seq: number; kind: string; message: string | null; payload: Record<string, unknown> | null; durationMs: number | null; emittedAt: Date }>,
): Promise<void> {
  const platform = tx.getPlatform();
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [];
    for (const r of chunk) {
      params.push(runId, r.seq, r.kind, r.message, r.payload === null ? null : JSON.stringify(r.payload), r.durationMs, platform.processDateProperty(r.emittedAt));
    }
    const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
    await tx.execute(`insert into "run_event" (${EVENT_COLUMNS}) values ${values}`, params, 'run');
  }
}

export class OrmJobStore implements JobStore {
  constructor(private readonly orm: Orm) {}

  async append(runId: string, events: readonly EventInput[], transition?: RunTransition, live?: LivePatch): Promise<StoredEvent[] | null> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      if (transition) {
        const where = transition.staleBefore
          ? {
              id: runId,
              status: { $in: [...transition.from] },
              $or: [{ heartbeatAt: { $lt: transition.staleBefore } }, { heartbeatAt: null, startedAt: { $lt: transition.staleBefore } }],
            }
          : { id: runId, status: { $in: [...transition.from] } };
        const changed = await tx.nativeUpdate(Run, where as never, runColumns(transition.patch) as never);
        if (changed === 0) return null;
        if (transition.artifact) {
          await tx.insert(Artifact, { id: randomUUID(), ...transition.artifact, run: runId, createdAt: new Date() } as never);
        }
      }
      if (events.length === 0) return [];
      // Plain events (no transition) only while the run is not terminal: nothing may follow run.closed.
      // The live leaderboard and progress go in the same UPDATE as the seqs: no extra statement per batch.
      const liveColumns: string[] = [];
      const liveValues: unknown[] = [];
      if (live && !transition) {
        liveColumns.push(', "progress" = ?');
        liveValues.push(JSON.stringify(live.progress));
        if (live.leaderboard !== undefined) {
          liveColumns.push(', "leaderboard" = ?');
          liveValues.push(live.leaderboard === null ? null : JSON.stringify(live.leaderboard));
        }
      }
      const rows = (await tx.execute(
        transition
          ? 'update "run" set "last_seq" = "last_seq" + ? where "id" = ? returning "last_seq"'
          : `update "run" set "last_seq" = "last_seq" + ?${liveColumns.join('')} where "id" = ? and "status" not in ('succeeded', 'failed', 'cancelled') returning "last_seq"`,
        [events.length, ...liveValues, runId],
        'all',
      )) as Array<{ last_seq: number | string }>;
      const last = rows[0];
      if (!last) {
        if (!transition && (await tx.count(Run, { id: runId })) > 0) throw new RunEndedError(runId);
        throw new RunGoneError(runId);
      }
      const first = Number(last.last_seq) - events.length + 1;
      const data = events.map((e, i) => ({
        seq: first + i,
        kind: e.kind,
        message: e.message ?? null,
        payload: e.payload ?? null,
        durationMs: e.durationMs ?? null,
        emittedAt: e.emittedAt ?? new Date(),
      }));
      await insertEventRows(tx, runId, data);
      return data.map((d) => ({
        id: eventId(runId, d.seq),
        runId,
        seq: d.seq,
        kind: d.kind,
        message: d.message,
        payload: d.payload,
        durationMs: d.durationMs,
        emittedAt: d.emittedAt,
      }));
    });
  }

  async insertRun(run: NewRun, first: EventInput): Promise<StoredEvent> {
    const em = this.orm.em.fork();
    const emittedAt = first.emittedAt ?? run.createdAt;
    await em.transactional(async (tx) => {
      const row = tx.create(Run, {
        id: run.id,
        experiment: run.experimentId,
        plan: run.plan,
        modelId: run.modelId,
        status: 'queued',
        snapshot: run.snapshot as unknown as Record<string, unknown>,
        params: run.params as Record<string, unknown>,
        idempotencyKey: run.idempotencyKey,
        createdBy: run.createdBy,
        createdAt: run.createdAt,
        lastSeq: 1,
        cancelRequested: false,
      });
      tx.create(RunEvent, { run: row, seq: 1, kind: first.kind, message: first.message ?? null, payload: first.payload ?? null, emittedAt });
    });
    return {
      id: eventId(run.id, 1),
      runId: run.id,
      seq: 1,
      kind: first.kind,
      message: first.message ?? null,
      payload: first.payload ?? null,
      durationMs: first.durationMs ?? null,
      emittedAt,
    };
  }

  /** The id of the experiment's run submitted with this idempotency key, if any. */
  async runIdByKey(experimentId: string, key: string): Promise<string | null> {
    const em = this.orm.em.fork();
    const run = await em.findOne(Run, { experiment: experimentId, idempotencyKey: key }, { fields: ['id'], disableIdentityMap: true });
    return run?.id ?? null;
  }

  /** What a later BLEND / STACK needs of an earlier run to take its top models (null when there is no such run). */
  async runOutcome(runId: string): Promise<{ experimentId: string; status: RunStatus; plan: PlanKind; leaderboard: Record<string, unknown> | null; summary: Record<string, unknown> | null } | null> {
    const em = this.orm.em.fork();
    const run = await em.findOne(Run, { id: runId }, { disableIdentityMap: true });
    if (!run) return null;
    return { experimentId: run.experiment.id, status: run.status, plan: run.plan, leaderboard: run.leaderboard ?? null, summary: run.summary ?? null };
  }

  /** An uploaded dataset of the workspace, as a run's data source needs it (null when there is none). */
  async workspaceDataset(
    datasetId: string,
    workspaceId: string,
  ): Promise<{ id: string; path: string; sha256: string; rows: number; columns: string[]; profile: DatasetProfile } | null> {
    const em = this.orm.em.fork();
    const dataset = await em.findOne(Dataset, { id: datasetId, workspace: workspaceId }, { disableIdentityMap: true });
    if (!dataset) return null;
    const profile: DatasetProfile = { rows: dataset.rowCount, columns: dataset.columns, sha256: dataset.sha256 };
    return { id: dataset.id, path: dataset.storagePath, sha256: dataset.sha256, rows: dataset.rowCount, columns: dataset.columns.map((c) => c.name), profile };
  }

  async readEvents(runId: string, after: number, limit: number): Promise<StoredEvent[]> {
    const em = this.orm.em.fork();
    const rows = await em.find(
      RunEvent,
      { run: runId, seq: { $gt: after } },
      { orderBy: { seq: 'asc' }, limit, disableIdentityMap: true },
    );
    return rows.map((r) => toStoredEvent(r, runId));
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const em = this.orm.em.fork();
    const run = await em.findOne(Run, { id: runId });
    if (!run) return null;
    return {
      id: run.id,
      status: run.status,
      plan: run.plan,
      snapshot: run.snapshot as unknown as RunSnapshot,
      startedAt: run.startedAt ?? null,
      claimedBy: run.claimedBy ?? null,
      cancelRequested: run.cancelRequested,
      lastSeq: run.lastSeq,
    };
  }

  /** The Run row of the experiment, as GraphQL serves it (a fresh read: no identity map across calls). */
  async runOfExperiment(runId: string, experimentId: string): Promise<Run | null> {
    const em = this.orm.em.fork();
    return em.findOne(Run, { id: runId, experiment: experimentId });
  }

  async experimentOf(runId: string): Promise<string | null> {
    const em = this.orm.em.fork();
    const run = await em.findOne(Run, { id: runId }, { fields: ['experiment'], disableIdentityMap: true });
    return run?.experiment.id ?? null;
  }

  async runsInStatus(status: RunStatus): Promise<RunLiveness[]> {
    const em = this.orm.em.fork();
    const runs = await em.find(
      Run,
      { status },
      { orderBy: { createdAt: 'asc' }, fields: ['id', 'claimedBy', 'heartbeatAt', 'startedAt'], disableIdentityMap: true },
    );
    return runs.map((r) => ({ id: r.id, claimedBy: r.claimedBy ?? null, heartbeatAt: r.heartbeatAt ?? null, startedAt: r.startedAt ?? null }));
  }

  async touchHeartbeats(processId: string, at: Date): Promise<number> {
    const em = this.orm.em.fork();
    return em.nativeUpdate(Run, { claimedBy: processId, status: 'running' }, { heartbeatAt: at });
  }

  async patchRun(runId: string, patch: RunPatch): Promise<void> {
    const em = this.orm.em.fork();
    await em.nativeUpdate(Run, { id: runId }, runColumns(patch) as never);
  }
}
