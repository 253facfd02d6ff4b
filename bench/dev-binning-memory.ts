// Peak memory of binning a 1,000,000 x 20 numeric training matrix for the trees (the GBDT fit must fit
// beside it under 2 GB). Usage: node --expose-gc --import tsx bench/dev-binning-memory.ts
import { matrix } from '../src/engine/core/matrix.js';
import { Rng } from '../src/engine/core/random.js';
import { binColumns, rowMajorCodes } from '../src/engine/tree/binning.js';

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
const rows = 1_000_000;
const cols = 20;
const rng = new Rng(1);
const X = matrix(rows, cols);
for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
gc();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakExternal = base.arrayBuffers;
const timer = setInterval(() => undefined, 1000);
const sample = (): void => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakExternal = Math.max(peakExternal, m.arrayBuffers);
};
const t0 = performance.now();
const bins = binColumns(X);
sample();
const t1 = performance.now();
rowMajorCodes(bins);
sample();
clearInterval(timer);
gc();
const after = process.memoryUsage();
console.log(`X ${rows} x ${cols} float64: ${mb(X.data.byteLength)}; binning ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(`before binning: rss ${mb(base.rss)}, array buffers ${mb(base.arrayBuffers)}`);
console.log(`peak: rss ${mb(peakRss)} (+${mb(peakRss - base.rss)}), array buffers ${mb(peakExternal)} (+${mb(peakExternal - base.arrayBuffers)})`);
console.log(`kept after binning (codes column- and row-major): array buffers +${mb(after.arrayBuffers - base.arrayBuffers)}, rss ${mb(after.rss)}`);
