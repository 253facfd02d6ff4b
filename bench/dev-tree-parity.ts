// Dev check: dt / rf / et mean CV score on the reference split and folds vs scikit-learn's leaderboard.
// Usage: npx tsx bench/dev-tree-parity.ts [/work/shared/reference]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Estimator } from '../src/engine/core/estimator.js';
import { matrix, type Matrix } from '../src/engine/core/matrix.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../src/engine/tree/decision-tree.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from '../src/engine/ensemble/forest.js';

const refDir = process.argv[2] ?? '/work/shared/reference';
const dataDir = new URL('../data/', import.meta.url).pathname;

function loadCsv(name: string): { X: Float64Array[]; y: Float64Array } {
  const lines = readFileSync(join(dataDir, `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  return { X: rows.map((r) => Float64Array.from(r.filter((_, j) => j !== t))), y: Float64Array.from(rows.map((r) => r[t] as number)) };
}

function take(Xr: Float64Array[], y: Float64Array, idx: number[]): { X: Matrix; y: Float64Array } {
  const cols = (Xr[0] as Float64Array).length;
  const d = new Float64Array(idx.length * cols);
  const yy = new Float64Array(idx.length);
  idx.forEach((r, i) => {
    d.set(Xr[r] as Float64Array, i * cols);
    yy[i] = y[r] as number;
  });
  return { X: matrix(idx.length, cols, d), y: yy };
}

const score = (clf: boolean, yt: Float64Array, yp: Float64Array): number => {
  if (clf) return yt.reduce((a, v, i) => a + (v === yp[i] ? 1 : 0), 0) / yt.length;
  const mean = yt.reduce((a, v) => a + v, 0) / yt.length;
  let ss = 0;
  let st = 0;
  yt.forEach((v, i) => {
    ss += (v - (yp[i] as number)) ** 2;
    st += (v - mean) ** 2;
  });
  return 1 - ss / st;
};

const SEED = Number(process.env.SEED ?? 123);
for (const ds of ['iris', 'breast_cancer', 'diabetes']) {
  const ref = JSON.parse(readFileSync(join(refDir, `${ds}.json`), 'utf8'));
  const clf = ref.task === 'classification';
  const { X: Xr, y } = loadCsv(ds);
  const train: number[] = ref.splits.train_idx;
  const folds: Array<[number[], number[]]> = ref.splits.cv_folds_on_train;
  const makers: Record<string, () => Estimator> = clf
    ? { dt: () => new DecisionTreeClassifier({ randomState: SEED }), rf: () => new RandomForestClassifier({ randomState: SEED }), et: () => new ExtraTreesClassifier({ randomState: SEED }) }
    : { dt: () => new DecisionTreeRegressor({ randomState: SEED }), rf: () => new RandomForestRegressor({ randomState: SEED }), et: () => new ExtraTreesRegressor({ randomState: SEED }) };
  for (const [id, make] of Object.entries(makers)) {
    const refRow = ref.leaderboard.find((r: { Model: string }) => r.Model === id);
    const metric = clf ? 'Accuracy' : 'R2';
    const scores: number[] = [];
    const t0 = performance.now();
    const cache = new Map<string, unknown>();
    void cache;
    for (const [tr, va] of folds) {
      const a = take(Xr, y, tr.map((p) => train[p] as number));
      const b = take(Xr, y, va.map((p) => train[p] as number));
      const m = make().fit(a.X, a.y);
      scores.push(score(clf, b.y, m.predict(b.X)));
    }
    const ms = (performance.now() - t0) / folds.length;
    const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
    const diff = mean - refRow[metric];
    const band = clf ? 0.02 : 0.03;
    console.log(`${ds.padEnd(14)} ${id.padEnd(3)} ${metric.padEnd(8)} ours ${mean.toFixed(4)} ref ${refRow[metric].toFixed(4)} diff ${diff >= 0 ? '+' : ''}${diff.toFixed(4)} ${Math.abs(diff) <= band ? 'ok' : 'OUT'}  ${ms.toFixed(1)} ms/fit`);
  }
}
