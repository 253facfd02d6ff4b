import { EngineInputError } from '../errors.js';
import { compareStrings } from './infer.js';
import { Frame, type Column } from './frame.js';

/**
 * The rows of `b` appended below those of `a` (PyCaret's setup(test_data=...) holdout). Every column of `a`
 * must be in `b` (extra columns of `b` are ignored); categorical levels are merged and re-sorted. A column
 * numeric in one and categorical in the other is an error on `field`, naming the column, unless every cell
 * of one side is missing (then it takes the other's kind).
 */
export function appendRows(a: Frame, b: Frame, field: string): Frame {
  const missing = a.names().filter((n) => !b.column(n));
  if (missing.length > 0)
    throw new EngineInputError('BAD_INPUT', `the test data lacks column(s) ${missing.slice(0, 10).map((n) => `"${n}"`).join(', ')} of the training data`, field);
  return new Frame(a.columns.map((ca) => joinColumn(ca, b.require(ca.name), field)));
}

function allMissing(c: Column): boolean {
  return c.kind === 'numeric' ? c.values.every((v) => Number.isNaN(v)) : c.codes.every((v) => v < 0);
}

function emptyLike(kind: Column['kind'], name: string, n: number): Column {
  return kind === 'numeric' ? { kind, name, values: new Float64Array(n).fill(NaN) } : { kind, name, codes: new Int32Array(n).fill(-1), levels: [] };
}

function lengthOf(c: Column): number {
  return c.kind === 'numeric' ? c.values.length : c.codes.length;
}

function joinColumn(ca: Column, cb0: Column, field: string): Column {
  let cb = cb0;
  let cx = ca;
  if (ca.kind !== cb.kind) {
    if (allMissing(cb)) cb = emptyLike(ca.kind, ca.name, lengthOf(cb));
    else if (allMissing(ca)) cx = emptyLike(cb.kind, ca.name, lengthOf(ca));
    else
      throw new EngineInputError('BAD_INPUT', `column "${ca.name}" is ${ca.kind} in the training data but ${cb.kind} in the test data`, field);
  }
  if (cx.kind === 'numeric' && cb.kind === 'numeric') {
    const values = new Float64Array(cx.values.length + cb.values.length);
    values.set(cx.values);
    values.set(cb.values, cx.values.length);
    return { kind: 'numeric', name: ca.name, values };
  }
  if (cx.kind !== 'categorical' || cb.kind !== 'categorical') throw new Error('unreachable');
  const levels = [...new Set([...cx.levels, ...cb.levels])].sort(compareStrings);
  const index = new Map(levels.map((l, i) => [l, i]));
  const mapA = cx.levels.map((l) => index.get(l) as number);
  const mapB = cb.levels.map((l) => index.get(l) as number);
  const codes = new Int32Array(cx.codes.length + cb.codes.length);
  for (let i = 0; i < cx.codes.length; i++) {
    const c = cx.codes[i] as number;
    codes[i] = c < 0 ? c : (mapA[c] as number);
  }
  for (let i = 0; i < cb.codes.length; i++) {
    const c = cb.codes[i] as number;
    codes[cx.codes.length + i] = c < 0 ? c : (mapB[c] as number);
  }
  return { kind: 'categorical', name: ca.name, codes, levels };
}
