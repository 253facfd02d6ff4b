import { checkTestDataProfile, isEngineInputError, validateSetupOptions, type TaskType } from '../engine/index.js';
import type { Context } from '../context.js';
import { Dataset } from '../entities/index.js';
import { badInput } from '../errors.js';

/**
 * setupParams.testData at createExperiment: a dataset of the project's workspace holding the target (with the
 * task's type, no missing target unless dropMissingTarget). The columns against the training data are checked
 * at submit, when the training data is known. A dataset of another workspace reads as unknown.
 */
export async function checkTestData(ctx: Context, setupParams: Record<string, unknown>, workspaceId: string, task: TaskType, target: string): Promise<void> {
  const setup = validateSetupOptions(setupParams, task);
  const id = setup.testData;
  if (id === undefined) return;
  const field = 'test_data' in setupParams ? 'setupParams.test_data' : 'setupParams.testData';
  const dataset = await ctx.em.findOne(Dataset, { id, workspace: workspaceId });
  if (!dataset) return badInput(`testData "${id}" is not a dataset of this project's workspace`, field);
  try {
    checkTestDataProfile(
      { rows: dataset.rowCount, columns: dataset.columns, sha256: dataset.sha256 },
      { target, task, train: null, dropMissingTarget: setup.dropMissingTarget === true, field },
    );
  } catch (err) {
    if (isEngineInputError(err)) return badInput(err.message, field);
    throw err;
  }
}
