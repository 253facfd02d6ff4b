// setupParams.testData (PyCaret's test_data) checked against profiles, without loading any data: at
// createExperiment against the target alone, at submit against the training data's profile too.
import type { DatasetProfile, TaskType } from '../types.js';
import { EngineInputError } from '../errors.js';

export interface TestDataCheck {
  target: string;
  task: TaskType;
  /** The training data's profile (null at createExperiment, where no data is chosen yet). */
  train: DatasetProfile | null;
  ignoreFeatures?: readonly string[];
  dropMissingTarget?: boolean;
  /** The field errors name, e.g. setupParams.testData (or setupParams.test_data as the user wrote it). */
  field: string;
}

export function checkTestDataProfile(test: DatasetProfile, o: TestDataCheck): void {
  const bad = (message: string): never => {
    throw new EngineInputError('BAD_INPUT', message, o.field);
  };
  if (test.rows === 0) bad('testData has no rows');
  const target = test.columns.find((c) => c.name === o.target);
  if (!target) bad(`testData has no target column "${o.target}"`);
  if (o.task === 'regression' && target?.type !== 'numeric') bad(`the target "${o.target}" of testData is not numeric, but the task is regression`);
  if (target && target.missing > 0 && !o.dropMissingTarget)
    bad(`testData has ${target.missing} row(s) with a missing target "${o.target}": drop or fill them, or set dropMissingTarget`);
  if (!o.train) return;
  const have = new Set(test.columns.map((c) => c.name));
  const ignored = new Set(o.ignoreFeatures ?? []);
  const missing = o.train.columns.filter((c) => !ignored.has(c.name) && !have.has(c.name)).map((c) => `"${c.name}"`);
  if (missing.length > 0) bad(`testData lacks column(s) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''} of the training data`);
  const trainTarget = o.train.columns.find((c) => c.name === o.target);
  if (trainTarget && target && trainTarget.type !== target.type)
    bad(`the target "${o.target}" is ${trainTarget.type} in the training data but ${target.type} in testData`);
}
