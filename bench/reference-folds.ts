// The built-in CSVs and the reference folds of the parity fixtures (PyCaret 3.2 protocol: the 70/30 split with seed
// 123, 10 folds on the train part, unscaled features), for the benches that time single models fold by fold.
import { readFileSync } from 'node:fs';
import type { Matrix } from '../src/engine/index.js';

export interface ReferenceFold {
  a: { X: Matrix; y: Float64Array };
  b: { X: Matrix; y: Float64Array };
}

export const sum = (v: number[]): number => v.reduce((s, x) => s + x, 0);

export function loadCsv(name: string): { X: Matrix; y: Float64Array } {
  const lines = readFileSync(new URL(`../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const p = header.length - 1;
  const X = new Float64Array((lines.length - 1) * p);
  const y = new Float64Array(lines.length - 1);
  lines.slice(1).forEach((l, i) => {
    let c = 0;
    l.split(',').forEach((v, j) => (j === t ? (y[i] = Number(v)) : (X[i * p + c++] = Number(v))));
  });
  return { X: { data: X, rows: y.length, cols: p }, y };
}

function take(X: Matrix, y: Float64Array, rows: number[]): { X: Matrix; y: Float64Array } {
  const p = X.cols;
  const out = new Float64Array(rows.length * p);
  rows.forEach((r, i) => out.set(X.data.subarray(r * p, r * p + p), i * p));
  return { X: { data: out, rows: rows.length, cols: p }, y: Float64Array.from(rows, (r) => y[r] as number) };
}

/** The 10 folds (a: fit rows, b: validation rows) of a fixture holding trainIndex and validationPositions. */
export function referenceFolds(name: string, fixture: string): ReferenceFold[] {
  const fx = JSON.parse(readFileSync(new URL(`../tests/fixtures/${fixture}`, import.meta.url), 'utf8')) as { trainIndex: number[]; validationPositions: number[][] };
  const all = loadCsv(name);
  const train = take(all.X, all.y, fx.trainIndex);
  return fx.validationPositions.map((va) => {
    const isVal = new Set(va);
    const tr = fx.trainIndex.map((_, i) => i).filter((i) => !isVal.has(i));
    return { a: take(train.X, train.y, tr), b: take(train.X, train.y, va) };
  });
}

/** Accuracy (classification) or R2. */
export function foldScore(classification: boolean, yt: Float64Array, yp: Float64Array): number {
  if (classification) return yt.reduce((s, v, i) => s + (v === yp[i] ? 1 : 0), 0) / yt.length;
  const m = sum(Array.from(yt)) / yt.length;
  let ssr = 0;
  let sst = 0;
  yt.forEach((v, i) => {
    ssr += (v - (yp[i] as number)) ** 2;
    sst += (v - m) ** 2;
  });
  return 1 - ssr / sst;
}
