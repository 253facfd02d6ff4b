// Dev check (not a benchmark): our boosting models on the reference splits/folds vs the reference leaderboard.
// Usage: npx tsx bench/dev-boost-parity.ts [modelFilter]
import { readFileSync } from 'node:fs';
import { takeRows, takeValues, type Matrix } from '../src/engine/core/matrix.js';
import type { Estimator } from '../src/engine/core/estimator.js';
import { BOOSTING_SPECS } from '../src/engine/models/boosting.js';

interface Ref {
  splits: { train_idx: number[]; cv_folds_on_train: Array<[number[], number[]]> };
  leaderboard: Array<Record<string, number | string>>;
}

function loadCsv(name: string): { X: Matrix; y: Float64Array } {
  const lines = readFileSync(new URL(`../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const cols = header.length - 1;
  const data = new Float64Array(rows.length * cols);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let c = 0;
    r.forEach((v, j) => {
      if (j === t) y[i] = v;
      else data[i * cols + c++] = v;
    });
  });
  return { X: { data, rows: rows.length, cols }, y };
}

function r2(y: Float64Array, p: Float64Array): number {
  let m = 0;
  for (const v of y) m += v;
  m /= y.length;
  let ss = 0;
  let sr = 0;
  for (let i = 0; i < y.length; i++) {
    ss += ((y[i] as number) - m) ** 2;
    sr += ((y[i] as number) - (p[i] as number)) ** 2;
  }
  return 1 - sr / ss;
}

const filter = process.argv[2];
for (const [ds, task, metric] of [
  ['iris', 'classification', 'Accuracy'],
  ['breast_cancer', 'classification', 'Accuracy'],
  ['diabetes', 'regression', 'R2'],
] as const) {
  const ref = JSON.parse(readFileSync(`/work/shared/reference/${ds}.json`, 'utf8')) as Ref;
  const { X, y } = loadCsv(ds);
  const Xt = takeRows(X, ref.splits.train_idx);
  const yt = takeValues(y, ref.splits.train_idx);
  for (const spec of BOOSTING_SPECS.filter((s) => s.task === task && (!filter || s.id === filter))) {
    const t0 = performance.now();
    let sum = 0;
    for (const [tr, va] of ref.splits.cv_folds_on_train) {
      const Xa = takeRows(Xt, tr);
      const ya = takeValues(yt, tr);
      const Xv = takeRows(Xt, va);
      const yv = takeValues(yt, va);
      const est: Estimator = spec.create({ randomState: 123 }).fit(Xa, ya, { cache: new Map() });
      const p = est.predict(Xv);
      if (metric === 'R2') sum += r2(yv, p);
      else sum += p.reduce((a, v, i) => a + (v === yv[i] ? 1 : 0), 0) / yv.length;
    }
    const ms = (performance.now() - t0) / ref.splits.cv_folds_on_train.length;
    const mean = sum / ref.splits.cv_folds_on_train.length;
    const refRow = ref.leaderboard.find((r) => r.Model === spec.id) ?? ref.leaderboard.find((r) => r.Model === 'xgboost');
    const refScore = refRow ? (refRow[metric] as number) : NaN;
    const band = metric === 'R2' ? 0.03 : 0.02;
    // lightgbm has no reference row: it is held to not being worse than xgboost, its nearest neighbour
    const own = refRow?.Model === spec.id;
    const ok = own ? (Math.abs(mean - refScore) <= band ? 'ok' : 'OUT') : mean >= refScore - band ? 'ok (not worse)' : 'WORSE';
    console.log(`${ds.padEnd(14)} ${spec.id.padEnd(9)} ${metric} ours ${mean.toFixed(4)} ref(${refRow?.Model}) ${refScore.toFixed(4)} diff ${(mean - refScore).toFixed(4)} ${ok}  ${ms.toFixed(1)} ms/fold`);
  }
}
