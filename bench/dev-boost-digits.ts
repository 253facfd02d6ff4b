// Dev timing: boosting classifiers over a 10-fold CV on 70% of digits (as compare does). Usage: npx tsx bench/dev-boost-digits.ts [id]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { takeRows, takeValues } from '../src/engine/core/matrix.js';
import { Rng } from '../src/engine/core/random.js';
import { BOOSTING_SPECS } from '../src/engine/models/boosting.js';

const lines = readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8').trim().split(/\r?\n/);
const header = (lines[0] as string).split(',');
const t = header.indexOf('target');
const cols = header.length - 1;
const n = lines.length - 1;
const data = new Float64Array(n * cols);
const y = new Float64Array(n);
lines.slice(1).forEach((l, i) => {
  let c = 0;
  l.split(',').forEach((v, j) => {
    if (j === t) y[i] = Number(v);
    else data[i * cols + c++] = Number(v);
  });
});
const idx = new Rng(123).shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.floor(n * 0.7));
const X = takeRows({ data, rows: n, cols }, idx);
const yt = takeValues(y, idx);
const only = process.argv[2];
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
let total = 0;
for (const spec of BOOSTING_SPECS.filter((s) => s.task === 'classification' && (!only || s.id === only))) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let acc = 0;
  for (let f = 0; f < 10; f++) {
    const tr: number[] = [];
    const va: number[] = [];
    for (let i = 0; i < X.rows; i++) (i % 10 === f ? va : tr).push(i);
    const est = spec.create({ randomState: 123 }).fit(takeRows(X, tr), takeValues(yt, tr), { cache: new Map() });
    const p = est.predict(takeRows(X, va));
    acc += p.reduce((a, v, i) => a + (v === yt[va[i] as number] ? 1 : 0), 0) / va.length / 10;
  }
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  total += s;
  console.log(`digits ${spec.id.padEnd(9)} 10 folds ${s.toFixed(2)} s (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s) acc ${acc.toFixed(4)}`);
}
console.log(`total ${total.toFixed(2)} s`);
