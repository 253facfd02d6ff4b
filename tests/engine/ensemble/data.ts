// The reference split of a bundled dataset, as tests/fixtures/ensemble/make-ensemble-fixtures.py reads it.
import { readFileSync } from 'node:fs';
import type { TaskType } from '../../../src/engine/types.js';
import type { Matrix } from '../../../src/engine/core/matrix.js';
import { takeRows, takeValues } from '../../../src/engine/core/matrix.js';
import type { MemberResolver } from '../../../src/engine/ensemble/members.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';

export interface Split {
  X: Matrix;
  y: Float64Array;
  Xt: Matrix;
  yt: Float64Array;
  /** Validation positions (into X) of the reference 10 folds. */
  folds: number[][];
}

export function loadSplit(name: string): Split {
  const ref = JSON.parse(readFileSync(new URL(`../../fixtures/reference-linear-${name}.json`, import.meta.url), 'utf8')) as { trainIndex: number[]; validationPositions: number[][] };
  const lines = readFileSync(new URL(`../../../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const t = (lines[0] as string).split(',').indexOf('target');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const p = (rows[0]?.length ?? 1) - 1;
  const X = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let c = 0;
    r.forEach((v, j) => (j === t ? (y[i] = v) : (X[i * p + c++] = v)));
  });
  const all: Matrix = { data: X, rows: rows.length, cols: p };
  const inTrain = new Set(ref.trainIndex);
  const test = rows.map((_, i) => i).filter((i) => !inTrain.has(i));
  return { X: takeRows(all, ref.trainIndex), y: takeValues(y, ref.trainIndex), Xt: takeRows(all, test), yt: takeValues(y, test), folds: ref.validationPositions };
}

export function resolver(task: TaskType): MemberResolver {
  return (id) => MODEL_REGISTRY.get(task, id);
}

export function accuracy(y: Float64Array, p: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === p[i]) ok++;
  return ok / y.length;
}

/** Mean accuracy of `make()` over the reference folds of the split's train rows. */
export function cvAccuracy(s: Split, fit: (X: Matrix, y: Float64Array) => { predict(X: Matrix): Float64Array }): number {
  const scores = s.folds.map((val) => {
    const isVal = new Set(val);
    const tr = Array.from({ length: s.X.rows }, (_, i) => i).filter((i) => !isVal.has(i));
    const model = fit(takeRows(s.X, tr), takeValues(s.y, tr));
    return accuracy(takeValues(s.y, val), model.predict(takeRows(s.X, val)));
  });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return a.length === b.length ? m : Infinity;
}
