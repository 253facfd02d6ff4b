// The verbs table of `npm run bench:engine` (--only=verbs): seconds of each verb on breast_cancer (PyCaret setup:
// session 123, 70/30, 10-fold CV; CV + refit on the train part + holdout) next to scikit-learn 1.2.1's equivalent,
// timed the same way by bench/sklearn-verbs.py under /usr/bin/python3 in a child process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadBuiltinDataset, runPlan, type PlanRequest } from '../src/engine/index.js';

interface SklearnVerb {
  seconds: number;
  cvAccuracy: number;
  holdoutAccuracy: number;
}

const MEMBERS = ['lr', 'nb', 'knn'];
// Keys are bench/sklearn-verbs.py's; null = no scikit-learn equivalent (TPE is optuna's, not scikit-learn's).
// A 2-thread row is printed with its ratio to the 1-thread row just above it instead (same search, same result).
const VERBS: Array<[string, Pick<PlanRequest, 'plan' | 'modelId' | 'params' | 'threads'>, string | null]> = [
  ['blend lr nb knn', { plan: 'blend', params: { estimators: MEMBERS } }, 'blend (lr, nb, knn; auto = soft)'],
  ['stack lr nb knn', { plan: 'stack', params: { estimators: MEMBERS } }, 'stack (lr, nb, knn; meta lr)'],
  ['ensemble BAGGING dt', { plan: 'ensemble', modelId: 'dt', params: { method: 'BAGGING' } }, 'ensemble BAGGING dt (10)'],
  ['ensemble BOOSTING dt', { plan: 'ensemble', modelId: 'dt', params: { method: 'BOOSTING' } }, 'ensemble BOOSTING dt (10)'],
  ['calibrate rf sigmoid', { plan: 'calibrate', modelId: 'rf', params: { method: 'sigmoid' } }, 'calibrate rf (sigmoid, 5)'],
  ['tune dt random 10', { plan: 'tune', modelId: 'dt', params: { nIter: 10 } }, 'tune dt (random, 10 iter)'],
  ['tune lightgbm tpe 30', { plan: 'tune', modelId: 'lightgbm', params: { library: 'tpe', nIter: 30 } }, null],
  ['  same, 2 threads', { plan: 'tune', modelId: 'lightgbm', params: { library: 'tpe', nIter: 30 }, threads: 2 }, null],
  ['tune lightgbm halving 27', { plan: 'tune', modelId: 'lightgbm', params: { library: 'halving', nIter: 27 } }, null],
  ['  same, 2 threads', { plan: 'tune', modelId: 'lightgbm', params: { library: 'halving', nIter: 27 }, threads: 2 }, null],
];

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);

function sklearnTimes(): Record<string, SklearnVerb> | null {
  const script = fileURLToPath(new URL('./sklearn-verbs.py', import.meta.url));
  const child = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Record<string, SklearnVerb>;
  } catch {
    console.log(`scikit-learn script failed (status ${child.status}): ${child.stderr.slice(-1000)}`);
    return null;
  }
}

export async function benchVerbs(): Promise<void> {
  console.log('\n## verbs on breast_cancer (setup: session 123, 70/30, 10-fold CV; CV + refit + holdout)\n');
  const frame = loadBuiltinDataset('breast_cancer');
  // untimed warm-up so every timed verb runs JIT-compiled model code (as in the compare table)
  await runPlan(frame, { task: 'classification', target: 'target', setup: { fold: 3 }, plan: 'blend', params: { estimators: MEMBERS } }, { emit: () => {} });
  const sk = sklearnTimes();
  console.log(`${pad('verb', 24)}${lpad('seconds', 8)}${lpad('CV acc', 8)}${lpad('holdout', 9)}  ${lpad('sklearn s', 9)}${lpad('CV acc', 8)}${lpad('holdout', 9)}${lpad('ratio', 7)}`);
  let previous = NaN;
  for (const [label, plan, key] of VERBS) {
    const t0 = performance.now();
    const r = await runPlan(frame, { task: 'classification', target: 'target', setup: {}, ...plan }, { emit: () => {} });
    const s = (performance.now() - t0) / 1000;
    const best = r.leaderboard?.rows[0]?.scores.find((x) => x.metric === 'Accuracy')?.mean ?? NaN;
    const ref = key && sk ? sk[key] : undefined;
    const vsOne = (plan.threads ?? 1) > 1 ? `  ${(s / previous).toFixed(2)} x the 1-thread time` : '';
    const refCols = ref ? `${lpad(ref.seconds.toFixed(2), 9)}${lpad(ref.cvAccuracy.toFixed(4), 8)}${lpad(ref.holdoutAccuracy.toFixed(4), 9)}${lpad((s / ref.seconds).toFixed(2), 7)}` : `${lpad('n/a', 9)}${vsOne}`;
    previous = s;
    console.log(`${pad(label, 24)}${lpad(s.toFixed(2), 8)}${lpad(best.toFixed(4), 8)}${lpad((r.holdout?.Accuracy ?? NaN).toFixed(4), 9)}  ${refCols}`);
  }
}
