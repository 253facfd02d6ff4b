// Runs: submit (validated, frozen, queued), read, wait, cancel, finalize. Plain functions of (ctx, args).
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Context } from '../context.js';
import {
  BUILTIN_DATASETS,
  ENGINE_VERSION,
  isEngineInputError,
  validatePlanRequest,
  validateSetupOptions,
  type BuiltinDatasetName,
  type PlanKind,
  type PlanParams,
  type PlanRequest,
  type SetupOptions,
  type TaskType,
} from '../engine/index.js';
import { Artifact, Dataset, Experiment, Run, RunEvent } from '../entities/index.js';
import { resolveArtifactPath, runArtifactPath, writeFileAtomic } from '../jobs/storage/artifacts.js';
import { planRequest, userFacingError, workerSource } from '../jobs/lifecycle/executor.js';
import { eventId } from '../jobs/storage/orm-store.js';
import { TERMINAL_STATUSES, type DataSourceSpec, type RunSnapshot, type StoredEvent } from '../jobs/types.js';
import { WorkerTaskError } from '../jobs/threads/worker-task.js';
import { badInput, conflict, notFound } from '../errors.js';
import { loadExperimentForViewer, requireViewer, requireWorkspaceRole, WRITE_ROLE, type WorkspaceRole } from './access.js';
import { isPlainObject, requireId } from './input.js';

export const MAX_WAIT_SECONDS = 600;
const MAX_IDEMPOTENCY_KEY = 255;
const MAX_PARAMS_BYTES = 100_000;

export interface DataSourceArgs {
  builtin?: BuiltinDatasetName | null;
  inline?: unknown;
  datasetId?: string | null;
}
export interface SubmitRunArgs {
  experimentId: string;
  plan: PlanKind;
  modelId?: string | null;
  data: DataSourceArgs;
  params?: unknown;
  idempotencyKey?: string | null;
}

/** The run with its experiment and project loaded, if the viewer may see it (NOT_FOUND otherwise). */
export async function loadRunForViewer(ctx: Context, id: string, min: WorkspaceRole = 'viewer'): Promise<Run> {
  requireViewer(ctx);
  const run = await ctx.em.findOne(Run, { id: requireId(id) }, { populate: ['experiment', 'experiment.project'] });
  if (!run) return notFound('Run');
  await requireWorkspaceRole(ctx, run.experiment.project.workspace.id, min, 'Run');
  return run;
}

export function getRun(ctx: Context, id: string): Promise<Run> {
  return loadRunForViewer(ctx, id);
}

