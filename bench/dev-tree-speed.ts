// Dev timing of dt / rf / et on 100,000 x 20 synthetic data (one 80/20 split, as one fold of the
// reference's 5-fold CV). Usage: npx tsx bench/dev-tree-speed.ts [clf|reg] [dt,rf,et] [nEstimators]
import { readFileSync } from 'node:fs';
import { matrix, takeRows, takeValues } from '../src/engine/core/matrix.js';
import type { Estimator } from '../src/engine/core/estimator.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../src/engine/tree/decision-tree.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from '../src/engine/ensemble/forest.js';
import { makeClassification, makeRegression } from './synthetic.js';

const task = process.argv[2] ?? 'clf';
const ids = (process.argv[3] ?? 'dt,et,rf').split(',');
const nEst = process.argv[4] ? Number(process.argv[4]) : 100;
const N = Number(process.env.N ?? 100_000);
const SK: Record<string, number> = task === 'clf' ? { dt: 2.6, et: 5.7, rf: 33.9 } : { dt: 1.7, et: 26.2, rf: 129.7 };

// SKDATA=<dir>: scikit-learn's own data from bench/dev-sklearn-data.py instead of our generator
const skdata = process.env.SKDATA;
const readF64 = (f: string): Float64Array => {
  const b = readFileSync(f);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const data = skdata
  ? { X: matrix(100_000, 20, readF64(`${skdata}/${task}_X.bin`)), y: readF64(`${skdata}/${task}_y.bin`) }
  : task === 'clf' ? makeClassification({ nSamples: N, nFeatures: 20, nInformative: 10, seed: 0 }) : makeRegression({ nSamples: N, nFeatures: 20, nInformative: 10, noise: 10, seed: 0 });
// validation = fold FOLD (default 0) of an unshuffled 5-fold split, as KFold(5)
const fold = Number(process.env.FOLD ?? 0);
const n = data.y.length;
const vs = Math.floor((fold * n) / 5);
const ve = Math.floor(((fold + 1) * n) / 5);
const tr = Int32Array.from({ length: n - (ve - vs) }, (_, i) => (i < vs ? i : i + (ve - vs)));
const va = Int32Array.from({ length: ve - vs }, (_, i) => vs + i);
const Xt = takeRows(data.X, tr);
const yt = takeValues(data.y, tr);
const Xv = takeRows(data.X, va);
const yv = takeValues(data.y, va);
const make: Record<string, () => Estimator> =
  task === 'clf'
    ? { dt: () => new DecisionTreeClassifier({ randomState: 0 }), rf: () => new RandomForestClassifier({ randomState: 0, nEstimators: nEst }), et: () => new ExtraTreesClassifier({ randomState: 0, nEstimators: nEst }) }
    : { dt: () => new DecisionTreeRegressor({ randomState: 0 }), rf: () => new RandomForestRegressor({ randomState: 0, nEstimators: nEst }), et: () => new ExtraTreesRegressor({ randomState: 0, nEstimators: nEst }) };
const cache = new Map<string, unknown>();
for (const id of ids) {
  const m = (make[id] as () => Estimator)();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  m.fit(Xt, yt, { cache });
  const fit = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const t1 = performance.now();
  const p = m.predict(Xv);
  const pred = (performance.now() - t1) / 1000;
  let score: number;
  if (task === 'clf') score = p.reduce((a, v, i) => a + (v === yv[i] ? 1 : 0), 0) / p.length;
  else {
    const mean = yv.reduce((a, v) => a + v, 0) / yv.length;
    let ss = 0;
    let st = 0;
    yv.forEach((v, i) => {
      ss += (v - (p[i] as number)) ** 2;
      st += (v - mean) ** 2;
    });
    score = 1 - ss / st;
  }
  const scaled = cpu * (100 / (id === 'dt' ? 100 : nEst));
  const nodes = (m as unknown as { treeSizes(): number[] }).treeSizes();
  console.log(`${task} ${id}: fit ${fit.toFixed(2)} s cpu ${cpu.toFixed(2)} s (x100 trees ${scaled.toFixed(2)} s; sklearn ${SK[id]} s, ratio ${(scaled / (SK[id] as number)).toFixed(2)}) predict ${pred.toFixed(2)} s ${task === 'clf' ? 'acc' : 'R2'} ${score.toFixed(4)} nodes/tree ${Math.round(nodes.reduce((a, b) => a + b, 0) / nodes.length)}`);
}
