// Engine benchmark: `npm run bench:engine` (options: --only=compare|synthetic|rss|verbs|analysis|treeshap|mlp|models, --threads=1,2,
// --datasets=iris,digits, --detail = per-model CV seconds, wall / process CPU, of each compare).
// 1. compare_models on the five built-in datasets (PyCaret setup: session 123, 70/30, 10-fold CV), with 1 and
//    2 threads: wall time, best model and its CV score, ratio to scikit-learn's single-thread compare.
// 2. One fit of lightgbm, rf, et, dt and lr on seeded 100,000 x 20 synthetic sets (80% train, 20% scored,
//    one fold of the reference's 5-fold CV): seconds, score, ratio to scikit-learn's per-fit seconds.
// 3. Peak RSS of a child process that builds a 1,000,000 x 20 numeric frame, preprocesses it and fits lightgbm.
// 4. The verbs (blend, stack, ensemble, calibrate, tune) on breast_cancer next to scikit-learn (bench/verbs.ts).
// 5. The cost of the holdout analysis: compare on breast_cancer and digits with and without it, and TreeSHAP on
//    100-tree forests on 10k x 20 rows, exact and as the analysis summary computes it (analysis-cost.ts).
// 6. mlp fit + predict on the reference folds of breast_cancer and diabetes next to scikit-learn's (mlp.ts).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuiltinDatasetName, TaskType } from '../src/engine/types.js';
import { takeRows, takeValues, type Matrix } from '../src/engine/core/matrix.js';
import { isClassifier } from '../src/engine/core/estimator.js';
import { Frame, type Column } from '../src/engine/frame/frame.js';
import { loadBuiltinDataset, runPlan } from '../src/engine/index.js';
import { classificationScores, regressionScores } from '../src/engine/metrics/index.js';
import { getSpec } from '../src/engine/models/registry.js';
import { Preprocessor } from '../src/engine/preprocessing/preprocessor.js';
import { benchAnalysisCost, benchTreeShap } from './analysis-cost.js';
import { makeClassification, makeRegression } from './synthetic.js';
import { benchMlp } from './mlp.js';
import { benchNewModels } from './new-models.js';
import { benchVerbs } from './verbs.js';

// Reference figures: scikit-learn 1.2.1, single thread, measured once on the development machine (see README, Benchmarks).
const REF_COMPARE_SECONDS: Record<BuiltinDatasetName, number> = { iris: 4.5, wine: 5.9, breast_cancer: 7.3, diabetes: 4.5, digits: 55.1 };
const COMPARE_BARS: Partial<Record<BuiltinDatasetName, number>> = { iris: 0.5, breast_cancer: 1, digits: 6 };
const REF_FIT_SECONDS: Record<TaskType, Record<string, number>> = {
  classification: { lr: 0.11, dt: 2.6, lightgbm: 1.5, et: 5.7, rf: 33.9 },
  regression: { lr: 0.06, dt: 1.7, lightgbm: 1.2, et: 26.2, rf: 129.7 },
};
const REF_SCORES: Record<TaskType, Record<string, number>> = { classification: { lightgbm: 0.968, rf: 0.971 }, regression: { lightgbm: 0.985 } };
const RSS_BAR_MB = 2048;

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const only = args.get('only');
const threadList = (args.get('threads') ?? '1,2').split(',').map(Number);
const datasetFilter = args.get('datasets')?.split(',');
const detail = args.has('detail');

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);

function syntheticFrame(d: { X: Matrix; y: Float64Array }): Frame {
  const columns: Column[] = [];
  for (let j = 0; j < d.X.cols; j++) {
    const v = new Float64Array(d.X.rows);
    for (let i = 0; i < d.X.rows; i++) v[i] = d.X.data[i * d.X.cols + j] as number;
    columns.push({ kind: 'numeric', name: `x${j}`, values: v });
  }
  columns.push({ kind: 'numeric', name: 'target', values: d.y });
  return new Frame(columns);
}

/** How many cores two busy threads actually get right now (2.0 on an idle 2-core machine): CPU / wall. */
async function effectiveCores(): Promise<number> {
  const work = `let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; require('node:worker_threads').parentPort.postMessage(x);`;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all([0, 1].map(() => new Promise((resolve) => new Worker(work, { eval: true }).once('message', resolve))));
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / (performance.now() - t0);
}