/** Newest first. */
export function experimentRuns(ctx: Context, experiment: Experiment): Promise<Run[]> {
  return ctx.em.find(Run, { experiment: experiment.id }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

export async function listRuns(ctx: Context, experimentId: string): Promise<Run[]> {
  const experiment = await loadExperimentForViewer(ctx, requireId(experimentId, 'experimentId'));
  return experimentRuns(ctx, experiment);
}

export function runArtifacts(ctx: Context, run: Run): Promise<Artifact[]> {
  return ctx.em.find(Artifact, { run: run.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export function runExperiment(ctx: Context, run: Run): Promise<Experiment> {
  return ctx.em.findOneOrFail(Experiment, { id: run.experiment.id });
}

// Strictly increasing createdAt in this process, so "newest first" is exact even within one millisecond.
let lastCreatedAt = 0;
function nextCreatedAt(): Date {
  lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1);
  return new Date(lastCreatedAt);
}

function engineInputToBadInput(error: unknown, fallbackField: string): never {
  if (isEngineInputError(error)) return badInput(error.message, error.field ?? fallbackField);
  if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
    return badInput(error.info.message, error.info.field ?? fallbackField);
  }
  throw error;
}

interface ResolvedData {
  spec: DataSourceSpec;
  sha256: string;
  rows: number;
  columns: string[];
  /** An inline data file written for validation; moved under the run when accepted, deleted otherwise. */
  tempFile: string | null;
}

async function resolveDataSource(ctx: Context, data: DataSourceArgs, workspaceId: string): Promise<ResolvedData> {
  const runs = ctx.services.runs;
  if (data.builtin) {
    if (!(BUILTIN_DATASETS as readonly string[]).includes(data.builtin)) return badInput('unknown built-in dataset', 'data.builtin');
    const { profile } = await runs.builtinProfile(data.builtin);
    return {
      spec: { kind: 'builtin', name: data.builtin },
      sha256: profile.sha256,
      rows: profile.rows,
      columns: profile.columns.map((c) => c.name),
      tempFile: null,
    };
  }
  if (data.datasetId) {
    const dataset = await ctx.em.findOne(Dataset, { id: requireId(data.datasetId, 'data.datasetId'), workspace: workspaceId });
    if (!dataset) return badInput('no such dataset in the experiment\'s workspace', 'data.datasetId');
    return {
      spec: { kind: 'dataset', datasetId: dataset.id, path: dataset.storagePath },
      sha256: dataset.sha256,
      rows: dataset.rowCount,
      columns: dataset.columns.map((c) => c.name),
      tempFile: null,
    };
  }
  // Inline: a dict of equal-length column arrays. Shape and types are checked by the engine in a worker.
  const inline = data.inline;
  if (!isPlainObject(inline) || Object.keys(inline).length === 0) {
    return badInput('inline data must be an object of column arrays, e.g. {"x":[1,2],"y":[0,1]}', 'data.inline');
  }
  for (const [name, values] of Object.entries(inline)) {
    if (!Array.isArray(values)) return badInput(`inline column "${name}" must be an array`, `data.inline.${name}`);
  }
  const tempPath = `tmp/inline-${randomUUID()}.json`;
  const tempFile = resolveArtifactPath(runs.artifactDir, tempPath);
  await writeFileAtomic(tempFile, Buffer.from(JSON.stringify(inline), 'utf8'));
  try {
    const { profile } = await runs.profileSource({ kind: 'inline', file: tempFile });
    return {
      spec: { kind: 'inline', path: tempPath },
      sha256: profile.sha256,
      rows: profile.rows,
      columns: profile.columns.map((c) => c.name),
      tempFile,
    };
  } catch (error) {
    await rm(tempFile, { force: true });
    if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
      const field = error.info.field && error.info.field !== 'target' ? `data.inline.${error.info.field}` : 'data.inline';
      return badInput(error.info.message, field);
    }
    throw error;
  }
}

function checkSubmitShape(args: SubmitRunArgs): void {
  const sources = [args.data.builtin, args.data.inline, args.data.datasetId].filter((v) => v !== undefined && v !== null);
  if (sources.length !== 1) {
    badInput(`exactly one data source must be given (builtin, inline or datasetId); got ${sources.length}`, 'data');
  }
  if ((args.plan === 'create' || args.plan === 'tune') && !args.modelId) {
    badInput(`a ${args.plan.toUpperCase()} run needs a modelId`, 'modelId');
  }
  if (args.params !== undefined && args.params !== null) {
    if (!isPlainObject(args.params)) badInput('params must be a JSON object', 'params');
    if (JSON.stringify(args.params).length > MAX_PARAMS_BYTES) badInput('params is too large', 'params');
  }
  if (args.idempotencyKey !== undefined && args.idempotencyKey !== null) {
    if (args.idempotencyKey.length === 0 || args.idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
      badInput(`idempotencyKey must be 1..${MAX_IDEMPOTENCY_KEY} characters`, 'idempotencyKey');
    }
  }
}

async function existingByKey(ctx: Context, experimentId: string, key: string | null | undefined): Promise<Run | null> {
  if (!key) return null;
  return ctx.em.findOne(Run, { experiment: experimentId, idempotencyKey: key });
}

/**
 * Validates everything that can be checked without training (nothing is stored on rejection), freezes the
 * snapshot, stores the run as QUEUED with its run.queued event (seq 1) and queues it.
 */
export async function submitRun(ctx: Context, args: SubmitRunArgs): Promise<Run> {
  const viewer = requireViewer(ctx);
  checkSubmitShape(args);
  const experiment = await loadExperimentForViewer(ctx, requireId(args.experimentId, 'experimentId'), WRITE_ROLE);
  const existing = await existingByKey(ctx, experiment.id, args.idempotencyKey);
  if (existing) return existing;

  const task = experiment.task as TaskType;
  let setup: SetupOptions;
  try {
    setup = validateSetupOptions(experiment.setupParams, task);
  } catch (error) {
    return engineInputToBadInput(error, 'setupParams');
  }
  const data = await resolveDataSource(ctx, args.data, experiment.project.workspace.id);
  let request: PlanRequest;
  try {
    request = validatePlanRequest(
      {
        task,
        target: experiment.target,
        setup,
        plan: args.plan,
        ...(args.modelId ? { modelId: args.modelId } : {}),
        params: (args.params ?? {}) as PlanParams,
      },
      data.columns,
    );
  } catch (error) {
    if (data.tempFile) await rm(data.tempFile, { force: true });
    return engineInputToBadInput(error, 'params');
  }

  const runId = randomUUID();
  let spec = data.spec;
  if (data.tempFile) {
    const path = runArtifactPath(runId, 'data.json');
    const full = resolveArtifactPath(ctx.services.runs.artifactDir, path);
    await mkdir(dirname(full), { recursive: true });
    await rename(data.tempFile, full);
    spec = { kind: 'inline', path };
  }
  const createdAt = nextCreatedAt();
  const snapshot: RunSnapshot = {
    experiment: { id: experiment.id, name: experiment.name, task, target: experiment.target, setupParams: request.setup },
    plan: request.plan,
    modelId: request.modelId ?? null,
    params: request.params,
    data: { ...spec, sha256: data.sha256, rows: data.rows, columns: data.columns },
    engineVersion: ENGINE_VERSION,
    submittedAt: createdAt.toISOString(),
  };
  const run = ctx.em.create(Run, {
    id: runId,
    experiment,
    plan: request.plan,
    modelId: request.modelId ?? null,
    status: 'queued',
    snapshot: snapshot as unknown as Record<string, unknown>,
    params: request.params as Record<string, unknown>,
    idempotencyKey: args.idempotencyKey ?? null,
    createdBy: viewer.userId,
    createdAt,
    lastSeq: 1,
    cancelRequested: false,
  });
  const queued = ctx.em.create(RunEvent, {
    run,
    seq: 1,
    kind: 'run.queued',
    message: `${request.plan} run queued`,
    payload: { plan: request.plan, modelId: request.modelId ?? null, data: snapshot.data.kind },
    emittedAt: createdAt,
  });
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && args.idempotencyKey) {
      // The same key was submitted concurrently: the other request's run wins.
      ctx.em.clear();
      if (spec.kind === 'inline') await rm(resolveArtifactPath(ctx.services.runs.artifactDir, `runs/${runId}`), { recursive: true, force: true });
      const winner = await existingByKey(ctx, experiment.id, args.idempotencyKey);
      if (winner) return winner;
    }
    throw error;
  }
  const event: StoredEvent = {
    id: eventId(runId, 1),
    runId,
    seq: 1,
    kind: queued.kind,
    message: queued.message ?? null,
    payload: queued.payload ?? null,
    durationMs: null,
    emittedAt: createdAt,
  };
  await ctx.services.runs.publishStored(event);
  ctx.services.runs.enqueue(runId);
  return run;
}

