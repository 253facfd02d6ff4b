// The mlp table of `npm run bench:engine` (--only=mlp; also `npx tsx bench/mlp.ts`): fit + predict seconds of our
// MLPClassifier (breast_cancer) and MLPRegressor (diabetes) on the 10 reference folds (PyCaret 3.2 protocol, unscaled
// features, defaults with randomState 123), next to scikit-learn 1.2.1's on the same folds, timed by bench/sklearn-mlp.py
// under /usr/bin/python3 in a child process of this run. Both sides: one untimed warm-up fit, then per fold the best of
// `--repeats` (default 3) runs, wall and CPU seconds, so a neighbour's burst on a shared machine inflates neither
// side's figure much (CPU time is the steadier of the two when the machine is loaded).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MLPClassifier, MLPRegressor } from '../src/engine/neural/mlp.js';
import { foldScore, referenceFolds, sum } from './reference-folds.js';

interface Side {
  seconds: number[];
  cpu: number[];
  nIter: number[];
  scores: number[];
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);

function ours(name: string, repeats: number): Side {
  const classification = name !== 'diabetes';
  const folds = referenceFolds(name, `reference-neural-${name}.json`);
  const make = (): MLPClassifier | MLPRegressor => (classification ? new MLPClassifier({ randomState: 123 }) : new MLPRegressor({ randomState: 123 }));
  const f0 = folds[0] as (typeof folds)[number];
  make().fit(f0.a.X, f0.a.y); // warm-up, untimed
  const side: Side = { seconds: [], cpu: [], nIter: [], scores: [] };
  for (const { a, b } of folds) {
    let best = Infinity;
    let bestCpu = Infinity;
    let est = make();
    let pred: Float64Array = new Float64Array(0);
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      est = make().fit(a.X, a.y);
      pred = est.predict(b.X);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (performance.now() - t0) / 1000);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
    }
    side.seconds.push(best);
    side.cpu.push(bestCpu);
    side.nIter.push((est.toJSON().state as { nIter: number }).nIter);
    side.scores.push(foldScore(classification, b.y, pred));
  }
  return side;
}

function sklearn(repeats: number): Record<string, Side> | null {
  const script = fileURLToPath(new URL('./sklearn-mlp.py', import.meta.url));
  const child = spawnSync('/usr/bin/python3', [script, String(repeats)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Record<string, Side>;
  } catch {
    console.log(`scikit-learn script failed (status ${child.status}): ${child.stderr.slice(-1000)}`);
    return null;
  }
}

export function benchMlp(repeats = 3): void {
  console.log('\n## mlp fit + predict on the 10 reference folds (unscaled, defaults, randomState 123), best of', repeats, 'per fold\n');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows: Array<[string, Side]> = [
    ['breast_cancer', ours('breast_cancer', repeats)],
    ['diabetes', ours('diabetes', repeats)],
  ];
  const sk = sklearn(repeats);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(`${pad('dataset', 15)}${pad('model', 15)}${lpad('s/fold', 8)}${lpad('cpu s', 7)}${lpad('score', 9)}${lpad('epochs', 8)}  ${lpad('sklearn s', 9)}${lpad('cpu s', 7)}${lpad('score', 9)}${lpad('epochs', 8)}${lpad('ratio', 7)}${lpad('cpu', 6)}  epochs equal`);
  const mean = (v: number[]): number => sum(v) / v.length;
  for (const [name, o] of rows) {
    const r = sk?.[name];
    const model = name === 'diabetes' ? 'MLPRegressor' : 'MLPClassifier';
    const refCols = r
      ? `${lpad(mean(r.seconds).toFixed(3), 9)}${lpad(mean(r.cpu).toFixed(3), 7)}${lpad(mean(r.scores).toFixed(4), 9)}${lpad(sum(r.nIter), 8)}${lpad((mean(o.seconds) / mean(r.seconds)).toFixed(2), 7)}${lpad((mean(o.cpu) / mean(r.cpu)).toFixed(2), 6)}  ${o.nIter.every((n, i) => n === r.nIter[i]) ? 'yes' : `NO: ours ${o.nIter.join(',')} sklearn ${r.nIter.join(',')}`}`
      : lpad('n/a', 9);
    console.log(`${pad(name, 15)}${pad(model, 15)}${lpad(mean(o.seconds).toFixed(3), 8)}${lpad(mean(o.cpu).toFixed(3), 7)}${lpad(mean(o.scores).toFixed(4), 9)}${lpad(sum(o.nIter), 8)}  ${refCols}`);
  }
  console.log('(s/fold, cpu s = means over the folds of the best wall / CPU seconds of fit + predict; epochs = total over the 10 folds; ratio = ours / sklearn)');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv.find((a) => a.startsWith('--repeats='));
  benchMlp(arg ? Number(arg.split('=')[1]) : 3);
}