async function benchCompare(): Promise<void> {
  console.log('\n## compare_models on the built-in datasets (setup: session 123, 70/30, 10-fold CV)\n');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; two busy threads get ${(await effectiveCores()).toFixed(2)} cores right now`);
  console.log('(cpu s = process CPU time, all threads; on a loaded machine it is closer than wall time to what an idle run takes)\n');
  // One untimed compare first, so that every timed run sees compiled (JIT-warm) model code, as a server
  // that has already served a run does; scikit-learn's reference times are also taken in a warm interpreter.
  const w0 = performance.now();
  // With threads > 1 the warm-up also starts the pool's worker threads (kept for later plans) and warms them.
  // Warm-up data: small synthetic sets (multiclass, binary, regression), none of the measured datasets, big
  // enough (420 x 10 train cells) for the pool to start its workers.
  const warmSets: Array<[TaskType, Frame]> = [
    ['classification', syntheticFrame(makeClassification({ nSamples: 600, nFeatures: 10, nInformative: 5, nClasses: 3, seed: 1 }))],
    ['classification', syntheticFrame(makeClassification({ nSamples: 600, nFeatures: 10, nInformative: 5, seed: 2 }))],
    ['regression', syntheticFrame(makeRegression({ nSamples: 600, nFeatures: 10, nInformative: 5, noise: 10, seed: 3 }))],
  ];
  for (const threads of new Set([1, ...threadList]))
    for (const [task, frame] of warmSets) await runPlan(frame, { task, target: 'target', setup: { fold: 5 }, plan: 'compare', params: {}, threads }, { emit: () => {} });
  console.log(`(warm-up compares on small synthetic sets, untimed: ${((performance.now() - w0) / 1000).toFixed(2)} s)\n`);
  console.log(`${pad('dataset', 14)}${pad('threads', 8)}${lpad('seconds', 8)}${lpad('cpu s', 7)}  ${pad('best', 10)}${lpad('score', 8)}  ${lpad('sklearn s', 9)}  ${lpad('ratio', 6)}  ${pad('bar', 14)}models`);
  const datasets: Array<[BuiltinDatasetName, TaskType]> = [['iris', 'classification'], ['wine', 'classification'], ['breast_cancer', 'classification'], ['diabetes', 'regression'], ['digits', 'classification']];
  for (const [name, task] of datasets) {
    if (datasetFilter && !datasetFilter.includes(name)) continue;
    const frame = loadBuiltinDataset(name);
    for (const threads of threadList) {
      let failed = 0;
      const perModel: string[] = [];
      let started = 0;
      let startedCpu = 0;
      const cpuNow = (): number => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1e6;
      };
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const emit = (e: { kind: string; payload?: Record<string, unknown> }): void => {
        if (e.kind === 'model.failed') failed++;
        if (e.kind === 'model.create.started') {
          started = performance.now();
          startedCpu = cpuNow();
        }
        // models are cross-validated one after another, so the process CPU in between is the model's (all threads)
        if (e.kind === 'model.created') perModel.push(`${String(e.payload?.modelId)} ${((performance.now() - started) / 1000).toFixed(2)}/${(cpuNow() - startedCpu).toFixed(2)}`);
      };
      const r = await runPlan(frame, { task, target: 'target', setup: {}, plan: 'compare', params: {}, threads }, { emit });
      const s = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      const top = r.leaderboard?.rows[0];
      const score = top?.scores.find((x) => x.metric === r.leaderboard?.sortMetric)?.mean ?? NaN;
      const bar = COMPARE_BARS[name];
      const verdict = bar === undefined ? '' : `${s <= bar ? 'PASS' : 'FAIL'} <= ${bar} s`;
      console.log(`${pad(name, 14)}${pad(threads, 8)}${lpad(s.toFixed(2), 8)}${lpad(cpu.toFixed(2), 7)}  ${pad(top?.modelId ?? '-', 10)}${lpad(score.toFixed(4), 8)}  ${lpad(REF_COMPARE_SECONDS[name], 9)}  ${lpad((s / REF_COMPARE_SECONDS[name]).toFixed(3), 6)}  ${pad(verdict, 14)}${r.leaderboard?.rows.length ?? 0}${failed ? ` (${failed} failed)` : ''}`);
      if (detail) console.log(`    CV seconds per model, wall/cpu (in emission order): ${perModel.join(', ')}`);
    }
  }
}

function score(task: TaskType, y: Float64Array, pred: Float64Array): number {
  return task === 'classification' ? classificationScores(y, pred, null, 2).Accuracy : regressionScores(y, pred).R2;
}

function benchSynthetic(): void {
  console.log('\n## one fit on 100,000 x 20 synthetic data (80,000 train rows, 20,000 scored), single thread\n');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ratio = fit s / sklearn s\n`);
  console.log(`${pad('task', 16)}${pad('model', 10)}${lpad('fit s', 8)}${lpad('cpu s', 7)}${lpad('predict s', 10)}${lpad('score', 8)}  ${lpad('sklearn s', 9)}${lpad('ratio', 7)}  ${pad('sklearn score', 13)}`);
  for (const task of ['classification', 'regression'] as const) {
    const data = task === 'classification' ? makeClassification({ nSamples: 100_000, nFeatures: 20, nInformative: 10, seed: 0 }) : makeRegression({ nSamples: 100_000, nFeatures: 20, nInformative: 10, noise: 10, seed: 0 });
    const cut = 80_000;
    const tr = Int32Array.from({ length: cut }, (_, i) => i);
    const va = Int32Array.from({ length: 100_000 - cut }, (_, i) => cut + i);
    const X: Matrix = takeRows(data.X, tr);
    const y = takeValues(data.y, tr);
    const Xv = takeRows(data.X, va);
    const yv = takeValues(data.y, va);
    for (const id of ['lightgbm', 'rf', 'et', 'dt', 'lr']) {
      // A fresh FitOptions.cache per model: each fit pays its own binning, as a lone scikit-learn fit would.
      const cache = new Map<string, unknown>();
      const spec = getSpec(task, id);
      const params = 'randomState' in spec.create({}).getParams() ? { randomState: 0 } : {};
      const est = spec.create(params);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      est.fit(X, y, { cache });
      const fit = (performance.now() - t0) / 1000;
      const cu = process.cpuUsage(c0);
      const fitCpu = (cu.user + cu.system) / 1e6;
      const t1 = performance.now();
      const pred = est.predict(Xv);
      const predict = (performance.now() - t1) / 1000;
      if (task === 'classification' && !isClassifier(est)) throw new Error(`${id} is not a classifier`);
      const ref = REF_FIT_SECONDS[task][id] as number;
      const refScore = REF_SCORES[task][id];
      console.log(`${pad(task, 16)}${pad(id, 10)}${lpad(fit.toFixed(2), 8)}${lpad(fitCpu.toFixed(2), 7)}${lpad(predict.toFixed(2), 10)}${lpad(score(task, yv, pred).toFixed(4), 8)}  ${lpad(ref, 9)}${lpad((fit / ref).toFixed(2), 7)}  ${pad(refScore === undefined ? '' : refScore.toFixed(3), 13)}`);
    }
  }
  console.log('(scores are on our own make_classification/make_regression-like data, so they compare to sklearn\'s only roughly)');
}

