import { checkMissingTarget } from '../frame/target.js';
import { EngineInputError } from '../errors.js';
import { checkRowsForFolds } from '../frame/folds-check.js';
import type { DatasetProfile, PlanRequest } from '../types.js';

/**
 * What can be checked about the data of a run from its profile alone (no training), so that a run that
 * would certainly fail is refused at submit: the target's missing cells (unless dropMissingTarget), a
 * text target for regression, fewer than two classes or as many classes as rows, and the setup's and the
 * plan's fold counts against the training rows (floor(trainSize * rows), as trainTestSplit cuts them; an
 * explicit trainIndex counts its rows). The messages and codes are those the run would fail with.
 * Per-class counts are not in a profile, so stratified folds are checked by the total only here.
 */
export function validatePlanData(req: PlanRequest, profile: DatasetProfile): void {
  const target = profile.columns.find((c) => c.name === req.target);
  if (!target) return; // validatePlanRequest names an unknown target
  const setup = req.setup ?? {};
  checkMissingTarget(profile.columns, req.target, setup.dropMissingTarget === true);
  const rows = profile.rows - (setup.dropMissingTarget ? target.missing : 0);
  if (req.task === 'regression') {
    if (target.type !== 'numeric')
      throw new EngineInputError('NON_NUMERIC_TARGET', `Regression needs a numeric target, but column "${req.target}" holds text; use classification or pick a numeric column`, 'target');
  } else {
    if (target.distinct < 2)
      throw new EngineInputError('SINGLE_CLASS', `Classification needs at least two classes, but target "${req.target}" holds ${target.distinct === 1 ? 'one' : 'no'} value`, 'target');
    if (target.distinct >= rows)
      throw new EngineInputError(
        'TOO_FEW_ROWS',
        `Target "${req.target}" has ${target.distinct} classes in ${rows} rows: every class needs more rows than that (is it an id column?)`,
        'target',
      );
  }
  const trainSize = setup.trainSize ?? 0.7;
  const trainRows = setup.trainIndex ? setup.trainIndex.length : Math.floor(trainSize * rows);
  if (!setup.customFolds) checkRowsForFolds(trainRows, setup.fold ?? 10, 'setupParams.fold');
  const planFold = (req.params as { fold?: unknown } | undefined)?.fold;
  if (typeof planFold === 'number') checkRowsForFolds(trainRows, planFold, 'params.fold');
}
