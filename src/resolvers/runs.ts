// Runs: submit (validated, frozen, queued), read, wait, cancel, finalize. Plain functions of (ctx, args).
import type { Context } from '../context.js';
import type { BuiltinDatasetName, PlanKind, TaskType } from '../engine/index.js';
import { Artifact, Experiment, Run } from '../entities/index.js';
import { badInput, conflict, notFound } from '../errors.js';
import {
  RunInputError,
  TERMINAL_STATUSES,
  userFacingError,
  WorkerTaskError,
  type DataSourceArgs,
  type RunSnapshot,
} from '../jobs/index.js';
import { loadExperimentForViewer, requireViewer, requireWorkspaceRole, WRITE_ROLE, type WorkspaceRole } from './access.js';
import { isPlainObject, requireId } from './input.js';

export const MAX_WAIT_SECONDS = 600;
const MAX_IDEMPOTENCY_KEY = 255;
const MAX_PARAMS_BYTES = 100_000;

export interface SubmitRunArgs {
  experimentId: string;
  plan: PlanKind;
  modelId?: string | null;
  data: { builtin?: BuiltinDatasetName | null; inline?: unknown; datasetId?: string | null };
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

function checkSubmitShape(args: SubmitRunArgs): void {
  const sources = [args.data.builtin, args.data.inline, args.data.datasetId].filter((v) => v !== undefined && v !== null);
  if (sources.length !== 1) {
    badInput(`exactly one data source must be given (builtin, inline or datasetId); got ${sources.length}`, 'data');
  }
  if ((args.plan === 'create' || args.plan === 'tune' || args.plan === 'ensemble' || args.plan === 'calibrate') && !args.modelId) {
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

/** Inline data: a dict of column arrays (their shape and types are checked by the engine at submit). */
function checkInline(inline: unknown): Record<string, unknown[]> {
  if (!isPlainObject(inline) || Object.keys(inline).length === 0) {
    return badInput('inline data must be an object of column arrays, e.g. {"x":[1,2],"y":[0,1]}', 'data.inline');
  }
  for (const [name, values] of Object.entries(inline)) {
    if (!Array.isArray(values)) return badInput(`inline column "${name}" must be an array`, `data.inline.${name}`);
  }
  return inline as Record<string, unknown[]>;
}

/** The run lifecycle's refusals as GraphQL errors. */
function mapRunError(error: unknown): never {
  if (error instanceof RunInputError) return badInput(error.message, error.field);
  throw error;
}

/**
 * Validates everything that can be checked without training (nothing is stored on rejection), freezes the
 * snapshot, stores the run as QUEUED with its run.queued event (seq 1) and queues it (RunService.submit).
 */
export async function submitRun(ctx: Context, args: SubmitRunArgs): Promise<Run> {
  const viewer = requireViewer(ctx);
  checkSubmitShape(args);
  await ctx.services.rateLimits.consume('submitPerUser', viewer.userId);
  const experiment = await loadExperimentForViewer(ctx, requireId(args.experimentId, 'experimentId'), WRITE_ROLE);
  const { builtin, datasetId, inline } = args.data;
  const data: DataSourceArgs = builtin
    ? { builtin }
    : datasetId
      ? { datasetId: requireId(datasetId, 'data.datasetId') }
      : { inline: checkInline(inline) };
  let runId: string;
  try {
    runId = await ctx.services.runs.submit({
      experiment: {
        id: experiment.id,
        name: experiment.name,
        task: experiment.task as TaskType,
        target: experiment.target,
        setupParams: experiment.setupParams,
        workspaceId: experiment.project.workspace.id,
      },
      plan: args.plan,
      modelId: args.modelId ?? null,
      data,
      params: (args.params ?? null) as Record<string, unknown> | null,
      idempotencyKey: args.idempotencyKey ?? null,
      createdBy: viewer.userId,
    });
  } catch (error) {
    return mapRunError(error);
  }
  return ctx.em.findOneOrFail(Run, { id: runId }, { populate: ['experiment', 'experiment.project'] });
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
  let outcome;
  try {
    outcome = await ctx.services.runs.finalize(run.id, run.snapshot as unknown as RunSnapshot, pipeline);
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
