// Dev timing of the boosting models on seeded synthetic 100,000 x 20 data (bench/synthetic.ts, or numpy's
// own make_classification / make_regression output with BOOST_DATA). Usage: npx tsx bench/dev-boost-speed.ts [modelId] [rows]
import type { Matrix } from '../src/engine/core/matrix.js';
import { takeRows, takeValues } from '../src/engine/core/matrix.js';
import { BOOSTING_SPECS } from '../src/engine/models/boosting.js';
import { makeClassification, makeRegression } from './synthetic.js';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';

// BOOST_DATA=<dir> reads <dir>/{clf,reg}_{X,y}.bin (float64, 20 columns) written by a numpy replica of
// scikit-learn's generators, to compare with the reference scores on the very same data.
function loadBin(dir: string, kind: string): { X: Matrix; y: Float64Array } {
  const X = new Float64Array(readFileSync(`${dir}/${kind}_X.bin`).buffer.slice(0));
  const y = new Float64Array(readFileSync(`${dir}/${kind}_y.bin`).buffer.slice(0));
  return { X: { data: X, rows: y.length, cols: 20 }, y };
}

const only = process.argv[2];
const nRows = Number(process.argv[3] ?? 100_000);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
for (const task of ['classification', 'regression'] as const) {
  const dir = process.env.BOOST_DATA;
  const { X, y } = dir ? loadBin(dir, task === 'classification' ? 'clf' : 'reg') : task === 'classification' ? makeClassification({ nSamples: nRows, nFeatures: 20, nInformative: 10, seed: 0 }) : makeRegression({ nSamples: nRows, nFeatures: 20, nInformative: 10, noise: 10, seed: 0 });
  const n = y.length;
  const nTr = Math.floor(n * 0.8);
  const te = Array.from({ length: n - nTr }, (_, i) => i);
  const tr = Array.from({ length: nTr }, (_, i) => n - nTr + i);
  const Xa = takeRows(X, tr);
  const ya = takeValues(y, tr);
  const Xv = takeRows(X, te);
  const yv = takeValues(y, te);
  for (const spec of BOOSTING_SPECS.filter((s) => s.task === task && (!only || s.id === only))) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const est = spec.create({ randomState: 0 }).fit(Xa, ya);
    const fit = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const p = est.predict(Xv);
    let score: number;
    if (task === 'classification') score = p.reduce((a, v, i) => a + (v === yv[i] ? 1 : 0), 0) / p.length;
    else {
      const m = yv.reduce((a, b) => a + b, 0) / yv.length;
      let ss = 0;
      let sr = 0;
      for (let i = 0; i < yv.length; i++) {
        ss += ((yv[i] as number) - m) ** 2;
        sr += ((yv[i] as number) - (p[i] as number)) ** 2;
      }
      score = 1 - sr / ss;
    }
    const ref = task === 'classification' ? 1.5 : 1.2;
    const iters = (est as unknown as { nIterations?: number }).nIterations;
    console.log(`${task.padEnd(15)} ${spec.id.padEnd(9)} rows ${nTr} fit ${fit.toFixed(2)} s (cpu ${cpuS.toFixed(2)} s, ratio to sklearn HGB ${(fit / ref).toFixed(2)}) score ${score.toFixed(4)}${iters !== undefined ? ` iters ${iters}` : ''}`);
  }
}
