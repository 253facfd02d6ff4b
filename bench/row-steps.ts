// Row steps of setup (issue 10) on synthetic data: the isolation forest next to scikit-learn 1.2.1's
// IsolationForest (bench/sklearn-row-steps.py, same matrices, one thread) and SMOTE alone (imbalanced-learn is not
// installed here, so it has no reference). Prints a table; run with `npx tsx bench/row-steps.ts`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matrix } from '../src/engine/core/matrix.js';
import { Rng } from '../src/engine/core/random.js';
import { isolationForestOutliers } from '../src/engine/preprocessing/isolation-forest.js';
import { smote } from '../src/engine/preprocessing/smote.js';

const CASES = [
  { name: '20k x 10', rows: 20_000, cols: 10 },
  { name: '100k x 20', rows: 100_000, cols: 20 },
];
const CONTAMINATION = 0.01;

function dataset(rows: number, cols: number, seed: number): { data: Float64Array; planted: number[] } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  const planted: number[] = [];
  for (let r = 7; r < rows; r += Math.floor(rows / 50)) {
    planted.push(r);
    for (let j = 0; j < cols; j++) data[r * cols + j] = (j % 2 ? -1 : 1) * 9;
  }
  return { data, planted };
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);

const dir = mkdtempSync(join(tmpdir(), 'row-steps-'));
const files: string[] = [];
const sets = CASES.map((c, i) => {
  const d = dataset(c.rows, c.cols, 11 + i);
  const file = join(dir, `${i}.json`);
  writeFileSync(file, JSON.stringify({ name: c.name, rows: c.rows, cols: c.cols, contamination: CONTAMINATION, planted: d.planted, data: Array.from(d.data) }));
  files.push(file);
  return { ...c, ...d };
});
const child = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('./sklearn-row-steps.py', import.meta.url)), ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
rmSync(dir, { recursive: true, force: true });
let sk: Record<string, { seconds: number; flagged: number; planted: number }> = {};
try {
  sk = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
} catch {
  console.log(`scikit-learn script failed (status ${child.status}): ${child.stderr.slice(-800)}`);
}

console.log(`\n## isolation forest (100 trees, max_samples 256, contamination ${CONTAMINATION}) vs scikit-learn 1.2.1\n`);
console.log(`${pad('data', 12)}${lpad('ours s', 8)}${lpad('flagged', 9)}${lpad('planted', 9)}  ${lpad('sklearn s', 9)}${lpad('flagged', 9)}${lpad('planted', 9)}${lpad('ratio', 7)}`);
isolationForestOutliers(matrix(2000, 10, sets[0]!.data.subarray(0, 20_000)), { contamination: CONTAMINATION, seed: 1 }); // warm-up
for (const s of sets) {
  const t0 = performance.now();
  const { outlier } = isolationForestOutliers(matrix(s.rows, s.cols, s.data), { contamination: CONTAMINATION, seed: 123 });
  const secs = (performance.now() - t0) / 1000;
  const flagged = outlier.reduce((a, b) => a + b, 0);
  const found = s.planted.filter((r) => outlier[r] === 1).length;
  const ref = sk[s.name];
  const refCols = ref ? `${lpad(ref.seconds.toFixed(2), 9)}${lpad(ref.flagged, 9)}${lpad(`${ref.planted}/${s.planted.length}`, 9)}${lpad((secs / ref.seconds).toFixed(2), 7)}` : lpad('n/a', 9);
  console.log(`${pad(s.name, 12)}${lpad(secs.toFixed(2), 8)}${lpad(flagged, 9)}${lpad(`${found}/${s.planted.length}`, 9)}  ${refCols}`);
}

console.log('\n## SMOTE (k = 5; minority 10 % oversampled to the majority), no reference installed\n');
console.log(`${pad('data', 12)}${lpad('seconds', 8)}${lpad('added', 9)}`);
for (const s of sets) {
  const y = Float64Array.from({ length: s.rows }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const t0 = performance.now();
  const r = smote(matrix(s.rows, s.cols, s.data), y, 2, 123);
  console.log(`${pad(s.name, 12)}${lpad(((performance.now() - t0) / 1000).toFixed(2), 8)}${lpad(r.report.added[1] ?? 0, 9)}`);
}
