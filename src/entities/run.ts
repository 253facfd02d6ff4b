import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { PlanKind } from '../engine/index.js';
import { Experiment } from './experiment.js';
import { newId, now } from './ids.js';
import { User } from './user.js';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export const Run = defineEntity({
  name: 'Run',
  tableName: 'run',
  properties: (p) => ({
    id: p.string().length(36).primary().onCreate(newId),
    experiment: p.manyToOne(Experiment).deleteRule('cascade'),
    plan: p.string().length(16).$type<PlanKind>(),
    modelId: p.string().length(64).nullable(),
    status: p.string().length(16).$type<RunStatus>(),
    error: p.text().nullable(),
    snapshot: p.json<Record<string, unknown>>(),
    params: p.json<Record<string, unknown>>(),
    idempotencyKey: p.string().length(255).nullable(),
    createdBy: p.manyToOne(User).nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(now),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    durationMs: p.integer().nullable(),
    leaderboard: p.json<Record<string, unknown>>().nullable(),
    summary: p.json<Record<string, unknown>>().nullable(),
    /** Highest seq stored for this run; the event sink allocates the next seq from it. */
    lastSeq: p.integer().default(0),
    /** Id of the server process executing the run (scale-out). */
    claimedBy: p.string().length(255).nullable(),
    /** Refreshed every few seconds by the process training the run; recovery fails runs whose heartbeat went stale. */
    heartbeatAt: p.datetime().nullable(),
    cancelRequested: p.boolean().default(false),
  }),
  uniques: [{ properties: ['experiment', 'idempotencyKey'] }],
  indexes: [{ properties: ['experiment', 'createdAt'] }, { properties: ['status'] }],
});
export type Run = InferEntity<typeof Run>;
