// Submit: everything that can be checked without training is checked here (nothing is stored on rejection),
// the snapshot is frozen, and the run is stored as QUEUED together with its run.queued event (seq 1) by the
// event sink, in one transaction. An inline data file is written before validation (the engine checks it in a
// worker), moved under the run once accepted, and removed again if anything after that fails.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  BUILTIN_DATASETS,
  checkMissingTarget,
  ENGINE_VERSION,
  isEngineInputError,
  validatePlanData,
  validatePlanRequest,
  validateSetupOptions,
  type DatasetProfile,
  type BuiltinDatasetName,
  type ColumnProfile,
  type PlanKind,
  type PlanParams,
  type PlanRequest,
  type SetupOptions,
  type TaskType,
} from '../../engine/index.js';
import { RunInputError } from '../errors.js';
import { resolveFromRun } from './from-run.js';
import { resolveTestData } from './test-data.js';
import { checkMemoryBudget } from './memory-budget.js';
import type { EventSink } from '../events/event-sink.js';
import { resolveArtifactPath, runArtifactDir, runArtifactPath, writeFileAtomic } from '../storage/artifacts.js';
import type { OrmJobStore } from '../storage/orm-store.js';
import type { ProfileOutcome, WorkerSource } from '../threads/protocol.js';
import { WorkerTaskError } from '../threads/worker-task.js';
import type { DataSourceSpec, RunSnapshot } from '../types.js';

export interface DataSourceArgs {
  builtin?: BuiltinDatasetName | null;
  inline?: Record<string, unknown[]> | null;
  datasetId?: string | null;
}

export interface SubmitRunInput {
  experiment: { id: string; name: string; task: TaskType; target: string; setupParams: unknown; workspaceId: string };
  plan: PlanKind;
  modelId?: string | null;
  /** Exactly one source (the caller checks the shape). */
  data: DataSourceArgs;
  params?: Record<string, unknown> | null;
  idempotencyKey?: string | null;
  createdBy: string | null;
}

export interface SubmitDeps {
  store: OrmJobStore;
  sink: EventSink;
  artifactDir: string;
  builtinProfile(name: string): Promise<ProfileOutcome>;
  profileSource(source: WorkerSource): Promise<ProfileOutcome>;
  /** Runs estimated to need more memory than this are refused (memory-budget.ts); absent or 0: no limit. */
  memoryLimitBytes?: number;
}

// Strictly increasing createdAt in this process, so "newest first" is exact even within one millisecond.
let lastCreatedAt = 0;
function nextCreatedAt(): Date {
  lastCreatedAt = Math.max(Date.now(), lastCreatedAt + 1);
  return new Date(lastCreatedAt);
}

function engineInputToRunInput(error: unknown, fallbackField: string): never {
  if (isEngineInputError(error)) throw new RunInputError(error.message, error.field ?? fallbackField);
  if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
    throw new RunInputError(error.info.message, error.info.field ?? fallbackField);
  }
  throw error;
}

interface ResolvedData {
  spec: DataSourceSpec;
  sha256: string;
  rows: number;
  columns: string[];
  /** Column types, missing and distinct counts: what validatePlanData checks the plan against. */
  profile: DatasetProfile;
  /** An inline data file written for validation; moved under the run when accepted, deleted otherwise. */
  tempFile: string | null;
}

/** probabilityThreshold is for binary targets: refused at submit when the profile shows another class count. */
function checkBinaryThreshold(request: PlanRequest, data: ResolvedData): void {
  const distinct = data.profile.columns.find((c) => c.name === request.target)?.distinct;
  if (request.params.probabilityThreshold !== undefined && distinct !== undefined && distinct !== 2)
    throw new RunInputError(`probabilityThreshold applies to binary classification only (the target has ${distinct} distinct values)`, 'params.probabilityThreshold');
}

