// The built-in datasets (data/*.csv) as matrices, and the slices the neural/robust unit fixtures are made of
// (tests/fixtures/make-reference-neural-units.py takes the same rows and the same standardisation).
import { readFileSync } from 'node:fs';
import { loadBuiltinDataset, matrix, type BuiltinDatasetName, type Matrix, type TaskType } from '../../src/engine/index.js';

export function loadBuiltin(name: string): { X: Matrix; y: Float64Array } {
  const lines = readFileSync(new URL(`../../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const p = header.length - 1;
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const X = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let c = 0;
    r.forEach((v, j) => (j === t ? (y[i] = v) : (X[i * p + c++] = v)));
  });
  return { X: { data: X, rows: rows.length, cols: p }, y };
}

/** (X − mean) / std per column, std with ddof 0 (numpy's default). */
export function standardise(X: Matrix): Matrix {
  const { rows: n, cols: p } = X;
  const out = new Float64Array(X.data.length);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += X.data[i * p + j] as number;
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((X.data[i * p + j] as number) - m) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) out[i * p + j] = ((X.data[i * p + j] as number) - m) / sd;
  }
  return { data: out, rows: n, cols: p };
}

/** The first `rows` rows and the columns [c0, c1) of X (as numpy's X[:rows, c0:c1]). */
export function slice(X: Matrix, rows: number, c0 = 0, c1 = X.cols): Matrix {
  const p = c1 - c0;
  const out = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) for (let j = 0; j < p; j++) out[i * p + j] = X.data[i * X.cols + c0 + j] as number;
  return { data: out, rows, cols: p };
}

export function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as T;
}

/**
 * A built-in dataset through the engine's own loader: its feature columns as a row-major matrix and its target
 * (classification: classes encoded 0..k-1 in sorted order). What the prediction and kernel hash tests fit on.
 */
export function loadEncoded(name: BuiltinDatasetName, task: TaskType): { X: Matrix; y: Float64Array } {
  const frame = loadBuiltinDataset(name);
  const features = frame.columns.filter((c) => c.name !== 'target');
  const X = matrix(frame.rows, features.length);
  features.forEach((c, j) => {
    if (c.kind !== 'numeric') throw new Error(`${name}.${c.name} is not numeric`);
    for (let i = 0; i < frame.rows; i++) X.data[i * features.length + j] = c.values[i] ?? NaN;
  });
  const target = frame.columns.find((c) => c.name === 'target');
  if (!target || target.kind !== 'numeric') throw new Error(`${name} has no numeric target`);
  let y = Float64Array.from(target.values);
  if (task === 'classification') {
    const classes = [...new Set(y)].sort((a, b) => a - b);
    y = y.map((v) => classes.indexOf(v));
  }
  return { X, y };
}
