import { EngineInputError } from '../errors.js';
import { isMissingAt, type Frame } from './frame.js';

/** Every column must have at least one value: an all-missing column cannot be imputed or learnt from. */
export function checkNotAllMissing(frame: Frame): void {
  if (frame.rows === 0) return;
  for (const c of frame.columns) {
    let any = false;
    for (let i = 0; i < frame.rows && !any; i++) any = !isMissingAt(c, i);
    if (!any)
      throw new EngineInputError(
        'ALL_MISSING_COLUMN',
        `Column "${c.name}" has no values (every cell is empty or NA): drop it or ignore it with setupParams.ignoreFeatures`,
        c.name,
      );
  }
}
