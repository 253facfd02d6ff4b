// `npx tsx bench/dev-lightgbm-fit.ts`: lightgbm's cost on small data alone, as a compare's CV pays it: 10 fits (the folds of
// the first 70% of rows) on breast_cancer and digits, REPS times (default 3), seconds per 10 fits and a hash of the
// predictions (a change that keeps results bit for bit keeps the hash). DS=digits picks datasets.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { loadEncoded } from '../tests/helpers/builtin-data.js';
import { LightGbmClassifier } from '../src/engine/boosting/lightgbm.js';
import type { BuiltinDatasetName, Matrix } from '../src/engine/index.js';

const reps = Number(process.env.REPS ?? 3);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const name of (process.env.DS ?? 'breast_cancer,digits').split(',') as BuiltinDatasetName[]) {
  const { X, y } = loadEncoded(name, 'classification');
  const nTrain = Math.floor(X.rows * 0.7);
  const folds: { X: Matrix; y: Float64Array }[] = [];
  for (let f = 0; f < 10; f++) {
    const idx: number[] = [];
    for (let i = 0; i < nTrain; i++) if (i % 10 !== f) idx.push(i);
    const d = new Float64Array(idx.length * X.cols);
    const yy = new Float64Array(idx.length);
    idx.forEach((r, i) => {
      d.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols);
      yy[i] = y[r] as number;
    });
    folds.push({ X: { data: d, rows: idx.length, cols: X.cols }, y: yy });
  }
  const h = createHash('sha256');
  const times: string[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const fo of folds) {
      const m = new LightGbmClassifier().fit(fo.X, fo.y);
      if (rep === 0) h.update(new Uint8Array(m.predictProba(X).data.buffer));
    }
    const c = process.cpuUsage(c0);
    times.push(`${((performance.now() - t0) / 1000).toFixed(3)} s (${((c.user + c.system) / 1e6).toFixed(3)} s CPU)`);
  }
  console.log(`${name}: 10 fits ${times.join(', ')}; predictions ${h.digest('hex').slice(0, 16)}`);
}
