// Parity of the linear-family models with scikit-learn 1.2.1 on the reference splits and folds.
// Usage: npx tsx bench/linear-parity.ts [path/to/shared/reference | -] [model id]   (reads data/*.csv and <ref>/<dataset>.json)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINEAR_SPECS } from '../src/engine/models/linear.js';
import type { Matrix } from '../src/engine/core/matrix.js';

const refDir = process.argv[2] && process.argv[2] !== '-' ? process.argv[2] : '/work/shared/reference';
const only = process.argv[3];
const SEED = 123;

function loadCsv(name: string): { X: Matrix; y: Float64Array } {
  const lines = readFileSync(join('data', `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const p = header.length - 1;
  const X = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let c = 0;
    r.forEach((v, j) => {
      if (j === t) y[i] = v;
      else X[i * p + c++] = v;
    });
  });
  return { X: { data: X, rows: rows.length, cols: p }, y };
}

function take(X: Matrix, y: Float64Array, idx: number[]): { X: Matrix; y: Float64Array } {
  const p = X.cols;
  const out = new Float64Array(idx.length * p);
  const yo = new Float64Array(idx.length);
  idx.forEach((r, i) => {
    out.set(X.data.subarray(r * p, r * p + p), i * p);
    yo[i] = y[r] as number;
  });
  return { X: { data: out, rows: idx.length, cols: p }, y: yo };
}

function score(task: string, yt: Float64Array, yp: Float64Array): number {
  if (task === 'classification') {
    let ok = 0;
    for (let i = 0; i < yt.length; i++) if (yt[i] === yp[i]) ok++;
    return ok / yt.length;
  }
  let m = 0;
  for (const v of yt) m += v;
  m /= yt.length;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < yt.length; i++) {
    ssr += ((yt[i] as number) - (yp[i] as number)) ** 2;
    sst += ((yt[i] as number) - m) ** 2;
  }
  return 1 - ssr / sst;
}

let failures = 0;
for (const ds of ['iris', 'breast_cancer', 'diabetes']) {
  const ref = JSON.parse(readFileSync(join(refDir, `${ds}.json`), 'utf8'));
  const task: string = ref.task;
  const metric = task === 'classification' ? 'Accuracy' : 'R2';
  const band = task === 'classification' ? 0.02 : 0.03;
  const { X, y } = loadCsv(ds);
  const tr = take(X, y, ref.splits.train_idx);
  for (const spec of LINEAR_SPECS.filter((s) => s.task === task && (!only || s.id === only))) {
    const row = ref.leaderboard.find((r: { Model: string }) => r.Model === spec.id);
    const scores: number[] = [];
    let fitMs = 0;
    for (const [trainPos, valPos] of ref.splits.cv_folds_on_train as Array<[number[], number[]]>) {
      const a = take(tr.X, tr.y, trainPos);
      const b = take(tr.X, tr.y, valPos);
      const est = spec.create({ randomState: SEED });
      const t0 = performance.now();
      est.fit(a.X, a.y);
      fitMs += performance.now() - t0;
      scores.push(score(task, b.y, est.predict(b.X)));
    }
    const ours = scores.reduce((s, v) => s + v, 0) / scores.length;
    const theirs = row ? (row[metric] as number) : NaN;
    const diff = ours - theirs;
    const ok = Math.abs(diff) <= band;
    if (!ok) failures++;
    console.log(`${ds.padEnd(14)} ${spec.id.padEnd(6)} ${metric.padEnd(8)} ours ${ours.toFixed(4).padStart(8)}  ref ${theirs.toFixed(4).padStart(8)}  diff ${diff >= 0 ? '+' : ''}${diff.toFixed(4)}  ${ok ? 'ok' : 'OUT OF BAND'}  fit ${(fitMs / scores.length).toFixed(2)} ms`);
  }
}
console.log(failures ? `${failures} model(s) out of band` : 'all models within band');