async function reload(ctx: Context, run: Run): Promise<Run> {
  ctx.em.clear();
  return ctx.em.findOneOrFail(Run, { id: run.id }, { populate: ['experiment', 'experiment.project'] });
}

/** Returns when the run is terminal or after timeoutSeconds, whichever comes first. */
export async function waitForRun(ctx: Context, args: { id: string; timeoutSeconds?: number | null }): Promise<Run> {
  const timeout = args.timeoutSeconds ?? 30;
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > MAX_WAIT_SECONDS) {
    return badInput(`timeoutSeconds must be between 0 and ${MAX_WAIT_SECONDS}`, 'timeoutSeconds');
  }
  const run = await loadRunForViewer(ctx, args.id);
  if (TERMINAL_STATUSES.has(run.status)) return run;
  await ctx.services.runs.waitForTerminal(run.id, timeout * 1000);
  return reload(ctx, run);
}

/** Cancels a queued or running run and waits (briefly) for it to stop; a terminal run is returned as is. */
export async function cancelRun(ctx: Context, args: { id: string }): Promise<Run> {
  const run = await loadRunForViewer(ctx, args.id, WRITE_ROLE);
  if (TERMINAL_STATUSES.has(run.status)) return run;
  await ctx.services.runs.cancel(run.id);
  await ctx.services.runs.waitForTerminal(run.id, 15_000);
  return reload(ctx, run);
}

export async function pipelineArtifact(ctx: Context, run: Run, kind: 'pipeline' | 'final_pipeline'): Promise<Artifact | null> {
  return ctx.em.findOne(Artifact, { run: run.id, kind }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

/** Refits the run's pipeline on all rows (PyCaret finalize_model) in a worker; adds a final_pipeline artifact. */
export async function finalizeRun(ctx: Context, args: { runId: string }): Promise<Run> {
  const run = await loadRunForViewer(ctx, args.runId, WRITE_ROLE);
  const pipeline = run.status === 'succeeded' ? await pipelineArtifact(ctx, run, 'pipeline') : null;
  if (!pipeline) return badInput('only a succeeded run with a fitted pipeline can be finalized', 'runId');
  const snapshot = run.snapshot as unknown as RunSnapshot;
  const runs = ctx.services.runs;
  let outcome;
  try {
    outcome = await runs.finalize(run.id, workerSource(runs.artifactDir, snapshot.data), planRequest(snapshot), pipeline);
  } catch (error) {
    if (error instanceof WorkerTaskError && error.info.name === 'ArtifactIntegrityError') {
      return conflict(error.info.message, 'runId');
    }
    if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
      return badInput(userFacingError(error), error.info.field ?? 'runId');
    }
    throw error;
  }
  ctx.em.create(Artifact, { run, ...outcome.artifact });
  await ctx.em.flush();
  return run;
}
