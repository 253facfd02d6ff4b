import { isEngineInputError, validateSetupOptions, type TaskType } from '../engine/index.js';
import type { Context } from '../context.js';
import { Experiment, Run } from '../entities/index.js';
import { badInput } from '../errors.js';
import { loadExperimentForViewer, loadProjectForViewer, WRITE_ROLE } from './access.js';
import { isPlainObject, requireId, requireName } from './input.js';
import { checkTestData } from './test-data.js';

const MAX_SETUP_PARAMS_BYTES = 1_000_000;

/**
 * setupParams must be a JSON object (null/absent = {}) that the engine accepts for the task. The user's object is
 * stored as given (the engine fills defaults when a run starts); errors name the parameter, e.g. setupParams.fold.
 */
export function validateSetupParams(raw: unknown, task: TaskType): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (!isPlainObject(raw)) return badInput('setupParams must be a JSON object', 'setupParams');
  if (JSON.stringify(raw).length > MAX_SETUP_PARAMS_BYTES) return badInput('setupParams is too large', 'setupParams');
  try {
    validateSetupOptions(raw, task);
  } catch (err) {
    if (isEngineInputError(err)) return badInput(err.message, err.field ?? 'setupParams');
    throw err;
  }
  return raw;
}

export function getExperiment(ctx: Context, id: string): Promise<Experiment> {
  return loadExperimentForViewer(ctx, requireId(id));
}

export async function createExperiment(
  ctx: Context,
  input: { projectId: string; name: string; task: TaskType; target: string; setupParams?: unknown },
): Promise<Experiment> {
  const name = requireName(input.name);
  const target = requireName(input.target, 'target');
  const setupParams = validateSetupParams(input.setupParams, input.task);
  const project = await loadProjectForViewer(ctx, requireId(input.projectId, 'projectId'), WRITE_ROLE);
  await checkTestData(ctx, setupParams, project.workspace.id, input.task, target);
  const experiment = ctx.em.create(Experiment, { project, name, task: input.task, target, setupParams });
  await ctx.em.flush();
  return experiment;
}

export async function renameExperiment(ctx: Context, args: { id: string; name: string }): Promise<Experiment> {
  const name = requireName(args.name);
  const experiment = await loadExperimentForViewer(ctx, requireId(args.id), WRITE_ROLE);
  experiment.name = name;
  await ctx.em.flush();
  return experiment;
}

/** Runs, events and artifacts below go by FK cascade; the runs' artifact folders are removed once it committed. */
export async function deleteExperiment(ctx: Context, args: { id: string }): Promise<string> {
  const experiment = await loadExperimentForViewer(ctx, requireId(args.id), WRITE_ROLE);
  const runIds = (await ctx.em.find(Run, { experiment: experiment.id }, { fields: ['id'] })).map((r) => r.id);
  await ctx.em.nativeDelete(Experiment, { id: experiment.id });
  ctx.em.clear();
  await ctx.services.runs.removeDeletedFiles(runIds);
  return experiment.id;
}
