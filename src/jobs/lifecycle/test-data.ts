// setupParams.testData at submit: the dataset must be in the experiment's workspace and fit the training data
// (its columns, the target's type, no missing target unless dropMissingTarget). Resolved into the snapshot so
// the run trains on exactly the file submitted (its SHA-256 is checked when the worker loads it).
import { checkTestDataProfile, isEngineInputError, type PlanRequest, type DatasetProfile } from '../../engine/index.js';
import { RunInputError } from '../errors.js';
import type { OrmJobStore } from '../storage/orm-store.js';
import type { RunSnapshot } from '../types.js';

/** The field as the user spelled the parameter (PyCaret's test_data or testData). */
export function testDataField(setupParams: unknown): string {
  return setupParams && typeof setupParams === 'object' && 'test_data' in setupParams ? 'setupParams.test_data' : 'setupParams.testData';
}

export async function resolveTestData(
  store: OrmJobStore,
  request: PlanRequest,
  train: DatasetProfile,
  workspaceId: string,
  setupParams: unknown,
): Promise<RunSnapshot['testData']> {
  const id = request.setup.testData;
  if (id === undefined) return undefined;
  const field = testDataField(setupParams);
  const dataset = await store.workspaceDataset(id, workspaceId);
  if (!dataset) throw new RunInputError(`testData "${id}" is not a dataset of the experiment's workspace`, field);
  try {
    checkTestDataProfile(dataset.profile, {
      target: request.target,
      task: request.task,
      train,
      ignoreFeatures: request.setup.ignoreFeatures ?? [],
      dropMissingTarget: request.setup.dropMissingTarget === true,
      field,
    });
  } catch (error) {
    if (isEngineInputError(error)) throw new RunInputError(error.message, field);
    throw error;
  }
  return { datasetId: dataset.id, path: dataset.path, sha256: dataset.sha256, rows: dataset.rows };
}
