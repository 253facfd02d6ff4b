// Speed of the linear family on seeded synthetic 100,000 × 20 data (5-fold split sizes: fit on 80k,
// predict 20k), against scikit-learn's single-thread figures in shared/reference/README.md.
// Usage: npx tsx bench/linear-speed.ts [model id]
import { Rng } from '../src/engine/core/random.js';
import type { Matrix } from '../src/engine/core/matrix.js';
import { LINEAR_SPECS } from '../src/engine/models/linear.js';

const N = 100_000;
const P = 20;

/**
 * make_classification(n_informative=10, n_redundant=2, n_clusters_per_class=2)-like: Gaussian clusters on
 * hypercube vertices (±1) in 10 informative dims, each cluster with its own random linear mixing, 2 redundant
 * linear combinations, 8 noise dims, 1% flipped labels.
 */
function classification(rng: Rng): { X: Matrix; y: Float64Array } {
  const X = new Float64Array(N * P);
  const y = new Float64Array(N);
  const INF = 10;
  const clusters = Array.from({ length: 4 }, () => ({
    centre: Array.from({ length: INF }, () => (rng.next() < 0.5 ? -1 : 1)),
    mix: Array.from({ length: INF * INF }, () => 2 * rng.next() - 1),
  }));
  const redundant = Array.from({ length: INF * 2 }, () => 2 * rng.next() - 1);
  const z = new Float64Array(INF);
  const v = new Float64Array(INF);
  for (let i = 0; i < N; i++) {
    const c = rng.int(4);
    const cl = clusters[c]!;
    y[i] = rng.next() < 0.01 ? rng.int(2) : c % 2;
    for (let a = 0; a < INF; a++) z[a] = rng.normal();
    for (let b = 0; b < INF; b++) {
      let s = 0;
      for (let a = 0; a < INF; a++) s += z[a]! * cl.mix[a * INF + b]!;
      v[b] = s + cl.centre[b]!;
    }
    const o = i * P;
    for (let b = 0; b < INF; b++) X[o + b] = v[b]!;
    for (let r = 0; r < 2; r++) {
      let s = 0;
      for (let a = 0; a < INF; a++) s += v[a]! * redundant[a * 2 + r]!;
      X[o + INF + r] = s;
    }
    for (let j = INF + 2; j < P; j++) X[o + j] = rng.normal();
  }
  return { X: { data: X, rows: N, cols: P }, y };
}

/** make_regression-like: linear in 10 informative features plus N(0, 10²) noise. */
function regression(rng: Rng): { X: Matrix; y: Float64Array } {
  const X = new Float64Array(N * P);
  const y = new Float64Array(N);
  const w = Array.from({ length: P }, (_, j) => (j < 10 ? 100 * rng.next() : 0));
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < P; j++) {
      const v = rng.normal();
      X[i * P + j] = v;
      s += v * (w[j] as number);
    }
    y[i] = s + 10 * rng.normal();
  }
  return { X: { data: X, rows: N, cols: P }, y };
}

function split(d: { X: Matrix; y: Float64Array }, nTrain: number) {
  const p = d.X.cols;
  return {
    train: { X: { data: d.X.data.subarray(0, nTrain * p), rows: nTrain, cols: p }, y: d.y.subarray(0, nTrain) },
    test: { X: { data: d.X.data.subarray(nTrain * p), rows: N - nTrain, cols: p }, y: d.y.subarray(nTrain) },
  };
}

const REFERENCE: Record<string, number> = { 'classification lr fit': 0.11, 'classification nb fit': 0.02, 'classification knn predict': 5.3, 'regression lr fit': 0.06 };
const cls = split(classification(new Rng(0)), 80_000);
const reg = split(regression(new Rng(1)), 80_000);
const only = process.argv[2];

/** CPU seconds of this process since `c0` (less sensitive than wall time to other processes on the machine). */
function cpuSeconds(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

console.log('task            model   phase     seconds  cpu-sec  score    sklearn  ratio(wall)');
for (const spec of LINEAR_SPECS) {
  if (only && spec.id !== only) continue;
  const d = spec.task === 'classification' ? cls : reg;
  // warm the JIT on a slice first, then time the full fit
  spec.create({ randomState: 0 }).fit({ data: d.train.X.data.subarray(0, 2000 * P), rows: 2000, cols: P }, d.train.y.subarray(0, 2000));
  const est = spec.create({ randomState: 0 });
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  est.fit(d.train.X, d.train.y);
  const fit = (performance.now() - t0) / 1000;
  const fitCpu = cpuSeconds(c0);
  t0 = performance.now();
  c0 = process.cpuUsage();
  const pred = est.predict(d.test.X);
  const predict = (performance.now() - t0) / 1000;
  const predictCpu = cpuSeconds(c0);
  let score: number;
  if (spec.task === 'classification') {
    let ok = 0;
    pred.forEach((v, i) => (ok += v === d.test.y[i] ? 1 : 0));
    score = ok / pred.length;
  } else {
    const m = d.test.y.reduce((s, v) => s + v, 0) / d.test.y.length;
    let r = 0;
    let t = 0;
    d.test.y.forEach((v, i) => ((r += (v - (pred[i] as number)) ** 2), (t += (v - m) ** 2)));
    score = 1 - r / t;
  }
  for (const [phase, secs, cpu] of [['fit', fit, fitCpu], ['predict', predict, predictCpu]] as const) {
    const ref = REFERENCE[`${spec.task} ${spec.id} ${phase}`];
    console.log(
      `${spec.task.padEnd(15)} ${spec.id.padEnd(7)} ${phase.padEnd(8)} ${secs.toFixed(3).padStart(8)} ${cpu.toFixed(3).padStart(8)}  ${score.toFixed(4)}  ${ref ? ref.toFixed(2).padStart(7) : '      -'}  ${ref ? (secs / ref).toFixed(2) : '-'}`,
    );
  }
}
