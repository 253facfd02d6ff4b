// The new-models table of `npm run bench:engine` (--only=models; also `npx tsx bench/new-models.ts`): issue 11's
// estimators, fit + predict (+ predictProba for classifiers) on the 10 reference folds of breast_cancer
// (classifiers; regressors on its 0/1 target too, the bar) and diabetes (regressors), unscaled, PyCaret's defaults with randomState 123, next to scikit-learn
// 1.2.1's on the same folds, timed by bench/sklearn-new-models.py under /usr/bin/python3 in a child process of this
// run. Both sides: one untimed warm-up fit per model, then per fold the best of `--repeats` (default 3) runs, wall
// and CPU seconds; the CV score beside them is the parity check (Accuracy / R2 within 0.02 / 0.03).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createEstimator, type Classifier, type TaskType } from '../src/engine/index.js';
import { foldScore, referenceFolds, sum } from './reference-folds.js';

interface Side {
  seconds: number[];
  cpu: number[];
  scores: number[];
}

const CASES: Array<[string, TaskType, string[]]> = [
  ['breast_cancer', 'classification', ['rbfsvm', 'gpc', 'mlp']],
  ['diabetes', 'regression', ['svm', 'kr', 'mlp', 'ard', 'ransac', 'tr']],
  // the timing bar is on breast_cancer: the regressors too, on its 0/1 target as a number
  ['breast_cancer', 'regression', ['svm', 'kr', 'mlp', 'ard', 'ransac', 'tr']],
];

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);
const mean = (v: number[]): number => sum(v) / v.length;

function ours(name: string, task: TaskType, id: string, repeats: number): Side {
  const folds = referenceFolds(name, `reference-kernel-${name}.json`);
  const make = () => createEstimator(task, id, 'randomState' in createEstimator(task, id).getParams() ? { randomState: 123 } : {});
  const f0 = folds[0]!;
  make().fit(f0.a.X, f0.a.y); // warm-up, untimed
  const side: Side = { seconds: [], cpu: [], scores: [] };
  for (const { a, b } of folds) {
    let best = Infinity;
    let bestCpu = Infinity;
    let pred: Float64Array = new Float64Array(0);
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const est = make().fit(a.X, a.y);
      pred = est.predict(b.X);
      if (task === 'classification') (est as Classifier).predictProba?.(b.X);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (performance.now() - t0) / 1000);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
    }
    side.seconds.push(best);
    side.cpu.push(bestCpu);
    side.scores.push(foldScore(task === 'classification', b.y, pred));
  }
  return side;
}

function sklearn(repeats: number): Record<string, Side> | null {
  const script = fileURLToPath(new URL('./sklearn-new-models.py', import.meta.url));
  // one BLAS thread, as our estimators run on one thread (issue 8's comparisons are with single-thread scikit-learn)
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const child = spawnSync('/usr/bin/python3', [script, String(repeats)], { encoding: 'utf8', maxBuffer: 1 << 20, env });
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Record<string, Side>;
  } catch {
    console.log(`scikit-learn script failed (status ${child.status}): ${child.stderr.slice(-1000)}`);
    return null;
  }
}

export function benchNewModels(repeats = 3): void {
  console.log('\n## new estimators: fit + predict on the 10 reference folds (unscaled, defaults, randomState 123), best of', repeats, 'per fold\n');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows: Array<[string, string, Side]> = [];
  for (const [name, task, ids] of CASES) for (const id of ids) rows.push([`${name}${task === 'regression' && name === 'breast_cancer' ? ' (R)' : ''}`, id, ours(name, task, id, repeats)]);
  const sk = sklearn(repeats);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(`${pad('dataset', 19)}${pad('model', 8)}${lpad('s/fold', 9)}${lpad('cpu s', 9)}${lpad('score', 9)}  ${lpad('sklearn s', 9)}${lpad('cpu s', 9)}${lpad('score', 9)}${lpad('ratio', 7)}${lpad('cpu', 6)}${lpad('Δscore', 9)}`);
  for (const [name, id, o] of rows) {
    const r = sk?.[`${name.replace(' (R)', '-regression')}/${id}`];
    const refCols = r
      ? `${lpad(mean(r.seconds).toFixed(4), 9)}${lpad(mean(r.cpu).toFixed(4), 9)}${lpad(mean(r.scores).toFixed(4), 9)}${lpad((mean(o.seconds) / mean(r.seconds)).toFixed(2), 7)}${lpad((mean(o.cpu) / mean(r.cpu)).toFixed(2), 6)}${lpad((mean(o.scores) - mean(r.scores)).toFixed(4), 9)}`
      : lpad('n/a', 9);
    console.log(`${pad(name, 19)}${pad(id, 8)}${lpad(mean(o.seconds).toFixed(4), 9)}${lpad(mean(o.cpu).toFixed(4), 9)}${lpad(mean(o.scores).toFixed(4), 9)}  ${refCols}`);
  }
  console.log('(s/fold, cpu s = means over the folds of the best wall / CPU seconds; score = mean fold Accuracy / R2; ratio = ours / sklearn)');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv.find((a) => a.startsWith('--repeats='));
  benchNewModels(arg ? Number(arg.split('=')[1]) : 3);
}