/** Child process: 1,000,000 x 20 numeric frame -> preprocess -> lightgbm fit; prints its peak RSS. */
function rssChild(): void {
  const n = 1_000_000;
  const data = makeClassification({ nSamples: n, nFeatures: 20, nInformative: 10, seed: 0 });
  const columns: Column[] = [];
  for (let j = 0; j < 20; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = data.X.data[i * 20 + j] as number;
    columns.push({ kind: 'numeric', name: `x${j}`, values: v });
  }
  columns.push({ kind: 'numeric', name: 'target', values: data.y });
  const frame = new Frame(columns);
  (data as { X: Matrix | null }).X = null;
  const t0 = performance.now();
  const features = frame.names().filter((c) => c !== 'target');
  const X = new Preprocessor().fit(frame, features).transform(frame);
  const est = getSpec('classification', 'lightgbm').create({ randomState: 0 }).fit(X, frame.require('target').kind === 'numeric' ? (frame.require('target') as { values: Float64Array }).values : new Float64Array(0));
  const seconds = (performance.now() - t0) / 1000;
  const acc = score('classification', data.y, est.predict(X));
  console.log(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024, seconds, acc }));
}

function benchRss(): void {
  console.log('\n## peak memory: 1,000,000 x 20 numeric frame + preprocessing + lightgbm fit (child process)\n');
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--rss-child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const r = JSON.parse(line) as { maxRssMB: number; seconds: number; acc: number };
    console.log(`peak RSS ${r.maxRssMB.toFixed(0)} MB (bar < ${RSS_BAR_MB} MB: ${r.maxRssMB < RSS_BAR_MB ? 'PASS' : 'FAIL'}); preprocess + fit ${r.seconds.toFixed(1)} s, train accuracy ${r.acc.toFixed(4)}`);
  } catch {
    console.log(`child failed (status ${child.status}): ${child.stderr.slice(-2000)}`);
  }
}

if (args.has('rss-child')) rssChild();
else {
  if (!only || only === 'compare') await benchCompare();
  if (!only || only === 'synthetic') benchSynthetic();
  if (!only || only === 'rss') benchRss();
  if (!only || only === 'verbs') await benchVerbs();
  if (!only || only === 'analysis') await benchAnalysisCost();
  if (!only || only === 'analysis' || only === 'treeshap') benchTreeShap();
  if (!only || only === 'mlp') benchMlp();
  if (!only || only === 'models') benchNewModels();
}
