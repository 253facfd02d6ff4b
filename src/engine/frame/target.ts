import type { TaskType } from '../types.js';
import { EngineInputError } from '../errors.js';
import { unknownColumnMessage, type Frame } from './frame.js';

export interface EncodedTarget {
  /** Classification: class codes 0..k-1 as float64; regression: the values. */
  y: Float64Array;
  /** Classification: the original class values, code i = classes[i]; null for regression. */
  classes: Array<number | string> | null;
}

/** Rows whose target cell is missing; UNKNOWN_TARGET (field "target") when there is no such column. */
export function countMissingTarget(frame: Frame, target: string): number {
  const col = frame.column(target);
  if (!col) throw new EngineInputError('UNKNOWN_TARGET', `Target: ${unknownColumnMessage(target, frame.names())}`, 'target');
  let missing = 0;
  if (col.kind === 'numeric') {
    for (const v of col.values) if (Number.isNaN(v)) missing++;
  } else for (const c of col.codes) if (c < 0) missing++;
  return missing;
}

/** Rows (ascending) whose target cell is present. */
export function rowsWithTarget(frame: Frame, target: string): Int32Array {
  const col = frame.require(target);
  const out: number[] = [];
  for (let i = 0; i < frame.rows; i++) {
    const missing = col.kind === 'numeric' ? Number.isNaN(col.values[i] as number) : (col.codes[i] as number) < 0;
    if (!missing) out.push(i);
  }
  return Int32Array.from(out);
}

/**
 * The target column as the models want it. Classification: labels -> 0..k-1 in sorted order of the original
 * values (numbers numerically, strings in code-unit order). Errors (all with field "target"):
 * UNKNOWN_TARGET, BAD_INPUT (missing target cells), SINGLE_CLASS, NON_NUMERIC_TARGET (regression).
 */
export function encodeTarget(frame: Frame, target: string, task: TaskType): EncodedTarget {
  const col = frame.column(target);
  if (!col) throw new EngineInputError('UNKNOWN_TARGET', `Target: ${unknownColumnMessage(target, frame.names())}`, 'target');
  const n = frame.rows;
  let missing = 0;
  let firstMissing = -1;
  for (let i = 0; i < n; i++) {
    const isMissing = col.kind === 'numeric' ? Number.isNaN(col.values[i] as number) : (col.codes[i] as number) < 0;
    if (isMissing) {
      missing++;
      if (firstMissing < 0) firstMissing = i;
    }
  }
  if (missing > 0)
    throw new EngineInputError(
      'BAD_INPUT',
      `Target column "${target}" has ${missing} missing value(s) (first at row ${firstMissing}): drop those rows (setupParams.dropMissingTarget: true) or fill them in`,
      'target',
    );

  if (task === 'regression') {
    if (col.kind !== 'numeric')
      throw new EngineInputError(
        'NON_NUMERIC_TARGET',
        `Regression needs a numeric target, but column "${target}" holds text (e.g. "${col.levels[0] ?? ''}"); use classification or pick a numeric column`,
        'target',
      );
    return { y: Float64Array.from(col.values), classes: null };
  }

  const y = new Float64Array(n);
  let classes: Array<number | string>;
  if (col.kind === 'numeric') {
    const sorted = Float64Array.from(new Set(col.values)).sort();
    const index = new Map<number, number>();
    sorted.forEach((v, i) => index.set(v, i));
    for (let i = 0; i < n; i++) y[i] = index.get(col.values[i] as number) as number;
    classes = Array.from(sorted);
  } else {
    const used = new Uint8Array(col.levels.length);
    for (const c of col.codes) used[c] = 1;
    const remap = new Int32Array(col.levels.length).fill(-1);
    classes = [];
    col.levels.forEach((level, code) => {
      if (used[code]) {
        remap[code] = classes.length;
        classes.push(level);
      }
    });
    for (let i = 0; i < n; i++) y[i] = remap[col.codes[i] as number] as number;
  }
  if (classes.length < 2)
    throw new EngineInputError(
      'SINGLE_CLASS',
      `Classification needs at least two classes, but target "${target}" only holds ${classes.length === 1 ? `"${String(classes[0])}"` : 'no value'}`,
      'target',
    );
  return { y, classes };
}