async function resolveDataSource(deps: SubmitDeps, data: DataSourceArgs, workspaceId: string): Promise<ResolvedData> {
  if (data.builtin) {
    if (!(BUILTIN_DATASETS as readonly string[]).includes(data.builtin)) throw new RunInputError('unknown built-in dataset', 'data.builtin');
    const { profile } = await deps.builtinProfile(data.builtin);
    return { spec: { kind: 'builtin', name: data.builtin }, sha256: profile.sha256, rows: profile.rows, columns: profile.columns.map((c) => c.name), profile, tempFile: null };
  }
  if (data.datasetId) {
    const dataset = await deps.store.workspaceDataset(data.datasetId, workspaceId);
    if (!dataset) throw new RunInputError("no such dataset in the experiment's workspace", 'data.datasetId');
    return { spec: { kind: 'dataset', datasetId: dataset.id, path: dataset.path }, sha256: dataset.sha256, rows: dataset.rows, columns: dataset.columns, profile: dataset.profile, tempFile: null };
  }
  // Inline: a dict of equal-length column arrays. Shape and types are checked by the engine in a worker.
  const tempPath = `tmp/inline-${randomUUID()}.json`;
  const tempFile = resolveArtifactPath(deps.artifactDir, tempPath);
  await writeFileAtomic(tempFile, Buffer.from(JSON.stringify(data.inline), 'utf8'));
  try {
    const { profile } = await deps.profileSource({ kind: 'inline', file: tempFile });
    return { spec: { kind: 'inline', path: tempPath }, sha256: profile.sha256, rows: profile.rows, columns: profile.columns.map((c) => c.name), profile, tempFile };
  } catch (error) {
    await rm(tempFile, { force: true });
    if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
      const field = error.info.field && error.info.field !== 'target' ? `data.inline.${error.info.field}` : 'data.inline';
      throw new RunInputError(error.info.message, field);
    }
    throw error;
  }
}

export interface Submitted {
  runId: string;
  /** False when the idempotency key named a run submitted before (nothing was stored). */
  created: boolean;
}

/** Stores the new run, or finds the one already submitted with the same idempotency key. */
export async function submitRun(deps: SubmitDeps, input: SubmitRunInput): Promise<Submitted> {
  const { experiment } = input;
  const key = input.idempotencyKey ?? null;
  if (key) {
    const existing = await deps.store.runIdByKey(experiment.id, key);
    if (existing) return { runId: existing, created: false };
  }
  let setup: SetupOptions;
  try {
    setup = validateSetupOptions(experiment.setupParams, experiment.task);
  } catch (error) {
    return engineInputToRunInput(error, 'setupParams');
  }
  const params = await resolveFromRun(deps.store, experiment.id, input.params);
  const data = await resolveDataSource(deps, input.data, experiment.workspaceId);
  let request: PlanRequest;
  let testData: RunSnapshot['testData'];
  try {
    request = validatePlanRequest(
      {
        task: experiment.task,
        target: experiment.target,
        setup,
        plan: input.plan,
        ...(input.modelId ? { modelId: input.modelId } : {}),
        params: (params ?? {}) as PlanParams,
      },
      data.columns,
    );
    checkBinaryThreshold(request, data);
    validatePlanData(request, data.profile);
    testData = await resolveTestData(deps.store, request, data.profile, experiment.workspaceId, experiment.setupParams);
    checkMemoryBudget(data.profile, request.setup, request.target, request.task, deps.memoryLimitBytes ?? 0, testData?.rows ?? 0);
  } catch (error) {
    if (data.tempFile) await rm(data.tempFile, { force: true });
    return engineInputToRunInput(error, 'params');
  }

  const runId = randomUUID();
  const removeRunFiles = () => rm(resolveArtifactPath(deps.artifactDir, runArtifactDir(runId)), { recursive: true, force: true });
  let spec = data.spec;
  try {
    if (data.tempFile) {
      const path = runArtifactPath(runId, 'data.json');
      const full = resolveArtifactPath(deps.artifactDir, path);
      await mkdir(dirname(full), { recursive: true });
      await rename(data.tempFile, full);
      spec = { kind: 'inline', path };
    }
    const createdAt = nextCreatedAt();
    const snapshot: RunSnapshot = {
      experiment: { id: experiment.id, name: experiment.name, task: experiment.task, target: experiment.target, setupParams: request.setup },
      plan: request.plan,
      modelId: request.modelId ?? null,
      params: request.params,
      data: { ...spec, sha256: data.sha256, rows: data.rows, columns: data.columns },
      ...(testData ? { testData } : {}),
      engineVersion: ENGINE_VERSION,
      submittedAt: createdAt.toISOString(),
    };
    await deps.sink.create(
      {
        id: runId,
        experimentId: experiment.id,
        plan: request.plan,
        modelId: request.modelId ?? null,
        snapshot,
        params: request.params,
        idempotencyKey: key,
        createdBy: input.createdBy,
        createdAt,
      },
      {
        kind: 'run.queued',
        message: `${request.plan} run queued`,
        payload: { plan: request.plan, modelId: request.modelId ?? null, data: snapshot.data.kind },
        emittedAt: createdAt,
      },
    );
  } catch (error) {
    // Nothing of a run that was not stored stays on disk (its moved data file, or the temp file if the move failed).
    await removeRunFiles();
    if (data.tempFile) await rm(data.tempFile, { force: true });
    if (error instanceof UniqueConstraintViolationException && key) {
      // The same key was submitted concurrently: the other request's run wins.
      const winner = await deps.store.runIdByKey(experiment.id, key);
      if (winner) return { runId: winner, created: false };
    }
    throw error;
  }
  return { runId, created: true };
}
