// Dev check: peak memory of a lightgbm fit on a 1,000,000 x 20 matrix (the bar: frame + fit < 2 GB).
// Usage: BOOST_DATA=<dir with clf_X.bin/clf_y.bin, 20 float64 columns> /usr/bin/time -v npx tsx bench/dev-boost-memory.ts
import { readFileSync } from 'node:fs';
import { LightGbmClassifier } from '../src/engine/boosting/lightgbm.js';

const dir = process.env.BOOST_DATA ?? '/tmp/boostdev/m1';
const X = new Float64Array(readFileSync(`${dir}/clf_X.bin`).buffer.slice(0));
const y = new Float64Array(readFileSync(`${dir}/clf_y.bin`).buffer.slice(0));
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const est = new LightGbmClassifier({ randomState: 0 }).fit({ data: X, rows: y.length, cols: 20 }, y);
const s = (performance.now() - t0) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(timer);
console.log(`rows ${y.length} fit ${s.toFixed(1)} s iterations ${est.nIterations} rss peak (sampled) ${(peak / 2 ** 20).toFixed(0)} MiB`);
