// The linear family against scikit-learn 1.2.1 on the reference split and folds (PyCaret 3.2 protocol:
// unscaled features, no imputation needed). Band: 0.02 Accuracy / 0.03 R2 of the reference mean.
//
// Figures measured with this suite's protocol (ours vs reference, 4 decimals):
//   iris           lr 0.9718/0.9718  knn 0.9718/0.9718  nb 0.9445/0.9445  svm 0.7618/0.7618
//                  ridge 0.8227/0.8227  qda 0.9718/0.9718  lda 0.9718/0.9718  dummy 0.2864/0.2864
//   breast_cancer  lr 0.9523/0.9574 (*)  knn 0.9423/0.9423  nb 0.9348/0.9348  svm 0.8797/0.8797
//                  ridge 0.9524/0.9524  qda 0.9497/0.9497  lda 0.9474/0.9474  dummy 0.6282/0.6282
//   diabetes (R2)  lr 0.4555/0.4555  lasso 0.3178/0.3178  ridge 0.3850/0.3850  en -0.0191/-0.0191
//                  lar -1.0848/-1.0848  llar 0.3178/0.3178  omp 0.3314/0.3314  br 0.4570/0.4570
//                  par 0.4427/0.4429  huber 0.4465/0.4454 (*)  knn 0.3741/0.3741  dummy -0.0287/-0.0287
// (*) scikit-learn's L-BFGS stops at max_iter before the optimum on these unscaled data (lr: 1000 iterations
//     on 8 of 10 folds; huber: 100 on all); we converge to the optimum, which scores as shown.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/engine/core/matrix.js';
import { BAYES_SPECS } from '../../src/engine/models/bayes.js';
import { DISCRIMINANT_SPECS } from '../../src/engine/models/discriminant.js';
import { DUMMY_SPECS } from '../../src/engine/models/dummy.js';
import { LINEAR_SPECS as LINEAR_FAMILY } from '../../src/engine/models/linear.js';
import { NEIGHBORS_SPECS } from '../../src/engine/models/neighbors.js';
import { SVM_SPECS } from '../../src/engine/models/svm.js';

// The models of this file's suites: the linear family and the other non-tree families.
const LINEAR_SPECS = [...LINEAR_FAMILY, ...NEIGHBORS_SPECS, ...BAYES_SPECS, ...SVM_SPECS, ...DISCRIMINANT_SPECS, ...DUMMY_SPECS];

interface Reference {
  dataset: string;
  task: 'classification' | 'regression';
  metric: 'Accuracy' | 'R2';
  trainIndex: number[];
  validationPositions: number[][];
  reference: Record<string, number>;
}

function load(name: string): { ref: Reference; X: Matrix; y: Float64Array } {
  const ref = JSON.parse(readFileSync(new URL(`../fixtures/reference-linear-${name}.json`, import.meta.url), 'utf8')) as Reference;
  const lines = readFileSync(new URL(`../../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const t = header.indexOf('target');
  const p = header.length - 1;
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const X = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let c = 0;
    r.forEach((v, j) => (j === t ? (y[i] = v) : (X[i * p + c++] = v)));
  });
  return { ref, X: { data: X, rows: rows.length, cols: p }, y };
}

function take(X: Matrix, y: Float64Array, rows: number[]): { X: Matrix; y: Float64Array } {
  const p = X.cols;
  const out = new Float64Array(rows.length * p);
  const yo = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    out.set(X.data.subarray(r * p, r * p + p), i * p);
    yo[i] = y[r] as number;
  });
  return { X: { data: out, rows: rows.length, cols: p }, y: yo };
}

function score(task: Reference['task'], yt: Float64Array, yp: Float64Array): number {
  if (task === 'classification') return yt.reduce((s, v, i) => s + (v === yp[i] ? 1 : 0), 0) / yt.length;
  const m = yt.reduce((s, v) => s + v, 0) / yt.length;
  let ssr = 0;
  let sst = 0;
  yt.forEach((v, i) => {
    ssr += (v - (yp[i] as number)) ** 2;
    sst += (v - m) ** 2;
  });
  return 1 - ssr / sst;
}

/** Models whose fold means equal scikit-learn's to 4 decimals (same algorithm, same seeds, same arithmetic). */
const NOT_EXACT = new Set(['breast_cancer/lr', 'diabetes/par', 'diabetes/huber']);

describe.each(['iris', 'breast_cancer', 'diabetes'])('linear family parity on %s', (name) => {
  const { ref, X, y } = load(name);
  const train = take(X, y, ref.trainIndex);
  const specs = LINEAR_SPECS.filter((s) => s.task === ref.task);
  const band = ref.task === 'classification' ? 0.02 : 0.03;

  it('covers every linear-family model of the task', () => {
    expect(specs.map((s) => s.id).sort()).toEqual(Object.keys(ref.reference).sort());
  });

  it.each(specs.map((s) => [s.id, s] as const))(`%s within the band of the reference ${ref.metric}`, (id, spec) => {
    const scores = ref.validationPositions.map((valPos) => {
      const isVal = new Set(valPos);
      const trainPos = ref.trainIndex.map((_, i) => i).filter((i) => !isVal.has(i));
      const a = take(train.X, train.y, trainPos);
      const b = take(train.X, train.y, valPos);
      const est = spec.create({ randomState: 123 }).fit(a.X, a.y);
      return score(ref.task, b.y, est.predict(b.X));
    });
    const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
    const expected = ref.reference[id] as number;
    expect(Math.abs(mean - expected), `${id}: ours ${mean.toFixed(4)} vs reference ${expected.toFixed(4)}`).toBeLessThanOrEqual(band);
    if (!NOT_EXACT.has(`${name}/${id}`)) expect(mean.toFixed(4)).toBe(expected.toFixed(4));
  });
});
