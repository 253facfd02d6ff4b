import { EngineInputError } from '../errors.js';

/**
 * Checks that a data part can be cut into `folds` CV folds, as scikit-learn requires (KFold: at least one
 * row per fold; StratifiedKFold: at least `folds` rows, and some class with at least `folds` members).
 * `counts` is the row count, or the per-class row counts for stratified folds. Throws TOO_FEW_ROWS (field
 * `field`, default "setupParams.fold") with what to change.
 */
export function checkRowsForFolds(counts: number | readonly number[], folds: number, field = 'setupParams.fold'): void {
  const perClass = typeof counts === 'number' ? null : counts;
  const total = perClass ? perClass.reduce((a, b) => a + b, 0) : (counts as number);
  if (!Number.isInteger(folds) || folds < 2)
    throw new EngineInputError('BAD_PARAM', `The number of folds must be an integer of at least 2 (got ${folds})`, field);
  if (total < folds)
    throw new EngineInputError(
      'TOO_FEW_ROWS',
      `${folds}-fold cross-validation needs at least ${folds} training rows but there are ${total}: lower the number of folds to at most ${Math.max(2, total)} or add rows`,
      field,
    );
  if (perClass && perClass.length > 0 && perClass.every((c) => c < folds)) {
    const largest = Math.max(...perClass);
    throw new EngineInputError(
      'TOO_FEW_ROWS',
      `Stratified ${folds}-fold cross-validation needs a class with at least ${folds} training rows, but the largest class has ${largest}: lower the number of folds to at most ${Math.max(2, largest)}, add rows, or use foldStrategy "kfold"`,
      field,
    );
  }
}
